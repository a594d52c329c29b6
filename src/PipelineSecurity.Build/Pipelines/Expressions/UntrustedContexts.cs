using System.Collections.Generic;

namespace PipelineSecurity.Build.Pipelines.Expressions;

/// <summary>
/// Context values anyone who can open an issue, a pull request from a fork, a comment or a review can set to any text,
/// from GitHub's security guidance on untrusted input ("contexts that end with body, default_branch, email, head_ref,
/// label, message, name, page_name, ref and title") applied to the event payloads where an outsider writes them.
/// </summary>
internal static class UntrustedContexts
{
    private static readonly AccessPath[] Patterns = Build(
        "github.head_ref",
        "github.event.issue.title",
        "github.event.issue.body",
        "github.event.pull_request.title",
        "github.event.pull_request.body",
        "github.event.pull_request.head.ref",
        "github.event.pull_request.head.label",
        "github.event.pull_request.head.repo.default_branch",
        "github.event.pull_request.head.repo.description",
        "github.event.pull_request.head.repo.homepage",
        "github.event.comment.body",
        "github.event.review.body",
        "github.event.review_comment.body",
        "github.event.discussion.title",
        "github.event.discussion.body",
        "github.event.pages.*.page_name",
        "github.event.commits.*.message",
        "github.event.commits.*.author.email",
        "github.event.commits.*.author.name",
        "github.event.head_commit.message",
        "github.event.head_commit.author.email",
        "github.event.head_commit.author.name",
        "github.event.head_commit.committer.email",
        "github.event.head_commit.committer.name",
        "github.event.workflow_run.head_branch",
        "github.event.workflow_run.display_title",
        "github.event.workflow_run.head_commit.message",
        "github.event.workflow_run.head_commit.author.email",
        "github.event.workflow_run.head_commit.author.name",
        "github.event.workflow_run.pull_requests.*.head.ref",
        "github.event.workflow_run.head_repository.description");

    /// <summary>The first untrusted value <paramref name="path"/> reaches, or null.</summary>
    public static string? Match(AccessPath path)
    {
        if (!path.StartsWith("github"))
        {
            return null;
        }

        foreach (var pattern in Patterns)
        {
            if (path.Reaches(pattern))
            {
                return pattern.ToString();
            }
        }

        return null;
    }

    private static AccessPath[] Build(params string[] paths)
    {
        var patterns = new List<AccessPath>(paths.Length);
        foreach (var path in paths)
        {
            patterns.Add(AccessPath.Parse(path));
        }

        return patterns.ToArray();
    }
}
