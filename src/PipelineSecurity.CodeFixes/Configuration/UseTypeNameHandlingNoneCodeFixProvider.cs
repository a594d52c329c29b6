using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using PipelineSecurity.Analyzers;

namespace PipelineSecurity.CodeFixes.Configuration;

/// <summary>PSF2021 "Use TypeNameHandling.None": replaces the assigned value (a member access keeps its qualification).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTypeNameHandlingNoneCodeFixProvider))]
[Shared]
public sealed class UseTypeNameHandlingNoneCodeFixProvider : CodeFixProvider
{
    private const string Title = "Use TypeNameHandling.None";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NewtonsoftTypeNameHandling);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax value)
        {
            return;
        }

        ExpressionSyntax replacement = value is MemberAccessExpressionSyntax member
            ? member.WithName(SyntaxFactory.IdentifierName("None"))
            : SyntaxFactory.ParseExpression("global::Newtonsoft.Json.TypeNameHandling.None").WithTriviaFrom(value).WithAdditionalAnnotations(Simplifier.Annotation);
        context.RegisterCodeFix(
            CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(value, replacement))), equivalenceKey: Title),
            context.Diagnostics);
    }
}
