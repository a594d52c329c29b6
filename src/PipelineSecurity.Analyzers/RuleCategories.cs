namespace PipelineSecurity.Analyzers;

internal static class RuleCategories
{
    public const string Secrets = "Security.Secrets";
    public const string Configuration = "Security.Configuration";
}
