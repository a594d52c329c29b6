using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy.Exceptions;

/// <summary>
/// The "exceptions" section and the one pass that applies it to every check's verdicts: a failed or warned verdict that
/// a valid exception matches is excused; then every exception gets a verdict of its own: expired (PSF6007, fails), unused
/// (PSF6008, warns), in use, or about another project. The checks know nothing of exceptions.
/// </summary>
internal static class ExceptionPass
{
    public const string Section = "exceptions";

    private static readonly string[] Keys = { "package", "versions", "advisory", "rule", "path", "justification", "owner", "expires" };

    /// <summary>Reads the "exceptions" array; an entry with any error is reported and left out.</summary>
    public static IReadOnlyList<PolicyException> Read(PolicySectionReader reader, PositionedJson node)
    {
        var result = new List<PolicyException>();
        foreach (var item in reader.Array(node, "'exceptions'"))
        {
            if (reader.Object(item, "an exception", Keys) is not { } entry)
            {
                continue;
            }

            var errorsBefore = reader.Errors.Count;
            var package = entry.TryGetValue("package", out var packageNode) ? reader.PackageId(packageNode, "an exception") : null;
            var versions = entry.TryGetValue("versions", out var versionsNode) ? reader.Range(versionsNode) : null;
            var advisory = entry.TryGetValue("advisory", out var advisoryNode) ? reader.String(advisoryNode, "'advisory'") : null;
            var rule = entry.TryGetValue("rule", out var ruleNode) ? reader.String(ruleNode, "'rule'") : null;
            var path = entry.TryGetValue("path", out var pathNode) && reader.String(pathNode, "'path'") is { } pathText ? new PathPattern(pathText) : null;
            if (advisory is not null && advisory.Trim().Length == 0)
            {
                reader.Error(advisoryNode!, "'advisory' is empty: write the advisory's id or an alias, e.g. \"GHSA-5crp-9r3c-p9vr\" or \"CVE-2024-21907\"");
            }

            if (rule is not null && !IsRuleId(rule))
            {
                reader.Error(ruleNode!, $"'{PolicySectionReader.Shorten(rule)}' is not a PipelineSecurity rule id (PSF followed by four digits, e.g. PSF1001)");
            }

            if (versions is not null && package is null)
            {
                reader.Error(versionsNode!, "'versions' needs a 'package' in the same exception");
            }

            if (path is not null && rule is null)
            {
                reader.Error(pathNode!, "'path' needs a 'rule' in the same exception (it narrows an analyzer rule to some files)");
            }

            if (package is null && advisory is null && rule is null && reader.Errors.Count == errorsBefore)
            {
                reader.Error(item, "an exception must name what it excuses: a 'package' (with optional 'versions'), an 'advisory' id, or a 'rule' id (with optional 'path')");
            }

            var justification = Required(reader, entry, item, "justification", "why the risk is accepted");
            var owner = Required(reader, entry, item, "owner", "who answers for it, e.g. a team's address");
            var expires = DateTime.MinValue;
            if (!entry.TryGetValue("expires", out var expiresNode))
            {
                reader.Error(item, "an exception has no 'expires' date: every exception ends, write e.g. \"expires\": \"2026-12-31\"");
            }
            else if (reader.String(expiresNode, "'expires'") is { } expiresText
                     && !DateTime.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out expires))
            {
                reader.Error(expiresNode, $"'{PolicySectionReader.Shorten(expiresText)}' is not a date: write it as YYYY-MM-DD, e.g. \"2026-12-31\" (valid through that day, UTC)");
            }

            if (reader.Errors.Count == errorsBefore)
            {
                result.Add(new PolicyException(package, versions, advisory, rule, path, justification!, owner!, DateTime.SpecifyKind(expires.Date, DateTimeKind.Utc), item.Position));
            }
        }

        return result;
    }

    /// <summary>Excuses failed and warned verdicts with valid exceptions, then adds a verdict per exception: expired (fails), unused (warns), used, or about another project.</summary>
    public static List<PolicyVerdict> Apply(PolicyEvaluationRequest request, IReadOnlyList<PolicyVerdict> verdicts)
    {
        var policy = request.Policy;
        var today = request.Today;
        var used = new HashSet<PolicyException>();
        var matchedByExpired = new HashSet<PolicyException>();
        var result = new List<PolicyVerdict>(verdicts.Count + policy.Exceptions.Count);
        foreach (var verdict in verdicts)
        {
            if (verdict.Outcome is not (VerdictOutcome.Fail or VerdictOutcome.Warn) || policy.Exceptions.Count == 0)
            {
                result.Add(verdict);
                continue;
            }

            var matching = policy.Exceptions.Where(e => Matches(e, verdict)).ToList();
            var valid = matching.FirstOrDefault(e => !e.IsExpired(today));
            foreach (var expired in matching.Where(e => e.IsExpired(today)))
            {
                matchedByExpired.Add(expired);
            }

            if (valid is null)
            {
                result.Add(verdict);
                continue;
            }

            used.Add(valid);
            result.Add(verdict with
            {
                Outcome = VerdictOutcome.Excused,
                ExceptionUsed = valid,
                Message = verdict.Message + $" Excused by the policy exception at {Path.GetFileName(policy.FilePath)}{valid.Position} (owner {valid.Owner}, expires {valid.Expires:yyyy-MM-dd}): {valid.Justification}",
            });
        }

        foreach (var exception in policy.Exceptions)
        {
            result.Add(Standing(request, exception, used.Contains(exception), matchedByExpired.Contains(exception)));
        }

        return result;
    }

    /// <summary>Every field the exception sets must match the verdict.</summary>
    public static bool Matches(PolicyException exception, PolicyVerdict verdict)
    {
        if (verdict.Check == PolicyChecks.Exception)
        {
            return false;
        }

        if (exception.Rule is not null && !string.Equals(exception.Rule, verdict.RuleId, StringComparison.OrdinalIgnoreCase) && !string.Equals(exception.Rule, verdict.Code, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (exception.Package is not null && (verdict.PackageId is null || !exception.Package.Matches(verdict.PackageId)))
        {
            return false;
        }

        if (exception.Versions is not null && (verdict.PackageVersion is null || !exception.Versions.Satisfies(verdict.PackageVersion)))
        {
            return false;
        }

        if (exception.Advisory is not null && !NamesAdvisory(exception.Advisory, verdict))
        {
            return false;
        }

        if (exception.Path is not null && (verdict.SourcePath is null || !exception.Path.Matches(verdict.SourcePath)))
        {
            return false;
        }

        return true;
    }

    private static PolicyVerdict Standing(PolicyEvaluationRequest request, PolicyException exception, bool used, bool matchedWhileExpired)
    {
        var policy = request.Policy;
        var subject = exception.Describe();
        if (exception.IsExpired(request.Today))
        {
            var effect = matchedWhileExpired ? "It no longer excuses the violations it matches." : "It matches nothing any more either: remove it.";
            return new PolicyVerdict(PolicyChecks.Exception, subject, VerdictOutcome.Fail, BuildDiagnosticIds.PolicyExceptionExpired,
                BuildDiagnostics.PolicyExceptionExpired.FormatMessage(subject, exception.Owner, exception.Expires, effect),
                policy.FilePath, exception.Position.Line, exception.Position.Column);
        }

        if (used)
        {
            return new PolicyVerdict(PolicyChecks.Exception, subject, VerdictOutcome.Pass, BuildDiagnosticIds.PolicyExceptionUnused,
                $"The policy exception for {subject} (owner {exception.Owner}, expires {exception.Expires:yyyy-MM-dd}) is in use.", null, 0, 0)
            {
                ExceptionUsed = exception,
            };
        }

        if (!ConcernsProject(exception, request))
        {
            // One policy serves every project of the repository: an exception about another project's package or
            // files is not "unused" here. Recorded in the reports, not logged.
            return new PolicyVerdict(PolicyChecks.Exception, subject, VerdictOutcome.Pass, BuildDiagnosticIds.PolicyExceptionUnused,
                $"The policy exception for {subject} does not concern this project.", null, 0, 0);
        }

        return new PolicyVerdict(PolicyChecks.Exception, subject, VerdictOutcome.Warn, BuildDiagnosticIds.PolicyExceptionUnused,
            BuildDiagnostics.PolicyExceptionUnused.FormatMessage(subject, exception.Owner),
            policy.FilePath, exception.Position.Line, exception.Position.Column);
    }

    /// <summary>
    /// Whether this project has what the exception is about: its package (any version: a version range that no longer
    /// matches is exactly the stale case to report), a package named by its advisory, or a source file under its path.
    /// An exception that names only a rule concerns every project and cannot be judged unused from one of them.
    /// </summary>
    private static bool ConcernsProject(PolicyException exception, PolicyEvaluationRequest request)
    {
        if (exception.Package is not null)
        {
            return request.Packages.Any(p => exception.Package.Matches(p.Id));
        }

        if (exception.Advisory is not null)
        {
            var advisory = request.Advisories?.Advisories.FirstOrDefault(a => a.IsKnownAs(exception.Advisory));
            return advisory is not null && request.Packages.Any(p => advisory.Affected.Any(a => string.Equals(a.Name, p.Id, StringComparison.OrdinalIgnoreCase)));
        }

        if (exception.Path is not null)
        {
            var policyFolder = Path.GetDirectoryName(Path.GetFullPath(request.Policy.FilePath))!;
            return request.SourceFiles.Any(f => exception.Path.Matches(PolicyEvaluator.RelativeTo(policyFolder, f)));
        }

        return false;
    }

    private static bool NamesAdvisory(string advisory, PolicyVerdict verdict) =>
        verdict.Check == PolicyChecks.Advisory
        && (string.Equals(advisory, verdict.RuleId, StringComparison.OrdinalIgnoreCase) || verdict.RuleAliases.Any(a => string.Equals(a, advisory, StringComparison.OrdinalIgnoreCase)));

    private static string? Required(PolicySectionReader reader, Dictionary<string, PositionedJson> entry, PositionedJson item, string key, string meaning)
    {
        if (!entry.TryGetValue(key, out var node))
        {
            reader.Error(item, $"an exception has no '{key}' ({meaning})");
            return null;
        }

        var text = reader.String(node, $"'{key}'");
        if (text is not null && text.Trim().Length == 0)
        {
            reader.Error(node, $"'{key}' is empty: write {meaning}");
            return null;
        }

        return text;
    }

    private static bool IsRuleId(string text) =>
        text.Length == 7 && text.StartsWith("PSF", StringComparison.Ordinal) && text.Skip(3).All(c => c is >= '0' and <= '9');
}
