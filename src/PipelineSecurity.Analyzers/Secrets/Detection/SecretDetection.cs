using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// The detection layer's API for callers outside Roslyn (the build task links the <c>Secrets/Detection</c> sources and
/// calls only this). Keep it stable:
/// <list type="bullet">
/// <item><c>SecretDetection.ScanFile(text, fileName, options)</c>: the findings in one file's text, in text order.
/// <c>fileName</c> is a name or path; only its last segment decides the format (Dockerfile, YAML for docker-compose,
/// Kubernetes, Helm and pipeline files, or JSON/XML/INI/.env/.properties); the file is never opened.</item>
/// <item><c>SecretDetection.ScanText(text, options)</c>: format-recognised secrets in any text (a C# string's value).</item>
/// <item><c>SecretDetection.IsConfigurationFile(fileName)</c>: whether the package hands a project's file of that name to
/// the compiler for the secret rules.</item>
/// <item><see cref="DetectedSecret"/>: rule id (PSF1001–PSF1005), 1-based line and column of the secret's first and
/// last character, its offsets in the text, a description (format or key name, never the value) and the redacted
/// form (<see cref="SecretRedaction.Redact"/>), which is the only form of the value a message may show.</item>
/// </list>
/// Everything here is pure (no Roslyn type, no file or environment API) and linear in the text's length.
/// </summary>
internal static class SecretDetection
{
    /// <summary>The format a file name says its content is in.</summary>
    public static SecretFileKind KindOf(string fileName)
    {
        var name = LastSegment(fileName).ToLowerInvariant();
        if (name == "dockerfile" || name == "containerfile" || name.StartsWith("dockerfile.", System.StringComparison.Ordinal)
            || name.EndsWith(".dockerfile", System.StringComparison.Ordinal) || name.EndsWith(".containerfile", System.StringComparison.Ordinal))
        {
            return SecretFileKind.Dockerfile;
        }

        return name.EndsWith(".yml", System.StringComparison.Ordinal) || name.EndsWith(".yaml", System.StringComparison.Ordinal)
            ? SecretFileKind.Yaml
            : SecretFileKind.Configuration;
    }

    /// <summary>
    /// The configuration files of a project's folder the package hands to the compiler (README, "Secrets in configuration
    /// files"): <c>appsettings*.json</c>, <c>*.config</c>, <c>.env</c> and <c>.env.*</c>, <c>*.yml</c>/<c>*.yaml</c>,
    /// <c>*.xml</c>, <c>*.properties</c>, <c>*.ini</c> and <c>*.pubxml</c>. One list for the build (which files to add)
    /// and the analyzer (which unmarked additional files to scan).
    /// </summary>
    public static bool IsConfigurationFile(string fileName)
    {
        var name = LastSegment(fileName).ToLowerInvariant();
        if (name == ".env" || name.StartsWith(".env.", System.StringComparison.Ordinal)
            || (name.StartsWith("appsettings", System.StringComparison.Ordinal) && name.EndsWith(".json", System.StringComparison.Ordinal)))
        {
            return true;
        }

        var dot = name.LastIndexOf('.');
        var extension = dot < 0 ? "" : name.Substring(dot);
        return extension is ".config" or ".yml" or ".yaml" or ".xml" or ".properties" or ".ini" or ".pubxml";
    }

    /// <summary>The findings in one file, scanned by the format its name says.</summary>
    public static List<DetectedSecret> ScanFile(string text, string fileName, SecretScanOptions? options = null)
    {
        var findings = new List<SecretFinding>();
        ConfigurationFileScanner.Scan(text, KindOf(fileName), options ?? SecretScanOptions.Default, findings);
        return Locate(text, findings);
    }

    /// <summary>Format-recognised secrets (keys, tokens, connection strings, URLs, secret-named pairs) in any text.</summary>
    public static List<DetectedSecret> ScanText(string text, SecretScanOptions? options = null)
    {
        var findings = new List<SecretFinding>();
        SecretScanner.ScanText(text, options ?? SecretScanOptions.Default, findings);
        return Locate(text, findings);
    }

    /// <summary>Adds 1-based lines and columns to findings (one pass over the text, whatever the number of findings).</summary>
    public static List<DetectedSecret> Locate(string text, List<SecretFinding> findings)
    {
        findings.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var located = new List<DetectedSecret>(findings.Count);
        int line = 1, lineStart = 0, position = 0;
        foreach (var finding in findings)
        {
            Advance(finding.Start);
            int startLine = line, startColumn = finding.Start - lineStart + 1;
            var last = finding.Start + System.Math.Max(finding.Length, 1) - 1;
            Advance(last);
            located.Add(new DetectedSecret(finding, startLine, startColumn, line, last - lineStart + 1));

            // The next finding may start before this one's end (never in practice): rewind to its start line.
            line = startLine;
            lineStart = finding.Start - startColumn + 1;
            position = finding.Start;
        }

        return located;

        void Advance(int to)
        {
            for (; position < to && position < text.Length; position++)
            {
                if (text[position] == '\n')
                {
                    line++;
                    lineStart = position + 1;
                }
            }
        }
    }

    private static string LastSegment(string path)
    {
        var slash = System.Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }
}

/// <summary>How a file's text is read.</summary>
internal enum SecretFileKind
{
    /// <summary>JSON, XML (.config, .pubxml, .csproj), INI, .env, .properties: line by line, key/value pairs by their syntax.</summary>
    Configuration,

    /// <summary>YAML (docker-compose, Kubernetes manifests, Helm values, GitHub and Azure pipelines): as above, plus the
    /// parent keys of each line and the base64 <c>data</c> of a Kubernetes <c>Secret</c>.</summary>
    Yaml,

    /// <summary>Dockerfile / Containerfile: <c>ENV</c> and <c>ARG</c> instructions, and command lines in <c>RUN</c>.</summary>
    Dockerfile,
}

/// <summary>A finding with its position as a person reads it. Holds no secret (see <see cref="SecretFinding"/>).</summary>
internal readonly struct DetectedSecret
{
    public DetectedSecret(SecretFinding finding, int line, int column, int endLine, int endColumn)
    {
        Finding = finding;
        Line = line;
        Column = column;
        EndLine = endLine;
        EndColumn = endColumn;
    }

    public SecretFinding Finding { get; }

    /// <summary>PSF1001 (private key), PSF1002 (provider token), PSF1003 (connection-string password), PSF1004 (URL credentials), PSF1005 (generic secret).</summary>
    public string RuleId => Finding.RuleId;

    public string Description => Finding.Description;

    public string Redacted => Finding.Redacted;

    public int Start => Finding.Start;

    public int Length => Finding.Length;

    /// <summary>1-based line of the secret's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column (UTF-16 code units) of the secret's first character.</summary>
    public int Column { get; }

    /// <summary>1-based line of the secret's last character.</summary>
    public int EndLine { get; }

    /// <summary>1-based column of the secret's last character (inclusive).</summary>
    public int EndColumn { get; }
}
