using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2060: CORS origins checked in a way an attacker's origin passes:
/// <list type="bullet">
/// <item><c>SetIsOriginAllowed</c> with a predicate that matches the origin with <c>Contains</c>, <c>StartsWith</c>, or
/// <c>EndsWith</c> of a suffix without a leading dot (<c>https://evilcontoso.com</c> ends with <c>contoso.com</c>);</item>
/// <item><c>WithOrigins("http://…")</c> of a remote host on a policy that also allows credentials;</item>
/// <item>the request's <c>Origin</c> header reflected into <c>Access-Control-Allow-Origin</c>.</item>
/// </list>
/// Exact comparisons, <c>EndsWith(".contoso.com")</c> and lookups in a set of origins are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CorsOriginCheckWeakAnalyzer : DiagnosticAnalyzer
{
    private const string AllowOrigin = "Access-Control-Allow-Origin";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CorsOriginCheckWeak);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var builder = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");
            var headers = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IHeaderDictionary");
            if (builder is not null)
            {
                start.RegisterOperationAction(c => AnalyzeBuilder(c, builder), OperationKind.Invocation);
            }

            if (headers is not null)
            {
                start.RegisterOperationAction(c => AnalyzeHeaderAssignment(c, headers), OperationKind.SimpleAssignment);
                start.RegisterOperationAction(c => AnalyzeHeaderCall(c, headers), OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeBuilder(OperationAnalysisContext context, INamedTypeSymbol builder)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, builder) || invocation.Arguments.Length != 1)
        {
            return;
        }

        if (invocation.TargetMethod.Name == "SetIsOriginAllowed")
        {
            foreach (var body in ValueTracker.DelegateBodies(invocation.Arguments[0].Value))
            {
                if (WeakMatch(body) is { } weak)
                {
                    Report(context, weak, "SetIsOriginAllowed matches origins with " + ((IInvocationOperation)weak).TargetMethod.Name,
                        "compare the whole origin with a list of allowed origins, or the parsed host with == or EndsWith(\".contoso.com\")");
                    return;
                }
            }
        }
        else if (invocation.TargetMethod.Name == "WithOrigins" && AllowsCredentials(invocation, builder))
        {
            foreach (var element in invocation.Arguments[0].Value.DescendantsAndSelf())
            {
                if (element.ConstantValue is { HasValue: true, Value: string origin }
                    && origin.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                    && CleartextEndpointAnalyzer.Cleartext(origin, listening: false) is { } cleartext)
                {
                    Report(context, element, "the clear-text origin '" + cleartext.Shown + "' is trusted with credentials",
                        "allow only https:// origins on a policy with AllowCredentials()");
                    return;
                }
            }
        }
    }

    /// <summary>A Contains/StartsWith/EndsWith call in the predicate that lets a look-alike origin through.</summary>
    private static IOperation? WeakMatch(IOperation body)
    {
        foreach (var node in body.DescendantsAndSelf())
        {
            if (node is IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String } method, Arguments.Length: >= 1 } call
                && method.Name is "Contains" or "StartsWith" or "EndsWith"
                && call.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
            {
                if (method.Name == "EndsWith" && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string suffix }
                    && (suffix.StartsWith(".", StringComparison.Ordinal) || suffix.StartsWith("://", StringComparison.Ordinal)))
                {
                    continue;
                }

                if (method.Name == "StartsWith" && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string prefix }
                    && prefix.EndsWith("/", StringComparison.Ordinal))
                {
                    continue;
                }

                return node;
            }
        }

        return null;
    }

    private static bool AllowsCredentials(IInvocationOperation invocation, INamedTypeSymbol builder)
    {
        var root = CorsAnyOriginWithCredentialsAnalyzer.ChainRoot(invocation, builder);
        var holder = ValueTracker.ReferencedSymbol(root);
        foreach (var operation in ValueTracker.Root(invocation).Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "AllowCredentials" } other
                && SymbolEqualityComparer.Default.Equals(other.TargetMethod.ContainingType, builder))
            {
                var otherRoot = CorsAnyOriginWithCredentialsAnalyzer.ChainRoot(other, builder);
                if (otherRoot == root || (holder is not null && SymbolEqualityComparer.Default.Equals(ValueTracker.ReferencedSymbol(otherRoot), holder)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Response.Headers["Access-Control-Allow-Origin"] = origin; Response.Headers.AccessControlAllowOrigin = origin;
    private static void AnalyzeHeaderAssignment(OperationAnalysisContext context, INamedTypeSymbol headers)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: var property } target
            && IsAllowOriginHeader(property, target.Arguments, headers)
            && ReflectsOrigin(assignment.Value, headers))
        {
            ReportReflection(context, assignment.Value);
        }
    }

    // Response.Headers.Append("Access-Control-Allow-Origin", origin) (Add, TryAdd, Append).
    private static void AnalyzeHeaderCall(OperationAnalysisContext context, INamedTypeSymbol headers)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var extension = invocation.Instance is null && invocation.TargetMethod.IsExtensionMethod;
        if (invocation.TargetMethod.Name is not ("Append" or "Add" or "TryAdd") || invocation.Arguments.Length != (extension ? 3 : 2))
        {
            return;
        }

        // The constant key first: most Add calls (lists, dictionaries, other headers) stop here, before the receiver's
        // interfaces are looked at.
        var key = invocation.Arguments[extension ? 1 : 0].Value;
        if (key.ConstantValue is not { HasValue: true, Value: string name } || !name.Equals(AllowOrigin, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var receiver = extension ? invocation.Arguments[0].Value : invocation.Instance;
        if (receiver is null || !IsHeaders(ValueTracker.Unwrap(receiver).Type, headers))
        {
            return;
        }

        var value = invocation.Arguments[extension ? 2 : 1].Value;
        if (ReflectsOrigin(value, headers))
        {
            ReportReflection(context, value);
        }
    }

    private static bool IsAllowOriginHeader(IPropertySymbol property, ImmutableArray<IArgumentOperation> arguments, INamedTypeSymbol headers)
    {
        // The name or constant key first, then the (costlier) interface test of the property's type.
        var named = property.Name == "AccessControlAllowOrigin"
                    || (property.IsIndexer && arguments.Length == 1
                        && arguments[0].Value.ConstantValue is { HasValue: true, Value: string name }
                        && name.Equals(AllowOrigin, StringComparison.OrdinalIgnoreCase));
        return named && IsHeaders(property.ContainingType, headers);
    }

    /// <summary>Whether the value may be the request's Origin header (<c>Request.Headers["Origin"]</c> or <c>.Origin</c>), directly or through a local.</summary>
    private static bool ReflectsOrigin(IOperation value, INamedTypeSymbol headers)
    {
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            foreach (var node in candidate.DescendantsAndSelf())
            {
                if (node is IPropertyReferenceOperation { Property: var property } reference && IsHeaders(property.ContainingType, headers)
                    && (property.Name == "Origin"
                        || (property.IsIndexer && reference.Arguments.Length == 1
                            && reference.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string name }
                            && name.Equals("Origin", StringComparison.OrdinalIgnoreCase))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsHeaders(ITypeSymbol? type, INamedTypeSymbol headers) =>
        type is not null && (SymbolEqualityComparer.Default.Equals(type, headers) || System.Linq.Enumerable.Contains(type.AllInterfaces, headers, SymbolEqualityComparer.Default));

    private static void ReportReflection(OperationAnalysisContext context, IOperation value) =>
        Report(context, value, "the request's Origin header is reflected into Access-Control-Allow-Origin",
            "use the CORS middleware with an explicit list of origins");

    private static void Report(OperationAnalysisContext context, IOperation operation, string finding, string advice) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CorsOriginCheckWeak, operation.Syntax.GetLocation(), finding, advice));
}
