using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using PipelineSecurity.Analyzers.Infrastructure;
using PipelineSecurity.Analyzers.Secrets.Detection;

namespace PipelineSecurity.Analyzers.Secrets;

/// <summary>PSF1001: a PEM, OpenSSH or PGP private key block in a C# string literal or constant concatenation.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PrivateKeyInLiteralAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.PrivateKeyInLiteral);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Keys hide in generated files too (Settings.Designer.cs); the option decides, per file.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterSyntaxNodeAction(AnalyzeLiteral, SyntaxKind.StringLiteralExpression, SyntaxKind.Utf8StringLiteralExpression);
        context.RegisterSyntaxNodeAction(AnalyzeInterpolatedText, SyntaxKind.InterpolatedStringText);
        context.RegisterSyntaxNodeAction(AnalyzeConcatenation, SyntaxKind.AddExpression);
    }

    private static void AnalyzeLiteral(SyntaxNodeAnalysisContext context)
    {
        var literal = (LiteralExpressionSyntax)context.Node;
        ReportIfKey(context, literal.Token.ValueText, literal.GetLocation(), literal.Token);
    }

    private static void AnalyzeInterpolatedText(SyntaxNodeAnalysisContext context)
    {
        var text = (InterpolatedStringTextSyntax)context.Node;
        ReportIfKey(context, text.TextToken.ValueText, text.GetLocation(), token: null);
    }

    /// <summary>A key split over several literals joined with '+' is found through the compiler's constant value.</summary>
    private static void AnalyzeConcatenation(SyntaxNodeAnalysisContext context)
    {
        var node = context.Node;
        if (IsInsideConcatenation(node) || context.Options.ShouldSkipGeneratedCode(node.SyntaxTree, context.IsGeneratedCode))
        {
            return;
        }

        if (context.SemanticModel.GetConstantValue(node, context.CancellationToken) is not { HasValue: true, Value: string value }
            || !PrivateKeyDetector.MayContainKey(value)
            || !PrivateKeyDetector.TryFind(value, out var match)
            || AnyPartHoldsWholeKey(node))
        {
            return;
        }

        Report(context, match, node.GetLocation());
    }

    private static void ReportIfKey(SyntaxNodeAnalysisContext context, string value, Location location, SyntaxToken? token)
    {
        if (!PrivateKeyDetector.MayContainKey(value)
            || context.Options.ShouldSkipGeneratedCode(context.Node.SyntaxTree, context.IsGeneratedCode)
            || !PrivateKeyDetector.TryFind(value, out var match))
        {
            return;
        }

        // In a literal that spans lines (verbatim, raw), the key is reported where it is, not at the opening quote.
        if (token is { } t && t.GetLocation().GetLineSpan() is var lines && lines.StartLinePosition.Line != lines.EndLinePosition.Line
            && LiteralPositions.TryMap(t, match.Start, match.Length, out var span))
        {
            location = Location.Create(context.Node.SyntaxTree, span);
        }

        Report(context, match, location);
    }

    private static void Report(SyntaxNodeAnalysisContext context, PrivateKeyMatch match, Location location)
    {
        // Test projects may lower the secret rules' severity (pipeline_security.secrets.test_project_severity).
        var severity = SecretAnalysisSettings.EffectiveSeverity(context.Options, DiagnosticDescriptors.PrivateKeyInLiteral);
        if (severity is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.PrivateKeyInLiteral,
            location,
            severity.Value,
            additionalLocations: null,
            properties: null,
            match.KeyKind,
            SecretRedaction.DescribeKeyMaterial(match.KeyMaterialLength)));
    }

    private static bool IsInsideConcatenation(SyntaxNode node)
    {
        var parent = node.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        return parent is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression);
    }

    // The literal itself is reported by AnalyzeLiteral; reporting the concatenation too would duplicate it.
    private static bool AnyPartHoldsWholeKey(SyntaxNode concatenation)
    {
        foreach (var part in concatenation.DescendantNodes())
        {
            if (part is LiteralExpressionSyntax literal
                && PrivateKeyDetector.MayContainKey(literal.Token.ValueText)
                && PrivateKeyDetector.TryFind(literal.Token.ValueText, out _))
            {
                return true;
            }
        }

        return false;
    }
}
