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
        ReportFormatFindings(context, settings, value, text.GetLocation(), token: null);
    }

    /// <summary>A secret split over several literals joined with '+' is found through the compiler's constant value.</summary>
    private static void AnalyzeConcatenation(SyntaxNodeAnalysisContext context, ConcurrentDictionary<SyntaxTree, SecretScanOptions> settings)
    {
        var node = (ExpressionSyntax)context.Node;
        if (IsInsideConcatenation(node)
            || !MayBeConstantString(node, 0)
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

            // A literal part is judged by its format alone, as its own analysis judges it inside a concatenation: under
            // the constant's name a random piece of a token ("LiveKey = "sk_" + "live_" + "51Hx…"") would otherwise
            // silence the whole, and be skipped itself.
            if (partValue is not null && partValue.Length >= SecretScanner.MinimumCandidateLength
                && HasAnyFinding(partValue, options, null))
            {
                return;
            }
        }

        Analyze(context, settings, value, node);
    }

    /// <summary>
    /// Whether a '+' tree can be a constant string, decided from syntax alone so that the semantic model is asked only
    /// about concatenations that can be: every operand a string literal, a name (a constant field or local), an
    /// interpolated string, <c>nameof</c>, a cast or a conditional. A number or a char makes '+' a numeric addition or a
    /// non-constant string concatenation; a call, an element access or a creation is never constant.
    /// </summary>
    internal static bool MayBeConstantString(ExpressionSyntax expression, int depth)
    {
        if (depth > 64)
        {
            return true;
        }

        switch (expression)
        {
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                return MayBeConstantString(binary.Left, depth + 1) && MayBeConstantString(binary.Right, depth + 1);
            case ParenthesizedExpressionSyntax parenthesized:
                return MayBeConstantString(parenthesized.Expression, depth + 1);
            case LiteralExpressionSyntax literal:
                return literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.IsKind(SyntaxKind.NullLiteralExpression);
            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }:
                return true;
            case IdentifierNameSyntax or MemberAccessExpressionSyntax or QualifiedNameSyntax or AliasQualifiedNameSyntax
                or InterpolatedStringExpressionSyntax or CastExpressionSyntax or ConditionalExpressionSyntax or DefaultExpressionSyntax:
                return true;
            default:
                return false;
        }
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, ConcurrentDictionary<SyntaxTree, SecretScanOptions> settings, string value, ExpressionSyntax expression)
    {
        if (ReportFormatFindings(context, settings, value, expression.GetLocation(), (expression as LiteralExpressionSyntax)?.Token))
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

    /// <summary>
    /// Reports tokens, connection-string passwords, URL credentials and secret-named pairs inside the text (JSON, XML,
    /// key=value lines, command lines); true when anything was found. A finding inside a literal that spans lines is
    /// reported on the secret's own line and columns.
    /// </summary>
    private static bool ReportFormatFindings(SyntaxNodeAnalysisContext context, ConcurrentDictionary<SyntaxTree, SecretScanOptions> settings, string value, Location location, SyntaxToken? token)
    {
        var options = OptionsFor(context, settings);
        var findings = FormatFindings(value, options);
        if (findings.Count == 0)
        {
            return false;
        }

        if (context.Options.ShouldSkipGeneratedCode(context.Node.SyntaxTree, context.IsGeneratedCode))
        {
            return true;
        }

        var multiLine = token is { } t && t.GetLocation().GetLineSpan() is var lines && lines.StartLinePosition.Line != lines.EndLinePosition.Line;
        foreach (var finding in findings)
        {
            var at = location;
            if (multiLine && LiteralPositions.TryMap(token!.Value, finding.Start, finding.Length, out var span))
            {
                at = Location.Create(context.Node.SyntaxTree, span);
            }

            Report(context, finding, at);
        }

        return true;
    }

    /// <summary>The format-recognised findings in a string's value; text with lines or a JSON/XML document is read as a configuration file would be.</summary>
    internal static List<SecretFinding> FormatFindings(string value, SecretScanOptions options)
    {
        var findings = new List<SecretFinding>();
        if (IsDocument(value))
        {
            ConfigurationFileScanner.Scan(value, options, findings);

            // A private key is PSF1001's, reported by its own analyzer.
            findings.RemoveAll(static f => f.Kind == SecretKind.PrivateKey);
        }
        else
        {
            SecretScanner.ScanSpan(value, 0, value.Length, options, findings, 0);
        }

        return findings;
    }

    private static bool IsDocument(string value)
    {
        if (value.IndexOf('\n') >= 0)
        {
            return true;
        }

        var i = 0;
        while (i < value.Length && value[i] == ' ')
        {
            i++;
        }

        return i < value.Length && value[i] is '{' or '<' or '[';
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
        return FormatFindings(value, options).Count > 0 || (name is not null && SecretScanner.TryScoreNamedValue(name, value, 0, value.Length, options, out _));
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
                // A collection's elements are named by the collection: ApiKeys = { "…" }, string[] Tokens = ["…"].
                case InitializerExpressionSyntax initializerList when initializerList.IsKind(SyntaxKind.CollectionInitializerExpression) || initializerList.IsKind(SyntaxKind.ArrayInitializerExpression):
                case ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax when node is InitializerExpressionSyntax:
                case ExpressionElementSyntax or CollectionExpressionSyntax:
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
                    return AttributeArgumentName(attributeArgument, semanticModel, cancellationToken);
                case ArgumentSyntax { Parent: TupleExpressionSyntax tuple } tupleArgument:
                    return TupleElementName(tuple, tupleArgument, semanticModel, cancellationToken);
                case ArgumentSyntax argument:
                    return ArgumentName(argument, semanticModel, cancellationToken);
                case BinaryExpressionSyntax comparison when comparison.IsKind(SyntaxKind.EqualsExpression) || comparison.IsKind(SyntaxKind.NotEqualsExpression):
                    // presentedKey == "…": the literal is what the secret is checked against.
                    return ComparedName(comparison.Left == node ? comparison.Right : comparison.Left, comparison);
                case ConstantPatternSyntax { Parent: IsPatternExpressionSyntax isPattern }:
                    return ComparedName(isPattern.Expression, isPattern);
                case CaseSwitchLabelSyntax { Parent.Parent: SwitchStatementSyntax switchStatement }:
                    return ComparedName(switchStatement.Expression, switchStatement);
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>[ApiKey("…")]: the parameter's name when it means secret, else the attribute's own name.</summary>
    private static string? AttributeArgumentName(AttributeArgumentSyntax argument, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        var name = argument.NameEquals?.Name.Identifier.ValueText
                   ?? argument.NameColon?.Name.Identifier.ValueText
                   ?? ParameterName(argument.Parent?.Parent, argument.Parent is AttributeArgumentListSyntax list ? list.Arguments.IndexOf(argument) : -1, semanticModel, cancellationToken);
        if ((name is null || !SecretNames.IsSecretName(name)) && argument.Parent?.Parent is AttributeSyntax attribute)
        {
            var attributeName = attribute.Name switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            if (attributeName is not null && SecretNames.IsSecretName(StripSuffix(attributeName, "Attribute")))
            {
                return StripSuffix(attributeName, "Attribute");
            }
        }

        return name;
    }

    /// <summary>("admin", "…") given to (string User, string Password), or deconstructed into (user, password).</summary>
    private static string? TupleElementName(TupleExpressionSyntax tuple, ArgumentSyntax argument, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        if (argument.NameColon is { } nameColon)
        {
            return nameColon.Name.Identifier.ValueText;
        }

        var index = tuple.Arguments.IndexOf(argument);
        if (tuple.Parent is AssignmentExpressionSyntax { Left: { } left } assignment && assignment.Right == tuple)
        {
            return left switch
            {
                TupleExpressionSyntax targets when index < targets.Arguments.Count => targets.Arguments[index].Expression switch
                {
                    DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax single } => single.Identifier.ValueText,
                    var target => TargetName(target),
                },
                DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax designation } when index < designation.Variables.Count =>
                    (designation.Variables[index] as SingleVariableDesignationSyntax)?.Identifier.ValueText,
                _ => null,
            };
        }

        if (semanticModel.GetTypeInfo(tuple, cancellationToken).ConvertedType is INamedTypeSymbol { IsTupleType: true } type
            && index < type.TupleElements.Length && !type.TupleElements[index].Name.StartsWith("Item", System.StringComparison.Ordinal))
        {
            return type.TupleElements[index].Name;
        }

        // ("client_secret", "…"): a pair whose first element names the second.
        return index == 1 && tuple.Arguments.Count == 2 ? LiteralText(tuple.Arguments[0].Expression) : null;
    }

    /// <summary>The name a literal is compared with: the other operand's name when it means secret, else (for a plain variable) the enclosing member's.</summary>
    private static string? ComparedName(ExpressionSyntax other, SyntaxNode comparison)
    {
        var name = other switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            ConditionalAccessExpressionSyntax { WhenNotNull: MemberBindingExpressionSyntax binding } => binding.Name.Identifier.ValueText,
            _ => null,
        };
        if (name is not null && SecretNames.IsSecretName(name))
        {
            return name;
        }

        // IsValidApiKey(string presented) => presented == "…": a plain variable (a parameter or local) checked inside a
        // secret-named member. A member access (response.Status == "…") is something else the member happens to look at.
        return other is IdentifierNameSyntax ? MemberName(EnclosingMember(comparison)) ?? name : name;
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

        // string.Equals(presented, "…"), presented.Equals("…"), CryptographicOperations.FixedTimeEquals(…).
        if (list.Parent is InvocationExpressionSyntax comparison && InvokedName(comparison) is "Equals" or "CompareOrdinal" or "Compare" or "SequenceEqual" or "FixedTimeEquals")
        {
            if (index > 0 && list.Arguments[0].Expression is { } first && first != argument.Expression)
            {
                return ComparedName(first, comparison);
            }

            if (index == 0 && list.Arguments.Count > 1)
            {
                return ComparedName(list.Arguments[1].Expression, comparison);
            }

            if (comparison.Expression is MemberAccessExpressionSyntax { Expression: { } receiver })
            {
                return ComparedName(receiver, comparison);
            }
        }

        // Add("Authorization", "Bearer …"), Add("Password", "…"), AddHeader(…): the key argument names the value.
        if (index == 1 && list.Arguments.Count == 2 && list.Parent is InvocationExpressionSyntax invocation
            && LiteralText(list.Arguments[0].Expression) is { } key
            && InvokedName(invocation) is { } method && (method.StartsWith("Add", System.StringComparison.Ordinal) || method is "Set" or "TryAdd" or "SetEnvironmentVariable"))
        {
            return key;
        }

        // new KeyValuePair<string, string>("client_secret", "…"), new("password", "…") in form content, Tuple.Create.
        if (index == 1 && list.Arguments.Count == 2 && LiteralText(list.Arguments[0].Expression) is { } pairKey
            && list.Parent is BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax
            && semanticModel.GetSymbolInfo(list.Parent, cancellationToken).Symbol is IMethodSymbol { ContainingType.Name: "KeyValuePair" or "Tuple" or "ValueTuple" })
        {
            return pairKey;
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
        AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax property } => property.Identifier.ValueText,
        IndexerDeclarationSyntax or ConstructorDeclarationSyntax => null,
        _ => null,
    };

    private static string StripSuffix(string name, string suffix) =>
        name.Length > suffix.Length && name.EndsWith(suffix, System.StringComparison.Ordinal) ? name.Substring(0, name.Length - suffix.Length) : name;

    // GetApiKey() returns an API key.
    private static string StripGet(string name) =>
        name.Length > 3 && name.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(name[3]) ? name.Substring(3) : name;
}
