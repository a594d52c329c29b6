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
/// PSF2003: two fixes. "Use Tls12 | Tls13" replaces the whole protocol expression (<c>SslProtocols.Tls | SslProtocols.Tls12</c>)
/// with <c>X.Tls12 | X.Tls13</c>; for SslProtocols, "Use the OS default (SslProtocols.None)" replaces it with <c>SslProtocols.None</c>.
/// The enum is written as the source wrote it, so qualification and aliases are kept.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseModernTlsProtocolsCodeFixProvider))]
[Shared]
public sealed class UseModernTlsProtocolsCodeFixProvider : CodeFixProvider
{
    private const string ModernTitle = "Use Tls12 | Tls13";
    private const string DefaultTitle = "Use the OS default (SslProtocols.None)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.DeprecatedTlsProtocol);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(context.Span, getInnermostNodeForTie: true);
        var enumType = node switch
        {
            MemberAccessExpressionSyntax member => member.Expression.WithoutTrivia().ToString(),
            CastExpressionSyntax cast => cast.Type.WithoutTrivia().ToString(),
            _ => null,
        };
        if (root is null || node is null || enumType is null)
        {
            return;
        }

        var expression = OutermostCombination((ExpressionSyntax)node);
        Register(ModernTitle, $"{enumType}.Tls12 | {enumType}.Tls13");
        if (enumType.EndsWith("SslProtocols", System.StringComparison.Ordinal))
        {
            Register(DefaultTitle, enumType + ".None");
        }

        void Register(string title, string replacementText)
        {
            var replacement = SyntaxFactory.ParseExpression(replacementText).WithTriviaFrom(expression).WithAdditionalAnnotations(Formatter.Annotation);
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(expression, replacement))), equivalenceKey: title),
                context.Diagnostics);
        }
    }

    private static ExpressionSyntax OutermostCombination(ExpressionSyntax expression)
    {
        while (expression.Parent is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.BitwiseOrExpression)
               || expression.Parent is ParenthesizedExpressionSyntax)
        {
            expression = (ExpressionSyntax)expression.Parent;
        }

        return expression;
    }
}
