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
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineUnusedIdToken);

    // First-party actions that never request an OIDC token.
    private static readonly string[] ActionsWithoutOidc =
    {
        "actions/checkout", "actions/cache", "actions/cache/restore", "actions/cache/save", "actions/upload-artifact",
        "actions/download-artifact", "actions/labeler", "actions/stale", "actions/setup-dotnet", "actions/setup-node",
        "actions/setup-python", "actions/setup-java", "actions/setup-go", "actions/dependency-review-action",
    };

    // Words of a script that suggest it requests or uses the token (compared as whole words, case-insensitively).
    private static readonly HashSet<string> OidcWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "oidc", "cosign", "sigstore", "attest", "attestation", "--provenance", "provenance", "publish", "push", "login", "sts",
        "--federated-token", "federated", "assume-role", "assume-role-with-web-identity", "deploy", "upload", "sign", "gcloud", "az", "aws", "vault",
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

    private static bool MayUseToken(string script)
    {
        if (script.IndexOf("ACTIONS_ID_TOKEN", StringComparison.OrdinalIgnoreCase) >= 0 || script.IndexOf("id-token", StringComparison.OrdinalIgnoreCase) >= 0
            || script.IndexOf("getIDToken", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        foreach (var word in script.Split(new[] { ' ', '\t', '\n', '\r', ';', '|', '&', '(', ')', '"', '\'', '=' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (OidcWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

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
            else if (step.Run is { } run && MayUseToken(run.Value))
            {
                return false;
            }
        }

        return any;
    }
}
