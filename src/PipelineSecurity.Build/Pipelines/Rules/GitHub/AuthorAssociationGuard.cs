using System;
using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Pipelines.Expressions;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// Recognises an <c>if:</c> that lets a job or step run only when the comment, issue or pull request comes from someone
/// the repository trusts: its <c>author_association</c> is <c>OWNER</c>, <c>MEMBER</c> or <c>COLLABORATOR</c>, compared
/// with <c>==</c> or through <c>contains(…)</c> on a list of them, alone, joined by <c>&amp;&amp;</c>, or as alternatives
/// that are all such checks.
/// </summary>
internal static class AuthorAssociationGuard
{
    private static readonly string[] TrustedAssociations = { "OWNER", "MEMBER", "COLLABORATOR" };

    private static readonly string[] OtherAssociations = { "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN", "NONE" };

    /// <summary>
    /// Whether the <c>if:</c> of <paramref name="node"/> (a job or a step) admits only trusted authors on every one of
    /// <paramref name="events"/>. The association checked must be the one of what the event's actor wrote, or of an
    /// object the event does not carry (then the condition is false and the run skipped): on <c>issue_comment</c> the
    /// issue's author is not the commenter, nor the discussion's author on <c>discussion_comment</c>.
    /// </summary>
    public static bool Requires(YamlMapping? node, IReadOnlyCollection<string> events)
    {
        var condition = node?.GetString("if");
        if (condition is null)
        {
            return false;
        }

        var text = condition.Replace("${{", string.Empty).Replace("}}", string.Empty);
        return ExpressionParser.TryParse(text, out var parsed) && RequiresTrusted(parsed, events);
    }

    private static bool RequiresTrusted(Expression expression, IReadOnlyCollection<string> events)
    {
        switch (expression)
        {
            case BinaryExpression { Operator: "&&" } and:
                return RequiresTrusted(and.Left, events) || RequiresTrusted(and.Right, events);
            case BinaryExpression { Operator: "||" } or:
                return RequiresTrusted(or.Left, events) && RequiresTrusted(or.Right, events);
            case BinaryExpression { Operator: "==" } equal:
                return (IsActorAssociation(equal.Left, events) && IsTrustedLiteral(equal.Right))
                       || (IsActorAssociation(equal.Right, events) && IsTrustedLiteral(equal.Left));
            case CallExpression { Arguments.Count: 2 } call when call.Function.Equals("contains", StringComparison.OrdinalIgnoreCase):
                return IsActorAssociation(call.Arguments[1], events) && TrustedList(call.Arguments[0]);
            default:
                return false;
        }
    }

    private static bool IsActorAssociation(Expression expression, IReadOnlyCollection<string> events)
    {
        var path = AccessPath.Of(expression)?.ToString().ToLowerInvariant();
        return path switch
        {
            "github.event.comment.author_association" or "github.event.pull_request.author_association" or "github.event.review.author_association" => true,
            "github.event.issue.author_association" => !events.Contains("issue_comment"),
            "github.event.discussion.author_association" => !events.Contains("discussion_comment"),
            _ => false,
        };
    }

    private static bool IsTrustedLiteral(Expression expression) =>
        expression is LiteralExpression literal && IsTrusted(literal.Text);

    // contains(fromJSON('["OWNER","MEMBER"]'), …) matches list items, contains('OWNER,MEMBER', …) substrings: either
    // admits only trusted authors when no other association's name (NONE, CONTRIBUTOR…) occurs in the text at all.
    private static bool TrustedList(Expression expression)
    {
        if (expression is CallExpression { Arguments.Count: 1 } fromJson && fromJson.Function.Equals("fromJSON", StringComparison.OrdinalIgnoreCase))
        {
            expression = fromJson.Arguments[0];
        }

        if (expression is not LiteralExpression { Text: var text })
        {
            return false;
        }

        return Array.Exists(TrustedAssociations, trusted => text.IndexOf(trusted, StringComparison.OrdinalIgnoreCase) >= 0)
               && !Array.Exists(OtherAssociations, other => text.IndexOf(other, StringComparison.OrdinalIgnoreCase) >= 0);
    }

    private static bool IsTrusted(string association) =>
        Array.Exists(TrustedAssociations, trusted => trusted.Equals(association, StringComparison.OrdinalIgnoreCase));
}
