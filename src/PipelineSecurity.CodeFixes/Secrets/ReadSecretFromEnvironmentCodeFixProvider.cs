using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using PipelineSecurity.Analyzers;

namespace PipelineSecurity.CodeFixes.Secrets;

/// <summary>
/// "Read from an environment variable": replaces a hard-coded secret with
/// <c>Environment.GetEnvironmentVariable("NAME") ?? throw new InvalidOperationException(...)</c>,
/// naming the variable after the field, property, local or parameter that received the secret.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReadSecretFromEnvironmentCodeFixProvider))]
[Shared]
public sealed class ReadSecretFromEnvironmentCodeFixProvider : CodeFixProvider
{
    private const string Title = "Read from an environment variable";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        RuleIds.PrivateKeyInLiteral, RuleIds.ProviderToken, RuleIds.ConnectionStringPassword, RuleIds.CredentialsInUrl, RuleIds.GenericSecret);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax secret)
        {
            return;
        }

        secret = OutermostConcatenation(secret);
        var variableName = EnvironmentVariableName(secret);
        if (variableName is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(Title, ct => ReplaceAsync(context.Document, secret, variableName, ct), equivalenceKey: Title),
            context.Diagnostics);
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax secret, string variableName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var system = SystemNamespaceInScope(semanticModel, secret.SpanStart) ? "" : "System.";
        var replacement = SyntaxFactory.ParseExpression(
                $"{system}Environment.GetEnvironmentVariable(\"{variableName}\") ?? throw new {system}InvalidOperationException(\"Set the {variableName} environment variable.\")")
            .WithTriviaFrom(secret)
            .WithAdditionalAnnotations(Formatter.Annotation);

        var declaration = secret.Parent?.Parent?.Parent as VariableDeclarationSyntax;
        var newRoot = root.TrackNodes(secret);
        newRoot = newRoot.ReplaceNode(newRoot.GetCurrentNode(secret)!, replacement);

        // A const cannot hold a run-time value: a const field becomes static readonly, a const local a plain local.
        if (declaration?.Parent is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword))
        {
            var current = newRoot.DescendantNodes().OfType<FieldDeclarationSyntax>().First(f => f.Span.Start == field.Span.Start);
            newRoot = newRoot.ReplaceNode(current, WithoutConst(current, static modifiers => modifiers
                .Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword))
                .Add(SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword))));
        }
        else if (declaration?.Parent is LocalDeclarationStatementSyntax local && local.IsConst)
        {
            var current = newRoot.DescendantNodes().OfType<LocalDeclarationStatementSyntax>().First(l => l.Span.Start == local.Span.Start);
            newRoot = newRoot.ReplaceNode(current, current.WithModifiers(Remove(current.Modifiers, SyntaxKind.ConstKeyword)).WithLeadingTrivia(current.GetLeadingTrivia()));
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>Whether <c>Environment</c> and <c>InvalidOperationException</c> already bind to System's types here.</summary>
    private static bool SystemNamespaceInScope(SemanticModel? semanticModel, int position)
    {
        if (semanticModel is null)
        {
            return false;
        }

        return BindsTo("Environment", "System.Environment") && BindsTo("InvalidOperationException", "System.InvalidOperationException");

        bool BindsTo(string name, string fullName)
        {
            var symbols = semanticModel.LookupNamespacesAndTypes(position, name: name);
            return symbols.Length == 1 && symbols[0].ToDisplayString() == fullName;
        }
    }

    private static FieldDeclarationSyntax WithoutConst(FieldDeclarationSyntax field, System.Func<SyntaxTokenList, SyntaxTokenList> addModifiers)
    {
        var leading = field.GetLeadingTrivia();
        var modifiers = addModifiers(Remove(field.Modifiers, SyntaxKind.ConstKeyword));
        return field.WithModifiers(SyntaxFactory.TokenList(modifiers.Select(m => m.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space))))
            .WithLeadingTrivia(leading);
    }

    private static SyntaxTokenList Remove(SyntaxTokenList modifiers, SyntaxKind kind)
    {
        var index = modifiers.IndexOf(kind);
        return index < 0 ? modifiers : modifiers.RemoveAt(index);
    }

    private static ExpressionSyntax OutermostConcatenation(ExpressionSyntax expression)
    {
        while (expression.Parent is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression)
               || expression.Parent is ParenthesizedExpressionSyntax)
        {
            expression = (ExpressionSyntax)expression.Parent;
        }

        return expression;
    }

    /// <summary>The symbol the secret is given to, as an UPPER_SNAKE_CASE name; null where there is none to name it after.</summary>
    private static string? EnvironmentVariableName(ExpressionSyntax secret)
    {
        var name = secret.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText,
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Identifier.ValueText,
            EqualsValueClauseSyntax { Parent: ParameterSyntax } => null,
            AssignmentExpressionSyntax assignment when assignment.Right == secret => LastIdentifier(assignment.Left),
            ArgumentSyntax { NameColon: { } nameColon } => nameColon.Name.Identifier.ValueText,
            ArgumentSyntax argument => ArgumentName(argument),
            _ => null,
        };

        return name is null ? null : ToUpperSnakeCase(name);
    }

    private static string? LastIdentifier(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => null,
    };

    private static string ArgumentName(ArgumentSyntax argument)
    {
        var invoked = argument.Parent?.Parent switch
        {
            InvocationExpressionSyntax invocation => LastIdentifier(invocation.Expression),
            ObjectCreationExpressionSyntax creation => creation.Type.ToString(),
            _ => null,
        };
        return (invoked ?? "APP") + "_SECRET";
    }

    internal static string ToUpperSnakeCase(string identifier)
    {
        var builder = new StringBuilder(identifier.Length + 8);
        for (var i = 0; i < identifier.Length; i++)
        {
            var c = identifier[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (builder.Length > 0 && builder[builder.Length - 1] != '_')
                {
                    builder.Append('_');
                }

                continue;
            }

            if (char.IsUpper(c) && builder.Length > 0 && builder[builder.Length - 1] != '_'
                && (char.IsLower(identifier[i - 1]) || (i + 1 < identifier.Length && char.IsLower(identifier[i + 1]) && char.IsUpper(identifier[i - 1]))))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString().Trim('_');
    }
}
