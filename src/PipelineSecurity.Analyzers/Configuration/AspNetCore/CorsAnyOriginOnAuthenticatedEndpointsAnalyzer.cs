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
/// PSF2067: a CORS policy that allows any origin (<c>AllowAnyOrigin()</c>, <c>SetIsOriginAllowed(_ =&gt; true)</c>,
/// <c>WithOrigins("*")</c>) applied to endpoints that authenticate users. The policy is followed from where it is
/// defined (<c>AddPolicy</c>/<c>AddDefaultPolicy</c>, inline in <c>UseCors</c>/<c>RequireCors</c>, a builder kept in a
/// local, a method group) to where it is applied: to every endpoint (<c>UseCors()</c> with a default policy,
/// <c>UseCors("name")</c>, inline <c>UseCors(p =&gt; …)</c>) in an app that sets up authentication, or to endpoints
/// (<c>[EnableCors]</c>, <c>RequireCors</c>) that require an authenticated user (<c>[Authorize]</c> on the action, its
/// controller or a base class, <c>RequireAuthorization()</c> in the endpoint's chain or its group's, or a global
/// requirement: a fallback policy, a global <c>AuthorizeFilter</c>, <c>MapControllers().RequireAuthorization()</c>) and
/// are not <c>[AllowAnonymous]</c>. A policy that also allows credentials is PSF2042's; an app whose only
/// authentication handlers are cookie-based is not reported (requests allowed by any origin carry no cookies). The whole compilation is read
/// first and the findings are reported at its end, at the call that allows any origin.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CorsAnyOriginOnAuthenticatedEndpointsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Authentication set-up that says nothing about the credentials (the middleware, a library's scheme).</summary>
    private static readonly HashSet<string> AuthenticationSetup = new(System.StringComparer.Ordinal)
    {
        "AddAuthentication", "UseAuthentication",
    };

    /// <summary>Handlers whose credentials a client adds to the request itself: bearer tokens, API keys (custom schemes).</summary>
    private static readonly HashSet<string> NonCookieSchemes = new(System.StringComparer.Ordinal)
    {
        "AddJwtBearer", "AddBearerToken", "AddIdentityApiEndpoints", "AddScheme",
        "AddMicrosoftIdentityWebApi", "AddMicrosoftIdentityWebApiAuthentication",
    };

    /// <summary>
    /// Handlers whose credentials the browser attaches by itself (cookies, Windows authentication, client certificates):
    /// a cross-origin request sends them only in credentials mode, which "any origin" does not allow.
    /// </summary>
    private static readonly HashSet<string> CookieSchemes = new(System.StringComparer.Ordinal)
    {
        "AddCookie", "AddIdentity", "AddDefaultIdentity", "AddIdentityCookies", "AddOpenIdConnect",
        "AddMicrosoftIdentityWebApp", "AddMicrosoftIdentityWebAppAuthentication", "AddNegotiate", "AddCertificate",
    };

    /// <summary>Endpoint builders that stand for every controller or page of the app.</summary>
    private static readonly HashSet<string> MvcEndpoints = new(System.StringComparer.Ordinal)
    {
        "MapControllers", "MapControllerRoute", "MapDefaultControllerRoute", "MapAreaControllerRoute", "MapRazorPages",
        "MapFallbackToController", "MapFallbackToPage",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CorsAnyOriginOnAuthenticatedEndpoints);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var builder = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");
            var options = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions");
            if (builder is null || options is null)
            {
                return;
            }

            var state = new State(
                builder,
                options,
                start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Cors.EnableCorsAttribute"),
                start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Cors.DisableCorsAttribute"),
                start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.IAuthorizeData"),
                start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.IAllowAnonymous"),
                start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter"));
            start.RegisterOperationAction(c => AnalyzeInvocation(c, state), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeFallbackPolicy(c, state), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(c => AnalyzeAuthorizeFilter(c, state), OperationKind.ObjectCreation);
            start.RegisterSyntaxNodeAction(c => AnalyzeAttribute(c, state), SyntaxKind.Attribute);
            start.RegisterCompilationEndAction(c => Report(c, state));
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, State state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var name = method.Name;
        if (AuthenticationSetup.Contains(name))
        {
            state.Authentication = true;
            return;
        }

        if (NonCookieSchemes.Contains(name))
        {
            state.NonCookieCredentials = true;
            return;
        }

        if (CookieSchemes.Contains(name))
        {
            state.CookieCredentials = true;
            return;
        }

        switch (name)
        {
            case "AllowAnyOrigin" or "SetIsOriginAllowed" or "WithOrigins" when IsBuilder(method, state) && CorsAnyOriginWithCredentialsAnalyzer.AnyOrigin(invocation) is { } how:
                AddAnyOrigin(invocation, how, state);
                return;
            case "UseCors" when method.ContainingType?.Name == "CorsMiddlewareExtensions":
                var policyName = Argument(invocation, "policyName");
                if (policyName is null && !HasArgument(invocation, "configurePolicy"))
                {
                    state.DefaultAppliedGlobally = true;
                }
                else if (policyName?.ConstantValue is { HasValue: true, Value: string global })
                {
                    state.NamedAppliedGlobally.TryAdd(global, true);
                }

                return;
            case "RequireCors" when method.ContainingType?.Name == "CorsEndpointConventionBuilderExtensions"
                                    && Argument(invocation, "policyName")?.ConstantValue is { HasValue: true, Value: string endpointPolicy }:
                state.EndpointApplications.Add(new EndpointApplication(endpointPolicy, Chain(invocation), "RequireCors(\"" + endpointPolicy + "\")"));
                return;
            case "RequireAuthorization":
                state.AuthorizationSomewhere = true;
                if (Chain(invocation).AllMvc)
                {
                    state.GlobalAuthorization = true;
                }

                return;
            case "SetFallbackPolicy" when invocation.Arguments.Length > 0 && !IsNull(invocation.Arguments[invocation.Arguments.Length - 1].Value):
                state.GlobalAuthorization = true;
                return;
            case "AddPolicy" or "AddDefaultPolicy" when SymbolEqualityComparer.Default.Equals(method.ContainingType, state.Options):
                // A policy given as a method group: o.AddPolicy("spa", ConfigureSpa).
                foreach (var argument in invocation.Arguments)
                {
                    if (ValueTracker.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IMethodReferenceOperation reference })
                    {
                        state.PolicyMethods.TryAdd(reference.Method.OriginalDefinition, PolicyOf(invocation));
                    }
                }

                return;
        }
    }

    /// <summary>options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build(): every endpoint without metadata needs a user.</summary>
    private static void AnalyzeFallbackPolicy(OperationAnalysisContext context, State state)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "FallbackPolicy", ContainingType.Name: "AuthorizationOptions" } }
            && !IsNull(assignment.Value))
        {
            state.GlobalAuthorization = true;
        }
    }

    /// <summary>new AuthorizeFilter(…): added to the MVC filters or conventions, it makes every action require authorization.</summary>
    private static void AnalyzeAuthorizeFilter(OperationAnalysisContext context, State state)
    {
        if (state.AuthorizeFilter is not null && Types.IsOrDerivesFrom(context.Operation.Type, state.AuthorizeFilter))
        {
            state.GlobalAuthorization = true;
        }
    }

    /// <summary>[EnableCors] on a controller or action (resolved at the end, when global requirements are known), and [Authorize] anywhere (by name).</summary>
    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context, State state)
    {
        var attribute = (AttributeSyntax)context.Node;
        var simple = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            _ => string.Empty,
        };

        // By name, without binding: [Authorize] only says that the app authorizes somewhere; the endpoints an
        // [EnableCors] reaches are checked through their symbols' attributes at the end.
        if (simple is "Authorize" or "AuthorizeAttribute")
        {
            state.AuthorizationSomewhere = true;
            return;
        }

        // Only the rare [EnableCors] is bound.
        if (simple is not ("EnableCors" or "EnableCorsAttribute")
            || context.SemanticModel.GetTypeInfo(attribute, context.CancellationToken).Type is not INamedTypeSymbol type)
        {
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, state.EnableCors))
        {
            var target = attribute.Parent?.Parent switch
            {
                MemberDeclarationSyntax member => context.SemanticModel.GetDeclaredSymbol(member, context.CancellationToken),
                _ => null,
            };
            if (target is IMethodSymbol or INamedTypeSymbol)
            {
                string? policy = null;
                if (attribute.ArgumentList is { Arguments.Count: > 0 } arguments)
                {
                    if (context.SemanticModel.GetConstantValue(arguments.Arguments[0].Expression, context.CancellationToken) is not { HasValue: true, Value: string named })
                    {
                        return;
                    }

                    policy = named;
                }

                state.AttributeApplications.Add((target, policy));
            }
        }
    }

    private static void Report(CompilationAnalysisContext context, State state)
    {
        // A cookie-only app (or Windows/certificate authentication) is not exposed: requests allowed by any origin carry
        // no browser-attached credentials. Credentials a client adds itself (tokens, API keys), or a scheme this
        // compilation does not show, are what any origin can use.
        if (state.CookieCredentials && !state.NonCookieCredentials)
        {
            return;
        }

        var appAuthenticates = state.NonCookieCredentials || state.Authentication || state.AuthorizationSomewhere || state.GlobalAuthorization;
        foreach (var anyOrigin in state.AnyOrigins)
        {
            var policy = anyOrigin.Policy;
            if (policy.Kind == PolicyKind.Method && anyOrigin.Method is not null && state.PolicyMethods.TryGetValue(anyOrigin.Method, out var byMethod))
            {
                policy = byMethod;
            }

            var reason = policy.Kind switch
            {
                PolicyKind.Inline when policy.Endpoint is { } chain => EndpointReason(chain, "RequireCors", state),
                PolicyKind.Inline => appAuthenticates ? "UseCors applies it to every endpoint of an app that authenticates users" : null,
                PolicyKind.Default => (state.DefaultAppliedGlobally && appAuthenticates
                    ? "UseCors() applies it to every endpoint of an app that authenticates users"
                    : null) ?? AppliedToAuthenticatedEndpoint(null, state),
                PolicyKind.Named => (state.NamedAppliedGlobally.ContainsKey(policy.Name!) && appAuthenticates
                    ? "UseCors(\"" + policy.Name + "\") applies it to every endpoint of an app that authenticates users"
                    : null) ?? AppliedToAuthenticatedEndpoint(policy.Name, state),
                _ => null,
            };
            if (reason is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.CorsAnyOriginOnAuthenticatedEndpoints,
                    anyOrigin.Location,
                    policy.Display,
                    anyOrigin.How,
                    reason));
            }
        }
    }

    /// <summary>Why an endpoint-level application (attribute or RequireCors) of the policy reaches an authenticated endpoint, or null.</summary>
    private static string? AppliedToAuthenticatedEndpoint(string? policy, State state)
    {
        foreach (var (target, name) in state.AttributeApplications)
        {
            if (name != policy)
            {
                continue;
            }

            switch (target)
            {
                case IMethodSymbol action when RequiresUser(action, state):
                    return "[EnableCors] applies it to " + action.ContainingType.Name + "." + action.Name + ", which requires an authenticated user";
                case INamedTypeSymbol controller:
                    // The controller's own actions and those of its base classes, up to the framework's ControllerBase/Controller
                    // (whose public helpers, Ok() and the like, are [NonAction]).
                    for (var type = controller;
                         type is not null && type.SpecialType != SpecialType.System_Object && type.ContainingAssembly?.Name.StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal) != true;
                         type = type.BaseType)
                    {
                        foreach (var member in type.GetMembers())
                        {
                            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false } action
                                && !HasAttribute(action, state.DisableCors) && !HasAttribute(action, state.EnableCors) && !IsNonAction(action)
                                && RequiresUser(action, state, controller))
                            {
                                return "[EnableCors] on " + controller.Name + " applies it to " + action.Name + ", which requires an authenticated user";
                            }
                        }
                    }

                    break;
            }
        }

        foreach (var application in state.EndpointApplications)
        {
            if (application.Policy == policy && EndpointReason(application.Chain, application.Display, state) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    private static string? EndpointReason(ChainInfo chain, string display, State state)
    {
        if (chain.Anonymous)
        {
            return null;
        }

        if (chain.RequiresAuthorization)
        {
            return display + " applies it to an endpoint that requires authorization";
        }

        if (state.GlobalAuthorization || (chain.AllMvc && state.AuthorizationSomewhere))
        {
            return display + " applies it to endpoints that require an authenticated user";
        }

        return null;
    }

    /// <summary>[Authorize] (or a global requirement) without [AllowAnonymous], on the action, its controller or a base class.</summary>
    private static bool RequiresUser(IMethodSymbol action, State state, INamedTypeSymbol? controller = null)
    {
        var authorize = false;
        foreach (var symbol in MvcActions.AttributeHolders(action, controller ?? action.ContainingType))
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type)
                {
                    continue;
                }

                if (Implements(type, state.AllowAnonymous))
                {
                    return false;
                }

                authorize |= Implements(type, state.AuthorizeData);
            }
        }

        return authorize || state.GlobalAuthorization;
    }

    /// <summary>Records an any-origin call with the policy it belongs to.</summary>
    private static void AddAnyOrigin(IInvocationOperation invocation, string how, State state)
    {
        // A policy that also allows credentials is PSF2042's (and ASP.NET Core refuses AllowAnyOrigin with credentials).
        if (HasCredentials(invocation, state))
        {
            return;
        }

        var policy = EnclosingPolicy(invocation, state);
        IMethodSymbol? method = null;
        if (policy.Kind == PolicyKind.Method)
        {
            method = (invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart) as IMethodSymbol)?.OriginalDefinition;
        }

        state.AnyOrigins.Add(new AnyOriginCall(invocation.Syntax.GetLocation(), how, policy, method));
    }

    /// <summary>The policy definition an any-origin call is part of: walks up to AddPolicy/AddDefaultPolicy/UseCors/RequireCors, through a local holding the builder.</summary>
    private static Policy EnclosingPolicy(IOperation operation, State state)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IArgumentOperation { Parent: IInvocationOperation call } && PolicyCall(call, state) is { } policy)
            {
                return policy;
            }

            if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                // var spa = new CorsPolicyBuilder().AllowAnyOrigin().Build(); o.AddPolicy("spa", spa);
                foreach (var node in ValueTracker.Root(parent).Descendants())
                {
                    if (node is IArgumentOperation { Parent: IInvocationOperation user } argument
                        && ValueTracker.Unwrap(argument.Value) is ILocalReferenceOperation local
                        && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)
                        && PolicyCall(user, state) is { } byLocal)
                    {
                        return byLocal;
                    }
                }

                return Policy.Unknown;
            }

            if (parent is IMethodBodyOperation or IBlockOperation { Parent: null } or ILocalFunctionOperation)
            {
                // The builder is a parameter of a method given as a method group to AddPolicy (resolved at the end).
                return ValueTracker.Unwrap(Receiver(operation as IInvocationOperation) ?? operation) is IParameterReferenceOperation
                    ? Policy.Method
                    : Policy.Unknown;
            }
        }

        return Policy.Unknown;
    }

    private static IOperation? Receiver(IInvocationOperation? invocation)
    {
        for (var current = invocation; current is not null;)
        {
            var receiver = current.Instance ?? (current.TargetMethod.IsExtensionMethod && current.Arguments.Length > 0 ? current.Arguments[0].Value : null);
            if (receiver is null)
            {
                return null;
            }

            receiver = ValueTracker.Unwrap(receiver);
            if (receiver is IInvocationOperation inner)
            {
                current = inner;
                continue;
            }

            return receiver;
        }

        return null;
    }

    private static Policy? PolicyCall(IInvocationOperation call, State state)
    {
        var method = call.TargetMethod;
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, state.Options) && method.Name is "AddPolicy" or "AddDefaultPolicy")
        {
            return PolicyOf(call);
        }

        return method.Name switch
        {
            "UseCors" when method.ContainingType?.Name == "CorsMiddlewareExtensions" => new Policy(PolicyKind.Inline, null, "given to UseCors", null),
            "RequireCors" when method.ContainingType?.Name == "CorsEndpointConventionBuilderExtensions" => new Policy(PolicyKind.Inline, null, "given to RequireCors", Chain(call)),
            _ => null,
        };
    }

    private static Policy PolicyOf(IInvocationOperation addPolicy)
    {
        if (addPolicy.TargetMethod.Name == "AddDefaultPolicy")
        {
            return new Policy(PolicyKind.Default, null, "the default policy", null);
        }

        return Argument(addPolicy, "name")?.ConstantValue is { HasValue: true, Value: string name }
            ? new Policy(PolicyKind.Named, name, "'" + name + "'", null)
            : Policy.Unknown;
    }

    /// <summary>What the endpoint chain around a call says: RequireAuthorization, AllowAnonymous, [Authorize] on the handler, MVC endpoints.</summary>
    private static ChainInfo Chain(IInvocationOperation call)
    {
        var info = new ChainInfo();
        Visit(call, info);

        // Down the receivers: app.MapGet(…).RequireAuthorization().RequireCors("x"); a group kept in a local.
        IOperation? current = call;
        for (var depth = 0; depth < 32 && current is IInvocationOperation invocation; depth++)
        {
            var receiver = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
            current = receiver is null ? null : ValueTracker.Unwrap(receiver);
            if (current is ILocalReferenceOperation local)
            {
                current = LocalInitializer(local);
            }

            if (current is IInvocationOperation next)
            {
                Visit(next, info);
            }
        }

        // Up the fluent chain: …RequireCors("x").RequireAuthorization().
        IOperation node = call;
        for (var depth = 0; depth < 32; depth++)
        {
            var parent = node.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation outer } argument && outer.TargetMethod.IsExtensionMethod
                && outer.Arguments.Length > 0 && outer.Arguments[0] == argument)
            {
                node = outer;
            }
            else if (parent is IInvocationOperation instanceCall && instanceCall.Instance is not null)
            {
                node = instanceCall;
            }
            else
            {
                break;
            }

            Visit((IInvocationOperation)node, info);
        }

        return info;
    }

    private static void Visit(IInvocationOperation invocation, ChainInfo info)
    {
        var name = invocation.TargetMethod.Name;
        if (name == "RequireAuthorization")
        {
            info.RequiresAuthorization = true;
        }
        else if (name == "AllowAnonymous")
        {
            info.Anonymous = true;
        }
        else if (MvcEndpoints.Contains(name))
        {
            info.AllMvc = true;
        }
        else if (name.StartsWith("Map", System.StringComparison.Ordinal))
        {
            // app.MapGet("/orders", [Authorize] (…) => …)
            foreach (var argument in invocation.Arguments)
            {
                foreach (var candidate in ValueTracker.Candidates(argument.Value))
                {
                    var target = candidate is IDelegateCreationOperation creation ? ValueTracker.Unwrap(creation.Target) : candidate;
                    var symbol = target switch
                    {
                        IAnonymousFunctionOperation lambda => lambda.Symbol,
                        IMethodReferenceOperation reference => reference.Method,
                        _ => null,
                    };
                    if (symbol is null)
                    {
                        continue;
                    }

                    foreach (var attribute in symbol.GetAttributes())
                    {
                        if (attribute.AttributeClass is { } type)
                        {
                            info.Anonymous |= type.Name.StartsWith("AllowAnonymous", System.StringComparison.Ordinal);
                            info.RequiresAuthorization |= type.Name.StartsWith("Authorize", System.StringComparison.Ordinal);
                        }
                    }
                }
            }
        }
    }

    private static IOperation? LocalInitializer(ILocalReferenceOperation local)
    {
        foreach (var node in ValueTracker.Root(local).Descendants())
        {
            if (node is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                && declarator.Initializer is { } initializer)
            {
                return ValueTracker.Unwrap(initializer.Value);
            }
        }

        return null;
    }

    private static bool HasCredentials(IInvocationOperation invocation, State state)
    {
        // The fluent chain the call is in, and the statements of the lambda or method that configures the builder.
        var scope = (IOperation)invocation;
        for (var parent = invocation.Parent; parent is not null; parent = parent.Parent)
        {
            scope = parent;
            if (parent is IAnonymousFunctionOperation or IMethodBodyOperation or IVariableDeclaratorOperation)
            {
                break;
            }
        }

        foreach (var node in scope.DescendantsAndSelf())
        {
            if (node is IInvocationOperation { TargetMethod.Name: "AllowCredentials" } other && IsBuilder(other.TargetMethod, state))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBuilder(IMethodSymbol method, State state) => SymbolEqualityComparer.Default.Equals(method.ContainingType, state.Builder);

    private static IOperation? Argument(IInvocationOperation invocation, string parameter)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameter && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static bool HasArgument(IInvocationOperation invocation, string parameter) => Argument(invocation, parameter) is not null;

    private static bool IsNull(IOperation value) => ValueTracker.Unwrap(value).ConstantValue is { HasValue: true, Value: null };

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (Types.IsOrDerivesFrom(attribute.AttributeClass, attributeType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNonAction(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "NonActionAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol? contract)
    {
        if (contract is null)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, contract))
            {
                return true;
            }
        }

        return false;
    }

    private enum PolicyKind
    {
        Unknown,
        Default,
        Named,
        Inline,
        Method,
    }

    private sealed class Policy
    {
        public static readonly Policy Unknown = new(PolicyKind.Unknown, null, "a CORS policy", null);

        public static readonly Policy Method = new(PolicyKind.Method, null, "a CORS policy", null);

        public Policy(PolicyKind kind, string? name, string display, ChainInfo? endpoint)
        {
            Kind = kind;
            Name = name;
            Display = display;
            Endpoint = endpoint;
        }

        public PolicyKind Kind { get; }

        public string? Name { get; }

        public string Display { get; }

        public ChainInfo? Endpoint { get; }
    }

    private sealed class AnyOriginCall
    {
        public AnyOriginCall(Location location, string how, Policy policy, IMethodSymbol? method)
        {
            Location = location;
            How = how;
            Policy = policy;
            Method = method;
        }

        public Location Location { get; }

        public string How { get; }

        public Policy Policy { get; }

        public IMethodSymbol? Method { get; }
    }

    private sealed class EndpointApplication
    {
        public EndpointApplication(string? policy, ChainInfo chain, string display)
        {
            Policy = policy;
            Chain = chain;
            Display = display;
        }

        public string? Policy { get; }

        public ChainInfo Chain { get; }

        public string Display { get; }
    }

    private sealed class ChainInfo
    {
        public bool RequiresAuthorization { get; set; }

        public bool Anonymous { get; set; }

        public bool AllMvc { get; set; }
    }

    private sealed class State
    {
        public State(INamedTypeSymbol builder, INamedTypeSymbol options, INamedTypeSymbol? enableCors, INamedTypeSymbol? disableCors,
            INamedTypeSymbol? authorizeData, INamedTypeSymbol? allowAnonymous, INamedTypeSymbol? authorizeFilter)
        {
            Builder = builder;
            Options = options;
            EnableCors = enableCors;
            DisableCors = disableCors;
            AuthorizeData = authorizeData;
            AllowAnonymous = allowAnonymous;
            AuthorizeFilter = authorizeFilter;
        }

        public INamedTypeSymbol Builder { get; }

        public INamedTypeSymbol Options { get; }

        public INamedTypeSymbol? EnableCors { get; }

        public INamedTypeSymbol? DisableCors { get; }

        public INamedTypeSymbol? AuthorizeData { get; }

        public INamedTypeSymbol? AllowAnonymous { get; }

        public INamedTypeSymbol? AuthorizeFilter { get; }

        public ConcurrentBag<AnyOriginCall> AnyOrigins { get; } = new();

        public ConcurrentBag<(ISymbol Target, string? Policy)> AttributeApplications { get; } = new();

        public ConcurrentBag<EndpointApplication> EndpointApplications { get; } = new();

        public ConcurrentDictionary<string, bool> NamedAppliedGlobally { get; } = new(System.StringComparer.Ordinal);

        public ConcurrentDictionary<IMethodSymbol, Policy> PolicyMethods { get; } = new(SymbolEqualityComparer.Default);

        // Flags only ever go from false to true; a racing write of true is harmless.
        public bool DefaultAppliedGlobally { get; set; }

        public bool Authentication { get; set; }

        public bool NonCookieCredentials { get; set; }

        public bool CookieCredentials { get; set; }

        public bool AuthorizationSomewhere { get; set; }

        public bool GlobalAuthorization { get; set; }
    }
}
