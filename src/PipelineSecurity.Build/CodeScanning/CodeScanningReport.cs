using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.CodeScanning.Baseline;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Policy;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>What one build of one project hands to the code-scanning report. Plain data: no MSBuild.</summary>
internal sealed record CodeScanningRequest(string ProjectName, string ProjectFile, string SarifFile, string ToolVersion)
{
    /// <summary>The compiler's SARIF error log with the analyzers' findings; optional.</summary>
    public string? ErrorLog { get; init; }

    /// <summary>The error log, when the caller has read it already (the policy gate): it is then not read again.</summary>
    public CompilerLog? Log { get; init; }

    /// <summary>%SRCROOT%: empty for the repository root above the project (else the project's folder).</summary>
    public string? SourceRoot { get; init; }

    public string? Configuration { get; init; }

    /// <summary>Set for an inner build of a multi-targeted project: it becomes part of the run's id and baseline key.</summary>
    public string? TargetFramework { get; init; }

    /// <summary>Findings of other sources (policy verdicts, workflow checks); an analyzer rule's verdict joins the compiler's finding at the same place.</summary>
    public IReadOnlyList<ScanFinding> Findings { get; init; } = Array.Empty<ScanFinding>();

    /// <summary>Descriptions of the build codes (PSF0xxx–PSF7xxx) the findings may use; analyzer rules come from the compiler's log.</summary>
    public IReadOnlyList<CodeScanningRule> Rules { get; init; } = Array.Empty<CodeScanningRule>();

    /// <summary>The SARIF file that collects every project's run (PipelineSecuritySarifDirectory); optional.</summary>
    public string? MergedSarifFile { get; init; }

    public string? BaselineFile { get; init; }

    public bool BaselineUpdate { get; init; }

    /// <summary>The policy lets the baseline only shrink: an update in enforce mode removes fixed entries and adds none.</summary>
    public bool BaselineShrinkOnly { get; init; }

    public string? FingerprintKey { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where the Azure Pipelines summary file goes (beside the SARIF file by default).</summary>
    public string? SummaryFile { get; init; }

    /// <summary>The SBOM this build writes, named in the job summary (it is written after the build, so it may not exist yet).</summary>
    public string? SbomFile { get; init; }
}

internal sealed record CodeScanningResult(IReadOnlyList<ScanFinding> Findings, IReadOnlyList<GateDiagnostic> Diagnostics, IReadOnlyList<string> LogCommands);

/// <summary>
/// Collects a project's findings from every source into one model, fingerprints them, applies (or updates) the
/// baseline, and writes the upload SARIF, the merged SARIF and the CI job summary.
/// </summary>
internal static class CodeScanningReport
{
    public static CodeScanningResult Run(CodeScanningRequest request)
    {
        var diagnostics = new List<GateDiagnostic>();
        var logCommands = new List<string>();
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(request.ProjectFile))!;
        var root = new SourceRoot(string.IsNullOrWhiteSpace(request.SourceRoot)
            ? SourceRoot.FindRepositoryRoot(projectDirectory) ?? projectDirectory
            : request.SourceRoot!);

        var log = request.Log ?? CompilerLog.Empty;
        if (request.Log is null && !string.IsNullOrWhiteSpace(request.ErrorLog) && File.Exists(request.ErrorLog))
        {
            try
            {
                log = CompilerLog.Read(request.ErrorLog!);
            }
            catch (InvalidDataException unreadable)
            {
                diagnostics.Add(new GateDiagnostic(GateSeverity.Warning, BuildDiagnosticIds.PolicyAnalyzerLogUnreadable, BuildDiagnostics.PolicyAnalyzerLogUnreadable.FormatMessage(unreadable.Message + " The SARIF report leaves them out."), request.ErrorLog, 0, 0));
            }
        }

        var regions = new SourceRegions();
        var findings = Join(log.Findings, request.Findings)
            .Select(f => f.IdentityText is null && f.Source == Sources.Analyzer ? f with { IdentityText = regions.Text(f.File, f.StartLine, f.StartColumn, f.EndLine, f.EndColumn) } : f)
            .ToList();
        var fingerprinted = FindingFingerprints.Assign(findings, root, request.FingerprintKey);

        var projectKey = root.Relative(request.ProjectFile)! + (string.IsNullOrEmpty(request.TargetFramework) ? "" : "|" + request.TargetFramework);
        if (!string.IsNullOrWhiteSpace(request.BaselineFile))
        {
            fingerprinted = ApplyBaseline(request, fingerprinted, root, projectKey, diagnostics);
        }

        var configuration = request.Configuration ?? "";
        var automationId = "pipeline-security/" + root.Relative(request.ProjectFile)!.Replace('\\', '/')
            + (configuration.Length == 0 ? "" : "/" + configuration)
            + (string.IsNullOrEmpty(request.TargetFramework) ? "" : "/" + request.TargetFramework) + "/";
        var properties = new Dictionary<string, string> { ["project"] = request.ProjectName };
        if (configuration.Length > 0)
        {
            properties["configuration"] = configuration;
        }

        if (!string.IsNullOrEmpty(request.TargetFramework))
        {
            properties["targetFramework"] = request.TargetFramework!;
        }

        var run = new CodeScanningRun(automationId, root, request.ToolVersion, fingerprinted, log.Rules.Concat(request.Rules).ToArray())
        {
            Provenance = GitProvenance.Read(root.FullPath),
            Properties = properties,
        };
        var sarif = UploadSarifWriter.Write(run);
        OutputFile.WriteIfChanged(request.SarifFile, sarif);
        if (!string.IsNullOrWhiteSpace(request.MergedSarifFile))
        {
            SarifMerger.MergeInto(request.MergedSarifFile!, sarif);
        }

        WriteSummary(request, fingerprinted, root, logCommands);
        return new CodeScanningResult(fingerprinted, diagnostics, logCommands);
    }

    /// <summary>
    /// The compiler's findings, with the verdict the policy gave the same finding (same rule, file, line and column)
    /// taking its place but keeping the compiler's full region; then every other finding.
    /// </summary>
    public static IReadOnlyList<ScanFinding> Join(IReadOnlyList<ScanFinding> compiler, IReadOnlyList<ScanFinding> others)
    {
        static string Key(ScanFinding f) => f.RuleId + "|" + (f.File is null ? "" : Path.GetFullPath(f.File)) + "|" + f.StartLine + "|" + f.StartColumn;

        var byKey = new Dictionary<string, List<ScanFinding>>(StringComparer.Ordinal);
        foreach (var other in others.Where(o => o.Source == Sources.Analyzer))
        {
            if (!byKey.TryGetValue(Key(other), out var list))
            {
                byKey[Key(other)] = list = new List<ScanFinding>();
            }

            list.Add(other);
        }

        var result = new List<ScanFinding>(compiler.Count + others.Count);
        foreach (var finding in compiler)
        {
            if (byKey.TryGetValue(Key(finding), out var verdicts) && verdicts.Count > 0)
            {
                var verdict = verdicts[0];
                verdicts.RemoveAt(0);
                result.Add(verdict with { EndLine = finding.EndLine, EndColumn = finding.EndColumn, IdentityText = verdict.IdentityText ?? finding.IdentityText });
            }
            else
            {
                result.Add(finding);
            }
        }

        result.AddRange(byKey.Values.SelectMany(v => v));
        result.AddRange(others.Where(o => o.Source != Sources.Analyzer));
        return result;
    }

    private static IReadOnlyList<ScanFinding> ApplyBaseline(CodeScanningRequest request, IReadOnlyList<ScanFinding> findings, SourceRoot root, string projectKey, List<GateDiagnostic> diagnostics)
    {
        var file = Path.GetFullPath(request.BaselineFile!);
        var name = root.Relative(file)!;
        IReadOnlyList<BaselineEntry> entries;
        try
        {
            entries = BaselineFile.Read(file);
        }
        catch (BuildDiagnosticException invalid)
        {
            diagnostics.Add(new GateDiagnostic(GateSeverity.Error, invalid.Code, invalid.Message, invalid.File, 0, 0));
            return findings;
        }

        var outcome = BaselineMatcher.Apply(findings, entries, projectKey, root, name, request.BaselineUpdate, request.BaselineShrinkOnly);
        if (request.BaselineUpdate)
        {
            var changed = BaselineFile.Update(file, projectKey, outcome.Entries);
            diagnostics.Add(new GateDiagnostic(GateSeverity.Message, BuildDiagnosticIds.BaselineStale,
                $"Baseline {(changed ? "updated" : "unchanged")}: {Count(outcome.Entries.Count, "finding", "findings")} of {projectKey} in {file}.", null, 0, 0));
            if (outcome.NotAdded.Count > 0)
            {
                var one = outcome.NotAdded.Count == 1;
                diagnostics.Add(new GateDiagnostic(GateSeverity.Warning, BuildDiagnosticIds.BaselineGrowthRefused,
                    BuildDiagnostics.BaselineGrowthRefused.FormatMessage(outcome.NotAdded.Count, one ? "finding was" : "findings were", one ? "it" : "them",
                        Describe(outcome.NotAdded.Select(f => $"{f.RuleId} {root.Relative(f.File)}{(f.StartLine > 0 ? "(" + f.StartLine + ")" : "")}"))),
                    file, 0, 0));
            }
        }
        else if (outcome.Stale.Count > 0)
        {
            var one = outcome.Stale.Count == 1;
            diagnostics.Add(new GateDiagnostic(GateSeverity.Warning, BuildDiagnosticIds.BaselineStale,
                BuildDiagnostics.BaselineStale.FormatMessage(outcome.Stale.Count, one ? "entry" : "entries", projectKey, one ? "matches" : "match",
                    Describe(outcome.Stale.Select(e => $"{e.Rule} {e.Path}")), one ? "it" : "them"),
                file, 0, 0));
        }

        return outcome.Findings;
    }

    private static string Count(int count, string one, string many) => count + " " + (count == 1 ? one : many);

    private static string Describe(IEnumerable<string> items)
    {
        var list = items.ToList();
        return string.Join(", ", list.Take(5)) + (list.Count > 5 ? $" and {list.Count - 5} more" : "");
    }

    private static void WriteSummary(CodeScanningRequest request, IReadOnlyList<ScanFinding> findings, SourceRoot root, List<string> logCommands)
    {
        var ci = JobSummary.Detect(request.Environment);
        if (ci == CiSystem.None)
        {
            return;
        }

        var title = request.ProjectName + (string.IsNullOrEmpty(request.Configuration) && string.IsNullOrEmpty(request.TargetFramework)
            ? ""
            : " (" + string.Join(", ", new[] { request.Configuration, request.TargetFramework }.Where(s => !string.IsNullOrEmpty(s))) + ")");
        var outputs = new List<(string, string)> { ("SARIF", request.SarifFile) };
        if (!string.IsNullOrWhiteSpace(request.MergedSarifFile))
        {
            outputs.Add(("merged SARIF", request.MergedSarifFile!));
        }

        if (!string.IsNullOrWhiteSpace(request.SbomFile))
        {
            outputs.Add(("SBOM", request.SbomFile!));
        }

        var markdown = JobSummary.Markdown(title, findings, root, outputs);
        if (ci == CiSystem.GitHubActions)
        {
            JobSummary.AppendToGitHubSummary(request.Environment["GITHUB_STEP_SUMMARY"]!, markdown);
        }
        else
        {
            var file = string.IsNullOrWhiteSpace(request.SummaryFile) ? Path.ChangeExtension(request.SarifFile, ".summary.md") : request.SummaryFile!;
            OutputFile.WriteIfChanged(file, System.Text.Encoding.UTF8.GetBytes(markdown));
            logCommands.Add(JobSummary.AzureUploadCommand(file));
        }
    }
}
