using System.Collections.Generic;

namespace PipelineSecurity.Build.Pipelines.Expressions;

/// <summary>
/// The abstract syntax tree of a GitHub Actions expression (the text inside <c>${{ … }}</c>, or an <c>if:</c> condition):
/// literals, contexts with property and index accesses, function calls, and the unary/binary operators.
/// </summary>
internal abstract class Expression
{
}

internal sealed class LiteralExpression : Expression
{
    public LiteralExpression(string text) => Text = text;

    /// <summary>The literal as written: a number, <c>true</c>/<c>false</c>/<c>null</c>, or a string's unquoted value.</summary>
    public string Text { get; }
}

/// <summary>A named context at the root of an access path: <c>github</c>, <c>inputs</c>, <c>env</c>, <c>matrix</c>…</summary>
internal sealed class ContextExpression : Expression
{
    public ContextExpression(string name) => Name = name;

    public string Name { get; }
}

/// <summary><c>target.name</c>, or <c>target.*</c> (the object filter) when <see cref="Name"/> is <c>*</c>.</summary>
internal sealed class MemberExpression : Expression
{
    public MemberExpression(Expression target, string name)
    {
        Target = target;
        Name = name;
    }

    public Expression Target { get; }

    public string Name { get; }
}

/// <summary><c>target[index]</c>.</summary>
internal sealed class IndexExpression : Expression
{
    public IndexExpression(Expression target, Expression index)
    {
        Target = target;
        Index = index;
    }

    public Expression Target { get; }

    public Expression Index { get; }
}

internal sealed class CallExpression : Expression
{
    public CallExpression(string function, IReadOnlyList<Expression> arguments)
    {
        Function = function;
        Arguments = arguments;
    }

    public string Function { get; }

    public IReadOnlyList<Expression> Arguments { get; }
}

internal sealed class UnaryExpression : Expression
{
    public UnaryExpression(string op, Expression operand)
    {
        Operator = op;
        Operand = operand;
    }

    public string Operator { get; }

    public Expression Operand { get; }
}

internal sealed class BinaryExpression : Expression
{
    public BinaryExpression(string op, Expression left, Expression right)
    {
        Operator = op;
        Left = left;
        Right = right;
    }

    public string Operator { get; }

    public Expression Left { get; }

    public Expression Right { get; }
}
