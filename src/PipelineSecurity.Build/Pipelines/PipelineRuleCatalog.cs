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

    public string Id { get; }

    public string Title { get; }

    public PipelineSeverity DefaultSeverity { get; }

    /// <summary>The file that reports it, relative to src/PipelineSecurity.Build/Pipelines/ (the docs' <c>Source:</c> link).</summary>
    public string Source { get; }
}

/// <summary>Every rule the CI-definition check reports, with its default severity (noise decides it).</summary>
internal static class PipelineRuleCatalog
{
    public static readonly PipelineRuleDescriptor UnpinnedAction = new(BuildDiagnosticIds.PipelineUnpinnedAction, "Action or reusable workflow not pinned to a commit SHA", PipelineSeverity.Warning, "Rules/GitHub/UnpinnedActionRule.cs");
    public static readonly PipelineRuleDescriptor UntrustedInputInScript = new(BuildDiagnosticIds.PipelineUntrustedInputInScript, "Attacker-controlled expression interpolated into a script", PipelineSeverity.Warning, "Rules/UntrustedInputInScriptRule.cs");
    public static readonly PipelineRuleDescriptor UntrustedCheckout = new(BuildDiagnosticIds.PipelineUntrustedCheckout, "Privileged workflow checks out and runs pull-request code", PipelineSeverity.Warning, "Rules/GitHub/UntrustedCheckoutRule.cs");
    public static readonly PipelineRuleDescriptor ExcessivePermissions = new(BuildDiagnosticIds.PipelineExcessivePermissions, "Workflow token permissions too broad or left at the default", PipelineSeverity.Warning, "Rules/GitHub/ExcessivePermissionsRule.cs");
    public static readonly PipelineRuleDescriptor UnusedIdToken = new(BuildDiagnosticIds.PipelineUnusedIdToken, "OIDC token permission granted to a job that does not use it", PipelineSeverity.Suggestion, "Rules/GitHub/UnusedIdTokenRule.cs");
    public static readonly PipelineRuleDescriptor PersistedCredentials = new(BuildDiagnosticIds.PipelinePersistedCredentials, "Checkout keeps the token in .git/config where artifacts or untrusted code can read it", PipelineSeverity.Warning, "Rules/GitHub/PersistedCredentialsRule.cs");
    public static readonly PipelineRuleDescriptor SecretsInherit = new(BuildDiagnosticIds.PipelineSecretsInherit, "All secrets passed to a third-party reusable workflow", PipelineSeverity.Warning, "Rules/GitHub/SecretsInheritRule.cs");
    public static readonly PipelineRuleDescriptor UnsecureCommands = new(BuildDiagnosticIds.PipelineUnsecureCommands, "Deprecated workflow commands re-enabled (ACTIONS_ALLOW_UNSECURE_COMMANDS)", PipelineSeverity.Warning, "Rules/GitHub/UnsecureCommandsRule.cs");
    public static readonly PipelineRuleDescriptor RemoteScriptExecution = new(BuildDiagnosticIds.PipelineRemoteScriptExecution, "Downloaded script executed without verification", PipelineSeverity.Warning, "Rules/RemoteScriptExecutionRule.cs");
    public static readonly PipelineRuleDescriptor SelfHostedRunner = new(BuildDiagnosticIds.PipelineSelfHostedRunner, "Self-hosted runner on a workflow that forks can trigger", PipelineSeverity.Warning, "Rules/GitHub/SelfHostedRunnerRule.cs");
    public static readonly PipelineRuleDescriptor CachePoisoning = new(BuildDiagnosticIds.PipelineCachePoisoning, "Release workflow restores a cache that untrusted runs can write", PipelineSeverity.Warning, "Rules/GitHub/CachePoisoningRule.cs");
    public static readonly PipelineRuleDescriptor GateDisabled = new(BuildDiagnosticIds.PipelineGateDisabled, "CI build turns the PipelineSecurity gate off", PipelineSeverity.Warning, "Rules/GateDisabledRule.cs");
    public static readonly PipelineRuleDescriptor AzurePersistCredentials = new(BuildDiagnosticIds.PipelineAzurePersistCredentials, "Azure Pipelines checkout persists credentials", PipelineSeverity.Warning, "Rules/Azure/PersistCredentialsRule.cs");
    public static readonly PipelineRuleDescriptor SecretInPlainVariable = new(BuildDiagnosticIds.PipelineSecretInPlainVariable, "Secret given as a plain pipeline variable", PipelineSeverity.Warning, "Rules/SecretInPlainVariableRule.cs");
    public static readonly PipelineRuleDescriptor AccessTokenExposed = new(BuildDiagnosticIds.PipelineAccessTokenExposed, "System.AccessToken handed to a script that does not use it", PipelineSeverity.Warning, "Rules/Azure/AccessTokenExposedRule.cs");
    public static readonly PipelineRuleDescriptor UnpinnedRepositoryResource = new(BuildDiagnosticIds.PipelineUnpinnedRepositoryResource, "Templates taken from a repository resource not pinned to a commit", PipelineSeverity.Warning, "Rules/Azure/UnpinnedRepositoryResourceRule.cs");
    public static readonly PipelineRuleDescriptor TaskWithoutVersion = new(BuildDiagnosticIds.PipelineTaskWithoutVersion, "Azure Pipelines task without a major version", PipelineSeverity.Warning, "Rules/Azure/TaskWithoutVersionRule.cs");
    public static readonly PipelineRuleDescriptor FileNotChecked = new(BuildDiagnosticIds.PipelineFileNotChecked, "CI definition or deployment file cannot be checked", PipelineSeverity.Warning, "PipelineChecker.cs");

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
