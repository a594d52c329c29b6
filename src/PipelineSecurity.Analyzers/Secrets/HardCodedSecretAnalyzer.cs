using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using PipelineSecurity.Analyzers.Infrastructure;
using PipelineSecurity.Analyzers.Secrets.Detection;

namespace PipelineSecurity.Analyzers.Secrets;

/// <summary>
/// PSF1002–PSF1005 in C#: provider tokens, connection-string passwords, credentials in URLs, and secret-like values
/// given to secret-named symbols, in every string-bearing construct (regular, verbatim, raw, UTF-8 and interpolated
/// literals, and constant concatenations through the semantic model). PSF1001 (private keys) has its own analyzer.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedSecretAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ProviderToken,
        DiagnosticDescriptors.ConnectionStringPassword,
        DiagnosticDescriptors.CredentialsInUrl,
        DiagnosticDescriptors.GenericSecret);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Secrets hide in generated files too (Settings.Designer.cs); the option decides, per file.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(static start =>
        {
            // Options are parsed once per syntax tree, not once per literal.
            var settings = new ConcurrentDictionary<SyntaxTree, SecretScanOptions>();
            start.RegisterSyntaxNodeAction(
                c => AnalyzeLiteral(c, settings),
                SyntaxKind.StringLiteralExpression,
                SyntaxKind.Utf8StringLiteralExpression);
            start.RegisterSyntaxNodeAction(c => AnalyzeInterpolatedText(c, settings), SyntaxKind.InterpolatedStringText);
            start.RegisterSyntaxNodeAction(c => AnalyzeConcatenation(c, settings), SyntaxKind.AddExpression);
        });
    }

    private static void AnalyzeLiteral(SyntaxNodeAnalysisContext context, ConcurrentDictionary<SyntaxTree, SecretScanOptions> settings)
    {
        var literal = (LiteralExpressionSyntax)context.Node;
        var value = literal.Token.ValueText;
        if (value.Length < SecretScanner.MinimumCandidateLength)
        {
            return;
        }

        Analyze(context, settings, value, literal);
    }

    private static void AnalyzeInterpolatedText(SyntaxNodeAnalysisContext context, ConcurrentDictionary<SyntaxTree, SecretScanOptions> settings)
    {
        var text = (InterpolatedStringTextSyntax)context.Node;
        var value = text.TextToken.ValueText;
        if (value.Length < SecretScanner.MinimumCandidateLength)
        {
            return;
        }

        // Only the format-recognised detectors: a part of an interpolated string is not a whole value given to a name.
        ReportFormatFindings(context, settings, value, text.GetLocation());
    }

    /// <summary>A secret split over several literals joined with '+' is found through the compiler's constant value.</summary>
    private static void AnalyzeConcatenation(SyntaxNodeAnalysisContext context, ConcurrentDictionary<SyntaxTree, SecretScanOptions> settings)
    {
        var node = (ExpressionSyntax)context.Node;
        if (IsInsideConcatenation(node)
            || context.SemanticModel.GetConstantValue(node, context.CancellationToken) is not { HasValue: true, Value: string value }
            || value.Length < SecretScanner.MinimumCandidateLength)
        {
            return;
        }

        // Only when no single part already carries a finding: a literal part is reported on its own, and a constant
        // part ("Bearer " + ApiKey) was reported where that constant is declared.
        var options = OptionsFor(context, settings);
        foreach (var part in node.DescendantNodes())
        {
            var partValue = part switch
            {
                LiteralExpressionSyntax literal => literal.Token.ValueText,
                IdentifierNameSyntax or MemberAccessExpressionSyntax when part.Parent is not MemberAccessExpressionSyntax =>
                    context.SemanticModel.GetConstantValue(part, context.CancellationToken) is { HasValue: true, Value: string constant } ? constant : null,
                _ => null,
            };

            if (partValue is not null && partValue.Length >= SecretScanner.MinimumCandidateLength
                && HasAnyFinding(partValue, options, part is LiteralExpressionSyntax literalPart ? NameOf(literalPart, context.SemanticModel, context.CancellationToken) : null))
            {
                return;
            }
        }

        Analyze(context, settings, value, node);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, ConcurrentDictionary<SyntaxTree, SecretScanOptions> settings, string value, ExpressionSyntax expression)
    {
        if (ReportFormatFindings(context, settings, value, expression.GetLocation()))
        {
            return;
        }

        var options = OptionsFor(context, settings);

        // Cheap value test first; only a value that could be a secret pays for resolving the name it is given to.
        var mayBeSecret = GenericSecretScorer.IsLikelySecret(value, options.MinimumEntropy)
                          || value.StartsWith("Bearer ", System.StringComparison.OrdinalIgnoreCase)
                          || value.StartsWith("Basic ", System.StringComparison.OrdinalIgnoreCase);
        if (!mayBeSecret || IsInsideConcatenation(expression) || context.Options.ShouldSkipGeneratedCode(context.Node.SyntaxTree, context.IsGeneratedCode))
        {
            return;
        }

        var name = NameOf(expression, context.SemanticModel, context.CancellationToken);
        if (name is not null && SecretScanner.TryScoreNamedValue(name, value, 0, value.Length, options, out var finding))
        {
            Report(context, finding, expression.GetLocation());
        }
    }

    /// <summary>Reports tokens, connection-string passwords and URL credentials; true when anything was found.</summary>
    private static bool ReportFormatFindings(SyntaxNodeAnalysisContext context, ConcurrentDictionary<SyntaxTree, SecretScanOptions> settings, string value, Location location)
    {
        var findings = new List<SecretFinding>();
        var options = OptionsFor(context, settings);
        SecretScanner.ScanSpan(value, 0, value.Length, options, findings, 0);
        if (findings.Count == 0)
        {
            return false;
        }

        if (context.Options.ShouldSkipGeneratedCode(context.Node.SyntaxTree, context.IsGeneratedCode))
        {
            return true;
        }

        foreach (var finding in findings)
        {
            Report(context, finding, location);
        }

        return true;
    }

    private static void Report(SyntaxNodeAnalysisContext context, SecretFinding finding, Location location)
    {
        var diagnostic = SecretAnalysisSettings.CreateDiagnostic(finding, location, context.Options);
        if (diagnostic is not null)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    private static SecretScanOptions OptionsFor(SyntaxNodeAnalysisContext context, ConcurrentDictionary<SyntaxTree, SecretScanOptions> settings)
    {
        var tree = context.Node.SyntaxTree;
        if (!settings.TryGetValue(tree, out var options))
        {
            options = SecretAnalysisSettings.Read(context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree));
            settings.TryAdd(tree, options);
        }

        return options;
    }

    private static bool HasAnyFinding(string value, SecretScanOptions options, string? name)
    {
        var findings = new List<SecretFinding>();
        SecretScanner.ScanSpan(value, 0, value.Length, options, findings, 0);
        return findings.Count > 0 || (name is not null && SecretScanner.TryScoreNamedValue(name, value, 0, value.Length, options, out _));
    }

    /// <summary>Whether this analyzer reports <paramref name="literal"/> (used by PSF1006 so that a value is reported once).</summary>
    internal static bool WouldReport(LiteralExpressionSyntax literal, SemanticModel semanticModel, SecretScanOptions options, System.Threading.CancellationToken cancellationToken)
    {
        var value = literal.Token.ValueText;
        return value.Length >= SecretScanner.MinimumCandidateLength
               && HasAnyFinding(value, options, IsInsideConcatenation(literal) ? null : NameOf(literal, semanticModel, cancellationToken));
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

    /// <summary>
    /// The name a value is given to: a variable, field, property or parameter default; an assignment target
    /// (including object initializers); a named or positional argument's parameter (through the semantic model);
    /// an anonymous-object member; a dictionary key; the member a switch arm, conditional or return belongs to.
    /// </summary>
    internal static string? NameOf(ExpressionSyntax expression, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        SyntaxNode node = expression;
        for (var depth = 0; depth < 16; depth++)
        {
            var parent = node.Parent;
            switch (parent)
            {
                case ParenthesizedExpressionSyntax or CastExpressionSyntax or SwitchExpressionArmSyntax or SwitchExpressionSyntax:
                case ConditionalExpressionSyntax conditional when conditional.Condition != node:
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression) || binary.IsKind(SyntaxKind.AddExpression):
                    node = parent;
                    continue;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                    return declarator.Identifier.ValueText;
                case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                    return property.Identifier.ValueText;
                case EqualsValueClauseSyntax { Parent: ParameterSyntax parameter }:
                    return parameter.Identifier.ValueText;
                case AssignmentExpressionSyntax assignment when assignment.Right == node:
                    return TargetName(assignment.Left);
                case AnonymousObjectMemberDeclaratorSyntax { NameEquals: { } nameEquals }:
                    return nameEquals.Name.Identifier.ValueText;
                case ArrowExpressionClauseSyntax arrow:
                    return MemberName(arrow.Parent);
                case ReturnStatementSyntax ret:
                    return MemberName(EnclosingMember(ret));
                case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression):
                    // { "Password", "value" } in a dictionary's collection initializer.
                    return initializer.Expressions.Count == 2 && initializer.Expressions[1] == node ? LiteralText(initializer.Expressions[0]) : null;
                case AttributeArgumentSyntax attributeArgument:
                    return attributeArgument.NameEquals?.Name.Identifier.ValueText
                           ?? attributeArgument.NameColon?.Name.Identifier.ValueText
                           ?? ParameterName(attributeArgument.Parent?.Parent, attributeArgument.Parent is AttributeArgumentListSyntax list ? list.Arguments.IndexOf(attributeArgument) : -1, semanticModel, cancellationToken);
                case ArgumentSyntax argument:
                    return ArgumentName(argument, semanticModel, cancellationToken);
                default:
                    return null;
            }
        }

        return null;
    }

    private static string? TargetName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        // dict["Password"] = "…" and { ["Password"] = "…" }
        ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element => LiteralText(element.ArgumentList.Arguments[0].Expression),
        ImplicitElementAccessSyntax { ArgumentList.Arguments.Count: 1 } implicitElement => LiteralText(implicitElement.ArgumentList.Arguments[0].Expression),
        _ => null,
    };

    private static string? ArgumentName(ArgumentSyntax argument, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        if (argument.NameColon is { } nameColon)
        {
            return nameColon.Name.Identifier.ValueText;
        }

        if (argument.Parent is not ArgumentListSyntax list)
        {
            return null;
        }

        var index = list.Arguments.IndexOf(argument);

        // Add("Authorization", "Bearer …"), Add("Password", "…"), AddHeader(…): the key argument names the value.
        if (index == 1 && list.Arguments.Count == 2 && list.Parent is InvocationExpressionSyntax invocation
            && LiteralText(list.Arguments[0].Expression) is { } key
            && InvokedName(invocation) is { } method && (method.StartsWith("Add", System.StringComparison.Ordinal) || method is "Set" or "TryAdd" or "SetEnvironmentVariable"))
        {
            return key;
        }

        return ParameterName(list.Parent, index, semanticModel, cancellationToken);
    }

    private static string? ParameterName(SyntaxNode? call, int index, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        if (call is null || index < 0)
        {
            return null;
        }

        var symbol = semanticModel.GetSymbolInfo(call, cancellationToken).Symbol as IMethodSymbol;
        if (symbol is null || symbol.Parameters.Length == 0)
        {
            return null;
        }

        var parameter = index < symbol.Parameters.Length ? symbol.Parameters[index] : symbol.Parameters[symbol.Parameters.Length - 1];

        // new AuthenticationHeaderValue("Bearer", "…"): the credentials parameter is called "parameter".
        if (parameter.Name == "parameter" && symbol.ContainingType?.Name == "AuthenticationHeaderValue")
        {
            return "Authorization";
        }

        return parameter.Name;
    }

    private static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => null,
    };

    private static string? LiteralText(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;

    private static SyntaxNode? EnclosingMember(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax)
            {
                return current is AccessorDeclarationSyntax ? current.Parent?.Parent : current;
            }
        }

        return null;
    }

    private static string? MemberName(SyntaxNode? member) => member switch
    {
        MethodDeclarationSyntax method => StripGet(method.Identifier.ValueText),
        PropertyDeclarationSyntax property => property.Identifier.ValueText,
        LocalFunctionStatementSyntax local => StripGet(local.Identifier.ValueText),
        AccessorListSyntax { Parent: PropertyDeclarationSyntax property } => property.Identifier.ValueText,
        _ => null,
    };

    // GetApiKey() returns an API key.
    private static string StripGet(string name) =>
        name.Length > 3 && name.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(name[3]) ? name.Substring(3) : name;
}
