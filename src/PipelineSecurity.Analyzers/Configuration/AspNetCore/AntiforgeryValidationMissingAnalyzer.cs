using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2068: a state-changing action (<c>[HttpPost]</c>, <c>[HttpPut]</c>, <c>[HttpDelete]</c>, <c>[HttpPatch]</c>) of an
/// MVC <c>Controller</c> (a controller with views: browsers post to it) in a compilation that configures cookie
/// authentication (<c>AddCookie</c>, <c>AddIdentity</c>, <c>AddDefaultIdentity</c>, <c>AddIdentityCookies</c>,
/// <c>AddIdentityApiEndpoints</c>, <c>AddMicrosoftIdentityWebApp</c>), with no antiforgery validation: not on the action,
/// not on its controller or a base class (<c>[ValidateAntiForgeryToken]</c>, <c>[AutoValidateAntiforgeryToken]</c>), and
/// no global validation filter (<c>Filters.Add(new AutoValidateAntiforgeryTokenAttribute())</c>, <c>Add&lt;…&gt;</c>,
/// <c>typeof</c>). Not reported: <c>[IgnoreAntiforgeryToken]</c> (that is PSF2050's), <c>[ApiController]</c>
/// controllers, actions whose input is read only from a JSON body (<c>[FromBody]</c>: a cross-site form cannot send
/// it), and actions authorized only for a non-cookie scheme (<c>[Authorize(AuthenticationSchemes = "Bearer")]</c>).
/// The whole compilation is read first; findings are reported at its end, on the action's name.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AntiforgeryValidationMissingAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> CookieAuthentication = new(StringComparer.Ordinal)
    {
        "AddCookie", "AddIdentity", "AddDefaultIdentity", "AddIdentityCookies", "AddIdentityApiEndpoints", "AddMicrosoftIdentityWebApp",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AntiforgeryValidationMissing);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var compilation = start.Compilation;
            var controller = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Controller");
            var validate = Types.Resolve(
                compilation,
                "Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute",
                "Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute");
            var stateChanging = Types.Resolve(
                compilation,
                "Microsoft.AspNetCore.Mvc.HttpPostAttribute",
                "Microsoft.AspNetCore.Mvc.HttpPutAttribute",
                "Microsoft.AspNetCore.Mvc.HttpDeleteAttribute",
                "Microsoft.AspNetCore.Mvc.HttpPatchAttribute");
            if (controller is null || validate.Count == 0 || stateChanging.Count == 0)
            {
                return;
            }

            var state = new State(
                controller,
                validate,
                stateChanging,
                compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute"),
                compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ApiControllerAttribute"),
                compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.NonActionAttribute"),
                compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.FromBodyAttribute"),
                compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.AuthorizeAttribute"));
            start.RegisterSymbolAction(c => CollectAction(c, state), SymbolKind.Method);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, state), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeGlobalFilter(c, state), OperationKind.ObjectCreation, OperationKind.TypeOf);
            start.RegisterCompilationEndAction(c => Report(c, state));
        });
    }

    /// <summary>
    /// Candidates: public instance methods with an attribute named like a state-changing verb attribute, found from the
    /// syntax only (an alias of the attribute is not seen). Nothing is bound here: the attributes are checked at the end,
    /// and only when the app uses cookie authentication without a global filter.
    /// </summary>
    private static void CollectAction(SymbolAnalysisContext context, State state)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.DeclaredAccessibility != Accessibility.Public)
        {
            return;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax declaration && HasVerbAttributeName(declaration))
            {
                state.Candidates.TryAdd(method, declaration.Identifier.GetLocation());
                return;
            }
        }
    }

    private static bool HasVerbAttributeName(MethodDeclarationSyntax declaration)
    {
        foreach (var list in declaration.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => string.Empty,
                };
                if (name.StartsWith("HttpPost", StringComparison.Ordinal) || name.StartsWith("HttpPut", StringComparison.Ordinal)
                    || name.StartsWith("HttpDelete", StringComparison.Ordinal) || name.StartsWith("HttpPatch", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, State state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (CookieAuthentication.Contains(method.Name))
        {
            state.CookieAuthentication = true;
        }
        else if (method.IsGenericMethod && method.Name is "Add" or "AddService" && method.TypeArguments.Length == 1
                 && Types.IsOrDerivesFrom(method.TypeArguments[0], state.Validate))
        {
            // options.Filters.Add<AutoValidateAntiforgeryTokenAttribute>()
            state.GlobalValidation = true;
        }
    }

    /// <summary>new AutoValidateAntiforgeryTokenAttribute() or typeof(…) in code (not as an attribute): a global or convention filter.</summary>
    private static void AnalyzeGlobalFilter(OperationAnalysisContext context, State state)
    {
        var type = context.Operation switch
        {
            IObjectCreationOperation creation => creation.Type,
            ITypeOfOperation typeOf => typeOf.TypeOperand,
            _ => null,
        };
        if (state.GlobalValidation || !Types.IsOrDerivesFrom(type, state.Validate))
        {
            return;
        }

        // An attribute's own creation ([ValidateAntiForgeryToken] on an action) is not a global filter.
        for (var node = context.Operation.Syntax; node is not null; node = node.Parent)
        {
            if (node is AttributeSyntax)
            {
                return;
            }

            if (node is MemberDeclarationSyntax or StatementSyntax)
            {
                break;
            }
        }

        state.GlobalValidation = true;
    }

    private static void Report(CompilationAnalysisContext context, State state)
    {
        if (!state.CookieAuthentication || state.GlobalValidation)
        {
            return;
        }

        foreach (var candidate in state.Candidates)
        {
            if (candidate.Key is IMethodSymbol action && IsUnprotected(action, state))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.AntiforgeryValidationMissing,
                    candidate.Value,
                    action.ContainingType.Name + "." + action.Name));
            }
        }
    }

    private static bool IsUnprotected(IMethodSymbol action, State state)
    {
        if (action.MethodKind != MethodKind.Ordinary || action.IsStatic || action.DeclaredAccessibility != Accessibility.Public
            || action.ContainingType is not { } controller || !Types.IsOrDerivesFrom(controller, state.Controller))
        {
            return false;
        }

        var stateChanging = false;
        foreach (var attribute in action.GetAttributes())
        {
            stateChanging |= Types.IsOrDerivesFrom(attribute.AttributeClass, state.StateChanging);
        }

        if (!stateChanging)
        {
            return false;
        }

        // Input read only from a JSON body: a cross-site form post cannot produce it (and a script needs CORS to).
        if (action.Parameters.Length > 0 && AllFromBody(action, state))
        {
            return false;
        }

        foreach (var holder in MvcActions.AttributeHolders(action, controller))
        {
            foreach (var attribute in holder.GetAttributes())
            {
                var type = attribute.AttributeClass;
                if (Types.IsOrDerivesFrom(type, state.Validate)
                    || Types.IsOrDerivesFrom(type, state.Ignore)
                    || Types.IsOrDerivesFrom(type, state.ApiController)
                    || (holder is IMethodSymbol && Types.IsOrDerivesFrom(type, state.NonAction))
                    || (Types.IsOrDerivesFrom(type, state.Authorize) && OnlyNonCookieSchemes(attribute)))
                {
                    return false;
                }
            }
        }

        // [assembly: ApiController]
        foreach (var attribute in action.ContainingAssembly.GetAttributes())
        {
            if (Types.IsOrDerivesFrom(attribute.AttributeClass, state.ApiController))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every request input of the action is a [FromBody] parameter (services and the cancellation token are not input).</summary>
    private static bool AllFromBody(IMethodSymbol action, State state)
    {
        var anyBody = false;
        foreach (var parameter in action.Parameters)
        {
            var fromBody = false;
            var fromServices = false;
            foreach (var attribute in parameter.GetAttributes())
            {
                fromBody |= Types.IsOrDerivesFrom(attribute.AttributeClass, state.FromBody);
                fromServices |= attribute.AttributeClass?.Name is "FromServicesAttribute" or "FromKeyedServicesAttribute";
            }

            anyBody |= fromBody;
            if (!fromBody && !fromServices && parameter.Type.Name != "CancellationToken")
            {
                return false;
            }
        }

        return anyBody;
    }

    /// <summary>[Authorize(AuthenticationSchemes = "Bearer")]: the action is not authenticated by the cookie.</summary>
    private static bool OnlyNonCookieSchemes(AttributeData attribute)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "AuthenticationSchemes" && argument.Value.Value is string schemes && schemes.Trim().Length > 0)
            {
                return schemes.IndexOf("Cookie", StringComparison.OrdinalIgnoreCase) < 0
                       && schemes.IndexOf("Identity.", StringComparison.OrdinalIgnoreCase) < 0;
            }
        }

        return false;
    }

    private sealed class State
    {
        public State(
            INamedTypeSymbol controller,
            HashSet<INamedTypeSymbol> validate,
            HashSet<INamedTypeSymbol> stateChanging,
            INamedTypeSymbol? ignore,
            INamedTypeSymbol? apiController,
            INamedTypeSymbol? nonAction,
            INamedTypeSymbol? fromBody,
            INamedTypeSymbol? authorize)
        {
            Controller = controller;
            Validate = validate;
            StateChanging = stateChanging;
            Ignore = ignore;
            ApiController = apiController;
            NonAction = nonAction;
            FromBody = fromBody;
            Authorize = authorize;
        }

        public INamedTypeSymbol Controller { get; }

        public HashSet<INamedTypeSymbol> Validate { get; }

        public HashSet<INamedTypeSymbol> StateChanging { get; }

        public INamedTypeSymbol? Ignore { get; }

        public INamedTypeSymbol? ApiController { get; }

        public INamedTypeSymbol? NonAction { get; }

        public INamedTypeSymbol? FromBody { get; }

        public INamedTypeSymbol? Authorize { get; }

        public ConcurrentDictionary<ISymbol, Location> Candidates { get; } = new(SymbolEqualityComparer.Default);

        // Flags only ever go from false to true.
        public bool CookieAuthentication { get; set; }

        public bool GlobalValidation { get; set; }
    }
}
