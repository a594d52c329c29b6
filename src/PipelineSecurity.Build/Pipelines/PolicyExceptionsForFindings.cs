using System;
using System.Collections.Generic;
using System.IO;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Policy;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>
/// Applies the policy file's exceptions to CI-definition findings, after the result cache (exceptions expire with the
/// calendar): an exception naming the finding's rule (and, when it has one, a path pattern matching the file relative to
/// the policy file's folder), with no package or advisory, excuses it until it expires; an expired one no longer does,
/// and the finding says so.
/// </summary>
internal static class PolicyExceptionsForFindings
{
    public static List<PipelineFinding> Apply(IReadOnlyList<PipelineFinding> findings, string repositoryRoot, string? policyFile, DateTime today, List<string> excused)
    {
        var kept = new List<PipelineFinding>(findings);
        if (string.IsNullOrWhiteSpace(policyFile) || !File.Exists(policyFile) || findings.Count == 0)
        {
            return kept;
        }

        PolicyDocument policy;
        try
        {
            policy = PolicyFileParser.Load(policyFile!);
        }
        catch (BuildDiagnosticException)
        {
            // The policy gate reports an invalid policy file (PSF6001) itself.
            return kept;
        }

        var policyFolder = Path.GetDirectoryName(Path.GetFullPath(policyFile!)) ?? repositoryRoot;
        kept.Clear();
        foreach (var finding in findings)
        {
            var full = Path.Combine(repositoryRoot, finding.RelativePath.Replace('/', Path.DirectorySeparatorChar));
            var relative = PolicyEvaluator.RelativeTo(policyFolder, full);
            string? expired = null;
            string? excuse = null;
            foreach (var exception in policy.Exceptions)
            {
                if (exception.Rule is null || exception.Package is not null || exception.Advisory is not null
                    || !string.Equals(exception.Rule, finding.RuleId, StringComparison.OrdinalIgnoreCase)
                    || (exception.Path is not null && !exception.Path.Matches(relative)))
                {
                    continue;
                }

                if (exception.IsExpired(today))
                {
                    expired = $" The policy exception for it (owner {exception.Owner}) expired on {exception.Expires:yyyy-MM-dd}.";
                }
                else
                {
                    excuse = $"{finding}: excused by the policy exception of {exception.Owner} until {exception.Expires:yyyy-MM-dd} ({exception.Justification})";
                    break;
                }
            }

            if (excuse is not null)
            {
                excused.Add(excuse);
            }
            else
            {
                kept.Add(expired is null ? finding : new PipelineFinding(finding.RuleId, finding.RelativePath, finding.Line, finding.Column, finding.Message + expired, finding.Severity));
            }
        }

        return kept;
    }
}
