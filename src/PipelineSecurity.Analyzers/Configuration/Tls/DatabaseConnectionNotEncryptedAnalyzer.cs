using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Tls;

/// <summary>
/// PSF2005: a connection string given to a <c>DbConnection</c> (constructor or <c>ConnectionString</c>) or a
/// <c>DbConnectionStringBuilder</c> that sets <c>TrustServerCertificate=True</c>, <c>Encrypt=False</c> or
/// <c>SSL Mode=Disable</c>; or a connection-string builder's <c>TrustServerCertificate = true</c> / <c>Encrypt = false</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DatabaseConnectionNotEncryptedAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.DatabaseConnectionNotEncrypted);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var owners = Types.Resolve(start.Compilation, "System.Data.Common.DbConnection", "System.Data.Common.DbConnectionStringBuilder");
            if (owners.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeArgument(c, owners), OperationKind.Argument);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, owners), OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, System.Collections.Generic.HashSet<INamedTypeSymbol> owners)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is { Type.SpecialType: SpecialType.System_String, Name: "connectionString" } parameter
            && parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            && Types.IsOrDerivesFrom(constructor.ContainingType, owners))
        {
            Check(context, argument.Value);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, System.Collections.Generic.HashSet<INamedTypeSymbol> owners)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property }
            || !Types.IsOrDerivesFrom(property.ContainingType, owners))
        {
            return;
        }

        switch (property.Name)
        {
            case "ConnectionString":
                Check(context, assignment.Value);
                break;
            case "TrustServerCertificate" when ValueTracker.MayBeTrue(assignment.Value):
                Report(context, assignment.Value, "TrustServerCertificate=True");
                break;
            case "Encrypt" when ValueTracker.MayBeFalse(assignment.Value):
                Report(context, assignment.Value, "Encrypt=False");
                break;
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation value)
    {
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            if (candidate.ConstantValue is { HasValue: true, Value: string text } && InsecureSetting(text) is { } setting)
            {
                Report(context, value, setting);
                return;
            }
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation value, string setting) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DatabaseConnectionNotEncrypted, value.Syntax.GetLocation(), setting));

    /// <summary>A linear scan of "key=value;" pairs; keys compared without spaces or case.</summary>
    internal static string? InsecureSetting(string connectionString)
    {
        if (connectionString.Length > 4096)
        {
            return null;
        }

        foreach (var pair in connectionString.Split(';'))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = pair.Substring(0, equals).Replace(" ", "").Trim().ToLowerInvariant();
            var value = pair.Substring(equals + 1).Trim().Trim('\'', '"');
            switch (key)
            {
                case "trustservercertificate" when IsAny(value, "true", "yes"):
                    return "TrustServerCertificate=" + value;
                case "encrypt" when IsAny(value, "false", "no", "optional"):
                    return "Encrypt=" + value;
                case "sslmode" when IsAny(value, "disable", "none"):
                    return "SSL Mode=" + value;
            }
        }

        return null;
    }

    private static bool IsAny(string value, string first, string second, string? third = null) =>
        string.Equals(value, first, StringComparison.OrdinalIgnoreCase)
        || string.Equals(value, second, StringComparison.OrdinalIgnoreCase)
        || (third is not null && string.Equals(value, third, StringComparison.OrdinalIgnoreCase));
}
