using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Policy.LicenseExpressions;

namespace PipelineSecurity.Build.Policy;

/// <summary>Everything a policy decision needs, already read from disk: the evaluator itself does no I/O.</summary>
public sealed record PolicyEvaluationRequest(
    PolicyDocument Policy,
    PolicyMode Mode,
    string ProjectFile,
    IReadOnlyList<PolicyPackage> Packages,
    Func<PolicyPackage, PackageLicense>? Licenses,
    OsvDatabase? Advisories,
    IReadOnlyList<NuGetAuditFinding> NuGetAudit,
    IReadOnlyList<AnalyzerFinding>? AnalyzerFindings,
    DateTime Today)
{
    /// <summary>The project's source files (full paths), to tell whether an exception's path concerns this project.</summary>
    public IReadOnlyList<string> SourceFiles { get; init; } = Array.Empty<string>();

    /// <summary>PSF1xxx/PSF2xxx rules that configuration switched off for some files (from the compiler's log).</summary>
    public IReadOnlyList<string> RulesDisabledByConfiguration { get; init; } = Array.Empty<string>();
}

/// <summary>Applies a policy to a project's packages and findings: one verdict per check, exceptions applied, and the exceptions themselves checked.</summary>
public static class PolicyEvaluator
{
    public static PolicyEvaluation Evaluate(PolicyEvaluationRequest request)
    {
        var policy = request.Policy;
        var verdicts = new List<PolicyVerdict>();
        foreach (var package in request.Packages)
        {
            verdicts.Add(CheckPackage(policy, package));
        }

        if (policy.Licenses is { } licenses && request.Licenses is { } lookup)
        {
            var evaluator = new LicenseExpressionEvaluator(licenses.Allowed?.Select(e => e.Expression), licenses.Denied.Select(e => e.Expression));
            foreach (var package in request.Packages)
            {
                verdicts.Add(CheckLicense(policy, licenses, evaluator, package, lookup(package)));
            }
        }

        if (policy.Advisories is { } advisories)
        {
            foreach (var package in request.Packages)
            {
                verdicts.AddRange(CheckAdvisories(advisories, request, package));
            }
        }

        if (request.AnalyzerFindings is { } findings && policy.Analyzers.Enforce)
        {
            verdicts.AddRange(findings.Select(f => CheckAnalyzerFinding(policy, f)));
            verdicts.AddRange(request.RulesDisabledByConfiguration.Select(rule => RuleDisabled(rule, request.ProjectFile)));
        }

        var withExceptions = ApplyExceptions(request, verdicts);
        return new PolicyEvaluation(request.Mode, withExceptions);
    }

    private static PolicyVerdict CheckPackage(PolicyDocument policy, PolicyPackage package)
    {
        var kind = package.Direct ? "direct" : "transitive";
        var denied = policy.Packages.Denied.FirstOrDefault(d => d.Matches(package.Id, package.Version));
        if (denied is not null)
        {
            var reason = denied.Reason is null ? "" : $" ({denied.Reason})";
            return Package(package, VerdictOutcome.Fail, BuildDiagnosticIds.PolicyPackageDenied,
                BuildDiagnostics.PolicyPackageDenied.FormatMessage(package.Subject, kind, $"is denied by the policy entry '{denied}'{reason}",
                    "Remove or replace the package" + (package.Direct ? "" : " (or the dependency that brings it in)")),
                policy.FilePath, denied.Position);
        }

        if (policy.Packages.Allowed is { } allowed && !allowed.Any(a => a.Matches(package.Id, package.Version)))
        {
            return Package(package, VerdictOutcome.Fail, BuildDiagnosticIds.PolicyPackageDenied,
                BuildDiagnostics.PolicyPackageDenied.FormatMessage(package.Subject, kind, "is not in the policy's allowed packages", "Add it to 'packages.allowed' after review, replace it"),
                policy.FilePath, policy.Packages.AllowedPosition!.Value);
        }

        return Package(package, VerdictOutcome.Pass, BuildDiagnosticIds.PolicyPackageDenied, $"Package {package.Subject} ({kind}) is allowed.", null, default);
    }

    private static PolicyVerdict CheckLicense(PolicyDocument policy, LicenseRules rules, LicenseExpressionEvaluator evaluator, PolicyPackage package, PackageLicense license)
    {
        LicenseExpression? expression = null;
        string? parseError = null;
        if (license.Kind == PackageLicenseKind.Expression && !LicenseExpressionParser.TryParse(license.Expression!, out expression, out parseError))
        {
            expression = null;
        }

        if (expression is null)
        {
            var what = license.Kind switch
            {
                PackageLicenseKind.Expression => $"its licence expression '{Shorten(license.Expression!)}' is not valid SPDX ({parseError})",
                PackageLicenseKind.File => $"its licence is a file in the package ('{Shorten(license.Detail ?? "")}'), which needs a human to read",
                PackageLicenseKind.UrlOnly => $"it only gives a licence URL ({Shorten(license.Detail ?? "")})",
                PackageLicenseKind.NuspecNotFound => "its nuspec is not in the package folders restore used",
                _ => "it declares no licence" + (license.Detail is null ? "" : " (" + license.Detail + ")"),
            };
            var outcome = rules.Unknown switch
            {
                UnknownLicenseAction.Allow => VerdictOutcome.Pass,
                UnknownLicenseAction.Warn => VerdictOutcome.Warn,
                _ => VerdictOutcome.Fail,
            };
            return License(package, outcome, BuildDiagnosticIds.PolicyLicenseUnknown,
                BuildDiagnostics.PolicyLicenseUnknown.FormatMessage(package.Subject, what),
                policy.FilePath, rules.Position);
        }

        var standing = evaluator.Evaluate(expression);
        if (standing == LicenseStanding.Allowed)
        {
            return License(package, VerdictOutcome.Pass, BuildDiagnosticIds.PolicyLicenseNotAllowed, $"The licence of {package.Subject} ({expression}) is allowed.", null, default);
        }

        var offendingLeaves = evaluator.Offending(expression);
        var offending = string.Join(", ", offendingLeaves);
        var position = rules.Position;
        string because;
        if (standing == LicenseStanding.Denied)
        {
            // Point at the deny entry that names one of the offending licences (with or without its exception).
            position = rules.Denied.FirstOrDefault(d => offendingLeaves.Any(o =>
                string.Equals(o, d.Expression.ToString(), StringComparison.OrdinalIgnoreCase)
                || o.StartsWith(d.Expression + " WITH ", StringComparison.OrdinalIgnoreCase)))?.Position ?? rules.Position;
            because = $"{offending} is denied by the policy";
        }
        else
        {
            because = $"{offending} is not in the policy's allowed licences";
        }

        return License(package, VerdictOutcome.Fail, BuildDiagnosticIds.PolicyLicenseNotAllowed,
            BuildDiagnostics.PolicyLicenseNotAllowed.FormatMessage(package.Subject, expression, because),
            policy.FilePath, position);
    }

    private static IEnumerable<PolicyVerdict> CheckAdvisories(AdvisoryRules rules, PolicyEvaluationRequest request, PolicyPackage package)
    {
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var below = 0;
        foreach (var advisory in request.Advisories?.Match(package.Id, package.Version) ?? Array.Empty<OsvAdvisory>())
        {
            reported.Add(advisory.Id);
            foreach (var alias in advisory.Aliases)
            {
                reported.Add(alias);
            }

            // An advisory without a severity is reported whatever the threshold: unknown is not known to be harmless.
            if (advisory.Severity != AdvisorySeverity.Unknown && advisory.Severity < rules.MinimumSeverity)
            {
                below++;
                continue;
            }

            yield return Advisory(package, advisory.Id, advisory.Aliases, request.ProjectFile,
                BuildDiagnostics.PolicyVulnerablePackage.FormatMessage(
                    $"{package.Subject} ({(package.Direct ? "direct" : "transitive")})", SeverityName(advisory.Severity), advisory.Id,
                    AliasText(advisory.Aliases) + ": " + Shorten(advisory.Summary), FixAdvice(advisory, package)));
        }

        if (rules.UseNuGetAudit)
        {
            foreach (var finding in request.NuGetAudit.Where(f => string.Equals(f.PackageId, package.Id, StringComparison.OrdinalIgnoreCase)))
            {
                var id = NuGetAuditFindings.AdvisoryId(finding);
                if (!reported.Add(id))
                {
                    continue;
                }

                if (finding.Severity < rules.MinimumSeverity)
                {
                    below++;
                    continue;
                }

                yield return Advisory(package, id, Array.Empty<string>(), request.ProjectFile,
                    BuildDiagnostics.PolicyVulnerablePackage.FormatMessage(
                        package.Subject, SeverityName(finding.Severity), id,
                        $" (reported by NuGetAudit as {finding.Code}{(finding.AdvisoryUrl is null ? "" : ", " + finding.AdvisoryUrl)})",
                        "Update the package to a fixed version, or add a policy exception."));
            }
        }

        if (reported.Count == 0 || below > 0)
        {
            var text = below > 0
                ? $"Package {package.Subject} has {below} known vulnerabilit{(below == 1 ? "y" : "ies")} below the policy's severity threshold ({SeverityName(rules.MinimumSeverity)})."
                : $"Package {package.Subject} has no known vulnerability in the advisory database.";
            yield return new PolicyVerdict(PolicyChecks.Advisory, package.Subject, VerdictOutcome.Pass, BuildDiagnosticIds.PolicyVulnerablePackage, text, null, 0, 0)
            {
                PackageId = package.Id,
                PackageVersion = package.Version,
            };
        }
    }

    private static PolicyVerdict CheckAnalyzerFinding(PolicyDocument policy, AnalyzerFinding finding)
    {
        var suppressed = finding.SuppressedInSource
            ? " It is suppressed in source, which the policy does not accept for secrets and insecure configuration: remove the suppression and add a policy exception (with owner and expiry) if the risk is accepted."
            : " Fix the code as the rule's page explains, or add a policy exception for the rule and path.";
        var relative = finding.File is null ? null : RelativeTo(Path.GetDirectoryName(Path.GetFullPath(policy.FilePath))!, finding.File);
        return new PolicyVerdict(PolicyChecks.Analyzer, $"{finding.RuleId} {relative ?? "(no file)"}({finding.Line},{finding.Column})", VerdictOutcome.Fail, BuildDiagnosticIds.PolicyAnalyzerFinding,
            BuildDiagnostics.PolicyAnalyzerFinding.FormatMessage($"does not accept {finding.RuleId} findings: {finding.Message.TrimEnd('.', ' ')}", suppressed), finding.File, finding.Line, finding.Column)
        {
            RuleId = finding.RuleId,
            SuppressedInSource = finding.SuppressedInSource,
            SourcePath = relative,
        };
    }

    /// <summary>
    /// The compiler hides findings of a rule set to "none"; the policy still sees that configuration turned the rule off
    /// and treats that as the violation it would hide. Only a policy exception for the rule (without a path) excuses it.
    /// </summary>
    private static PolicyVerdict RuleDisabled(string rule, string projectFile) =>
        new(PolicyChecks.Analyzer, $"{rule} (disabled by configuration)", VerdictOutcome.Fail, BuildDiagnosticIds.PolicyAnalyzerFinding,
            BuildDiagnostics.PolicyAnalyzerFinding.FormatMessage(
                $"requires {rule}, but configuration turns it off for some files of this project (a 'dotnet_diagnostic.{rule}.severity = none' in .editorconfig or a global config, or NoWarn), so its findings are not checked",
                " Remove that setting, or add a policy exception for the rule."),
            projectFile, 0, 0)
        {
            RuleId = rule,
            RuleDisabledByConfiguration = true,
        };

    /// <summary>Excuses failed verdicts with valid exceptions, then adds a verdict per exception: expired (fails) or unused (warns).</summary>
    private static List<PolicyVerdict> ApplyExceptions(PolicyEvaluationRequest request, List<PolicyVerdict> verdicts)
    {
        var policy = request.Policy;
        var today = request.Today;
        var used = new HashSet<PolicyException>();
        var matchedByExpired = new HashSet<PolicyException>();
        var result = new List<PolicyVerdict>(verdicts.Count + policy.Exceptions.Count);
        foreach (var verdict in verdicts)
        {
            if (verdict.Outcome is not (VerdictOutcome.Fail or VerdictOutcome.Warn))
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
            var subject = exception.Describe();
            if (exception.IsExpired(today))
            {
                var effect = matchedByExpired.Contains(exception) ? "It no longer excuses the violations it matches." : "It matches nothing any more either: remove it.";
                result.Add(new PolicyVerdict(PolicyChecks.Exception, subject, VerdictOutcome.Fail, BuildDiagnosticIds.PolicyExceptionExpired,
                    BuildDiagnostics.PolicyExceptionExpired.FormatMessage(subject, exception.Owner, exception.Expires, effect),
                    policy.FilePath, exception.Position.Line, exception.Position.Column));
            }
            else if (!used.Contains(exception) && !ConcernsProject(exception, request))
            {
                // One policy serves every project of the repository: an exception about another project's package or
                // files is not "unused" here. Recorded in the reports, not logged.
                result.Add(new PolicyVerdict(PolicyChecks.Exception, subject, VerdictOutcome.Pass, BuildDiagnosticIds.PolicyExceptionUnused,
                    $"The policy exception for {subject} does not concern this project.", null, 0, 0));
            }
            else if (!used.Contains(exception))
            {
                result.Add(new PolicyVerdict(PolicyChecks.Exception, subject, VerdictOutcome.Warn, BuildDiagnosticIds.PolicyExceptionUnused,
                    BuildDiagnostics.PolicyExceptionUnused.FormatMessage(subject, exception.Owner),
                    policy.FilePath, exception.Position.Line, exception.Position.Column));
            }
            else
            {
                result.Add(new PolicyVerdict(PolicyChecks.Exception, subject, VerdictOutcome.Pass, BuildDiagnosticIds.PolicyExceptionUnused,
                    $"The policy exception for {subject} (owner {exception.Owner}, expires {exception.Expires:yyyy-MM-dd}) is in use.", null, 0, 0)
                {
                    ExceptionUsed = exception,
                });
            }
        }

        return result;
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
            return request.SourceFiles.Any(f => exception.Path.Matches(RelativeTo(policyFolder, f)));
        }

        return false;
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

    private static bool NamesAdvisory(string advisory, PolicyVerdict verdict) =>
        verdict.Check == PolicyChecks.Advisory
        && (string.Equals(advisory, verdict.RuleId, StringComparison.OrdinalIgnoreCase) || verdict.RuleAliases.Any(a => string.Equals(a, advisory, StringComparison.OrdinalIgnoreCase)));

    private static PolicyVerdict Package(PolicyPackage package, VerdictOutcome outcome, string code, string message, string? file, Json.TextPosition position) =>
        new(PolicyChecks.Package, package.Subject, outcome, code, message, file, position.Line, position.Column) { PackageId = package.Id, PackageVersion = package.Version };

    private static PolicyVerdict License(PolicyPackage package, VerdictOutcome outcome, string code, string message, string? file, Json.TextPosition position) =>
        new(PolicyChecks.License, package.Subject, outcome, code, message, file, position.Line, position.Column) { PackageId = package.Id, PackageVersion = package.Version };

    private static PolicyVerdict Advisory(PolicyPackage package, string advisoryId, IReadOnlyList<string> aliases, string projectFile, string message) =>
        new(PolicyChecks.Advisory, package.Subject, VerdictOutcome.Fail, BuildDiagnosticIds.PolicyVulnerablePackage, message, projectFile, 0, 0)
        {
            PackageId = package.Id,
            PackageVersion = package.Version,
            RuleId = advisoryId,
            RuleAliases = aliases,
        };

    private static string FixAdvice(OsvAdvisory advisory, PolicyPackage package)
    {
        var fixedVersions = advisory.Affected
            .Where(a => string.Equals(a.Name, package.Id, StringComparison.OrdinalIgnoreCase))
            .SelectMany(a => a.Ranges)
            .SelectMany(r => r.Events)
            .Where(e => e.Kind == OsvEventKind.Fixed && e.Version is not null && e.Version > package.Version)
            .Select(e => e.Version!)
            .OrderBy(v => v)
            .FirstOrDefault();
        var update = fixedVersions is null ? "No fixed version is known: replace the package" : $"Update to {fixedVersions.ToNormalizedString()} or later";
        return $"{update}{(package.Direct ? "" : " (add a direct reference to override the transitive version)")}, or add a policy exception.";
    }

    public static string SeverityName(AdvisorySeverity severity) => severity switch
    {
        AdvisorySeverity.Low => "low",
        AdvisorySeverity.Moderate => "moderate",
        AdvisorySeverity.High => "high",
        AdvisorySeverity.Critical => "critical",
        _ => "unrated",
    };

    private static string AliasText(IReadOnlyList<string> aliases) => aliases.Count == 0 ? "" : " (" + string.Join(", ", aliases) + ")";

    private static string Shorten(string text) => text.Length <= 160 ? text : text.Substring(0, 157) + "...";

    /// <summary>The path relative to <paramref name="folder"/> with '/' separators, or the full path when it lies outside.</summary>
    public static string RelativeTo(string folder, string file)
    {
        var full = Path.GetFullPath(file).Replace('\\', '/');
        var root = folder.Replace('\\', '/').TrimEnd('/') + "/";
        return full.StartsWith(root, StringComparison.OrdinalIgnoreCase) ? full.Substring(root.Length) : full;
    }
}
