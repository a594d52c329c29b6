using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2050: a state-changing MVC action (<c>[HttpPost]</c>, <c>[HttpPut]</c>, <c>[HttpDelete]</c>, <c>[HttpPatch]</c>)
/// with <c>[IgnoreAntiforgeryToken]</c> on itself or its controller; or a minimal-API <c>MapPost/MapPut/MapDelete/MapPatch</c>
/// followed by <c>.DisableAntiforgery()</c>. <c>[ApiController]</c> controllers, which do not use antiforgery, are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AntiforgeryIgnoredOnStateChangingActionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AntiforgeryIgnoredOnStateChangingAction);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var ignore = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute");
            var apiController = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
            var stateChanging = Types.Resolve(
                start.Compilation,
                "Microsoft.AspNetCore.Mvc.HttpPostAttribute",
                "Microsoft.AspNetCore.Mvc.HttpPutAttribute",
                "Microsoft.AspNetCore.Mvc.HttpDeleteAttribute",
                "Microsoft.AspNetCore.Mvc.HttpPatchAttribute");
            if (ignore is not null && stateChanging.Count > 0)
            {
                start.RegisterSymbolAction(c => AnalyzeMethod(c, ignore, apiController, stateChanging), SymbolKind.Method);
            }

            if (start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.RouteHandlerBuilder") is not null)
            {
                start.RegisterOperationAction(AnalyzeMinimalApi, OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol ignore, INamedTypeSymbol? apiController, System.Collections.Generic.HashSet<INamedTypeSymbol> stateChanging)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.MethodKind != MethodKind.Ordinary || !HasAttribute(method, stateChanging)
            || !(HasAttribute(method, ignore) || HasAttribute(method.ContainingType, ignore))
            || (apiController is not null && HasAttribute(method.ContainingType, apiController)))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AntiforgeryIgnoredOnStateChangingAction, method.Locations[0], method.Name));
    }

    private static void AnalyzeMinimalApi(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "DisableAntiforgery" || invocation.Arguments.Length != 1)
        {
            return;
        }

        var receiver = ValueTracker.Unwrap(invocation.Arguments[0].Value);
        while (receiver is IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } chained
               && !chained.TargetMethod.Name.StartsWith("Map", System.StringComparison.Ordinal))
        {
            receiver = ValueTracker.Unwrap(chained.Arguments[0].Value);
        }

        if (receiver is IInvocationOperation { TargetMethod.Name: "MapPost" or "MapPut" or "MapDelete" or "MapPatch" } map)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.AntiforgeryIgnoredOnStateChangingAction, invocation.Syntax.GetLocation(), map.TargetMethod.Name + " endpoint"));
        }
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol attribute)
    {
        foreach (var data in symbol.GetAttributes())
        {
            if (Types.IsOrDerivesFrom(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(ISymbol symbol, System.Collections.Generic.HashSet<INamedTypeSymbol> attributes)
    {
        foreach (var data in symbol.GetAttributes())
        {
            if (Types.IsOrDerivesFrom(data.AttributeClass, attributes))
            {
                return true;
            }
        }

        return false;
    }
}
