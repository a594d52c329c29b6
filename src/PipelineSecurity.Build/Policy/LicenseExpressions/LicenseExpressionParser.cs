using System.Collections.Generic;

namespace PipelineSecurity.Build.Policy.LicenseExpressions;

/// <summary>
/// Recursive-descent parser of SPDX licence expressions (SPDX 2.3 annex D): operators are case-insensitive here
/// because real nuspecs write "mit or apache-2.0"; AND binds tighter than OR; WITH binds tightest; parentheses group.
/// Linear in the input; nesting is bounded so hostile input cannot exhaust the stack.
/// </summary>
internal static class LicenseExpressionParser
{
    private const int MaxLength = 4096;
    private const int MaxNesting = 32;

    public static LicenseExpression Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new LicenseExpressionException($"the expression is longer than {MaxLength} characters", MaxLength);
        }

        var tokens = Tokenize(text);
        var parser = new Parser(tokens, text.Length);
        var expression = parser.ParseOr(0);
        if (parser.Position < tokens.Count)
        {
            var extra = tokens[parser.Position];
            throw new LicenseExpressionException($"unexpected '{extra.Text}'", extra.Offset);
        }

        return expression;
    }

    public static bool TryParse(string text, out LicenseExpression? expression, out string? error)
    {
        try
        {
            expression = Parse(text);
            error = null;
            return true;
        }
        catch (LicenseExpressionException failure)
        {
            expression = null;
            error = $"{failure.Message} at character {failure.Offset + 1}";
            return false;
        }
    }

    private readonly record struct Token(string Text, int Offset);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new Token(c.ToString(), i));
                i++;
            }
            else if (IsIdChar(c))
            {
                var start = i;
                while (i < text.Length && IsIdChar(text[i]))
                {
                    i++;
                }

                tokens.Add(new Token(text.Substring(start, i - start), start));
            }
            else
            {
                throw new LicenseExpressionException($"'{c}' cannot appear in a licence expression", i);
            }
        }

        return tokens;
    }

    // idstring = 1*(ALPHA / DIGIT / "-" / "." ); "+" is the or-later suffix; ':' for DocumentRef-x:LicenseRef-y.
    private static bool IsIdChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '+' or ':';

    private static bool IsKeyword(string text, string keyword) => string.Equals(text, keyword, System.StringComparison.OrdinalIgnoreCase);

    private sealed class Parser
    {
        private readonly List<Token> _tokens;
        private readonly int _end;

        public Parser(List<Token> tokens, int end)
        {
            _tokens = tokens;
            _end = end;
        }

        public int Position { get; private set; }

        public LicenseExpression ParseOr(int depth)
        {
            var left = ParseAnd(depth);
            while (Peek("OR"))
            {
                Position++;
                left = new LicenseCombination(LicenseOperator.Or, left, ParseAnd(depth));
            }

            return left;
        }

        private LicenseExpression ParseAnd(int depth)
        {
            var left = ParsePrimary(depth);
            while (Peek("AND"))
            {
                Position++;
                left = new LicenseCombination(LicenseOperator.And, left, ParsePrimary(depth));
            }

            return left;
        }

        private LicenseExpression ParsePrimary(int depth)
        {
            if (Position >= _tokens.Count)
            {
                throw new LicenseExpressionException("a licence id is missing", _end);
            }

            var token = _tokens[Position];
            if (token.Text == "(")
            {
                if (depth >= MaxNesting)
                {
                    throw new LicenseExpressionException($"parentheses nest deeper than {MaxNesting}", token.Offset);
                }

                Position++;
                var inner = ParseOr(depth + 1);
                if (Position >= _tokens.Count || _tokens[Position].Text != ")")
                {
                    throw new LicenseExpressionException("a ')' is missing", Position < _tokens.Count ? _tokens[Position].Offset : _end);
                }

                Position++;
                return inner;
            }

            if (token.Text == ")" || IsKeyword(token.Text, "AND") || IsKeyword(token.Text, "OR") || IsKeyword(token.Text, "WITH"))
            {
                throw new LicenseExpressionException($"a licence id is expected, not '{token.Text}'", token.Offset);
            }

            Position++;
            var id = token.Text;
            var orLater = id.EndsWith("+", System.StringComparison.Ordinal);
            if (orLater)
            {
                id = id.Substring(0, id.Length - 1);
            }

            if (id.Length == 0 || id.IndexOf('+') >= 0)
            {
                throw new LicenseExpressionException($"'{token.Text}' is not a licence id", token.Offset);
            }

            string? exception = null;
            if (Peek("WITH"))
            {
                Position++;
                if (Position >= _tokens.Count || _tokens[Position].Text is "(" or ")")
                {
                    throw new LicenseExpressionException("an exception id is missing after WITH", Position < _tokens.Count ? _tokens[Position].Offset : _end);
                }

                exception = _tokens[Position].Text;
                Position++;
            }

            return new LicenseLeaf(id, orLater, exception);
        }

        private bool Peek(string keyword) => Position < _tokens.Count && IsKeyword(_tokens[Position].Text, keyword);
    }
}
