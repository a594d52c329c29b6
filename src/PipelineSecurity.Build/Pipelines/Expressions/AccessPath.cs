using System;
using System.Collections.Generic;
using System.Linq;

namespace PipelineSecurity.Build.Pipelines.Expressions;

/// <summary>
/// A context property path such as <c>github.event.issue.title</c>; <c>*</c> stands for the object filter or an index
/// that is not a constant string. Context and property names are case-insensitive, as on GitHub.
/// </summary>
internal sealed class AccessPath
{
    private AccessPath(IReadOnlyList<string> segments) => Segments = segments;

    public IReadOnlyList<string> Segments { get; }

    public override string ToString() => string.Join(".", Segments);

    /// <summary>The path of an access chain (<c>a.b[c].d</c>), or null when the chain does not start at a context.</summary>
    public static AccessPath? Of(Expression expression)
    {
        var segments = new List<string>();
        var current = expression;
        while (true)
        {
            switch (current)
            {
                case MemberExpression member:
                    segments.Add(member.Name);
                    current = member.Target;
                    continue;
                case IndexExpression index:
                    segments.Add(index.Index is LiteralExpression literal && !IsNumber(literal.Text) ? literal.Text : "*");
                    current = index.Target;
                    continue;
                case ContextExpression context:
                    segments.Add(context.Name);
                    segments.Reverse();
                    return new AccessPath(segments);
                default:
                    return null;
            }
        }
    }

    public static AccessPath Parse(string dotted) => new(dotted.Split('.'));

    /// <summary>This path with one more property.</summary>
    public AccessPath Append(string segment) => new(new List<string>(Segments) { segment });

    public bool StartsWith(string context) => Segments.Count > 0 && string.Equals(Segments[0], context, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether this path reaches data the <paramref name="pattern"/> describes: the same path (<c>*</c> matching any one
    /// segment on either side), or an object that contains it (<c>github.event.pull_request</c> contains its title).
    /// </summary>
    public bool Reaches(AccessPath pattern)
    {
        if (Segments.Count > pattern.Segments.Count)
        {
            return false;
        }

        for (var i = 0; i < Segments.Count; i++)
        {
            var mine = Segments[i];
            var theirs = pattern.Segments[i];
            if (mine != "*" && theirs != "*" && !string.Equals(mine, theirs, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNumber(string text) => text.Length > 0 && (char.IsDigit(text[0]) || text[0] is '-' or '+' or '.');
}

/// <summary>Which context values can end up in the text an expression produces (data flow over the AST).</summary>
internal static class ExpressionFlow
{
    /// <summary>
    /// The access paths whose value (or part of it) can appear in the expression's result: an access itself;
    /// <c>format</c>, <c>join</c>, <c>toJSON</c>, <c>fromJSON</c> and <c>case</c> pass their arguments through; <c>&amp;&amp;</c>
    /// and <c>||</c> return one of their operands. Comparisons, <c>!</c> and predicates (<c>contains</c>, <c>startsWith</c>,
    /// <c>endsWith</c>, <c>success</c>…) yield booleans, and <c>hashFiles</c> a hash: nothing flows through them.
    /// </summary>
    public static List<AccessPath> ValueSources(Expression expression)
    {
        var sources = new List<AccessPath>();
        Collect(expression, sources, 0);
        return sources;
    }

    private static void Collect(Expression expression, List<AccessPath> sources, int depth)
    {
        if (depth > 64)
        {
            return;
        }

        switch (expression)
        {
            case ContextExpression or MemberExpression or IndexExpression:
                var path = AccessPath.Of(expression);
                if (path is not null)
                {
                    sources.Add(path);
                }
                else if (expression is MemberExpression { Target: CallExpression or IndexExpression { Target: CallExpression } } member)
                {
                    // fromJSON(x).field: the field of whatever text x held, which is as much x's as the text.
                    Collect(member.Target, sources, depth + 1);
                }
                else if (expression is MemberExpression { Target: var target, Name: var name })
                {
                    // (a || b).number: that property of whichever object the operands give.
                    var objects = new List<AccessPath>();
                    Collect(target, objects, depth + 1);
                    sources.AddRange(objects.Select(o => o.Append(name)));
                }
                else if (expression is IndexExpression { Target: var indexed })
                {
                    Collect(indexed, sources, depth + 1);
                }

                break;
            case CallExpression call:
                switch (call.Function.ToLowerInvariant())
                {
                    case "format":
                    case "join":
                    case "tojson":
                    case "fromjson":
                    case "case":
                        foreach (var argument in call.Arguments)
                        {
                            Collect(argument, sources, depth + 1);
                        }

                        break;
                }

                break;
            case BinaryExpression { Operator: "&&" or "||" } logical:
                Collect(logical.Left, sources, depth + 1);
                Collect(logical.Right, sources, depth + 1);
                break;
        }
    }
}
