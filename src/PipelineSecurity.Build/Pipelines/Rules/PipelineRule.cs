namespace PipelineSecurity.Build.Pipelines.Rules;

/// <summary>One concern checked in the repository's CI definitions. Rules are stateless; one instance serves every check.</summary>
internal abstract class PipelineRule
{
    /// <summary>Checks one file (called for every file of the kinds the rule cares about).</summary>
    public abstract void Check(PipelineFile file, PipelineCheckContext context);
}
