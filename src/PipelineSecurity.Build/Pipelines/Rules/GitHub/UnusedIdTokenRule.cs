using System;
using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7005. <c>id-token: write</c> lets any step mint an OIDC token that cloud roles and package registries trust.
/// Reported only where no step could use it: every step is a script that shows no sign of OIDC (no
/// <c>ACTIONS_ID_TOKEN_REQUEST</c>, no signing, attestation, publishing or cloud login) or one of GitHub's own actions
/// that never request the token. Unknown actions and reusable workflows are given the benefit of the doubt.
/// </summary>
internal sealed class UnusedIdTokenRule : PipelineRule
{
    // First-party actions that never request an OIDC token.
    private static readonly string[] ActionsWithoutOidc =
    {
        "actions/checkout", "actions/cache", "actions/cache/restore", "actions/cache/save", "actions/upload-artifact",
        "actions/download-artifact", "actions/labeler", "actions/stale", "actions/setup-dotnet", "actions/setup-node",
        "actions/setup-python", "actions/setup-java", "actions/setup-go", "actions/dependency-review-action",
    };

    // Words in a script that suggest it requests or uses the token.
    private static readonly string[] OidcHints =
    {
        "ACTIONS_ID_TOKEN", "id-token", "idtoken", "oidc", "cosign", "sigstore", "attest", "provenance", "publish", "push",
        "federated", "login", "sts", "token", "deploy", "release", "upload", "sign",
    };

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root)
        {
            return;
        }

        var jobs = GitHubWorkflow.Jobs(root).ToList();
        var topLevel = IdTokenWrite(root.Get("permissions"));
        if (topLevel is not null)
        {
            var inheriting = jobs.Where(j => j.Job.Get("permissions") is null).ToList();
            if (inheriting.Count > 0 && inheriting.All(j => CannotUseToken(j.Job, j.Id)))
            {
                Report(file, context, topLevel, "no job that inherits it");
            }
        }

        foreach (var (id, _, job) in jobs)
        {
            if (IdTokenWrite(job.Get("permissions")) is { } key && CannotUseToken(job, id))
            {
                Report(file, context, key, $"job '{id}'");
            }
        }
    }

    private static void Report(PipelineFile file, PipelineCheckContext context, YamlScalar key, string who) =>
        context.Report(
            PipelineRuleCatalog.UnusedIdToken,
            file,
            key,
            $"'id-token: write' lets any step mint an OIDC token that cloud roles and registries trust, but {who} has a step that could use it: remove it, or grant it only to the job that signs, attests, publishes or logs in");

    private static YamlScalar? IdTokenWrite(YamlNode? permissions) =>
        permissions is YamlMapping mapping && mapping.Get("id-token") is YamlScalar { Value: "write" } ? mapping.GetKey("id-token") : null;

    private static bool CannotUseToken(YamlMapping job, string id)
    {
        if (job.Get("uses") is not null)
        {
            return false;
        }

        var any = false;
        foreach (var step in GitHubWorkflow.JobSteps(job, id))
        {
            any = true;
            if (step.Uses is { } uses)
            {
                if (!ActionsWithoutOidc.Any(a => GitHubWorkflow.IsAction(uses, a)))
                {
                    return false;
                }
            }
            else if (step.Run is { } run && OidcHints.Any(h => run.Value.IndexOf(h, StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return false;
            }

            if (step.Node.Get("env") is YamlMapping env && env.Entries.Any(e => e.Key.Value.IndexOf("TOKEN", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                return false;
            }
        }

        return any;
    }
}
