using System.Collections.Generic;

namespace PipelineSecurity.Build.Pipelines.Expressions;

/// <summary>One <c>${{ … }}</c> occurrence in a string: where it is (offsets in the string) and its parsed body.</summary>
internal readonly struct TemplateExpression
{
    public TemplateExpression(int start, int length, string body, Expression? parsed)
    {
        Start = start;
        Length = length;
        Body = body;
        Parsed = parsed;
    }

    public int Start { get; }

    public int Length { get; }

    public string Body { get; }

    /// <summary>Null when the body is not a valid expression.</summary>
    public Expression? Parsed { get; }
}

/// <summary>Finds the <c>${{ … }}</c> occurrences of a string, skipping <c>}}</c> inside quoted expression strings.</summary>
internal static class TemplateExpressions
{
    public static List<TemplateExpression> Find(string text)
    {
        var found = new List<TemplateExpression>();
        var i = 0;
        while (true)
        {
            var open = text.IndexOf("${{", i, System.StringComparison.Ordinal);
            if (open < 0)
            {
                return found;
            }

            var j = open + 3;
            var inString = false;
            var close = -1;
            for (; j < text.Length - 1; j++)
            {
                var c = text[j];
                if (c == '\'')
                {
                    inString = !inString;
                }
                else if (!inString && c == '}' && text[j + 1] == '}')
                {
                    close = j;
                    break;
                }
            }

            if (close < 0)
            {
                return found;
            }

            var body = text.Substring(open + 3, close - open - 3);
            found.Add(new TemplateExpression(open, close + 2 - open, body, ExpressionParser.TryParse(body, out var parsed) ? parsed : null));
            i = close + 2;
        }
    }

    /// <summary>Whether the whole string is one expression and nothing else (e.g. <c>ref: ${{ github.head_ref }}</c>).</summary>
    public static bool ContainsExpression(string text) => text.IndexOf("${{", System.StringComparison.Ordinal) >= 0;
}
