using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;
using PipelineSecurity.Analyzers.Infrastructure;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2045: <c>TokenValidationParameters.ClockSkew</c> above <c>pipeline_security.PSF2045.max_minutes</c> (5):
/// <c>TimeSpan.FromHours/FromDays/FromMinutes/FromSeconds(constant)</c>, <c>new TimeSpan(…)</c> with constants, <c>TimeSpan.MaxValue</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenClockSkewTooLargeAnalyzer : DiagnosticAnalyzer
{
    internal const string MaxMinutesKey = AnalyzerOptionKeys.Prefix + RuleIds.TokenClockSkewTooLarge + ".max_minutes";
    private const int DefaultMaxMinutes = 5;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.TokenClockSkewTooLarge);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var parameters = start.Compilation.GetTypeByMetadataName("Microsoft.IdentityModel.Tokens.TokenValidationParameters");
            if (parameters is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, parameters), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol parameters)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "ClockSkew" } property }
            || !Types.IsOrDerivesFrom(property.ContainingType, parameters))
        {
            return;
        }

        var maxMinutes = context.Options.GetInt(assignment.Syntax.SyntaxTree, MaxMinutesKey, DefaultMaxMinutes);
        foreach (var candidate in ValueTracker.Candidates(assignment.Value))
        {
            if (Seconds(candidate) is { } seconds && seconds > maxMinutes * 60.0)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.TokenClockSkewTooLarge,
                    assignment.Value.Syntax.GetLocation(),
                    Describe(seconds),
                    maxMinutes.ToString(CultureInfo.InvariantCulture)));
                return;
            }
        }
    }

    /// <summary>The length in seconds of a constant TimeSpan expression; null when it is not constant.</summary>
    private static double? Seconds(IOperation operation)
    {
        switch (operation)
        {
            case IFieldReferenceOperation { Field.Name: "MaxValue", Field.ContainingType.Name: "TimeSpan" }:
                return double.MaxValue;
            case IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType.Name: "TimeSpan" } method, Arguments.Length: >= 1 } invocation
                when Number(invocation.Arguments[0].Value) is { } amount:
                return method.Name switch
                {
                    "FromDays" => amount * 86400,
                    "FromHours" => amount * 3600,
                    "FromMinutes" => amount * 60,
                    "FromSeconds" => amount,
                    _ => null,
                };
            case IObjectCreationOperation { Type.Name: "TimeSpan", Arguments.Length: >= 3 and <= 4 } creation:
                double total = 0;
                var units = creation.Arguments.Length == 3 ? new[] { 3600.0, 60, 1 } : new[] { 86400.0, 3600, 60, 1 };
                for (var i = 0; i < units.Length; i++)
                {
                    if (Number(creation.Arguments[i].Value) is not { } part)
                    {
                        return null;
                    }

                    total += part * units[i];
                }

                return total;
            default:
                return null;
        }
    }

    private static double? Number(IOperation value) => value.ConstantValue is { HasValue: true, Value: { } constant }
        && constant is int or long or double or float or short
        ? Convert.ToDouble(constant, CultureInfo.InvariantCulture)
        : null;

    private static string Describe(double seconds) =>
        seconds >= TimeSpan.MaxValue.TotalSeconds ? "TimeSpan.MaxValue"
        : seconds >= 86400 ? (seconds / 86400).ToString("0.##", CultureInfo.InvariantCulture) + " days"
        : seconds >= 3600 ? (seconds / 3600).ToString("0.##", CultureInfo.InvariantCulture) + " hours"
        : (seconds / 60).ToString("0.##", CultureInfo.InvariantCulture) + " minutes";
}
