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
/// <para>
/// A finding in a password role (property <c>Role=password</c>) never gets SHA-256: an unsalted fast hash is no password
/// hash. <c>MD5.HashData(x)</c> there becomes <c>Rfc2898DeriveBytes.Pbkdf2(x, salt, 600_000, HashAlgorithmName.SHA256, 32)</c>
/// when a <c>byte[]</c> named for a salt is in scope ("Use PBKDF2"); otherwise no fix is offered.
/// </para>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSha256CodeFixProvider))]
[Shared]
public sealed class UseSha256CodeFixProvider : CodeFixProvider
{
    private const string Title = "Use SHA-256";
    private const string PasswordTitle = "Use PBKDF2 (Rfc2898DeriveBytes.Pbkdf2, SHA-256, 600,000 iterations)";

    // OWASP's current figure for PBKDF2-HMAC-SHA256.
    private const string Iterations = "600_000";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakHashInSecurityRole);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(context.Span, getInnermostNodeForTie: true);
        if (root is not null && node is not null && context.Diagnostics[0].Properties.TryGetValue("Role", out var role) && role == "password")
        {
            await RegisterPasswordFixAsync(context, root, node).ConfigureAwait(false);
            return;
        }

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

    private static async Task RegisterPasswordFixAsync(CodeFixContext context, SyntaxNode root, SyntaxNode node)
    {
        if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var type, Name.Identifier.ValueText: "HashData" }, ArgumentList.Arguments: { Count: 1 } arguments } invocation)
        {
            return;
        }

        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null || model.GetTypeInfo(arguments[0].Expression, context.CancellationToken).Type is not IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
        {
            return;
        }

        var salt = FindSalt(model, invocation);
        if (salt is null)
        {
            return;
        }

        var qualifier = Qualifier(type);
        var replacement = SyntaxFactory.ParseExpression(
                $"{qualifier}Rfc2898DeriveBytes.Pbkdf2({arguments[0].Expression.WithoutTrivia()}, {salt}, {Iterations}, {qualifier}HashAlgorithmName.SHA256, 32)")
            .WithTriviaFrom(invocation);
        context.RegisterCodeFix(
            CodeAction.Create(PasswordTitle, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, replacement))), equivalenceKey: PasswordTitle),
            context.Diagnostics);
    }

    /// <summary>A <c>byte[]</c> local, parameter, field or property named for a salt, visible at the invocation.</summary>
    private static string? FindSalt(SemanticModel model, SyntaxNode at)
    {
        foreach (var symbol in model.LookupSymbols(at.SpanStart))
        {
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }
                && symbol.Name.IndexOf("salt", System.StringComparison.OrdinalIgnoreCase) >= 0
                && symbol.Locations.Length > 0 && symbol.Locations[0].IsInSource)
            {
                return symbol.Name;
            }
        }

        return null;
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

    private static string Qualifier(ExpressionSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Left.WithoutTrivia().ToString() + ".",
        MemberAccessExpressionSyntax member => member.Expression.WithoutTrivia().ToString() + ".",
        _ => "",
    };
}
