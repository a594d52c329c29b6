using System;
using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Policy.Json;
using PipelineSecurity.Build.Policy.LicenseExpressions;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Policy.Checks;

internal enum UnknownLicenseAction
{
    Allow,
    Warn,
    Deny,
}

internal sealed record LicenseEntry(LicenseExpression Expression, TextPosition Position);

/// <summary>The "licenses" section.</summary>
internal sealed record LicenseRules(
    IReadOnlyList<LicenseEntry>? Allowed,
    IReadOnlyList<LicenseEntry> Denied,
    UnknownLicenseAction Unknown,
    TextPosition Position);

/// <summary>
/// "licenses": every restored package's licence (from its nuspec) against the allowed and denied SPDX licences
/// (PSF6003), and what to do when it cannot be known (PSF6004).
/// </summary>
internal sealed class LicenseCheck : PolicyCheck<LicenseRules>
{
    private static readonly string[] Keys = { "allowed", "denied", "unknown" };

    private static readonly Dictionary<string, UnknownLicenseAction> UnknownActions = new()
    {
        ["allow"] = UnknownLicenseAction.Allow,
        ["warn"] = UnknownLicenseAction.Warn,
        ["deny"] = UnknownLicenseAction.Deny,
    };

    public override IReadOnlyList<string> Sections { get; } = new[] { "licenses" };

    protected override LicenseRules? Read(PolicySectionReader reader, IReadOnlyDictionary<string, PositionedJson> sections)
    {
        if (!sections.TryGetValue("licenses", out var node) || reader.Object(node, "'licenses'", Keys) is not { } licenses)
        {
            return null;
        }

        var allowed = licenses.TryGetValue("allowed", out var allowedNode) ? LicenseList(reader, allowedNode, "'licenses.allowed'") : null;
        var denied = licenses.TryGetValue("denied", out var deniedNode) ? LicenseList(reader, deniedNode, "'licenses.denied'") : new List<LicenseEntry>();
        var unknown = licenses.TryGetValue("unknown", out var unknownNode) ? reader.Enum(unknownNode, "licenses.unknown", UnknownActions) : UnknownLicenseAction.Warn;
        return new LicenseRules(allowed, denied, unknown, node.Position);
    }

    protected override IEnumerable<PolicyVerdict> Evaluate(LicenseRules rules, PolicyEvaluationRequest request)
    {
        if (request.Licenses is not { } lookup)
        {
            yield break;
        }

        var evaluator = new LicenseExpressionEvaluator(rules.Allowed?.Select(e => e.Expression), rules.Denied.Select(e => e.Expression));
        foreach (var package in request.Packages)
        {
            yield return Check(request.Policy.FilePath, rules, evaluator, package, lookup(package));
        }
    }

    private static PolicyVerdict Check(string policyFile, LicenseRules rules, LicenseExpressionEvaluator evaluator, RestoredPackage package, PackageLicense license)
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
                PackageLicenseKind.Expression => $"its licence expression '{PolicyEvaluator.Shorten(license.Expression!)}' is not valid SPDX ({parseError})",
                PackageLicenseKind.File => $"its licence is a file in the package ('{PolicyEvaluator.Shorten(license.Detail ?? "")}'), which needs a human to read",
                PackageLicenseKind.UrlOnly => $"it only gives a licence URL ({PolicyEvaluator.Shorten(license.Detail ?? "")})",
                PackageLicenseKind.NuspecNotFound => "its nuspec is not in the package folders restore used",
                PackageLicenseKind.Unreadable => "its nuspec cannot be read (the build reports the damage as its own error)",
                _ => "it declares no licence" + (license.Detail is null ? "" : " (" + license.Detail + ")"),
            };
            var outcome = rules.Unknown switch
            {
                UnknownLicenseAction.Allow => VerdictOutcome.Pass,
                UnknownLicenseAction.Warn => VerdictOutcome.Warn,
                _ => VerdictOutcome.Fail,
            };
            return Verdict(package, outcome, BuildDiagnosticIds.PolicyLicenseUnknown,
                BuildDiagnostics.PolicyLicenseUnknown.FormatMessage(package.Subject, what),
                policyFile, rules.Position);
        }

        var standing = evaluator.Evaluate(expression);
        if (standing == LicenseStanding.Allowed)
        {
            return Verdict(package, VerdictOutcome.Pass, BuildDiagnosticIds.PolicyLicenseNotAllowed, $"The licence of {package.Subject} ({expression}) is allowed.", null, default);
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

        return Verdict(package, VerdictOutcome.Fail, BuildDiagnosticIds.PolicyLicenseNotAllowed,
            BuildDiagnostics.PolicyLicenseNotAllowed.FormatMessage(package.Subject, expression, because),
            policyFile, position);
    }

    private static List<LicenseEntry> LicenseList(PolicySectionReader reader, PositionedJson node, string what)
    {
        var result = new List<LicenseEntry>();
        foreach (var item in reader.Array(node, what))
        {
            if (reader.String(item, "an entry of " + what) is not { } text)
            {
                continue;
            }

            if (LicenseExpressionParser.TryParse(text, out var expression, out var error))
            {
                result.Add(new LicenseEntry(expression!, item.Position));
            }
            else
            {
                reader.Error(item, $"'{PolicySectionReader.Shorten(text)}' is not an SPDX licence id or expression ({error}); write e.g. \"MIT\", \"Apache-2.0\" or \"GPL-2.0-only WITH Classpath-exception-2.0\"");
            }
        }

        return result;
    }

    private static PolicyVerdict Verdict(RestoredPackage package, VerdictOutcome outcome, string code, string message, string? file, TextPosition position) =>
        new(PolicyChecks.License, package.Subject, outcome, code, message, file, position.Line, position.Column)
        {
            PackageId = package.Id,
            PackageVersion = package.Version,
        };
}
