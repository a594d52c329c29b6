using System;
using System.Collections.Generic;
using System.Text;

namespace PipelineSecurity.Build.Pipelines.Expressions;

/// <summary>
/// A recursive-descent parser for GitHub Actions expressions, following the documented grammar: literals (<c>null</c>,
/// booleans, numbers, single-quoted strings with <c>''</c> escapes), contexts, <c>.name</c> / <c>.*</c> / <c>[index]</c>
/// accesses, function calls, <c>!</c>, comparisons, <c>&amp;&amp;</c> and <c>||</c>, parentheses. Depth and length are
/// bounded; anything it cannot parse yields false (an invalid expression fails the workflow on GitHub anyway).
/// </summary>
internal sealed class ExpressionParser
{
    private const int MaximumDepth = 64;
    private const int MaximumLength = 20_000;

    private readonly string _text;
    private int _position;
    private int _depth;

    private ExpressionParser(string text) => _text = text;

    public static bool TryParse(string text, out Expression expression)
    {
        expression = null!;
        if (text.Length > MaximumLength)
        {
            return false;
        }

        var parser = new ExpressionParser(text);
        try
        {
            var parsed = parser.ParseOr();
            parser.SkipSpaces();
            if (parsed is null || parser._position != text.Length)
            {
                return false;
            }

            expression = parsed;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private Expression? ParseOr()
    {
        var left = ParseAnd();
        while (left is not null && Take("||"))
        {
            left = new BinaryExpression("||", left, ParseAnd() ?? throw new FormatException());
        }

        return left;
    }

    private Expression? ParseAnd()
    {
        var left = ParseComparison();
        while (left is not null && Take("&&"))
        {
            left = new BinaryExpression("&&", left, ParseComparison() ?? throw new FormatException());
        }

        return left;
    }

    private Expression? ParseComparison()
    {
        var left = ParseUnary();
        while (left is not null)
        {
            string? op = Take("==") ? "==" : Take("!=") ? "!=" : Take("<=") ? "<=" : Take(">=") ? ">=" : Take("<") ? "<" : Take(">") ? ">" : null;
            if (op is null)
            {
                break;
            }

            left = new BinaryExpression(op, left, ParseUnary() ?? throw new FormatException());
        }

        return left;
    }

    private Expression? ParseUnary()
    {
        SkipSpaces();
        if (Peek() == '!' && PeekAt(1) != '=')
        {
            _position++;
            Enter();
            var operand = ParseUnary() ?? throw new FormatException();
            _depth--;
            return new UnaryExpression("!", operand);
        }

        return ParsePostfix();
    }

    private Expression? ParsePostfix()
    {
        var target = ParsePrimary();
        if (target is null)
        {
            return null;
        }

        while (true)
        {
            SkipSpaces();
            if (Peek() == '.' && !char.IsDigit(PeekAt(1)))
            {
                _position++;
                SkipSpaces();
                if (Peek() == '*')
                {
                    _position++;
                    target = new MemberExpression(target, "*");
                }
                else
                {
                    target = new MemberExpression(target, ReadIdentifier() ?? throw new FormatException());
                }
            }
            else if (Peek() == '[')
            {
                _position++;
                Enter();
                var index = ParseOr() ?? throw new FormatException();
                _depth--;
                Expect(']');
                target = new IndexExpression(target, index);
            }
            else
            {
                return target;
            }
        }
    }

    private Expression? ParsePrimary()
    {
        SkipSpaces();
        var c = Peek();
        if (c == '(')
        {
            _position++;
            Enter();
            var inner = ParseOr() ?? throw new FormatException();
            _depth--;
            Expect(')');
            return inner;
        }

        if (c == '\'')
        {
            return new LiteralExpression(ReadString());
        }

        if (char.IsDigit(c) || ((c == '-' || c == '+' || c == '.') && char.IsDigit(PeekAt(1))))
        {
            return new LiteralExpression(ReadNumber());
        }

        var identifier = ReadIdentifier();
        if (identifier is null)
        {
            return null;
        }

        SkipSpaces();
        if (Peek() == '(')
        {
            _position++;
            Enter();
            var arguments = new List<Expression>();
            SkipSpaces();
            if (Peek() != ')')
            {
                do
                {
                    arguments.Add(ParseOr() ?? throw new FormatException());
                }
                while (Take(","));
            }

            _depth--;
            Expect(')');
            return new CallExpression(identifier, arguments);
        }

        return identifier switch
        {
            "true" or "false" or "null" => new LiteralExpression(identifier),
            _ => new ContextExpression(identifier),
        };
    }

    private string ReadString()
    {
        var value = new StringBuilder();
        _position++;
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '\'')
            {
                if (Peek() != '\'')
                {
                    return value.ToString();
                }

                _position++;
            }

            value.Append(c);
        }

        throw new FormatException();
    }

    private string ReadNumber()
    {
        var start = _position;
        _position++;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '.' or '+' or '-')
               && !(_text[_position] is '+' or '-' && _text[_position - 1] is not ('e' or 'E')))
        {
            _position++;
        }

        return _text.Substring(start, _position - start);
    }

    private string? ReadIdentifier()
    {
        var start = _position;
        if (_position < _text.Length && (char.IsLetter(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
            while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '_' or '-'))
            {
                _position++;
            }

            return _text.Substring(start, _position - start);
        }

        return null;
    }

    private bool Take(string token)
    {
        SkipSpaces();
        if (string.CompareOrdinal(_text, _position, token, 0, token.Length) == 0)
        {
            _position += token.Length;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (Peek() != c)
        {
            throw new FormatException();
        }

        _position++;
    }

    private void Enter()
    {
        if (++_depth > MaximumDepth)
        {
            throw new FormatException();
        }
    }

    private void SkipSpaces()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private char PeekAt(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';
}
