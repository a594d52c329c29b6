using System;
using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Pipelines.Expressions;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// Finds, in a <c>pull_request_target</c> / <c>workflow_run</c> workflow, the steps that fetch the pull request's own code
/// (a checkout of its head or merge ref or of the fork repository, or <c>gh pr checkout</c>) and the first later step
/// of the same job that runs code from the working tree.
/// </summary>
internal static class PullRequestHeadCheckout
{
    public static readonly string[] PrivilegedPullRequestTriggers = { "pull_request_target", "workflow_run" };

    private static readonly AccessPath[] HeadReferences =
    {
        AccessPath.Parse("github.event.pull_request.head.sha"),
        AccessPath.Parse("github.event.pull_request.head.ref"),
        AccessPath.Parse("github.event.pull_request.head.repo.full_name"),
        AccessPath.Parse("github.event.pull_request.number"),
        AccessPath.Parse("github.event.pull_request.merge_commit_sha"),
        AccessPath.Parse("github.event.number"),
        AccessPath.Parse("github.head_ref"),
        AccessPath.Parse("github.event.workflow_run.head_sha"),
        AccessPath.Parse("github.event.workflow_run.head_branch"),
        AccessPath.Parse("github.event.workflow_run.head_repository.full_name"),
        AccessPath.Parse("github.event.workflow_run.pull_requests.*.head.sha"),
        AccessPath.Parse("github.event.workflow_run.pull_requests.*.head.ref"),
        AccessPath.Parse("github.event.workflow_run.pull_requests.*.number"),
    };

    // The commits an event names: fixed when the run starts, so what a maintainer approved (by a label) is what is checked out.
    private static readonly AccessPath[] EventCommitReferences =
    {
        AccessPath.Parse("github.event.pull_request.head.sha"),
        AccessPath.Parse("github.event.pull_request.merge_commit_sha"),
    };

    /// <summary>The <see cref="PrivilegedPullRequestTriggers"/> of the workflow.</summary>
    public static List<string> PrivilegedTriggers(YamlMapping root) =>
        GitHubWorkflow.Triggers(root).Select(t => t.Event).Where(e => Array.IndexOf(PrivilegedPullRequestTriggers, e) >= 0).ToList();

    /// <summary>Whether only a maintainer's action starts the workflow's privileged runs (<c>types: [labeled]</c>): an approval of the commit the event names.</summary>
    public static bool ApprovalGated(YamlMapping root) =>
        PrivilegedTriggers(root) is { Count: > 0 } triggers && triggers.TrueForAll(e => GitHubWorkflow.OnlyMaintainersStart(root, e));

    /// <summary>
    /// The node to report when <paramref name="step"/> of <paramref name="job"/> fetches pull-request code nobody vouched
    /// for; null for no fetch, a job or step limited to this repository's branches or to trusted authors, and an
    /// approval-gated workflow checking out the approved commit.
    /// </summary>
    public static YamlNode? FetchesUntrustedCode(YamlMapping root, YamlMapping job, GitHubStep step)
    {
        var fetched = FetchesPullRequestCode(step);
        if (fetched is null)
        {
            return null;
        }

        var privileged = PrivilegedTriggers(root);
        var vouched = GuardedAgainstForks(job) || GuardedAgainstForks(step.Node)
                      || AuthorAssociationGuard.Requires(job, privileged) || AuthorAssociationGuard.Requires(step.Node, privileged)
                      || (ApprovalGated(root) && FetchesEventCommit(step));
        return vouched ? null : fetched;
    }

    /// <summary>Whether the step fetches pull-request code, and the node to report.</summary>
    public static YamlNode? FetchesPullRequestCode(GitHubStep step)
    {
        if (step.UsesAction("actions/checkout") && step.With is { } with)
        {
            foreach (var key in new[] { "ref", "repository" })
            {
                if (with.GetScalar(key) is { } value && (ReadsHead(value.Value) || value.Value.IndexOf("refs/pull/", StringComparison.Ordinal) >= 0))
                {
                    return value;
                }
            }
        }

        if (step.Run is { } run && (run.Value.IndexOf("gh pr checkout", StringComparison.Ordinal) >= 0 || run.Value.IndexOf("refs/pull/", StringComparison.Ordinal) >= 0))
        {
            return run;
        }

        return null;
    }

    /// <summary>
    /// Whether the step checks out a commit the event fixed (<c>ref: ${{ github.event.pull_request.head.sha }}</c>) rather
    /// than a branch or pull-request ref, which its author can move after the run started.
    /// </summary>
    public static bool FetchesEventCommit(GitHubStep step)
    {
        if (!step.UsesAction("actions/checkout") || step.With?.GetScalar("ref") is not { } reference)
        {
            return false;
        }

        var found = false;
        foreach (var expression in TemplateExpressions.Find(reference.Value))
        {
            if (expression.Parsed is null)
            {
                return false;
            }

            foreach (var source in ExpressionFlow.ValueSources(expression.Parsed))
            {
                if (!Array.Exists(EventCommitReferences, commit => source.Segments.Count == commit.Segments.Count && source.Reaches(commit)))
                {
                    return false;
                }

                found = true;
            }
        }

        return found;
    }

    /// <summary>Whether the job (or step) only runs for pull requests from this repository, never from forks.</summary>
    public static bool GuardedAgainstForks(YamlMapping? node)
    {
        var condition = node?.GetString("if");
        if (condition is null)
        {
            return false;
        }

        var text = condition.Replace("${{", string.Empty).Replace("}}", string.Empty);
        return ExpressionParser.TryParse(text, out var parsed) && RequiresSameRepository(parsed);
    }

    /// <summary>Whether a step runs code from the working tree: a script, or a local action.</summary>
    public static bool RunsCode(GitHubStep step) =>
        step.Run is not null || (step.Uses?.StartsWith("./", StringComparison.Ordinal) ?? false);

    private static bool ReadsHead(string text)
    {
        foreach (var expression in TemplateExpressions.Find(text))
        {
            if (expression.Parsed is null)
            {
                continue;
            }

            foreach (var source in ExpressionFlow.ValueSources(expression.Parsed))
            {
                foreach (var head in HeadReferences)
                {
                    if (source.Segments.Count == head.Segments.Count && source.Reaches(head))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    // head.repo.full_name == github.repository, !head.repo.fork, head.repo.fork == false, joined by && anywhere.
    private static bool RequiresSameRepository(Expression expression)
    {
        switch (expression)
        {
            case BinaryExpression { Operator: "&&" } and:
                return RequiresSameRepository(and.Left) || RequiresSameRepository(and.Right);
            case BinaryExpression { Operator: "==" } equal:
                var left = AccessPath.Of(equal.Left)?.ToString().ToLowerInvariant();
                var right = AccessPath.Of(equal.Right)?.ToString().ToLowerInvariant();
                if ((left, right) is ("github.event.pull_request.head.repo.full_name", "github.repository") or ("github.repository", "github.event.pull_request.head.repo.full_name"))
                {
                    return true;
                }

                return (left == "github.event.pull_request.head.repo.fork" && equal.Right is LiteralExpression { Text: "false" })
                       || (right == "github.event.pull_request.head.repo.fork" && equal.Left is LiteralExpression { Text: "false" });
            case UnaryExpression { Operator: "!" } not:
                return AccessPath.Of(not.Operand)?.ToString().ToLowerInvariant() == "github.event.pull_request.head.repo.fork";
            default:
                return false;
        }
    }
}
