using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy.Checks;

/// <summary>The "baseline" section: whether the baseline of known findings may only shrink in enforce mode.</summary>
internal sealed record BaselineRules(bool ShrinkOnly, TextPosition? Position)
{
    public static BaselineRules Default { get; } = new(false, null);
}

/// <summary>
/// "baseline": the findings a team accepted when it turned the gate on (pipeline-security.baseline.json beside the
/// policy file). Matching needs every other check's verdicts and the analyzers' findings, fingerprinted, so it happens
/// after them, in the code-scanning report (<see cref="CodeScanning.Baseline.BaselineMatcher"/>), like exceptions are
/// applied after the checks: known findings become excused verdicts, and this check's own verdicts are the stale entries
/// (PSF6021) and the new findings a shrink-only baseline refused (PSF6022), which <see cref="Verdicts"/> makes from the
/// report's outcome. Here the check reads its section and decides what an update may do.
/// </summary>
internal sealed class BaselineCheck : PolicyCheck<BaselineRules>
{
    public override IReadOnlyList<string> Sections { get; } = new[] { "baseline" };

    protected override BaselineRules Read(PolicySectionReader reader, IReadOnlyDictionary<string, PositionedJson> sections)
    {
        if (sections.TryGetValue("baseline", out var node) && reader.Object(node, "'baseline'", new[] { "shrinkOnly" }) is { } baseline)
        {
            return new BaselineRules(baseline.TryGetValue("shrinkOnly", out var shrink) && reader.Boolean(shrink, "'baseline.shrinkOnly'"), node.Position);
        }

        return BaselineRules.Default;
    }

    /// <summary>No verdict before the findings are fingerprinted: see <see cref="Verdicts"/>.</summary>
    protected override IEnumerable<PolicyVerdict> Evaluate(BaselineRules rules, PolicyEvaluationRequest request) => Enumerable.Empty<PolicyVerdict>();

    /// <summary>Whether an update in <paramref name="mode"/> may add entries (not in enforce mode under "shrinkOnly").</summary>
    public static bool MayGrow(PolicyDocument policy, PolicyMode mode) =>
        !(mode == PolicyMode.Enforce && (policy.Rules<BaselineRules>() ?? BaselineRules.Default).ShrinkOnly);

    /// <summary>The check's verdicts from the report's baseline diagnostics (stale entries, refused growth): warnings the audit log keeps.</summary>
    public static IEnumerable<PolicyVerdict> Verdicts(IEnumerable<GateDiagnostic> reportDiagnostics) =>
        reportDiagnostics
            .Where(d => d.Severity == GateSeverity.Warning && d.Code is BuildDiagnosticIds.BaselineStale or BuildDiagnosticIds.BaselineGrowthRefused)
            .Select(d => new PolicyVerdict(PolicyChecks.Baseline, d.Code == BuildDiagnosticIds.BaselineStale ? "stale baseline entries" : "baseline growth", VerdictOutcome.Warn, d.Code, d.Message, d.File, d.Line, d.Column));
}
