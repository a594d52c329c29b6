using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>How a finding is shown: the SARIF levels code scanning understands.</summary>
internal enum FindingLevel
{
    Note,
    Warning,
    Error,
}

/// <summary>Why a finding does not count: a policy exception, NuGetAudit's own suppression, or the baseline.</summary>
internal sealed record FindingSuppression(string Source, string Justification)
{
    /// <summary>A policy exception (owner and expiry in <see cref="Properties"/>).</summary>
    public const string PolicyException = "policy-exception";

    /// <summary>A NuGetAuditSuppress item of the project.</summary>
    public const string NuGetAuditSuppress = "NuGetAuditSuppress";

    /// <summary>An entry of pipeline-security.baseline.json.</summary>
    public const string Baseline = "baseline";

    /// <summary>#pragma or [SuppressMessage] in the source (SARIF kind "inSource").</summary>
    public const string InSource = "in-source";

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// One finding, whatever reported it (the compiler's analyzers, a policy verdict, a workflow check): the single model
/// the upload SARIF, the baseline and the job summary are projections of. <see cref="File"/> is a full path; the
/// writers make it relative to the source root. No field ever holds a secret's value.
/// </summary>
internal sealed record ScanFinding(string RuleId, FindingLevel Level, string Message, string? File, int StartLine, int StartColumn)
{
    public int EndLine { get; init; }

    public int EndColumn { get; init; }

    /// <summary>Where the finding came from: <see cref="Sources"/>.</summary>
    public string Source { get; init; } = Sources.Analyzer;

    /// <summary>
    /// What identifies the finding apart from its line: for code, the normalized text of its region (read from the
    /// file and only ever hashed); for a policy verdict, what it is about (package, advisory). Empty: the message.
    /// </summary>
    public string? IdentityText { get; init; }

    /// <summary>Set by <see cref="FindingFingerprints.Assign"/>; stable across line moves.</summary>
    public string? Fingerprint { get; init; }

    public FindingSuppression? Suppression { get; init; }

    /// <summary>The policy code that gates this finding (PSF6006 for an analyzer finding in enforce mode), if any.</summary>
    public string? PolicyCode { get; init; }

    /// <summary>A short name of what the finding is about (a package, a rule and file), for summaries.</summary>
    public string? Subject { get; init; }

    /// <summary>What produced the finding (a policy verdict), so its reporter can see what the baseline decided.</summary>
    public object? Origin { get; init; }

    /// <summary>False for findings a baseline must never hide (an expired policy exception).</summary>
    public bool Baselinable { get; init; } = true;

    public bool Suppressed => Suppression is not null;
}

internal static class Sources
{
    public const string Analyzer = "analyzer";
    public const string Policy = "policy";
    public const string Pipeline = "pipeline";

    public static bool IsKnown(string source) =>
        string.Equals(source, Analyzer, StringComparison.Ordinal) || string.Equals(source, Policy, StringComparison.Ordinal) || string.Equals(source, Pipeline, StringComparison.Ordinal);
}
