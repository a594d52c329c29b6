using System.Collections.Generic;
using PipelineSecurity.Build.Pipelines.Rules;
using PipelineSecurity.Build.Pipelines.Rules.Azure;
using PipelineSecurity.Build.Pipelines.Rules.GitHub;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>Severity of a CI-definition finding, in .editorconfig's words.</summary>
internal enum PipelineSeverity
{
    None,
    Silent,
    Suggestion,
    Warning,
    Error,
}

/// <summary>One rule of the PSF7xxx range (or a PSF1xxx secret rule applied to repository files).</summary>
internal sealed class PipelineRuleDescriptor
{
    public PipelineRuleDescriptor(string id, string title, PipelineSeverity defaultSeverity)
    {
        Id = id;
        Title = title;
        DefaultSeverity = defaultSeverity;
    }

    /// <summary>A PSF7xxx rule, described in the build-code catalogue.</summary>
    public PipelineRuleDescriptor(BuildDiagnosticDescriptor descriptor)
        : this(descriptor.Id, descriptor.Title, descriptor.DefaultSeverity switch
        {
            BuildDiagnosticSeverity.Error => PipelineSeverity.Error,
            BuildDiagnosticSeverity.Warning => PipelineSeverity.Warning,
            _ => PipelineSeverity.Suggestion,
        })
    {
    }

    public string Id { get; }

    public string Title { get; }

    public PipelineSeverity DefaultSeverity { get; }

    public string HelpLink => HelpLinks.For(Id);
}

/// <summary>
/// Every rule the CI-definition check reports. Each PSF7xxx rule declares its descriptor (from the build-code catalogue)
/// in its own file, so a rule id leads to the file that reports it; this list gathers them.
/// </summary>
internal static class PipelineRuleCatalog
{
    public static readonly PipelineRuleDescriptor UnpinnedAction = UnpinnedActionRule.Descriptor;
    public static readonly PipelineRuleDescriptor UntrustedInputInScript = UntrustedInputInScriptRule.Descriptor;
    public static readonly PipelineRuleDescriptor UntrustedCheckout = UntrustedCheckoutRule.Descriptor;
    public static readonly PipelineRuleDescriptor ExcessivePermissions = ExcessivePermissionsRule.Descriptor;
    public static readonly PipelineRuleDescriptor UnusedIdToken = UnusedIdTokenRule.Descriptor;
    public static readonly PipelineRuleDescriptor PersistedCredentials = PersistedCredentialsRule.Descriptor;
    public static readonly PipelineRuleDescriptor SecretsInherit = SecretsInheritRule.Descriptor;
    public static readonly PipelineRuleDescriptor UnsecureCommands = UnsecureCommandsRule.Descriptor;
    public static readonly PipelineRuleDescriptor RemoteScriptExecution = RemoteScriptExecutionRule.Descriptor;
    public static readonly PipelineRuleDescriptor SelfHostedRunner = SelfHostedRunnerRule.Descriptor;
    public static readonly PipelineRuleDescriptor CachePoisoning = CachePoisoningRule.Descriptor;
    public static readonly PipelineRuleDescriptor GateDisabled = GateDisabledRule.Descriptor;
    public static readonly PipelineRuleDescriptor EnvironmentFileInjection = EnvironmentFileInjectionRule.Descriptor;
    public static readonly PipelineRuleDescriptor SpoofableBotCondition = SpoofableBotConditionRule.Descriptor;
    public static readonly PipelineRuleDescriptor AzurePersistCredentials = PersistCredentialsRule.Descriptor;
    public static readonly PipelineRuleDescriptor SecretInPlainVariable = SecretInPlainVariableRule.Descriptor;
    public static readonly PipelineRuleDescriptor AccessTokenExposed = AccessTokenExposedRule.Descriptor;
    public static readonly PipelineRuleDescriptor UnpinnedRepositoryResource = UnpinnedRepositoryResourceRule.Descriptor;
    public static readonly PipelineRuleDescriptor TaskWithoutVersion = TaskWithoutVersionRule.Descriptor;
    public static readonly PipelineRuleDescriptor FileNotChecked = PipelineChecker.FileNotCheckedDescriptor;

    // The analyzers' secret rules, reported here for repository files no project compiles.
    public static readonly PipelineRuleDescriptor PrivateKey = new("PSF1001", "Private key hard-coded", PipelineSeverity.Warning);
    public static readonly PipelineRuleDescriptor ProviderToken = new("PSF1002", "Provider token or API key hard-coded", PipelineSeverity.Warning);
    public static readonly PipelineRuleDescriptor ConnectionStringPassword = new("PSF1003", "Connection string with a hard-coded password", PipelineSeverity.Warning);
    public static readonly PipelineRuleDescriptor CredentialsInUrl = new("PSF1004", "Credentials hard-coded in a URL", PipelineSeverity.Warning);
    public static readonly PipelineRuleDescriptor GenericSecret = new("PSF1005", "Secret-like value hard-coded under a secret name", PipelineSeverity.Suggestion);

    public static IReadOnlyList<PipelineRuleDescriptor> All { get; } = new[]
    {
        UnpinnedAction, UntrustedInputInScript, UntrustedCheckout, ExcessivePermissions, UnusedIdToken, PersistedCredentials,
        SecretsInherit, UnsecureCommands, RemoteScriptExecution, SelfHostedRunner, CachePoisoning, GateDisabled, EnvironmentFileInjection, SpoofableBotCondition,
        AzurePersistCredentials, SecretInPlainVariable, AccessTokenExposed, UnpinnedRepositoryResource, TaskWithoutVersion,
        FileNotChecked, PrivateKey, ProviderToken, ConnectionStringPassword, CredentialsInUrl, GenericSecret,
    };

    public static PipelineRuleDescriptor? Find(string id)
    {
        foreach (var rule in All)
        {
            if (rule.Id == id)
            {
                return rule;
            }
        }

        return null;
    }
}
