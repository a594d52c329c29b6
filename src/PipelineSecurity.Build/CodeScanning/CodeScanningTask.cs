using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.PackageCache;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>
/// The parameters of the upload SARIF, the baseline and the job summary, shared by the policy gate (which applies the
/// baseline to its verdicts) and <see cref="WritePipelineSecuritySarif"/> (projects without a policy).
/// </summary>
public abstract class CodeScanningTask : PipelineSecurityTask
{
    /// <summary>The project's upload SARIF (PipelineSecuritySarifFile); empty: none.</summary>
    public string? SarifFile { get; set; }

    /// <summary>The folder of the SARIF file that merges every project's run (PipelineSecuritySarifDirectory); optional.</summary>
    public string? SarifDirectory { get; set; }

    /// <summary>%SRCROOT% (PipelineSecuritySourceRoot); empty: the repository root above the project.</summary>
    public string? SourceRoot { get; set; }

    public string? Configuration { get; set; }

    /// <summary>The target framework of an inner build of a multi-targeted project; empty otherwise.</summary>
    public string? TargetFramework { get; set; }

    /// <summary>pipeline-security.baseline.json (PipelineSecurityBaselineFile); empty: no baseline.</summary>
    public string? BaselineFile { get; set; }

    /// <summary>PipelineSecurityBaselineUpdate: write the project's current findings into the baseline.</summary>
    public bool BaselineUpdate { get; set; }

    public string? SbomFile { get; set; }

    /// <summary>Findings of other checks (workflow files): item spec = rule id; metadata Message, File, Line, Column, EndLine, EndColumn, Level (error|warning|note), Source, FingerprintText (what identifies the finding apart from its line).</summary>
    public ITaskItem[] Findings { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>
    /// The environment variable holding the key of the fingerprints' HMAC (e.g. a CI secret); unset: a fixed key. Read
    /// here rather than passed as a task parameter, so that it never appears in a build log or binary log.
    /// </summary>
    public const string FingerprintKeyVariable = "PIPELINE_SECURITY_FINGERPRINT_KEY";

    /// <summary>The SARIF file in <see cref="SarifDirectory"/> that collects every project's run; null without one.</summary>
    private protected string? MergedSarifFile =>
        string.IsNullOrWhiteSpace(SarifDirectory) ? null : System.IO.Path.Combine(SarifDirectory!, "pipeline-security.sarif");

    private protected CodeScanningRequest? CreateRequest(string projectName, string projectFile, string? errorLog, string toolVersion)
    {
        if (string.IsNullOrWhiteSpace(SarifFile))
        {
            return null;
        }

        return new CodeScanningRequest(projectName, projectFile, SarifFile!, toolVersion)
        {
            ErrorLog = errorLog,
            SourceRoot = SourceRoot,
            Configuration = Configuration,
            TargetFramework = TargetFramework,
            MergedSarifFile = MergedSarifFile,
            BaselineFile = string.IsNullOrWhiteSpace(BaselineFile) ? null : BaselineFile,
            BaselineUpdate = BaselineUpdate,
            FingerprintKey = System.Environment.GetEnvironmentVariable(FingerprintKeyVariable),
            SbomFile = SbomFile,
            Findings = Findings.Select(ToFinding).ToArray(),
            Rules = BuildRules.All,
            Environment = CiEnvironment(),
        };
    }

    private protected void Report(IEnumerable<Policy.GateDiagnostic> diagnostics, IEnumerable<string> logCommands)
    {
        foreach (var diagnostic in diagnostics)
        {
            switch (diagnostic.Severity)
            {
                case Policy.GateSeverity.Error:
                    LogError(diagnostic.Code, diagnostic.Message, diagnostic.File, diagnostic.Line, diagnostic.Column);
                    break;
                case Policy.GateSeverity.Warning:
                    LogWarning(diagnostic.Code, diagnostic.Message, diagnostic.File, diagnostic.Line, diagnostic.Column);
                    break;
                default:
                    Log.LogMessage(MessageImportance.Normal, "{0}: {1}", diagnostic.Code, diagnostic.Message);
                    break;
            }
        }

        foreach (var command in logCommands)
        {
            Log.LogMessage(MessageImportance.High, command);
        }
    }

    private protected static IReadOnlyDictionary<string, string?> CiEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "TF_BUILD" })
        {
            environment[name] = Environment.GetEnvironmentVariable(name);
        }

        return environment;
    }

    private static ScanFinding ToFinding(ITaskItem item)
    {
        static int Number(ITaskItem item, string name) =>
            int.TryParse(item.GetMetadata(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

        var level = item.GetMetadata("Level").ToLowerInvariant() switch
        {
            "error" => FindingLevel.Error,
            "note" or "info" or "message" => FindingLevel.Note,
            _ => FindingLevel.Warning,
        };
        var file = item.GetMetadata("File");
        var source = item.GetMetadata("Source");
        return new ScanFinding(item.ItemSpec, level, item.GetMetadata("Message"), file.Length == 0 ? null : file, Number(item, "Line"), Number(item, "Column"))
        {
            EndLine = Number(item, "EndLine"),
            EndColumn = Number(item, "EndColumn"),
            Source = source.Length == 0 ? Sources.Pipeline : source,
            IdentityText = item.GetMetadata("FingerprintText") is { Length: > 0 } identity ? identity : null,
        };
    }
}

/// <summary>MSBuild task: the upload SARIF (and baseline and job summary) of a project the policy gate does not cover.</summary>
public sealed class WritePipelineSecuritySarif : CodeScanningTask
{
    [Required]
    public string ProjectName { get; set; } = "";

    [Required]
    public string ProjectFile { get; set; } = "";

    public string? ErrorLog { get; set; }

    public string ToolVersion { get; set; } = typeof(WritePipelineSecuritySarif).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// Where the inputs of the last run that wrote the report are remembered (obj/…/pipeline-security/sarif.written):
    /// while none of them changed, a build does not write it again. Empty: every build writes it.
    /// </summary>
    public string? CacheFile { get; set; }

    /// <summary>The time the inputs' stamps are compared with to tell whether they are settled (tests); null: now.</summary>
    internal DateTime? NowUtc { get; set; }

    protected override void ExecuteCore()
    {
        // Unlike the policy gate, this target runs on every build (a developer's build without a policy file): reading
        // the log, the baseline and the repository and writing the report again cost about 7 ms per project. The check
        // comes first, before the request and its rule descriptions are made. The settings' part is made once: a run
        // changes only the files' stamps.
        var settings = string.IsNullOrWhiteSpace(SarifFile) ? null : SettingsKey();
        if (settings is not null && InputsKey(settings) is { } before && WorkCache.TryReadText(CacheFile!) == before.Key)
        {
            Log.LogMessage(MessageImportance.Low, "PipelineSecurity: {0} is up to date (nothing it is made from changed since it was written).", SarifFile);
            return;
        }

        if (CreateRequest(ProjectName, ProjectFile, ErrorLog, ToolVersion) is not { } request)
        {
            return;
        }

        var result = CodeScanningReport.Run(request);
        Report(result.Diagnostics, result.LogCommands);

        // Remembered only after a run that said nothing: a warning or an error is repeated by every build until it is fixed.
        var quiet = !Log.HasLoggedErrors && result.Diagnostics.All(d => d.Severity == Policy.GateSeverity.Message);
        if (quiet && settings is not null && InputsKey(settings) is { Settled: true } after)
        {
            WorkCache.TryWrite(CacheFile!, after.Key);
        }
        else if (!string.IsNullOrWhiteSpace(CacheFile))
        {
            WorkCache.TryDelete(CacheFile!);
        }
    }

    /// <summary>
    /// What the report is made from besides files, as one digest: the repository's commit, branch and remote, the other
    /// checks' findings and every setting. Null where a run cannot be skipped: no cache file, a baseline being written, a
    /// fingerprint key, runs merged into a shared file (a merged file written again by one project must get every
    /// project's run again), or a CI build (its job summary is written by every build).
    /// </summary>
    private string? SettingsKey()
    {
        if (string.IsNullOrWhiteSpace(CacheFile) || BaselineUpdate || MergedSarifFile is not null
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(FingerprintKeyVariable))
            || CiEnvironment().Values.Any(value => !string.IsNullOrEmpty(value)))
        {
            return null;
        }

        var projectDirectory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(ProjectFile))!;
        var root = string.IsNullOrWhiteSpace(SourceRoot) ? CodeScanning.SourceRoot.FindRepositoryRoot(projectDirectory) ?? projectDirectory : SourceRoot!;
        var findings = Findings.Select(item => item.ItemSpec + "|" + string.Join("|", FindingMetadata.Select(item.GetMetadata)));
        return WorkCache.Key(ProjectName, System.IO.Path.GetFullPath(ProjectFile), SarifFile, System.IO.Path.GetFullPath(root), GitProvenance.Read(root),
            Configuration, TargetFramework, BaselineFile, SbomFile, ToolVersion, InputLimits, string.Join("\n", findings));
    }

    /// <summary>
    /// What the report is made from, as text to compare: the change stamps of the compiler's log, the baseline and the
    /// report itself (a report deleted or edited is written again), then <paramref name="settingsKey"/>. Null without
    /// change stamps (Windows).
    /// </summary>
    private (string Key, bool Settled)? InputsKey(string settingsKey)
    {
        var now = NowUtc ?? DateTime.UtcNow;
        var text = new StringBuilder();
        var settled = true;
        foreach (var file in new[] { ErrorLog, BaselineFile, SarifFile })
        {
            if (string.IsNullOrWhiteSpace(file))
            {
                text.Append("none\n");
                continue;
            }

            if (FileChangeStamp.TextOf(System.IO.Path.GetFullPath(file)) is not { } stamp)
            {
                return null;
            }

            // The report is this task's own output, touched by every run: its stamp only has to be the one it left.
            settled &= file == SarifFile || FileChangeStamp.IsSettledText(stamp, now);
            text.Append(stamp).Append('\n');
        }

        return (text.Append(settingsKey).ToString(), settled);
    }

    private static readonly string[] FindingMetadata = { "Message", "File", "Line", "Column", "EndLine", "EndColumn", "Level", "Source", "FingerprintText" };
}
