using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2042: a CORS policy builder given <c>AllowCredentials()</c> and also <c>AllowAnyOrigin()</c>,
/// <c>SetIsOriginAllowed(_ =&gt; true)</c> (lambda or method group) or <c>WithOrigins("*")</c>, in one chain or in
/// separate statements on the same builder.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CorsAnyOriginWithCredentialsAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CorsAnyOriginWithCredentials);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var builder = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");
            if (builder is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, builder), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol builder)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "AllowCredentials" || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, builder))
        {
            return;
        }

        var root = ChainRoot(invocation, builder);
        var holder = ValueTracker.ReferencedSymbol(root);
        foreach (var operation in ValueTracker.Root(invocation).Descendants())
        {
            if (operation is IInvocationOperation other
                && SymbolEqualityComparer.Default.Equals(other.TargetMethod.ContainingType, builder)
                && AnyOrigin(other) is { } origin)
            {
                var otherRoot = ChainRoot(other, builder);
                if (otherRoot == root || (holder is not null && SymbolEqualityComparer.Default.Equals(ValueTracker.ReferencedSymbol(otherRoot), holder)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CorsAnyOriginWithCredentials, invocation.Syntax.GetLocation(), origin));
                    return;
                }
            }
        }
    }

    /// <summary>How a builder call allows any origin ("any origin (AllowAnyOrigin)"), or null; shared with PSF2067.</summary>
    internal static string? AnyOrigin(IInvocationOperation invocation)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "AllowAnyOrigin":
                return "any origin (AllowAnyOrigin)";
            case "SetIsOriginAllowed" when invocation.Arguments.Length == 1 && ValueTracker.MayBeDelegateAlwaysReturningTrue(invocation.Arguments[0].Value):
                return "any origin (SetIsOriginAllowed accepts all)";
            case "WithOrigins":
                foreach (var argument in invocation.Arguments)
                {
                    foreach (var element in argument.Value.DescendantsAndSelf())
                    {
                        if (element.ConstantValue is { HasValue: true, Value: "*" })
                        {
                            return "any origin (WithOrigins(\"*\"))";
                        }
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The receiver at the start of a fluent chain of builder calls.</summary>
    internal static IOperation? ChainRoot(IInvocationOperation invocation, INamedTypeSymbol builder)
    {
        IOperation? current = invocation.Instance;
        while (current is IInvocationOperation inner && SymbolEqualityComparer.Default.Equals(inner.TargetMethod.ContainingType, builder))
        {
            current = inner.Instance;
        }

        return current is null ? null : ValueTracker.Unwrap(current);
    }
}
