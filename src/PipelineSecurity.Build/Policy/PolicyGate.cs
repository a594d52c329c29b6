using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.CodeScanning;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Policy.Inputs;
using PipelineSecurity.Build.Policy.Reports;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.Policy;

/// <summary>The plain request the MSBuild task maps its parameters to.</summary>
internal sealed record PolicyGateRequest(
    string PolicyFile,
    string AssetsFile,
    string ProjectName,
    string ProjectFile,
    string? ErrorLog,
    string? ModeOverride,
    string SarifReportFile,
    string AuditLogFile,
    string ToolVersion,
    DateTimeOffset Now)
{
    public IReadOnlyList<string> SourceFiles { get; init; } = Array.Empty<string>();

    /// <summary>The project's NuGetAudit settings, which the advisory check honours.</summary>
    public NuGetAuditSettings NuGetAudit { get; init; } = NuGetAuditSettings.None;

    /// <summary>The upload SARIF, baseline and job summary of this build; null: none.</summary>
    public CodeScanningRequest? CodeScanning { get; init; }

    /// <summary>How the restore is read: the task passes the build's shared graph (<see cref="RestoreCache"/>).</summary>
    public Func<string, RestoredGraph> ReadRestore { get; init; } = RestoredGraph.Read;

    /// <summary>The reader of the packages' nuspecs (the build's shared one in the task).</summary>
    public PackageFactsReader PackageFacts { get; init; } = new();
}

internal enum GateSeverity
{
    Message,
    Warning,
    Error,
}

/// <summary>One line for the build log.</summary>
internal sealed record GateDiagnostic(GateSeverity Severity, string Code, string Message, string? File, int Line, int Column)
{
    /// <summary>A diagnostic of the gate itself (not a verdict) at the descriptor's default severity.</summary>
    public static GateDiagnostic Create(BuildDiagnosticDescriptor descriptor, string? file, int line, int column, params object?[] arguments) =>
        new(descriptor.DefaultSeverity switch
            {
                BuildDiagnosticSeverity.Error => GateSeverity.Error,
                BuildDiagnosticSeverity.Warning => GateSeverity.Warning,
                _ => GateSeverity.Message,
            },
            descriptor.Id, descriptor.FormatMessage(arguments), file, line, column);
}

internal sealed record PolicyGateResult(PolicyEvaluation? Evaluation, IReadOnlyList<GateDiagnostic> Diagnostics, string? Summary)
{
    /// <summary>CI logging commands to print as they are (the Azure Pipelines job summary).</summary>
    public IReadOnlyList<string> LogCommands { get; init; } = Array.Empty<string>();

    public bool Failed => Diagnostics.Any(d => d.Severity == GateSeverity.Error);
}

/// <summary>
/// Reads the policy and every input, evaluates, writes the SARIF report and the JSON Lines audit log, and says what to
/// log. Knows nothing of MSBuild. Reports are written whole (temporary file and rename) even when the gate fails,
/// because the failing build is when people read them.
/// </summary>
internal static class PolicyGate
{
    public static PolicyGateResult Run(PolicyGateRequest request)
    {
        var diagnostics = new List<GateDiagnostic>();
        IReadOnlyList<string> codeScanningCommands = Array.Empty<string>();
        PolicyDocument policy;
        try
        {
            policy = PolicyFileParser.Load(request.PolicyFile);
        }
        catch (PolicyFileException invalid)
        {
            return new PolicyGateResult(null, PolicyErrors(invalid), null);
        }

        var mode = policy.Mode;
        if (!string.IsNullOrWhiteSpace(request.ModeOverride))
        {
            switch (request.ModeOverride!.Trim().ToLowerInvariant())
            {
                case "audit":
                    mode = PolicyMode.Audit;
                    break;
                case "enforce":
                    mode = PolicyMode.Enforce;
                    break;
                default:
                    diagnostics.Add(GateDiagnostic.Create(BuildDiagnostics.PolicyFileInvalid, null, 0, 0,
                        "PipelineSecurityPolicyMode", $"the value is '{request.ModeOverride}'; it must be 'audit' or 'enforce' (or empty to use the policy file's mode)"));
                    return new PolicyGateResult(null, diagnostics, null);
            }
        }

        var graph = request.ReadRestore(request.AssetsFile);

        OsvDatabase? database = null;
        if (policy.Advisories?.DatabasePath is { } databasePath)
        {
            try
            {
                database = OsvDatabaseCache.Get(databasePath);
            }
            catch (OsvDatabaseException bad)
            {
                var atPolicy = !Directory.Exists(databasePath);
                diagnostics.Add(GateDiagnostic.Create(BuildDiagnostics.PolicyAdvisoryDatabaseInvalid,
                    atPolicy ? policy.FilePath : bad.File,
                    atPolicy ? policy.Advisories.DatabasePosition?.Line ?? 0 : bad.Line ?? 0,
                    atPolicy ? policy.Advisories.DatabasePosition?.Column ?? 0 : 0,
                    bad.Message,
                    atPolicy ? "Fix 'advisories.database' in the policy (a folder of OSV JSON files, relative to the policy file)." : "Replace the damaged record with a fresh export of the database."));
                return new PolicyGateResult(null, diagnostics, null);
            }
        }

        // Read once, for the analyzer check and the upload SARIF alike.
        AnalyzerLog? analyzerLog = null;
        if ((policy.Analyzers.Enforce || request.CodeScanning is not null) && !string.IsNullOrWhiteSpace(request.ErrorLog) && File.Exists(request.ErrorLog))
        {
            try
            {
                analyzerLog = AnalyzerFindingsReader.ReadLog(request.ErrorLog!);
            }
            catch (InvalidDataException unreadable) when (policy.Analyzers.Enforce)
            {
                diagnostics.Add(GateDiagnostic.Create(BuildDiagnostics.PolicyAnalyzerLogUnreadable, request.ErrorLog, 0, 0, unreadable.Message));
                return new PolicyGateResult(null, diagnostics, null);
            }
            catch (InvalidDataException unreadable)
            {
                diagnostics.Add(new GateDiagnostic(GateSeverity.Warning, BuildDiagnosticIds.PolicyAnalyzerLogUnreadable,
                    BuildDiagnostics.PolicyAnalyzerLogUnreadable.FormatMessage(unreadable.Message + " The SARIF report leaves them out."), request.ErrorLog, 0, 0));
            }
        }

        var evaluation = PolicyEvaluator.Evaluate(new PolicyEvaluationRequest(
            policy,
            mode,
            request.ProjectFile,
            graph.Packages,
            policy.Licenses is null ? null : p => License(request.PackageFacts, p, diagnostics),
            database,
            NuGetAuditFindings.From(graph.Assets),
            analyzerLog?.Findings,
            request.Now.UtcDateTime.Date)
        {
            SourceFiles = request.SourceFiles,
            NuGetAuditSettings = request.NuGetAudit,
            RulesDisabledByConfiguration = analyzerLog?.RulesDisabledByConfiguration ?? Array.Empty<string>(),
        });

        if (request.CodeScanning is { } codeScanning)
        {
            // The baseline accepts known findings before they are judged, like an exception; it works on the findings
            // the upload SARIF reports, so both agree on what is known.
            var report = CodeScanningReport.Run(codeScanning with
            {
                Findings = PolicyFindings.From(evaluation, request.ProjectFile).Concat(codeScanning.Findings).ToArray(),
                Log = analyzerLog is null ? CompilerLog.Empty : CompilerLog.From(analyzerLog),
                BaselineShrinkOnly = !Checks.BaselineCheck.MayGrow(policy, mode),
            });
            var baselineVerdicts = Checks.BaselineCheck.Verdicts(report.Diagnostics).ToArray();
            evaluation = PolicyFindings.WithBaseline(evaluation, report.Findings);
            evaluation = evaluation with { Verdicts = evaluation.Verdicts.Concat(baselineVerdicts).ToArray() };
            diagnostics.AddRange(report.Diagnostics.Where(d => !baselineVerdicts.Any(v => v.Code == d.Code && v.Message == d.Message)));
            codeScanningCommands = report.LogCommands;
        }

        foreach (var verdict in evaluation.Verdicts)
        {
            if (ToDiagnostic(verdict, mode) is { } diagnostic)
            {
                diagnostics.Add(diagnostic);
            }
        }

        OutputFile.WriteIfChanged(request.SarifReportFile, SarifReportWriter.Write(evaluation, request.ToolVersion, request.ProjectName));
        OutputFile.WriteIfChanged(request.AuditLogFile, AuditLogWriter.Write(evaluation, request.ProjectName, request.Now));

        var failing = diagnostics.Count(d => d.Severity == GateSeverity.Error);
        var summary =
            $"PipelineSecurity policy ({(mode == PolicyMode.Enforce ? "enforce" : "audit")}): {evaluation.Verdicts.Count} checks, {evaluation.Violations} violation{(evaluation.Violations == 1 ? "" : "s")}, " +
            $"{evaluation.ExceptionsUsed} exception{(evaluation.ExceptionsUsed == 1 ? "" : "s")} used" +
            (mode == PolicyMode.Enforce ? (failing > 0 ? " - build FAILED" : " - passed") : "") +
            $". Reports: {request.SarifReportFile} (SARIF), {request.AuditLogFile} (JSON Lines)";
        return new PolicyGateResult(evaluation, diagnostics, summary) { LogCommands = codeScanningCommands };
    }

    /// <summary>
    /// The licence as the SBOM reads it. A nuspec that cannot be read is an error with its own code (once per build,
    /// whichever task meets it first) and an unknown licence here; a package missing from the packages folders is a
    /// licence not found (the integrity check and the SBOM report the missing package).
    /// </summary>
    private static PackageLicense License(PackageFactsReader reader, RestoredPackage package, List<GateDiagnostic> diagnostics)
    {
        var facts = reader.TryRead(package, out var damage);
        if (facts is not null)
        {
            return facts.License;
        }

        if (damage!.Code == BuildDiagnosticIds.SbomPackageMissing)
        {
            return PackageLicense.NotFound;
        }

        if (reader.ShouldReport(damage))
        {
            diagnostics.Add(new GateDiagnostic(GateSeverity.Error, damage.Code, damage.Message, damage.File, 0, 0));
        }

        return new PackageLicense(PackageLicenseKind.Unreadable, null, damage.Message);
    }

    public static IReadOnlyList<GateDiagnostic> PolicyErrors(PolicyFileException invalid) =>
        invalid.Errors
            .Select(e => GateDiagnostic.Create(BuildDiagnostics.PolicyFileInvalid, invalid.FilePath, e.Position.Line, e.Position.Column, "Policy file", e.Message))
            .ToArray();

    private static GateDiagnostic? ToDiagnostic(PolicyVerdict verdict, PolicyMode mode)
    {
        switch (verdict.Outcome)
        {
            case VerdictOutcome.Fail:
                // In audit mode the compiler has already printed an analyzer finding as a warning; don't say it twice.
                // A rule switched off by configuration is the team's visible choice while auditing: it is counted and
                // recorded in the reports, and becomes an error in enforce mode.
                if (mode == PolicyMode.Audit && verdict.Check == PolicyChecks.Analyzer && !verdict.SuppressedInSource)
                {
                    return null;
                }

                // An expired exception fails an enforcing build; an auditing build only warns about everything.
                return new GateDiagnostic(mode == PolicyMode.Enforce ? GateSeverity.Error : GateSeverity.Warning, verdict.Code, verdict.Message, verdict.File, verdict.Line, verdict.Column);
            case VerdictOutcome.Warn:
                return new GateDiagnostic(GateSeverity.Warning, verdict.Code, verdict.Message, verdict.File, verdict.Line, verdict.Column);
            case VerdictOutcome.Excused:
                return new GateDiagnostic(GateSeverity.Message, verdict.Code, verdict.Message, verdict.File, verdict.Line, verdict.Column);
            default:
                return null;
        }
    }
}
