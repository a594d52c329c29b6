using System;
using System.Linq;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// MSBuild task: the policy gate. Evaluates pipeline-security.json against the project's restored packages and
/// analyzer findings, writes the SARIF report and the JSON Lines audit log, and fails the build in enforce mode.
/// </summary>
public sealed class EnforcePipelineSecurityPolicy : CodeScanningTask
{
    [Required]
    public string PolicyFile { get; set; } = "";

    [Required]
    public string AssetsFile { get; set; } = "";

    [Required]
    public string ProjectName { get; set; } = "";

    [Required]
    public string ProjectFile { get; set; } = "";

    /// <summary>The compiler's SARIF error log holding the analyzers' findings; optional.</summary>
    public string? ErrorLog { get; set; }

    /// <summary>"audit" or "enforce" to override the policy file's mode (PipelineSecurityPolicyMode).</summary>
    public string? Mode { get; set; }

    [Required]
    public string SarifReportFile { get; set; } = "";

    [Required]
    public string AuditLogFile { get; set; } = "";

    /// <summary>Written into the SARIF report; the task assembly's version by default.</summary>
    public string ToolVersion { get; set; } = typeof(EnforcePipelineSecurityPolicy).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// The day exceptions are checked against, as yyyy-MM-dd (MSBuild property PipelineSecurityPolicyToday; empty: today,
    /// UTC). Lets tests and reproducible re-runs of an old build pin the calendar.
    /// </summary>
    public string? Today { get; set; }

    /// <summary>The project's Compile items, to tell whether an exception's path concerns this project.</summary>
    public ITaskItem[] SourceFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project's NuGetAuditSuppress items (URL of the advisory; optional metadata Justification or Reason).</summary>
    public ITaskItem[] NuGetAuditSuppressions { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>NuGetAuditLevel: the lowest severity reported when the policy sets none.</summary>
    public string? NuGetAuditLevel { get; set; }

    /// <summary>NuGetAuditMode (direct or all): validated and recorded.</summary>
    public string? NuGetAuditMode { get; set; }

    [Output]
    public int Violations { get; private set; }

    protected override void ExecuteCore()
    {
        var now = ParseToday(Today);
        var result = PolicyGate.Run(new PolicyGateRequest(PolicyFile, AssetsFile, ProjectName, ProjectFile, ErrorLog, Mode, SarifReportFile, AuditLogFile, ToolVersion, now)
        {
            SourceFiles = SourceFiles.Select(f => f.GetMetadata("FullPath")).ToArray(),
            CodeScanning = CreateRequest(ProjectName, ProjectFile, ErrorLog, ToolVersion),
            NuGetAudit = NuGetAuditSettings.From(
                NuGetAuditSuppressions.Select(i => new NuGetAuditSuppression(i.ItemSpec, FirstNonEmpty(i.GetMetadata("Justification"), i.GetMetadata("Reason")))),
                NuGetAuditLevel,
                NuGetAuditMode,
                (property, value, expected, used) => LogWarning(BuildDiagnosticIds.NuGetAuditSettingInvalid, BuildDiagnostics.NuGetAuditSettingInvalid.FormatMessage(property, value, expected, used), ProjectFile)),
            ReadRestore = path => RestoreCache.Graph(BuildEngine, path),
            PackageFacts = RestoreCache.Facts(BuildEngine),
        });
        Report(result.Diagnostics, result.LogCommands);

        Violations = result.Evaluation?.Violations ?? 0;
        if (result.Summary is not null)
        {
            Log.LogMessage(MessageImportance.High, result.Summary);
        }
    }

    private static string? FirstNonEmpty(params string[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    internal static DateTimeOffset ParseToday(string? today)
    {
        if (string.IsNullOrWhiteSpace(today))
        {
            return DateTimeOffset.UtcNow;
        }

        if (!DateTimeOffset.TryParseExact(today!.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var day))
        {
            throw BuildDiagnostics.PolicyFileInvalid.Failure(
                file: null, "PipelineSecurityPolicyToday", $"the value is '{today}'; it must be a date as yyyy-MM-dd (or empty for today)");
        }

        return day;
    }
}
