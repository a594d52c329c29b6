using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using PipelineSecurity.Build.Policy.Inputs;

namespace PipelineSecurity.Build.CodeScanning;

/// <summary>
/// PipelineSecurity's findings and rule descriptions from the compiler's SARIF error log (/errorlog), as code-scanning
/// findings: a projection of the one reading of the log (<see cref="AnalyzerFindingsReader"/>) that the policy gate also uses.
/// </summary>
internal sealed record CompilerLog(IReadOnlyList<ScanFinding> Findings, IReadOnlyList<CodeScanningRule> Rules)
{
    public static readonly CompilerLog Empty = new(Array.Empty<ScanFinding>(), Array.Empty<CodeScanningRule>());

    /// <summary>Reads the log. Throws <see cref="InvalidDataException"/> for a file that is not a SARIF log.</summary>
    public static CompilerLog Read(string path) => From(AnalyzerFindingsReader.ReadLog(path));

    /// <summary>
    /// Every PSF finding with its full region; one suppressed in source keeps an in-source suppression; a hidden one
    /// (level "none": configuration chose not to show it) is left out.
    /// </summary>
    public static CompilerLog From(AnalyzerLog log)
    {
        var findings = new List<ScanFinding>();
        foreach (var finding in log.PipelineSecurityFindings)
        {
            var level = finding.Level switch
            {
                "error" => FindingLevel.Error,
                "note" => FindingLevel.Note,
                "none" => (FindingLevel?)null,
                _ => FindingLevel.Warning,
            };
            if (level is null)
            {
                continue;
            }

            findings.Add(new ScanFinding(finding.RuleId, level.Value, finding.Message, finding.File, finding.Line, finding.Column)
            {
                EndLine = finding.EndLine,
                EndColumn = finding.EndColumn,
                Source = Sources.Analyzer,
                Suppression = finding.SuppressedInSource ? new FindingSuppression(FindingSuppression.InSource, "Suppressed in source (#pragma or [SuppressMessage]).") : null,
            });
        }

        return findings.Count == 0 && log.Rules.Count == 0 ? Empty : new CompilerLog(findings, log.Rules);
    }

    public static bool IsPipelineSecurityRule(string? ruleId) =>
        ruleId is not null && ruleId.Length == 7 && ruleId.StartsWith("PSF", StringComparison.Ordinal) && ruleId.Skip(3).All(char.IsDigit);

    /// <summary>"Private key hard-coded in source" → "PrivateKeyHardCodedInSource".</summary>
    public static string PascalName(string title)
    {
        var builder = new StringBuilder(title.Length);
        var upper = true;
        foreach (var c in title)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return builder.Length == 0 ? "Rule" : builder.ToString();
    }
}
