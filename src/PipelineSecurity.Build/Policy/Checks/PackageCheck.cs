using System.Collections.Generic;
using System.Linq;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Restore;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy.Checks;

/// <summary>A package id glob and an optional NuGet version range.</summary>
internal sealed record PackageSelector(PackageIdPattern Id, VersionRange? Versions, string? Reason, TextPosition Position)
{
    public bool Matches(string id, NuGetVersion version) => Id.Matches(id) && (Versions is null || Versions.Satisfies(version));

    public override string ToString() => Versions is null ? Id.Pattern : Id.Pattern + " " + Versions.ToNormalizedString();
}

/// <summary>The "packages" section: denied packages, and (when present) the only allowed ones.</summary>
internal sealed record PackageRules(IReadOnlyList<PackageSelector> Denied, IReadOnlyList<PackageSelector>? Allowed, TextPosition? AllowedPosition)
{
    public static PackageRules None { get; } = new(System.Array.Empty<PackageSelector>(), null, null);
}

/// <summary>"packages": every restored package (direct or transitive) against the denied and allowed lists (PSF6002).</summary>
internal sealed class PackageCheck : PolicyCheck<PackageRules>
{
    private static readonly string[] Keys = { "denied", "allowed" };

    public override IReadOnlyList<string> Sections { get; } = new[] { "packages" };

    protected override PackageRules Read(PolicySectionReader reader, IReadOnlyDictionary<string, PositionedJson> sections)
    {
        if (!sections.TryGetValue("packages", out var node))
        {
            return PackageRules.None;
        }

        var denied = new List<PackageSelector>();
        List<PackageSelector>? allowed = null;
        TextPosition? allowedPosition = null;
        if (reader.Object(node, "'packages'", Keys) is { } packages)
        {
            if (packages.TryGetValue("denied", out var deniedNode))
            {
                denied.AddRange(Selectors(reader, deniedNode, "'packages.denied'"));
            }

            if (packages.TryGetValue("allowed", out var allowedNode))
            {
                allowed = Selectors(reader, allowedNode, "'packages.allowed'").ToList();
                allowedPosition = allowedNode.Position;
            }
        }

        return new PackageRules(denied, allowed, allowedPosition);
    }

    protected override IEnumerable<PolicyVerdict> Evaluate(PackageRules rules, PolicyEvaluationRequest request) =>
        request.Packages.Select(package => Check(rules, request.Policy.FilePath, package));

    private static PolicyVerdict Check(PackageRules rules, string policyFile, RestoredPackage package)
    {
        var kind = package.Direct ? "direct" : "transitive";
        var denied = rules.Denied.FirstOrDefault(d => d.Matches(package.Id, package.Version));
        if (denied is not null)
        {
            var reason = denied.Reason is null ? "" : $" ({denied.Reason})";
            return Verdict(package, VerdictOutcome.Fail,
                BuildDiagnostics.PolicyPackageDenied.FormatMessage(package.Subject, kind, $"is denied by the policy entry '{denied}'{reason}",
                    "Remove or replace the package" + (package.Direct ? "" : " (or the dependency that brings it in)")),
                policyFile, denied.Position);
        }

        if (rules.Allowed is { } allowed && !allowed.Any(a => a.Matches(package.Id, package.Version)))
        {
            return Verdict(package, VerdictOutcome.Fail,
                BuildDiagnostics.PolicyPackageDenied.FormatMessage(package.Subject, kind, "is not in the policy's allowed packages", "Add it to 'packages.allowed' after review, replace it"),
                policyFile, rules.AllowedPosition!.Value);
        }

        return Verdict(package, VerdictOutcome.Pass, $"Package {package.Subject} ({kind}) is allowed.", null, default);
    }

    private static IEnumerable<PackageSelector> Selectors(PolicySectionReader reader, PositionedJson node, string what)
    {
        foreach (var item in reader.Array(node, what))
        {
            // A bare string is shorthand for { "id": "..." }.
            if (item is JsonStringNode bare)
            {
                if (reader.PackageId(bare, what) is { } pattern)
                {
                    yield return new PackageSelector(pattern, null, null, item.Position);
                }

                continue;
            }

            if (reader.Object(item, "an entry of " + what, new[] { "id", "versions", "reason" }) is not { } entry)
            {
                continue;
            }

            if (!entry.TryGetValue("id", out var idNode))
            {
                reader.Error(item, $"an entry of {what} has no 'id'");
                continue;
            }

            var id = reader.PackageId(idNode, what);
            var versions = entry.TryGetValue("versions", out var versionsNode) ? reader.Range(versionsNode) : null;
            var reason = entry.TryGetValue("reason", out var reasonNode) ? reader.String(reasonNode, "'reason'") : null;
            if (id is not null)
            {
                yield return new PackageSelector(id, versions, reason, item.Position);
            }
        }
    }

    private static PolicyVerdict Verdict(RestoredPackage package, VerdictOutcome outcome, string message, string? file, TextPosition position) =>
        new(PolicyChecks.Package, package.Subject, outcome, BuildDiagnosticIds.PolicyPackageDenied, message, file, position.Line, position.Column)
        {
            PackageId = package.Id,
            PackageVersion = package.Version,
        };
}
