using System;
using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy.Checks;

/// <summary>The "signatures", "lockFile" and "sbom" sections; null means "not set by the policy".</summary>
internal sealed record IntegrityRequirements(
    string? RequiredSignature,
    IReadOnlyList<string>? TrustedAuthors,
    IReadOnlyList<string>? TrustedRepositories,
    bool? RequireLockFile,
    bool? SbomEnabled);

/// <summary>
/// "signatures", "lockFile", "sbom": requirements that the integrity and SBOM tasks enforce, not the gate. The policy
/// reader hands them over as MSBuild properties before those tasks run (ReadPipelineSecurityPolicy, Policy.targets), so
/// their verdicts are the integrity codes (PSF5xxx) those tasks log; this check reads and validates the sections and
/// adds no verdict of its own.
/// </summary>
internal sealed class IntegrityRequirementsCheck : PolicyCheck<IntegrityRequirements>
{
    private static readonly Dictionary<string, string> SignatureKinds = new()
    {
        ["none"] = "none",
        ["repository"] = "repository",
        ["author"] = "author",
        ["any"] = "any",
    };

    public override IReadOnlyList<string> Sections { get; } = new[] { "signatures", "lockFile", "sbom" };

    protected override IntegrityRequirements Read(PolicySectionReader reader, IReadOnlyDictionary<string, PositionedJson> sections)
    {
        string? required = null;
        IReadOnlyList<string>? authors = null;
        IReadOnlyList<string>? repositories = null;
        if (sections.TryGetValue("signatures", out var signaturesNode) && reader.Object(signaturesNode, "'signatures'", new[] { "required", "trustedAuthors", "trustedRepositories" }) is { } signatures)
        {
            if (signatures.TryGetValue("required", out var requiredNode))
            {
                required = reader.Enum(requiredNode, "signatures.required", SignatureKinds);
            }

            if (signatures.TryGetValue("trustedAuthors", out var authorsNode))
            {
                authors = Fingerprints(reader, authorsNode, "'signatures.trustedAuthors'");
            }

            if (signatures.TryGetValue("trustedRepositories", out var repositoriesNode))
            {
                repositories = Repositories(reader, repositoriesNode);
            }
        }

        bool? lockFile = null;
        if (sections.TryGetValue("lockFile", out var lockNode) && reader.Object(lockNode, "'lockFile'", new[] { "required" }) is { } lockObject && lockObject.TryGetValue("required", out var lockRequired))
        {
            lockFile = reader.Boolean(lockRequired, "'lockFile.required'");
        }

        bool? sbom = null;
        if (sections.TryGetValue("sbom", out var sbomNode) && reader.Object(sbomNode, "'sbom'", new[] { "enabled" }) is { } sbomObject && sbomObject.TryGetValue("enabled", out var sbomEnabled))
        {
            sbom = reader.Boolean(sbomEnabled, "'sbom.enabled'");
        }

        return new IntegrityRequirements(required, authors, repositories, lockFile, sbom);
    }

    protected override IEnumerable<PolicyVerdict> Evaluate(IntegrityRequirements rules, PolicyEvaluationRequest request) => Enumerable.Empty<PolicyVerdict>();

    /// <summary>SHA-256 certificate fingerprints: 64 hex digits, as 'dotnet nuget verify -v d' prints them.</summary>
    private static List<string> Fingerprints(PolicySectionReader reader, PositionedJson node, string what)
    {
        var result = new List<string>();
        foreach (var item in reader.Array(node, what))
        {
            if (reader.String(item, "an entry of " + what) is not { } text)
            {
                continue;
            }

            var hex = text.Replace(":", "").Trim();
            if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            {
                reader.Error(item, $"'{PolicySectionReader.Shorten(text)}' is not a SHA-256 certificate fingerprint (64 hexadecimal digits); 'dotnet nuget verify --all -v d' prints them");
                continue;
            }

            result.Add(hex.ToUpperInvariant());
        }

        return result;
    }

    /// <summary>
    /// Trusted repositories as the integrity check reads them: a certificate fingerprint or a service index URL,
    /// optionally followed by '|' and the comma-separated package owners to trust on it.
    /// </summary>
    private static List<string> Repositories(PolicySectionReader reader, PositionedJson node)
    {
        const string what = "'signatures.trustedRepositories'";
        var result = new List<string>();
        foreach (var item in reader.Array(node, what))
        {
            if (reader.String(item, "an entry of " + what) is not { } text)
            {
                continue;
            }

            var bar = text.IndexOf('|');
            var key = (bar < 0 ? text : text.Substring(0, bar)).Trim();
            var owners = bar < 0 ? Array.Empty<string>() : text.Substring(bar + 1).Split(',').Select(o => o.Trim()).ToArray();
            var isUrl = Uri.TryCreate(key, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
            var hex = key.Replace(":", "");
            var isFingerprint = hex.Length == 64 && hex.All(Uri.IsHexDigit);
            if (text.IndexOf(';') >= 0 || !(isUrl || isFingerprint) || owners.Any(o => o.Length == 0))
            {
                reader.Error(item, $"'{PolicySectionReader.Shorten(text)}' is not a trusted repository: write a SHA-256 certificate fingerprint (64 hexadecimal digits) or the repository's service index URL, optionally followed by '|' and the trusted package owners separated by commas");
                continue;
            }

            var normalized = isUrl ? url!.AbsoluteUri : hex.ToUpperInvariant();
            result.Add(owners.Length == 0 ? normalized : normalized + "|" + string.Join(",", owners));
        }

        return result;
    }
}
