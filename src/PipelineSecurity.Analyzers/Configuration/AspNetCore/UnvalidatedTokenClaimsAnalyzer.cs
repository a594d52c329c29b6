using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.AspNetCore;

/// <summary>
/// PSF2066: a JWT read without validation (<c>JwtSecurityTokenHandler.ReadJwtToken</c>/<c>ReadToken</c>,
/// <c>JsonWebTokenHandler.ReadJsonWebToken</c>/<c>ReadToken</c>, <c>new JwtSecurityToken(string)</c>,
/// <c>new JsonWebToken(string)</c>) whose claims then establish who the user is: they reach <c>new ClaimsIdentity</c>,
/// <c>new ClaimsPrincipal</c>, <c>HttpContext.User</c> or <c>SignInAsync</c> in the same method, and the method never
/// validates a token (<c>ValidateToken</c>/<c>ValidateTokenAsync</c>). Reading a token only to show or log it, or to
/// check its expiry before a refresh, is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnvalidatedTokenClaimsAnalyzer : DiagnosticAnalyzer
{
    private const int MaxNodes = 4096;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnvalidatedTokenClaims);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var handlers = Types.Resolve(
                start.Compilation,
                "System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler",
                "Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler");
            var tokens = Types.Resolve(
                start.Compilation,
                "System.IdentityModel.Tokens.Jwt.JwtSecurityToken",
                "Microsoft.IdentityModel.JsonWebTokens.JsonWebToken");
            var identity = Types.Resolve(start.Compilation, "System.Security.Claims.ClaimsIdentity", "System.Security.Claims.ClaimsPrincipal");
            if (handlers.Count == 0 && tokens.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeRead(c, handlers, tokens, identity), OperationKind.Invocation, OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeRead(OperationAnalysisContext context, HashSet<INamedTypeSymbol> handlers, HashSet<INamedTypeSymbol> tokens, HashSet<INamedTypeSymbol> identity)
    {
        var read = context.Operation switch
        {
            IInvocationOperation { TargetMethod: { Name: "ReadJwtToken" or "ReadJsonWebToken" or "ReadToken" } method } invocation
                when Types.IsOrDerivesFrom(method.ContainingType, handlers) => invocation,
            IObjectCreationOperation { Arguments.Length: 1 } creation
                when Types.IsOrDerivesFrom(creation.Type, tokens) && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String => (IOperation)creation,
            _ => null,
        };
        if (read is null)
        {
            return;
        }

        var holder = ReceivingSymbol(read);
        var root = ValueTracker.Root(read);
        var trusted = false;
        var seen = 0;
        foreach (var node in root.Descendants())
        {
            if (++seen > MaxNodes)
            {
                return;
            }

            switch (node)
            {
                case IInvocationOperation { TargetMethod.Name: "ValidateToken" or "ValidateTokenAsync" }:
                    return;
                case IObjectCreationOperation creation when Types.IsOrDerivesFrom(creation.Type, identity) && UsesToken(creation, read, holder):
                case IInvocationOperation { TargetMethod.Name: "SignInAsync" } signIn when UsesToken(signIn, read, holder):
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "User" } } user when UsesToken(user.Value, read, holder):
                    trusted = true;
                    break;
            }
        }

        if (trusted)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnvalidatedTokenClaims, read.Syntax.GetLocation()));
        }
    }

    private static ISymbol? ReceivingSymbol(IOperation read)
    {
        for (var parent = read.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IVariableDeclaratorOperation declarator:
                    return declarator.Symbol;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return declarator.Symbol;
                case IAssignmentOperation assignment:
                    return ValueTracker.ReferencedSymbol(assignment.Target);
                case IConversionOperation or IParenthesizedOperation:
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Whether the read token (or a local holding it, or a value derived from its claims) appears in <paramref name="operation"/>.</summary>
    private static bool UsesToken(IOperation operation, IOperation read, ISymbol? holder)
    {
        foreach (var node in operation.DescendantsAndSelf())
        {
            if (node == read)
            {
                return true;
            }

            if (holder is not null && SymbolEqualityComparer.Default.Equals(ValueTracker.ReferencedSymbol(node), holder))
            {
                return true;
            }

            if (node is ILocalReferenceOperation local)
            {
                foreach (var candidate in ValueTracker.Candidates(local))
                {
                    foreach (var inner in candidate.DescendantsAndSelf())
                    {
                        if (inner == read || (holder is not null && SymbolEqualityComparer.Default.Equals(ValueTracker.ReferencedSymbol(inner), holder)))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }
}
