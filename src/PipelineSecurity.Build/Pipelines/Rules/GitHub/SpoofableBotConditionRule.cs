using System;
using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Pipelines.Expressions;
using PipelineSecurity.Build.Pipelines.Yaml;

namespace PipelineSecurity.Build.Pipelines.Rules.GitHub;

/// <summary>
/// PSF7014. In a <c>pull_request_target</c> or <c>workflow_run</c> workflow, a job or step runs only when
/// <c>github.actor</c> (or <c>triggering_actor</c>, <c>actor_id</c>) is a bot such as <c>dependabot[bot]</c>. The actor is
/// whoever caused the latest event, not the pull request's author: an outsider can have a bot update their own pull
/// request and so pass the check with their code.
/// </summary>
internal sealed class SpoofableBotConditionRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineSpoofableBotCondition);

    private static readonly string[] ActorPaths = { "github.actor", "github.triggering_actor", "github.actor_id", "github.triggering_actor_id" };

    // The account ids of the bots workflows most often single out (a person's id is not something an outsider can act as).
    private static readonly Dictionary<string, string> BotIds = new(StringComparer.Ordinal)
    {
        ["49699333"] = "dependabot[bot]",
        ["29139614"] = "renovate[bot]",
        ["41898282"] = "github-actions[bot]",
    };

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        if (file.Kind != PipelineFileKind.GitHubWorkflow || file.Root is not { } root)
        {
            return;
        }

        var privileged = PullRequestHeadCheckout.PrivilegedTriggers(root).Where(e => !GitHubWorkflow.OnlyMaintainersStart(root, e)).ToList();
        if (privileged.Count == 0)
        {
            return;
        }

        foreach (var (id, _, job) in GitHubWorkflow.Jobs(root))
        {
            Check(file, context, job, privileged[0]);
            foreach (var step in GitHubWorkflow.JobSteps(job, id))
            {
                Check(file, context, step.Node, privileged[0]);
            }
        }
    }

    private static void Check(PipelineFile file, PipelineCheckContext context, YamlMapping node, string trigger)
    {
        if (node.GetScalar("if") is not { } condition)
        {
            return;
        }

        var text = condition.Value.Replace("${{", string.Empty).Replace("}}", string.Empty);
        if (!ExpressionParser.TryParse(text, out var parsed) || BotCheck(parsed) is not { } check)
        {
            return;
        }

        var fix = trigger == "workflow_run"
            ? "check who opened the pull request of the triggering run and that its head repository is this one (github.event.workflow_run.head_repository.full_name == github.repository)"
            : "check the pull request's author (github.event.pull_request.user.login) instead";
        context.Report(
            PipelineRuleCatalog.SpoofableBotCondition,
            file,
            condition,
            $"This condition trusts '{check.Actor}' to be {check.Bot}, but on '{trigger}' the actor is whoever caused the latest event, not the pull request's author: an outsider can get the bot to update their own pull request and pass it with their code; {fix}");
    }

    // A comparison (or contains/startsWith) of the actor with a bot's login or a numeric id, anywhere in the condition
    // except under a negation: 'github.actor != "dependabot[bot]"' keeps the bot out and is fine.
    private static (string Actor, string Bot)? BotCheck(Expression expression)
    {
        switch (expression)
        {
            case UnaryExpression { Operator: "!" }:
                return null;
            case BinaryExpression { Operator: "==" } equal:
                return Compare(equal.Left, equal.Right) ?? Compare(equal.Right, equal.Left);
            case BinaryExpression binary:
                return binary.Operator == "!=" ? null : BotCheck(binary.Left) ?? BotCheck(binary.Right);
            case CallExpression call when call.Function.Equals("contains", StringComparison.OrdinalIgnoreCase) && call.Arguments.Count == 2:
                return Compare(call.Arguments[1], Unwrap(call.Arguments[0]));
            case CallExpression call when (call.Function.Equals("startsWith", StringComparison.OrdinalIgnoreCase) || call.Function.Equals("endsWith", StringComparison.OrdinalIgnoreCase)) && call.Arguments.Count == 2:
                return Compare(call.Arguments[0], call.Arguments[1]);
            case CallExpression call:
                foreach (var argument in call.Arguments)
                {
                    if (BotCheck(argument) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static Expression Unwrap(Expression expression) =>
        expression is CallExpression { Arguments.Count: 1 } fromJson && fromJson.Function.Equals("fromJSON", StringComparison.OrdinalIgnoreCase) ? fromJson.Arguments[0] : expression;

    private static (string Actor, string Bot)? Compare(Expression actor, Expression value)
    {
        var path = AccessPath.Of(actor)?.ToString().ToLowerInvariant();
        if (path is null || Array.IndexOf(ActorPaths, path) < 0 || value is not LiteralExpression { Text: var literal })
        {
            return null;
        }

        if (path.EndsWith("_id", StringComparison.Ordinal))
        {
            return BotIds.TryGetValue(literal.Trim(), out var bot) ? (path, bot + "'s id " + literal.Trim()) : null;
        }

        return literal.IndexOf("[bot]", StringComparison.OrdinalIgnoreCase) >= 0 || literal.IndexOf("dependabot", StringComparison.OrdinalIgnoreCase) >= 0
            || literal.IndexOf("renovate", StringComparison.OrdinalIgnoreCase) >= 0
            ? (path, "'" + literal + "'")
            : null;
    }
}
