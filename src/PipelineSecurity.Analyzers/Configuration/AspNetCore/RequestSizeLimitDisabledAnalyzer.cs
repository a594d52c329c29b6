using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;
using PipelineSecurity.Analyzers.Infrastructure;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2057: a request-size limit removed or made absurd: <c>MaxRequestBodySize = null</c> (Kestrel, IIS, HTTP.sys,
/// <c>IHttpMaxRequestBodySizeFeature</c>), <c>[DisableRequestSizeLimit]</c>, <c>[RequestSizeLimit(n)]</c>,
/// <c>FormOptions.MultipartBodyLengthLimit</c>/<c>ValueLengthLimit</c>/<c>BufferBodyLengthLimit</c> and
/// <c>[RequestFormLimits(…)]</c> above <c>pipeline_security.PSF2057.max_bytes</c> (default 1 GiB), such as
/// <c>long.MaxValue</c>. Large uploads belong on one endpoint with an explicit, bounded limit.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RequestSizeLimitDisabledAnalyzer : DiagnosticAnalyzer
{
    internal const string MaxBytesKey = AnalyzerOptionKeys.Prefix + RuleIds.RequestSizeLimitDisabled + ".max_bytes";
    private const long DefaultMaxBytes = 1L << 30;

    private static readonly string[] LimitProperties = { "MaxRequestBodySize", "MultipartBodyLengthLimit", "ValueLengthLimit", "BufferBodyLengthLimit" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.RequestSizeLimitDisabled);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var owners = Types.Resolve(
                start.Compilation,
                "Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits",
                "Microsoft.AspNetCore.Builder.IISServerOptions",
                "Microsoft.AspNetCore.Server.HttpSys.HttpSysOptions",
                "Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature",
                "Microsoft.AspNetCore.Http.Features.FormOptions");
            var disable = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute");
            var sizeLimit = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute");
            var formLimits = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute");
            if (owners.Count == 0 && disable is null && sizeLimit is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeAssignment(c, owners), OperationKind.SimpleAssignment);
            start.RegisterSymbolAction(c => AnalyzeAttributes(c, disable, sizeLimit, formLimits), SymbolKind.Method, SymbolKind.NamedType);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, HashSet<INamedTypeSymbol> owners)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property }
            || System.Array.IndexOf(LimitProperties, property.Name) < 0
            || !(Types.IsOrDerivesFrom(property.ContainingType, owners) || owners.Contains(property.ContainingType.OriginalDefinition)))
        {
            return;
        }

        var maximum = context.Options.GetLong(assignment.Syntax.SyntaxTree, MaxBytesKey, DefaultMaxBytes);
        foreach (var candidate in ValueTracker.Candidates(assignment.Value))
        {
            if (Describe(candidate.ConstantValue, maximum, property.Name == "MaxRequestBodySize") is { } shown)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.RequestSizeLimitDisabled,
                    assignment.Value.Syntax.GetLocation(),
                    property.ContainingType.Name + "." + property.Name + " = " + shown,
                    Format(maximum)));
                return;
            }
        }
    }

    private static void AnalyzeAttributes(SymbolAnalysisContext context, INamedTypeSymbol? disable, INamedTypeSymbol? sizeLimit, INamedTypeSymbol? formLimits)
    {
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type is null || attribute.ApplicationSyntaxReference is not { } reference)
            {
                continue;
            }

            string? finding = null;
            var tree = reference.SyntaxTree;
            var maximum = context.Options.GetLong(tree, MaxBytesKey, DefaultMaxBytes);
            if (SymbolEqualityComparer.Default.Equals(type, disable))
            {
                finding = "[DisableRequestSizeLimit]";
            }
            else if (SymbolEqualityComparer.Default.Equals(type, sizeLimit) && attribute.ConstructorArguments.Length == 1
                     && Describe(attribute.ConstructorArguments[0].Value, maximum, nullMeansUnlimited: false) is { } shown)
            {
                finding = "[RequestSizeLimit(" + shown + ")]";
            }
            else if (SymbolEqualityComparer.Default.Equals(type, formLimits))
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (System.Array.IndexOf(LimitProperties, named.Key) >= 0 && Describe(named.Value.Value, maximum, nullMeansUnlimited: false) is { } limit)
                    {
                        finding = "[RequestFormLimits(" + named.Key + " = " + limit + ")]";
                        break;
                    }
                }
            }

            if (finding is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.RequestSizeLimitDisabled,
                    reference.GetSyntax(context.CancellationToken).GetLocation(),
                    finding,
                    Format(maximum)));
            }
        }
    }

    /// <summary>How an unlimited or too-large constant is shown, or null when the value is within the maximum.</summary>
    private static string? Describe(Optional<object?> constant, long maximum, bool nullMeansUnlimited) =>
        constant.HasValue ? Describe(constant.Value, maximum, nullMeansUnlimited) : null;

    private static string? Describe(object? value, long maximum, bool nullMeansUnlimited)
    {
        switch (value)
        {
            case null:
                return nullMeansUnlimited ? "null (unlimited)" : null;
            case long l when l == long.MaxValue:
                return "long.MaxValue";
            case int i when i == int.MaxValue:
                return "int.MaxValue";
            default:
                var number = value is long or int ? System.Convert.ToInt64(value, CultureInfo.InvariantCulture) : -1;
                return number > maximum ? number.ToString("N0", CultureInfo.InvariantCulture) : null;
        }
    }

    private static string Format(long bytes) =>
        bytes % (1L << 20) == 0 ? (bytes >> 20).ToString("N0", CultureInfo.InvariantCulture) + " MiB" : bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
