using System;
using System.Linq;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7006. <c>actions/checkout</c> keeps the job's token in the repository's git configuration unless
/// <c>persist-credentials: false</c>; in a job that later uploads an artifact, or runs a pull request's code in a
/// privileged workflow, that token can leave the job (inside the artifact, or read by the untrusted code).
/// </summary>
internal sealed class PersistedCredentialsRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelinePersistedCredentials);

    /// <summary>
    /// Whether an upload can carry .git/config: its path is the working tree (or names .git), and hidden files are
    /// uploaded (upload-artifact before v4.4, or include-hidden-files: true; upload-pages-artifact archives hidden files
    /// unless told otherwise).
    /// </summary>
    internal static bool UploadsGitConfig(GitHubStep step)
    {
        var pages = step.UsesAction("actions/upload-pages-artifact");
        if (!pages && !step.UsesAction("actions/upload-artifact"))
        {
            return false;
        }

        var path = step.With?.GetString("path") ?? (pages ? "_site/" : string.Empty);
        var coversWorkingTree = false;
        foreach (var raw in path.Split('\n'))
        {
            var line = raw.Trim().Trim('"', '\'');
            coversWorkingTree |= line is "." or "./" or "*" or "**" or "./*" or "./**" or "**/*" || line.IndexOf(".git", StringComparison.Ordinal) >= 0
                                 || line.StartsWith("${{ github.workspace }}", StringComparison.Ordinal) && line.TrimEnd('/').EndsWith("}}", StringComparison.Ordinal);
        }

        if (!coversWorkingTree)
        {
            return false;
        }

        if (pages || step.With?.Get("include-hidden-files") is YamlScalar { IsTrue: true })
        {
            return true;
        }

        // upload-artifact v4.4.0 stopped uploading hidden files by default.
        var uses = step.Uses ?? string.Empty;
        var at = uses.IndexOf('@');
        var reference = at < 0 ? string.Empty : uses.Substring(at + 1).TrimStart('v');
        var parts = reference.Split('.');
        return int.TryParse(parts[0], out var major) && (major < 4 || (major == 4 && parts.Length > 1 && int.TryParse(parts[1], out var minor) && minor < 4));
    }

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root)
        {
            return;
        }

        var privileged = GitHubWorkflow.HasTrigger(root, PullRequestHeadCheckout.PrivilegedPullRequestTriggers);
        foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
        {
            var steps = GitHubWorkflow.JobSteps(job, id).ToList();
            for (var i = 0; i < steps.Count; i++)
            {
                var checkout = steps[i];
                if (!checkout.UsesAction("actions/checkout") || checkout.With?.Get("persist-credentials") is YamlScalar { IsFalse: true })
                {
                    continue;
                }

                var later = steps.Skip(i + 1).ToList();
                var upload = later.FirstOrDefault(UploadsGitConfig);
                string? why = null;
                if (upload.Node is not null)
                {
                    why = $"the job uploads the working tree with its hidden files (line {upload.Node.Line}), .git/config included";
                }
                else if (privileged && PullRequestHeadCheckout.FetchesUntrustedCode(root, job, checkout) is not null && later.Any(PullRequestHeadCheckout.RunsCode))
                {
                    why = "the job then runs the pull request's code, which can read it";
                }

                if (why is not null && checkout.Node.GetScalar("uses") is { } uses)
                {
                    context.Report(
                        PipelineRuleCatalog.PersistedCredentials,
                        file,
                        uses,
                        $"This checkout leaves the job's token in the git configuration and {why}: set 'persist-credentials: false' under 'with:' (and pass a token only to the step that pushes)");
                }
            }
        }
    }
}
