using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2050: a state-changing MVC action (<c>[HttpPost]</c>, <c>[HttpPut]</c>, <c>[HttpDelete]</c>, <c>[HttpPatch]</c>)
/// with <c>[IgnoreAntiforgeryToken]</c> on itself or its controller; or a minimal-API <c>MapPost/MapPut/MapDelete/MapPatch</c>
/// followed by <c>.DisableAntiforgery()</c>. The attribute is recognised by its name first (an alias of it is not seen). <c>[ApiController]</c> controllers, which do not use antiforgery, are not reported.
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
                // Start from the rare [IgnoreAntiforgeryToken] attribute, not from every method: binding every method's
                // attributes made this the costliest rule of the build-overhead benchmark.
                start.RegisterSyntaxNodeAction(c => AnalyzeAttribute(c, ignore, apiController, stateChanging), SyntaxKind.Attribute);
            }

            if (start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.RouteHandlerBuilder") is not null)
            {
                start.RegisterSyntaxNodeAction(AnalyzeMinimalApi, SyntaxKind.InvocationExpression);
            }
        });
    }

    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context, INamedTypeSymbol ignore, INamedTypeSymbol? apiController, System.Collections.Generic.HashSet<INamedTypeSymbol> stateChanging)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (!RightmostName(attribute.Name).StartsWith("IgnoreAntiforgeryToken", System.StringComparison.Ordinal)
            || context.SemanticModel.GetTypeInfo(attribute, context.CancellationToken).Type is not INamedTypeSymbol type
            || !Types.IsOrDerivesFrom(type, ignore)
            || attribute.Parent?.Parent is not { } declaration)
        {
            return;
        }

        switch (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken))
        {
            case IMethodSymbol method when IsReportable(method, stateChanging, apiController):
                Report(context, method);
                break;
            case INamedTypeSymbol controller when apiController is null || !HasAttribute(controller, apiController):
                foreach (var member in controller.GetMembers())
                {
                    // An action with its own [IgnoreAntiforgeryToken] is reported from that attribute.
                    if (member is IMethodSymbol action && IsReportable(action, stateChanging, apiController: null) && !HasAttribute(action, ignore))
                    {
                        Report(context, action);
                    }
                }

                break;
        }
    }

    private static bool IsReportable(IMethodSymbol method, System.Collections.Generic.HashSet<INamedTypeSymbol> stateChanging, INamedTypeSymbol? apiController) =>
        method.MethodKind == MethodKind.Ordinary
        && HasAttribute(method, stateChanging)
        && (apiController is null || !HasAttribute(method.ContainingType, apiController));

    private static void Report(SyntaxNodeAnalysisContext context, IMethodSymbol method)
    {
        // A syntax action reports in its own file: an action declared in another part of a partial controller is skipped.
        var location = method.Locations[0];
        if (location.SourceTree == context.Node.SyntaxTree)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AntiforgeryIgnoredOnStateChangingAction, location, method.Name));
        }
    }

    private static string RightmostName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => "",
    };

    private static void AnalyzeMinimalApi(SyntaxNodeAnalysisContext context)
    {
        // By name first: only a DisableAntiforgery() call is worth an operation tree.
        if (context.Node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "DisableAntiforgery" } }
            || context.SemanticModel.GetOperation(context.Node, context.CancellationToken) is not IInvocationOperation invocation
            || invocation.TargetMethod.Name != "DisableAntiforgery" || invocation.Arguments.Length != 1)
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
