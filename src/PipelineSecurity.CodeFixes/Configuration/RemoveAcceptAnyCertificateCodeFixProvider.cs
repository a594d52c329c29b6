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
/// PSF2001 "Remove DangerousAcceptAnyServerCertificateValidator": deletes the assignment (statement or object
/// initializer member), so the handler validates certificates again. Offered only for that property: a hand-written
/// callback may hold logic the user wants to keep.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAcceptAnyCertificateCodeFixProvider))]
[Shared]
public sealed class RemoveAcceptAnyCertificateCodeFixProvider : CodeFixProvider
{
    private const string Title = "Remove DangerousAcceptAnyServerCertificateValidator";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CertificateValidationDisabled);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax value
            || value is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "DangerousAcceptAnyServerCertificateValidator" }
            || value.Parent is not AssignmentExpressionSyntax assignment)
        {
            return;
        }

        SyntaxNode? removed = assignment.Parent switch
        {
            ExpressionStatementSyntax statement => statement,
            InitializerExpressionSyntax => assignment,
            _ => null,
        };
        if (removed is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(removed, SyntaxRemoveOptions.KeepNoTrivia)!)), equivalenceKey: Title),
            context.Diagnostics);
    }
}
