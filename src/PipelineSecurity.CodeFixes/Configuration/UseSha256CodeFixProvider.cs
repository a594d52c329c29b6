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
/// PSF2010 "Use SHA-256": <c>MD5.Create()</c>/<c>SHA1.HashData(…)</c> → <c>SHA256.…</c>, <c>new HMACMD5(key)</c>/<c>new HMACSHA1(key)</c>
/// → <c>new HMACSHA256(key)</c>, <c>HashAlgorithmName.MD5/SHA1</c> → <c>HashAlgorithmName.SHA256</c>,
/// <c>new MD5CryptoServiceProvider()</c> → <c>SHA256.Create()</c>. Hashes already stored need migrating: the docs say so.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSha256CodeFixProvider))]
[Shared]
public sealed class UseSha256CodeFixProvider : CodeFixProvider
{
    private const string Title = "Use SHA-256";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakHashInSecurityRole);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(context.Span, getInnermostNodeForTie: true);
        var replacement = node switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var type } } => RenameRightmost(type, "SHA256"),
            ObjectCreationExpressionSyntax { Type: var type } when RightmostName(type) is "HMACMD5" or "HMACSHA1" => RenameRightmost(type, "HMACSHA256"),
            ObjectCreationExpressionSyntax { Type: var type } => (Old: (SyntaxNode)node, New: (SyntaxNode)SyntaxFactory.ParseExpression(Qualifier(type) + "SHA256.Create()").WithTriviaFrom(node)),
            MemberAccessExpressionSyntax member => (Old: (SyntaxNode)member.Name, New: (SyntaxNode)SyntaxFactory.IdentifierName("SHA256").WithTriviaFrom(member.Name)),
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

    private static (SyntaxNode Old, SyntaxNode New) RenameRightmost(ExpressionSyntax type, string name)
    {
        var identifier = type switch
        {
            QualifiedNameSyntax qualified => (SimpleNameSyntax)qualified.Right,
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        return identifier is null ? default : (identifier, SyntaxFactory.IdentifierName(name).WithTriviaFrom(identifier));
    }

    private static string? RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    private static string Qualifier(TypeSyntax type) =>
        type is QualifiedNameSyntax qualified ? qualified.Left.WithoutTrivia().ToString() + "." : "";
}
