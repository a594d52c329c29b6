using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using PipelineSecurity.Analyzers;

namespace PipelineSecurity.CodeFixes.Configuration;

/// <summary>
/// PSF2068 "Add [ValidateAntiForgeryToken]": adds the attribute to the action, on its own line after the action's last
/// attribute list (or on the same line when the attributes share the method's line). The short name is used when
/// <c>Microsoft.AspNetCore.Mvc</c> is imported at that place, the qualified name otherwise. The views that post to the
/// action must send the token (the form tag helper does it for <c>&lt;form method="post"&gt;</c>): the docs say so.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddValidateAntiForgeryTokenCodeFixProvider))]
[Shared]
public sealed class AddValidateAntiForgeryTokenCodeFixProvider : CodeFixProvider
{
    private const string Title = "Add [ValidateAntiForgeryToken]";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AntiforgeryValidationMissing);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var method = root?.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (root is null || method is null || method.AttributeLists.Count == 0)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(Title, cancellationToken => AddAttributeAsync(context.Document, method, cancellationToken), equivalenceKey: Title),
            context.Diagnostics);
    }

    private static async Task<Document> AddAttributeAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var imported = semanticModel is not null
                       && semanticModel.LookupNamespacesAndTypes(method.SpanStart, name: "ValidateAntiForgeryTokenAttribute")
                           .Any(static s => s.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Mvc");
        var name = imported ? "ValidateAntiForgeryToken" : "Microsoft.AspNetCore.Mvc.ValidateAntiForgeryToken";

        // A text insertion keeps the user's layout exactly: on its own line after the last attribute list, with the
        // same indentation, or after it on the same line.
        var last = method.AttributeLists[method.AttributeLists.Count - 1];
        var endOfLine = last.GetTrailingTrivia().FirstOrDefault(static t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        TextChange change;
        if (endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            var indentation = string.Concat(last.GetLeadingTrivia().Where(static t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Select(static t => t.ToFullString()));
            change = new TextChange(new TextSpan(last.FullSpan.End, 0), indentation + "[" + name + "]" + endOfLine.ToFullString());
        }
        else
        {
            change = new TextChange(new TextSpan(last.Span.End, 0), " [" + name + "]");
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(change));
    }
}
