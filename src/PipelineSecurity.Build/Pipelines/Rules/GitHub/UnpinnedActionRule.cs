using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using PipelineSecurity.Build.Pipelines.Rules.Azure;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7001. A step's <c>uses: owner/repo@ref</c> or a job's reusable workflow whose ref is a tag or branch (moved by
/// whoever controls that repository), and <c>docker://image:tag</c> without a digest. Local (<c>./</c>) references are
/// this repository's own code. Owners listed in <c>pipeline_security.PSF7001.allowed_owners</c> (default
/// <c>actions, github</c>, GitHub's own) may use tags. The SLSA generator's workflows, which refuse to be called by
/// commit SHA, are pinned by a full release tag (<c>@vX.Y.Z</c>). A job's <c>container:</c> image needs a digest too; a
/// <c>services:</c> image is reported when it has no tag or <c>latest</c>.
/// </summary>
internal sealed class UnpinnedActionRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineUnpinnedAction);

    public const string AllowedOwnersOption = "pipeline_security.psf7001.allowed_owners";
    private static readonly string[] DefaultAllowedOwners = { "actions", "github" };

    private const string SlsaGenerator = "slsa-framework/slsa-github-generator/";

    private static readonly Regex FullReleaseTag = new(@"^v\d+\.\d+\.\d+$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Root is not { } root)
        {
            return;
        }

        var allowed = context.Options.GetList(file, AllowedOwnersOption, DefaultAllowedOwners);
        if (file.Kind == PipelineFileKind.GitHubWorkflow)
        {
            foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
            {
                if (job.GetScalar("uses") is { } workflowUses)
                {
                    CheckReference(file, context, workflowUses, allowed);
                }

                CheckImages(file, context, id, job);
            }
        }

        foreach (var step in GitHubWorkflow.Steps(file))
        {
            if (step.Node.GetScalar("uses") is { } uses)
            {
                CheckReference(file, context, uses, allowed);
            }
        }
    }

    // The job's container runs every step, with the job's secrets: a digest, as for docker:// steps. A service runs beside
    // the steps: reported when it floats by intent (no tag, or 'latest').
    private static void CheckImages(PipelineFile file, PipelineCheckContext context, string jobId, YamlMapping job)
    {
        var container = job.Get("container") switch
        {
            YamlScalar scalar => scalar,
            YamlMapping mapping => mapping.GetScalar("image"),
            _ => null,
        };
        if (container is not null && ImageTag(container.Value) is { } tag)
        {
            context.Report(
                PipelineRuleCatalog.UnpinnedAction,
                file,
                container,
                $"'{container.Value.Trim()}' runs every step of job '{jobId}' in whatever image {(tag.Length == 0 ? "the default tag" : $"'{tag}'")} points to when the job starts: pin the image digest ('image@sha256:<digest>')");
        }

        if (job.GetMapping("services") is not { } services)
        {
            return;
        }

        foreach (var service in services.Entries)
        {
            var image = service.Value switch
            {
                YamlMapping mapping => mapping.GetScalar("image"),
                _ => null,
            };
            if (image is not null && ImageTag(image.Value) is { } serviceTag && (serviceTag.Length == 0 || serviceTag.Equals("latest", StringComparison.OrdinalIgnoreCase)))
            {
                context.Report(
                    PipelineRuleCatalog.UnpinnedAction,
                    file,
                    image,
                    $"Service '{service.Key.Value}' of job '{jobId}' runs whatever '{image.Value.Trim()}' is when the job starts ({(serviceTag.Length == 0 ? "no tag: 'latest'" : "the floating 'latest' tag")}): name a version, and pin its digest ('image:version@sha256:<digest>')");
            }
        }
    }

    // The tag of an image reference without a digest ("" for none); null when it has a digest, is empty or an expression.
    private static string? ImageTag(string reference)
    {
        var value = reference.Trim();
        if (value.Length == 0 || value.IndexOf("${{", StringComparison.Ordinal) >= 0 || value.IndexOf("@sha256:", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return null;
        }

        var name = value.Substring(value.LastIndexOf('/') + 1);
        var colon = name.IndexOf(':');
        return colon < 0 ? string.Empty : name.Substring(colon + 1);
    }

    private static void CheckReference(PipelineFile file, PipelineCheckContext context, YamlScalar uses, IReadOnlyList<string> allowedOwners)
    {
        var value = uses.Value.Trim();
        if (value.Length == 0 || value.StartsWith("./", StringComparison.Ordinal) || value.IndexOf("${{", StringComparison.Ordinal) >= 0)
        {
            return;
        }

        if (value.StartsWith("docker://", StringComparison.OrdinalIgnoreCase))
        {
            if (value.IndexOf("@sha256:", StringComparison.OrdinalIgnoreCase) < 0)
            {
                context.Report(
                    PipelineRuleCatalog.UnpinnedAction,
                    file,
                    uses,
                    $"'{value}' runs whatever image the tag points to when the job starts: pin the image digest ('docker://image@sha256:<digest>')");
            }

            return;
        }

        var at = value.LastIndexOf('@');
        var name = at < 0 ? value : value.Substring(0, at);
        var reference = at < 0 ? string.Empty : value.Substring(at + 1);
        if (UnpinnedRepositoryResourceRule.IsCommit(reference))
        {
            return;
        }

        if (name.StartsWith(SlsaGenerator, StringComparison.OrdinalIgnoreCase))
        {
            // The SLSA generator checks the ref it was called with and fails on a commit SHA: a release tag is its pin.
            if (!FullReleaseTag.IsMatch(reference))
            {
                context.Report(
                    PipelineRuleCatalog.UnpinnedAction,
                    file,
                    uses,
                    $"'{value}' runs whatever '{reference}' points to when the workflow starts; the SLSA generator cannot be called by commit SHA, so call it by a full release tag ('{name}@vX.Y.Z'), which it verifies");
            }

            return;
        }

        var owner = name.Split('/')[0];
        foreach (var allowed in allowedOwners)
        {
            if (string.Equals(owner, allowed, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        context.Report(
            PipelineRuleCatalog.UnpinnedAction,
            file,
            uses,
            reference.Length == 0
                ? $"'{value}' names no version, so it runs whatever its default branch holds: pin a full commit SHA ('{name}@<40-hex SHA> # vX.Y.Z')"
                : $"'{value}' runs whatever '{reference}' points to when the workflow starts, and whoever controls '{owner}' can move it: pin the full commit SHA ('{name}@<40-hex SHA> # {reference}')");
    }
}
