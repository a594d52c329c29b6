using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PipelineSecurity.Analyzers;

namespace PipelineSecurity.CodeFixes.Configuration;

/// <summary>
/// PSF2063 "Use OAEP-SHA256 padding": <c>RSAEncryptionPadding.Pkcs1</c> → <c>RSAEncryptionPadding.OaepSHA256</c>, and
/// <c>fOAEP: false</c> → <c>true</c> on RSACryptoServiceProvider. Offered only where the padding is written at the call
/// (not through a variable). Data encrypted before must be re-encrypted: the docs say so.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseOaepPaddingCodeFixProvider))]
[Shared]
public sealed class UseOaepPaddingCodeFixProvider : CodeFixProvider
{
    private const string Title = "Use OAEP-SHA256 padding";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RsaPkcs1Encryption);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(context.Span, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argument)
        {
            node = argument.Expression;
        }

        (SyntaxNode Old, SyntaxNode New) replacement = node switch
        {
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Pkcs1" } member =>
                (member.Name, SyntaxFactory.IdentifierName("OaepSHA256").WithTriviaFrom(member.Name)),
            LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.FalseLiteralExpression) =>
                (literal, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(literal)),
            _ => default,
        };
        if (root is null || replacement.Old is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(replacement.Old, replacement.New))), equivalenceKey: Title),
            context.Diagnostics);
    }
}
