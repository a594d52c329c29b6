using System;
using PipelineSecurity.Build.Policy.LicenseExpressions;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy.LicenseExpressions;

public sealed class LicenseExpressionTests
{
    [Theory]
    [InlineData("MIT", "MIT")]
    [InlineData("mit or apache-2.0", "mit OR apache-2.0")]
    [InlineData("MIT AND BSD-3-Clause OR Apache-2.0", "MIT AND BSD-3-Clause OR Apache-2.0")]
    [InlineData("MIT AND (BSD-3-Clause OR Apache-2.0)", "MIT AND (BSD-3-Clause OR Apache-2.0)")]
    [InlineData("((MIT))", "MIT")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0")]
    [InlineData("GPL-2.0+", "GPL-2.0+")]
    [InlineData("LicenseRef-Contoso-1.0 OR MIT", "LicenseRef-Contoso-1.0 OR MIT")]
    public void Parses_and_writes_back_canonically(string text, string canonical)
    {
        Assert.Equal(canonical, LicenseExpressionParser.Parse(text).ToString());
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        var expression = Assert.IsType<LicenseCombination>(LicenseExpressionParser.Parse("MIT AND BSD-3-Clause OR Apache-2.0"));

        Assert.Equal(LicenseOperator.Or, expression.Operator);
        Assert.Equal("MIT AND BSD-3-Clause", expression.Left.ToString());
    }

    [Theory]
    [InlineData("", "a licence id is missing")]
    [InlineData("MIT AND", "a licence id is missing")]
    [InlineData("MIT OR OR Apache-2.0", "a licence id is expected, not 'OR'")]
    [InlineData("(MIT", "a ')' is missing")]
    [InlineData("MIT)", "unexpected ')'")]
    [InlineData("MIT Apache-2.0", "unexpected 'Apache-2.0'")]
    [InlineData("GPL-2.0 WITH", "an exception id is missing after WITH")]
    [InlineData("MIT/Apache", "'/' cannot appear")]
    [InlineData("https://example.com/license", "'/' cannot appear")]
    public void Rejects_invalid_expressions_with_a_reason(string text, string reason)
    {
        Assert.False(LicenseExpressionParser.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Deep_nesting_is_refused_rather_than_exhausting_the_stack()
    {
        var text = new string('(', 40) + "MIT" + new string(')', 40);

        Assert.False(LicenseExpressionParser.TryParse(text, out _, out var error));
        Assert.Contains("nest deeper", error);
    }

    private static LicenseStanding Evaluate(string expression, string[]? allowed, params string[] denied)
    {
        var evaluator = new LicenseExpressionEvaluator(
            allowed is null ? null : System.Array.ConvertAll(allowed, LicenseExpressionParser.Parse),
            System.Array.ConvertAll(denied, LicenseExpressionParser.Parse));
        return evaluator.Evaluate(LicenseExpressionParser.Parse(expression));
    }

    [Theory]
    [InlineData("MIT", nameof(LicenseStanding.Allowed))]
    [InlineData("mit", nameof(LicenseStanding.Allowed))]
    [InlineData("GPL-3.0-only", nameof(LicenseStanding.Denied))]
    [InlineData("MPL-2.0", nameof(LicenseStanding.NotAllowed))]
    [InlineData("MIT OR GPL-3.0-only", nameof(LicenseStanding.Allowed))]
    [InlineData("GPL-3.0-only OR MIT", nameof(LicenseStanding.Allowed))]
    [InlineData("MIT AND GPL-3.0-only", nameof(LicenseStanding.Denied))]
    [InlineData("MIT AND Apache-2.0", nameof(LicenseStanding.Allowed))]
    [InlineData("MIT AND MPL-2.0", nameof(LicenseStanding.NotAllowed))]
    [InlineData("(MIT AND GPL-3.0-only) OR (Apache-2.0 AND MPL-2.0)", nameof(LicenseStanding.NotAllowed))]
    [InlineData("(MIT AND GPL-3.0-only) OR (Apache-2.0 AND BSD-3-Clause)", nameof(LicenseStanding.Allowed))]
    [InlineData("MPL-2.0 OR GPL-3.0-only", nameof(LicenseStanding.NotAllowed))]
    [InlineData("Apache-2.0 WITH LLVM-exception", nameof(LicenseStanding.Allowed))]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0", nameof(LicenseStanding.Allowed))]
    [InlineData("GPL-2.0-only", nameof(LicenseStanding.NotAllowed))]
    [InlineData("GPL-3.0-only WITH GCC-exception-3.1", nameof(LicenseStanding.Denied))]
    public void Or_takes_the_best_side_and_with_needs_the_pair_or_the_licence(string expression, string expected)
    {
        var allowed = new[] { "MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-only WITH Classpath-exception-2.0" };

        Assert.Equal(Enum.Parse<LicenseStanding>(expected), Evaluate(expression, allowed, "GPL-3.0-only"));
    }

    [Fact]
    public void Without_an_allow_list_everything_not_denied_is_allowed()
    {
        Assert.Equal(LicenseStanding.Allowed, Evaluate("MPL-2.0 AND MIT", null, "GPL-3.0-only"));
        Assert.Equal(LicenseStanding.Denied, Evaluate("MPL-2.0 AND GPL-3.0-only", null, "GPL-3.0-only"));
    }

    [Fact]
    public void A_whole_expression_can_be_allowed_as_a_reviewed_decision()
    {
        Assert.Equal(LicenseStanding.Allowed, Evaluate("MPL-2.0 AND LGPL-2.1-only", new[] { "MIT", "MPL-2.0 AND LGPL-2.1-only" }));
        Assert.Equal(LicenseStanding.NotAllowed, Evaluate("MPL-2.0", new[] { "MIT", "MPL-2.0 AND LGPL-2.1-only" }));
    }

    [Fact]
    public void Names_only_the_licences_that_make_it_fall_short()
    {
        var evaluator = new LicenseExpressionEvaluator(new[] { LicenseExpressionParser.Parse("MIT") }, System.Array.Empty<LicenseExpression>());

        Assert.Equal(new[] { "MPL-2.0" }, evaluator.Offending(LicenseExpressionParser.Parse("MIT AND MPL-2.0")));
        Assert.Empty(evaluator.Offending(LicenseExpressionParser.Parse("MIT OR MPL-2.0")));
    }
}
