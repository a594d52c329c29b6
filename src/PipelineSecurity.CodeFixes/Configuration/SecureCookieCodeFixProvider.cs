using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using PipelineSecurity.Analyzers;

namespace PipelineSecurity.CodeFixes.Configuration;

/// <summary>
/// PSF2040 "Set Secure = true" and PSF2041 "Set HttpOnly = true": a false value becomes true, a
/// <c>CookieSecurePolicy</c>/<c>HttpOnlyPolicy</c> becomes <c>Always</c>, and a <c>new CookieOptions</c> lacking the
/// flag gets it in its object initializer.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecureCookieCodeFixProvider))]
[Shared]
public sealed class SecureCookieCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.CookieWithoutSecure, RuleIds.CookieWithoutHttpOnly);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax node)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var flag = diagnostic.Id == RuleIds.CookieWithoutSecure ? "Secure" : "HttpOnly";
            var title = "Set " + flag + " = true";
            var replacement = Replacement(node, flag);
            if (replacement is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, replacement))), equivalenceKey: title),
                diagnostic);
        }
    }

    private static SyntaxNode? Replacement(ExpressionSyntax node, string flag)
    {
        switch (node)
        {
            case ObjectCreationExpressionSyntax creation:
                var member = SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(flag),
                    SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression));
                var initializer = creation.Initializer is { } existing
                    ? existing.WithExpressions(existing.Expressions.Add(member))
                    : SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(member));
                var withoutEmptyArguments = creation.ArgumentList is { Arguments.Count: 0 }
                    ? creation.WithArgumentList(null).WithType(creation.Type.WithTrailingTrivia(SyntaxFactory.Space))
                    : creation;
                return withoutEmptyArguments.WithInitializer(initializer).WithAdditionalAnnotations(Formatter.Annotation);
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "None" or "SameAsRequest" } policy:
                return policy.WithName(SyntaxFactory.IdentifierName("Always"));
            case { Parent: AssignmentExpressionSyntax assignment } when assignment.Right == node:
                return SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(node);
            default:
                return null;
        }
    }
}
