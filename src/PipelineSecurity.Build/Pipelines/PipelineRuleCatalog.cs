using System.Collections.Generic;

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
    public PipelineRuleDescriptor(string id, string title, PipelineSeverity defaultSeverity, string source)
    {
        Id = id;
        Title = title;
        DefaultSeverity = defaultSeverity;
        Source = source;
    }

    /// <summary>A PSF7xxx rule, described in the build-code catalogue.</summary>
    public PipelineRuleDescriptor(BuildDiagnosticDescriptor descriptor, string source)
        : this(descriptor.Id, descriptor.Title, descriptor.DefaultSeverity switch
        {
            BuildDiagnosticSeverity.Error => PipelineSeverity.Error,
            BuildDiagnosticSeverity.Warning => PipelineSeverity.Warning,
            _ => PipelineSeverity.Suggestion,
        }, source)
    {
    }

    public string Id { get; }

    public string Title { get; }

    public PipelineSeverity DefaultSeverity { get; }

    /// <summary>The file that reports it, relative to src/PipelineSecurity.Build/Pipelines/ (the docs' <c>Source:</c> link).</summary>
    public string Source { get; }

    public string HelpLink => HelpLinks.For(Id);
}

/// <summary>Every rule the CI-definition check reports, with its default severity (noise decides it).</summary>
internal static class PipelineRuleCatalog
{
    public static readonly PipelineRuleDescriptor UnpinnedAction = new(BuildDiagnostics.PipelineUnpinnedAction, "Rules/GitHub/UnpinnedActionRule.cs");
    public static readonly PipelineRuleDescriptor UntrustedInputInScript = new(BuildDiagnostics.PipelineUntrustedInputInScript, "Rules/UntrustedInputInScriptRule.cs");
    public static readonly PipelineRuleDescriptor UntrustedCheckout = new(BuildDiagnostics.PipelineUntrustedCheckout, "Rules/GitHub/UntrustedCheckoutRule.cs");
    public static readonly PipelineRuleDescriptor ExcessivePermissions = new(BuildDiagnostics.PipelineExcessivePermissions, "Rules/GitHub/ExcessivePermissionsRule.cs");
    public static readonly PipelineRuleDescriptor UnusedIdToken = new(BuildDiagnostics.PipelineUnusedIdToken, "Rules/GitHub/UnusedIdTokenRule.cs");
    public static readonly PipelineRuleDescriptor PersistedCredentials = new(BuildDiagnostics.PipelinePersistedCredentials, "Rules/GitHub/PersistedCredentialsRule.cs");
    public static readonly PipelineRuleDescriptor SecretsInherit = new(BuildDiagnostics.PipelineSecretsInherit, "Rules/GitHub/SecretsInheritRule.cs");
    public static readonly PipelineRuleDescriptor UnsecureCommands = new(BuildDiagnostics.PipelineUnsecureCommands, "Rules/GitHub/UnsecureCommandsRule.cs");
    public static readonly PipelineRuleDescriptor RemoteScriptExecution = new(BuildDiagnostics.PipelineRemoteScriptExecution, "Rules/RemoteScriptExecutionRule.cs");
    public static readonly PipelineRuleDescriptor SelfHostedRunner = new(BuildDiagnostics.PipelineSelfHostedRunner, "Rules/GitHub/SelfHostedRunnerRule.cs");
    public static readonly PipelineRuleDescriptor CachePoisoning = new(BuildDiagnostics.PipelineCachePoisoning, "Rules/GitHub/CachePoisoningRule.cs");
    public static readonly PipelineRuleDescriptor GateDisabled = new(BuildDiagnostics.PipelineGateDisabled, "Rules/GateDisabledRule.cs");
    public static readonly PipelineRuleDescriptor AzurePersistCredentials = new(BuildDiagnostics.PipelineAzurePersistCredentials, "Rules/Azure/PersistCredentialsRule.cs");
    public static readonly PipelineRuleDescriptor SecretInPlainVariable = new(BuildDiagnostics.PipelineSecretInPlainVariable, "Rules/SecretInPlainVariableRule.cs");
    public static readonly PipelineRuleDescriptor AccessTokenExposed = new(BuildDiagnostics.PipelineAccessTokenExposed, "Rules/Azure/AccessTokenExposedRule.cs");
    public static readonly PipelineRuleDescriptor UnpinnedRepositoryResource = new(BuildDiagnostics.PipelineUnpinnedRepositoryResource, "Rules/Azure/UnpinnedRepositoryResourceRule.cs");
    public static readonly PipelineRuleDescriptor TaskWithoutVersion = new(BuildDiagnostics.PipelineTaskWithoutVersion, "Rules/Azure/TaskWithoutVersionRule.cs");
    public static readonly PipelineRuleDescriptor FileNotChecked = new(BuildDiagnostics.PipelineFileNotChecked, "PipelineChecker.cs");

    // The analyzers' secret rules, reported here for repository files no project compiles.
    public static readonly PipelineRuleDescriptor PrivateKey = new("PSF1001", "Private key hard-coded", PipelineSeverity.Warning, "RepositorySecretScanner.cs");
    public static readonly PipelineRuleDescriptor ProviderToken = new("PSF1002", "Provider token or API key hard-coded", PipelineSeverity.Warning, "RepositorySecretScanner.cs");
    public static readonly PipelineRuleDescriptor ConnectionStringPassword = new("PSF1003", "Connection string with a hard-coded password", PipelineSeverity.Warning, "RepositorySecretScanner.cs");
    public static readonly PipelineRuleDescriptor CredentialsInUrl = new("PSF1004", "Credentials hard-coded in a URL", PipelineSeverity.Warning, "RepositorySecretScanner.cs");
    public static readonly PipelineRuleDescriptor GenericSecret = new("PSF1005", "Secret-like value hard-coded under a secret name", PipelineSeverity.Suggestion, "RepositorySecretScanner.cs");

    public static IReadOnlyList<PipelineRuleDescriptor> All { get; } = new[]
    {
        UnpinnedAction, UntrustedInputInScript, UntrustedCheckout, ExcessivePermissions, UnusedIdToken, PersistedCredentials,
        SecretsInherit, UnsecureCommands, RemoteScriptExecution, SelfHostedRunner, CachePoisoning, GateDisabled,
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
