using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy.Json;
using PipelineSecurity.Build.Policy.LicenseExpressions;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// Reads pipeline-security.json strictly: unknown keys, wrong types, bad ranges, licences, dates and duplicates are
/// all errors with the line and column of the culprit (collected, not just the first), so nothing is silently ignored.
/// The accepted shape is the one in build/pipeline-security.schema.json; a test keeps the two in step.
/// </summary>
public static class PolicyFileParser
{
    public const int CurrentVersion = 1;

    /// <summary>A policy file is a few kilobytes; anything this large is not one.</summary>
    private const long MaxFileBytes = 1024 * 1024;

    public static PolicyDocument Load(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new PolicyFileException(path, new[] { new PolicyError("the policy file does not exist", new TextPosition(0, 0)) });
            }

            if (info.Length > MaxFileBytes)
            {
                throw new PolicyFileException(path, new[] { new PolicyError($"the file is {info.Length} bytes; a policy file is at most {MaxFileBytes} bytes", new TextPosition(1, 1)) });
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new PolicyFileException(path, new[] { new PolicyError("the file cannot be read: " + failure.Message, new TextPosition(0, 0)) });
        }

        return Parse(path, bytes);
    }

    public static PolicyDocument Parse(string path, byte[] utf8)
    {
        PositionedJson root;
        try
        {
            root = PositionedJsonReader.Read(utf8);
        }
        catch (JsonSyntaxException syntax)
        {
            throw new PolicyFileException(path, new[] { new PolicyError("not valid JSON: " + syntax.Message, syntax.Position) });
        }

        var context = new Context(path);
        var document = context.Document(root);
        if (context.Errors.Count > 0 || document is null)
        {
            throw new PolicyFileException(path, context.Errors);
        }

        return document;
    }

    private sealed class Context
    {
        private static readonly string[] TopLevelKeys = { "$schema", "version", "mode", "packages", "licenses", "advisories", "signatures", "lockFile", "sbom", "analyzers", "exceptions" };

        private readonly string _path;

        public Context(string path) => _path = path;

        public List<PolicyError> Errors { get; } = new();

        public PolicyDocument? Document(PositionedJson root)
        {
            if (Object(root, "the policy", TopLevelKeys) is not { } top)
            {
                return null;
            }

            var version = 0;
            if (top.TryGetValue("version", out var versionNode))
            {
                if (versionNode is JsonNumberNode number && int.TryParse(number.RawText, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                {
                    version = v;
                    if (v != CurrentVersion)
                    {
                        Error(versionNode, $"'version' is {v}; this PipelineSecurity reads version {CurrentVersion}. Upgrade the package or write version {CurrentVersion}");
                    }
                }
                else
                {
                    Error(versionNode, $"'version' must be the number {CurrentVersion}");
                }
            }
            else
            {
                Error(root, $"'version' is missing: add \"version\": {CurrentVersion}");
            }

            var mode = PolicyMode.Audit;
            if (top.TryGetValue("mode", out var modeNode))
            {
                mode = Enum(modeNode, "mode", new Dictionary<string, PolicyMode> { ["audit"] = PolicyMode.Audit, ["enforce"] = PolicyMode.Enforce });
            }

            top.TryGetValue("$schema", out var schemaNode);
            if (schemaNode is not null and not JsonStringNode)
            {
                Error(schemaNode, "'$schema' must be a string (the schema's path or URL)");
            }

            var packages = top.TryGetValue("packages", out var packagesNode) ? Packages(packagesNode) : new PackageRules(System.Array.Empty<PackageSelector>(), null, null);
            var licenses = top.TryGetValue("licenses", out var licensesNode) ? Licenses(licensesNode) : null;
            var advisories = top.TryGetValue("advisories", out var advisoriesNode) ? Advisories(advisoriesNode) : null;
            var integrity = Integrity(top);
            var analyzers = new AnalyzerRules(true, null);
            if (top.TryGetValue("analyzers", out var analyzersNode) && Object(analyzersNode, "'analyzers'", new[] { "enforce" }) is { } analyzersObject)
            {
                analyzers = new AnalyzerRules(analyzersObject.TryGetValue("enforce", out var enforce) ? Boolean(enforce, "'analyzers.enforce'") : true, analyzersNode.Position);
            }

            var exceptions = top.TryGetValue("exceptions", out var exceptionsNode) ? Exceptions(exceptionsNode) : System.Array.Empty<PolicyException>();
            return new PolicyDocument(_path, version, mode, packages, licenses, advisories, integrity, analyzers, exceptions);
        }

        private PackageRules Packages(PositionedJson node)
        {
            var denied = new List<PackageSelector>();
            List<PackageSelector>? allowed = null;
            TextPosition? allowedPosition = null;
            if (Object(node, "'packages'", new[] { "denied", "allowed" }) is { } packages)
            {
                if (packages.TryGetValue("denied", out var deniedNode))
                {
                    denied.AddRange(Selectors(deniedNode, "'packages.denied'"));
                }

                if (packages.TryGetValue("allowed", out var allowedNode))
                {
                    allowed = Selectors(allowedNode, "'packages.allowed'").ToList();
                    allowedPosition = allowedNode.Position;
                }
            }

            return new PackageRules(denied, allowed, allowedPosition);
        }

        private IEnumerable<PackageSelector> Selectors(PositionedJson node, string what)
        {
            foreach (var item in Array(node, what))
            {
                // A bare string is shorthand for { "id": "..." }.
                if (item is JsonStringNode bare)
                {
                    if (PackageId(bare, what) is { } pattern)
                    {
                        yield return new PackageSelector(pattern, null, null, item.Position);
                    }

                    continue;
                }

                if (Object(item, "an entry of " + what, new[] { "id", "versions", "reason" }) is not { } entry)
                {
                    continue;
                }

                if (!entry.TryGetValue("id", out var idNode))
                {
                    Error(item, $"an entry of {what} has no 'id'");
                    continue;
                }

                var id = PackageId(idNode, what);
                var versions = entry.TryGetValue("versions", out var versionsNode) ? Range(versionsNode) : null;
                var reason = entry.TryGetValue("reason", out var reasonNode) ? String(reasonNode, "'reason'") : null;
                if (id is not null)
                {
                    yield return new PackageSelector(id, versions, reason, item.Position);
                }
            }
        }

        private PackageIdPattern? PackageId(PositionedJson node, string what)
        {
            var text = String(node, "a package id in " + what);
            if (text is null)
            {
                return null;
            }

            if (text.Length == 0 || text.Length > 256 || text.Any(c => !(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '*' or '?')))
            {
                Error(node, $"'{Shorten(text)}' is not a package id or id pattern (letters, digits, '.', '-', '_', and the wildcards '*' and '?')");
                return null;
            }

            return new PackageIdPattern(text);
        }

        private VersionRange? Range(PositionedJson node)
        {
            var text = String(node, "'versions'");
            if (text is null)
            {
                return null;
            }

            if (!VersionRange.TryParse(text, out var range))
            {
                Error(node, $"'{Shorten(text)}' is not a NuGet version range: write e.g. \"[1.0.0, 2.0.0)\" (1.0.0 up to but not including 2.0.0), \"[1.2.3]\" (exactly) or \"1.0.0\" (1.0.0 or later)");
                return null;
            }

            return range;
        }

        private LicenseRules? Licenses(PositionedJson node)
        {
            if (Object(node, "'licenses'", new[] { "allowed", "denied", "unknown" }) is not { } licenses)
            {
                return null;
            }

            var allowed = licenses.TryGetValue("allowed", out var allowedNode) ? LicenseList(allowedNode, "'licenses.allowed'") : null;
            var denied = licenses.TryGetValue("denied", out var deniedNode) ? LicenseList(deniedNode, "'licenses.denied'") : new List<LicenseEntry>();
            var unknown = licenses.TryGetValue("unknown", out var unknownNode)
                ? Enum(unknownNode, "licenses.unknown", new Dictionary<string, UnknownLicenseAction> { ["allow"] = UnknownLicenseAction.Allow, ["warn"] = UnknownLicenseAction.Warn, ["deny"] = UnknownLicenseAction.Deny })
                : UnknownLicenseAction.Warn;
            return new LicenseRules(allowed, denied, unknown, node.Position);
        }

        private List<LicenseEntry> LicenseList(PositionedJson node, string what)
        {
            var result = new List<LicenseEntry>();
            foreach (var item in Array(node, what))
            {
                if (String(item, "an entry of " + what) is not { } text)
                {
                    continue;
                }

                if (LicenseExpressionParser.TryParse(text, out var expression, out var error))
                {
                    result.Add(new LicenseEntry(expression!, item.Position));
                }
                else
                {
                    Error(item, $"'{Shorten(text)}' is not an SPDX licence id or expression ({error}); write e.g. \"MIT\", \"Apache-2.0\" or \"GPL-2.0-only WITH Classpath-exception-2.0\"");
                }
            }

            return result;
        }

        private AdvisoryRules? Advisories(PositionedJson node)
        {
            if (Object(node, "'advisories'", new[] { "database", "severity", "useNuGetAudit" }) is not { } advisories)
            {
                return null;
            }

            string? database = null;
            TextPosition? databasePosition = null;
            if (advisories.TryGetValue("database", out var databaseNode) && String(databaseNode, "'advisories.database'") is { } text)
            {
                // Relative to the policy file, so the same policy works from every project of the repository.
                database = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_path)) ?? ".", text));
                databasePosition = databaseNode.Position;
            }

            var severity = advisories.TryGetValue("severity", out var severityNode)
                ? Enum(severityNode, "advisories.severity", new Dictionary<string, AdvisorySeverity> { ["low"] = AdvisorySeverity.Low, ["moderate"] = AdvisorySeverity.Moderate, ["high"] = AdvisorySeverity.High, ["critical"] = AdvisorySeverity.Critical })
                : AdvisorySeverity.Low;
            var useNuGetAudit = !advisories.TryGetValue("useNuGetAudit", out var auditNode) || Boolean(auditNode, "'advisories.useNuGetAudit'");
            return new AdvisoryRules(database, severity, useNuGetAudit, node.Position, databasePosition) { MinimumSeveritySet = advisories.ContainsKey("severity") };
        }

        private IntegrityRequirements Integrity(Dictionary<string, PositionedJson> top)
        {
            string? required = null;
            IReadOnlyList<string>? authors = null;
            IReadOnlyList<string>? repositories = null;
            if (top.TryGetValue("signatures", out var signaturesNode) && Object(signaturesNode, "'signatures'", new[] { "required", "trustedAuthors", "trustedRepositories" }) is { } signatures)
            {
                if (signatures.TryGetValue("required", out var requiredNode))
                {
                    required = Enum(requiredNode, "signatures.required", new Dictionary<string, string> { ["none"] = "none", ["repository"] = "repository", ["author"] = "author", ["any"] = "any" });
                }

                if (signatures.TryGetValue("trustedAuthors", out var authorsNode))
                {
                    authors = Fingerprints(authorsNode, "'signatures.trustedAuthors'");
                }

                if (signatures.TryGetValue("trustedRepositories", out var repositoriesNode))
                {
                    repositories = Repositories(repositoriesNode);
                }
            }

            bool? lockFile = null;
            if (top.TryGetValue("lockFile", out var lockNode) && Object(lockNode, "'lockFile'", new[] { "required" }) is { } lockObject && lockObject.TryGetValue("required", out var lockRequired))
            {
                lockFile = Boolean(lockRequired, "'lockFile.required'");
            }

            bool? sbom = null;
            if (top.TryGetValue("sbom", out var sbomNode) && Object(sbomNode, "'sbom'", new[] { "enabled" }) is { } sbomObject && sbomObject.TryGetValue("enabled", out var sbomEnabled))
            {
                sbom = Boolean(sbomEnabled, "'sbom.enabled'");
            }

            return new IntegrityRequirements(required, authors, repositories, lockFile, sbom);
        }

        /// <summary>SHA-256 certificate fingerprints: 64 hex digits, as 'dotnet nuget verify -v d' prints them.</summary>
        private List<string> Fingerprints(PositionedJson node, string what)
        {
            var result = new List<string>();
            foreach (var item in Array(node, what))
            {
                if (String(item, "an entry of " + what) is not { } text)
                {
                    continue;
                }

                var hex = text.Replace(":", "").Trim();
                if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
                {
                    Error(item, $"'{Shorten(text)}' is not a SHA-256 certificate fingerprint (64 hexadecimal digits); 'dotnet nuget verify --all -v d' prints them");
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
        private List<string> Repositories(PositionedJson node)
        {
            const string what = "'signatures.trustedRepositories'";
            var result = new List<string>();
            foreach (var item in Array(node, what))
            {
                if (String(item, "an entry of " + what) is not { } text)
                {
                    continue;
                }

                var bar = text.IndexOf('|');
                var key = (bar < 0 ? text : text.Substring(0, bar)).Trim();
                var owners = bar < 0 ? System.Array.Empty<string>() : text.Substring(bar + 1).Split(',').Select(o => o.Trim()).ToArray();
                var isUrl = Uri.TryCreate(key, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
                var hex = key.Replace(":", "");
                var isFingerprint = hex.Length == 64 && hex.All(Uri.IsHexDigit);
                if (text.IndexOf(';') >= 0 || !(isUrl || isFingerprint) || owners.Any(o => o.Length == 0))
                {
                    Error(item, $"'{Shorten(text)}' is not a trusted repository: write a SHA-256 certificate fingerprint (64 hexadecimal digits) or the repository's service index URL, optionally followed by '|' and the trusted package owners separated by commas");
                    continue;
                }

                var normalized = isUrl ? url!.AbsoluteUri : hex.ToUpperInvariant();
                result.Add(owners.Length == 0 ? normalized : normalized + "|" + string.Join(",", owners));
            }

            return result;
        }

        private IReadOnlyList<PolicyException> Exceptions(PositionedJson node)
        {
            var result = new List<PolicyException>();
            foreach (var item in Array(node, "'exceptions'"))
            {
                if (Object(item, "an exception", new[] { "package", "versions", "advisory", "rule", "path", "justification", "owner", "expires" }) is not { } entry)
                {
                    continue;
                }

                var errorsBefore = Errors.Count;
                var package = entry.TryGetValue("package", out var packageNode) ? PackageId(packageNode, "an exception") : null;
                var versions = entry.TryGetValue("versions", out var versionsNode) ? Range(versionsNode) : null;
                var advisory = entry.TryGetValue("advisory", out var advisoryNode) ? String(advisoryNode, "'advisory'") : null;
                var rule = entry.TryGetValue("rule", out var ruleNode) ? String(ruleNode, "'rule'") : null;
                var path = entry.TryGetValue("path", out var pathNode) && String(pathNode, "'path'") is { } pathText ? new PathPattern(pathText) : null;
                if (rule is not null && !IsRuleId(rule))
                {
                    Error(ruleNode!, $"'{Shorten(rule)}' is not a PipelineSecurity rule id (PSF followed by four digits, e.g. PSF1001)");
                }

                if (versions is not null && package is null)
                {
                    Error(versionsNode!, "'versions' needs a 'package' in the same exception");
                }

                if (path is not null && rule is null)
                {
                    Error(pathNode!, "'path' needs a 'rule' in the same exception (it narrows an analyzer rule to some files)");
                }

                if (package is null && advisory is null && rule is null && Errors.Count == errorsBefore)
                {
                    Error(item, "an exception must name what it excuses: a 'package' (with optional 'versions'), an 'advisory' id, or a 'rule' id (with optional 'path')");
                }

                var justification = Required(entry, item, "justification", "why the risk is accepted");
                var owner = Required(entry, item, "owner", "who answers for it, e.g. a team's address");
                var expires = DateTime.MinValue;
                if (!entry.TryGetValue("expires", out var expiresNode))
                {
                    Error(item, "an exception has no 'expires' date: every exception ends, write e.g. \"expires\": \"2026-12-31\"");
                }
                else if (String(expiresNode, "'expires'") is { } expiresText
                         && !DateTime.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out expires))
                {
                    Error(expiresNode, $"'{Shorten(expiresText)}' is not a date: write it as YYYY-MM-DD, e.g. \"2026-12-31\" (valid through that day, UTC)");
                }

                if (Errors.Count == errorsBefore)
                {
                    result.Add(new PolicyException(package, versions, advisory, rule, path, justification!, owner!, DateTime.SpecifyKind(expires.Date, DateTimeKind.Utc), item.Position));
                }
            }

            return result;
        }

        private string? Required(Dictionary<string, PositionedJson> entry, PositionedJson item, string key, string meaning)
        {
            if (!entry.TryGetValue(key, out var node))
            {
                Error(item, $"an exception has no '{key}' ({meaning})");
                return null;
            }

            var text = String(node, $"'{key}'");
            if (text is not null && text.Trim().Length == 0)
            {
                Error(node, $"'{key}' is empty: write {meaning}");
                return null;
            }

            return text;
        }

        private static bool IsRuleId(string text) =>
            text.Length == 7 && text.StartsWith("PSF", StringComparison.Ordinal) && text.Skip(3).All(c => c is >= '0' and <= '9');

        private Dictionary<string, PositionedJson>? Object(PositionedJson node, string what, string[] knownKeys)
        {
            if (node is not JsonObjectNode obj)
            {
                Error(node, $"{what} must be an object, not {node.Kind}");
                return null;
            }

            var result = new Dictionary<string, PositionedJson>(StringComparer.Ordinal);
            foreach (var property in obj.Properties)
            {
                if (System.Array.IndexOf(knownKeys, property.Name) < 0)
                {
                    var near = knownKeys.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                    Error(property.NamePosition, $"unknown key '{Shorten(property.Name)}' in {what}" + (near is null ? $"; the keys are: {string.Join(", ", knownKeys)}" : $"; did you mean '{near}'?"));
                }
                else if (result.ContainsKey(property.Name))
                {
                    Error(property.NamePosition, $"'{property.Name}' appears twice in {what}");
                }
                else
                {
                    result.Add(property.Name, property.Value);
                }
            }

            return result;
        }

        private IReadOnlyList<PositionedJson> Array(PositionedJson node, string what)
        {
            if (node is JsonArrayNode array)
            {
                return array.Items;
            }

            Error(node, $"{what} must be an array, not {node.Kind}");
            return System.Array.Empty<PositionedJson>();
        }

        private string? String(PositionedJson node, string what)
        {
            if (node is JsonStringNode text)
            {
                return text.Value;
            }

            Error(node, $"{what} must be a string, not {node.Kind}");
            return null;
        }

        private bool Boolean(PositionedJson node, string what)
        {
            if (node is JsonBooleanNode flag)
            {
                return flag.Value;
            }

            Error(node, $"{what} must be true or false, not {node.Kind}");
            return false;
        }

        private T Enum<T>(PositionedJson node, string what, Dictionary<string, T> values)
        {
            if (node is JsonStringNode text && values.TryGetValue(text.Value, out var value))
            {
                return value;
            }

            Error(node, $"'{what}' must be one of {string.Join(", ", values.Keys.Select(k => "\"" + k + "\""))}, not {(node is JsonStringNode s ? "\"" + Shorten(s.Value) + "\"" : node.Kind)}");
            return values.Values.First();
        }

        private void Error(PositionedJson node, string message) => Error(node.Position, message);

        private void Error(TextPosition position, string message) => Errors.Add(new PolicyError(message, position));

        /// <summary>Values echoed in messages are cut short: a policy file is not a place for secrets, but it may be garbage.</summary>
        private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
    }
}

public sealed record PolicyError(string Message, TextPosition Position);

/// <summary>The policy file is missing, unreadable or wrong; <see cref="Errors"/> lists every problem with its position.</summary>
public sealed class PolicyFileException : Exception
{
    public PolicyFileException(string path, IReadOnlyList<PolicyError> errors)
        : base($"The policy file '{path}' is not valid: {errors.FirstOrDefault()?.Message}")
    {
        FilePath = path;
        Errors = errors;
    }

    public string FilePath { get; }

    public IReadOnlyList<PolicyError> Errors { get; }
}
