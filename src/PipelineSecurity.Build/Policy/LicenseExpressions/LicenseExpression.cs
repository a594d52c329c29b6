using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Policy.LicenseExpressions;

/// <summary>An SPDX licence expression: a licence id (optionally <c>WITH</c> an exception), or <c>AND</c>/<c>OR</c> of two.</summary>
internal abstract class LicenseExpression
{
    /// <summary>The expression written back in canonical form (ids as given, operators upper-case, parentheses where needed).</summary>
    public abstract override string ToString();
}

/// <summary>A licence id such as <c>MIT</c> or <c>LicenseRef-Contoso</c>, with an optional exception (<c>GPL-2.0-only WITH Classpath-exception-2.0</c>).</summary>
internal sealed class LicenseLeaf : LicenseExpression
{
    public LicenseLeaf(string id, bool orLater, string? exception)
    {
        Id = id;
        OrLater = orLater;
        Exception = exception;
    }

    public string Id { get; }

    /// <summary>The deprecated <c>+</c> suffix ("this version or later").</summary>
    public bool OrLater { get; }

    public string? Exception { get; }

    public override string ToString() => Id + (OrLater ? "+" : "") + (Exception is null ? "" : " WITH " + Exception);

    /// <summary>The licence without its exception, as it would appear in an allow list.</summary>
    public string LicenseOnly => Id + (OrLater ? "+" : "");
}

internal enum LicenseOperator
{
    And,
    Or,
}

internal sealed class LicenseCombination : LicenseExpression
{
    public LicenseCombination(LicenseOperator op, LicenseExpression left, LicenseExpression right)
    {
        Operator = op;
        Left = left;
        Right = right;
    }

    public LicenseOperator Operator { get; }

    public LicenseExpression Left { get; }

    public LicenseExpression Right { get; }

    public override string ToString()
    {
        // AND binds tighter than OR: an OR inside an AND needs parentheses.
        string Side(LicenseExpression side) =>
            Operator == LicenseOperator.And && side is LicenseCombination { Operator: LicenseOperator.Or } ? "(" + side + ")" : side.ToString();
        return Side(Left) + (Operator == LicenseOperator.And ? " AND " : " OR ") + Side(Right);
    }
}

/// <summary>The text is not a valid SPDX expression; <see cref="Offset"/> is the 0-based character where it goes wrong.</summary>
internal sealed class LicenseExpressionException : Exception
{
    public LicenseExpressionException(string message, int offset)
        : base(message) => Offset = offset;

    public int Offset { get; }
}

internal static class LicenseIds
{
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    public static HashSet<string> NewSet() => new(Comparer);
}
