using System.Collections.Generic;
using System.Linq;

namespace PipelineSecurity.Build.Policy.LicenseExpressions;

/// <summary>How one licence (or expression) stands against the policy, best first.</summary>
internal enum LicenseStanding
{
    /// <summary>In the allow list (or there is no allow list and it is not denied).</summary>
    Allowed = 0,

    /// <summary>There is an allow list and this licence is not in it.</summary>
    NotAllowed = 1,

    /// <summary>In the deny list.</summary>
    Denied = 2,
}

/// <summary>
/// Decides an expression against allow and deny lists the way licence compliance reads SPDX: <c>OR</c> lets the
/// consumer pick, so the expression is as good as its best side; <c>AND</c> imposes both, so it is as bad as its
/// worst side. A <c>WITH</c> leaf is allowed when the exact "licence WITH exception" or the licence alone is allowed
/// (an exception only adds permissions), and denied when either is denied.
/// </summary>
internal sealed class LicenseExpressionEvaluator
{
    private readonly HashSet<string>? _allowed;
    private readonly HashSet<string> _denied;
    private readonly List<LicenseExpression> _allowedCompound;
    private readonly List<LicenseExpression> _deniedCompound;

    /// <param name="allowed">Allowed ids or expressions; null means every licence not denied is allowed.</param>
    /// <param name="denied">Denied ids or expressions.</param>
    public LicenseExpressionEvaluator(IEnumerable<LicenseExpression>? allowed, IEnumerable<LicenseExpression> denied)
    {
        _allowedCompound = new List<LicenseExpression>();
        _deniedCompound = new List<LicenseExpression>();
        if (allowed is not null)
        {
            _allowed = LicenseIds.NewSet();
            Split(allowed, _allowed, _allowedCompound);
        }

        _denied = LicenseIds.NewSet();
        Split(denied, _denied, _deniedCompound);
    }

    public LicenseStanding Evaluate(LicenseExpression expression)
    {
        // A whole expression listed as is (e.g. "MIT OR GPL-2.0-only" allowed by a reviewed decision) decides first.
        var text = expression.ToString();
        if (_deniedCompound.Any(d => LicenseIds.Comparer.Equals(d.ToString(), text)))
        {
            return LicenseStanding.Denied;
        }

        if (_allowedCompound.Any(a => LicenseIds.Comparer.Equals(a.ToString(), text)))
        {
            return LicenseStanding.Allowed;
        }

        switch (expression)
        {
            case LicenseCombination { Operator: LicenseOperator.Or } or:
                return Best(Evaluate(or.Left), Evaluate(or.Right));
            case LicenseCombination and:
                return Worst(Evaluate(and.Left), Evaluate(and.Right));
            default:
                return EvaluateLeaf((LicenseLeaf)expression);
        }
    }

    /// <summary>The licences that make the expression fall short: the leaves that are not allowed on the chosen sides.</summary>
    public IReadOnlyList<string> Offending(LicenseExpression expression)
    {
        var result = new List<string>();
        Collect(expression, result);
        return result;
    }

    private void Collect(LicenseExpression expression, List<string> result)
    {
        if (Evaluate(expression) == LicenseStanding.Allowed)
        {
            return;
        }

        switch (expression)
        {
            case LicenseCombination { Operator: LicenseOperator.Or } or:
                // Only the better side matters: the consumer would pick it.
                var left = Evaluate(or.Left);
                var right = Evaluate(or.Right);
                Collect(left <= right ? or.Left : or.Right, result);
                break;
            case LicenseCombination and:
                Collect(and.Left, result);
                Collect(and.Right, result);
                break;
            default:
                result.Add(expression.ToString());
                break;
        }
    }

    private LicenseStanding EvaluateLeaf(LicenseLeaf leaf)
    {
        var full = leaf.ToString();
        var bare = leaf.LicenseOnly;
        if (_denied.Contains(full) || _denied.Contains(bare))
        {
            return LicenseStanding.Denied;
        }

        if (_allowed is null || _allowed.Contains(full) || _allowed.Contains(bare))
        {
            return LicenseStanding.Allowed;
        }

        return LicenseStanding.NotAllowed;
    }

    private static LicenseStanding Best(LicenseStanding a, LicenseStanding b) => a <= b ? a : b;

    private static LicenseStanding Worst(LicenseStanding a, LicenseStanding b) => a >= b ? a : b;

    private static void Split(IEnumerable<LicenseExpression> entries, HashSet<string> leaves, List<LicenseExpression> compound)
    {
        foreach (var entry in entries)
        {
            if (entry is LicenseLeaf)
            {
                leaves.Add(entry.ToString());
            }
            else
            {
                compound.Add(entry);
            }
        }
    }
}
