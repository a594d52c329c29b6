using Microsoft.CodeAnalysis;

namespace PipelineSecurity.Analyzers;

/// <summary>
/// The descriptor catalogue: every rule is declared here, through <see cref="Create"/>, so that
/// each one carries its help link to docs/rules/&lt;ID&gt;.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string HelpLinkBase = "https://github.com/pipeline-security/PipelineSecurity.Analyzers/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor PrivateKeyInLiteral = Create(
        RuleIds.PrivateKeyInLiteral,
        title: "Private key hard-coded in source",
        messageFormat: "Private key hard-coded here ({0}, {1}): remove it, rotate the key, and load it at run time from a secret store or an environment variable",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "A PEM or OpenSSH private key block in a string literal is a leaked key: anyone who can read the source or the compiled assembly can use it.");

    public static readonly DiagnosticDescriptor ProviderToken = Create(
        RuleIds.ProviderToken,
        title: "Provider token or API key hard-coded",
        messageFormat: "{0} hard-coded here ({1}): revoke it at the provider, remove it, and load it at run time from a secret store or an environment variable",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "A value with the documented format of a provider's token or key (prefix, length, alphabet and checksum where the provider defines one) is a live credential until revoked.");

    public static readonly DiagnosticDescriptor ConnectionStringPassword = Create(
        RuleIds.ConnectionStringPassword,
        title: "Connection string with a hard-coded password",
        messageFormat: "Connection string password hard-coded here ({0}, {1}): rotate it, and use integrated security or a managed identity, or read the connection string from configuration backed by a secret store",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "A database or cache connection string (ADO.NET, Npgsql, MySQL, Redis, or a MongoDB/Redis/PostgreSQL URI) carries a real password.");

    public static readonly DiagnosticDescriptor CredentialsInUrl = Create(
        RuleIds.CredentialsInUrl,
        title: "Credentials hard-coded in a URL",
        messageFormat: "Password hard-coded in a URL here ({0}, {1}): rotate it, remove the user-info part, and pass credentials at run time (a header, a credential provider, or a secret store)",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "A URL of the form scheme://user:password@host carries a password that ends up in logs, proxies and browser history.");

    public static readonly DiagnosticDescriptor GenericSecret = Create(
        RuleIds.GenericSecret,
        title: "Secret-like value hard-coded under a secret name",
        messageFormat: "'{0}' receives a hard-coded value that looks like a secret ({1}): remove it, and read it at run time from configuration backed by a secret store or an environment variable",
        RuleCategories.Secrets,
        DiagnosticSeverity.Info,
        description: "A random-looking value (by entropy and character classes) is given to a variable, property, parameter or configuration key named like a password, secret, API key, token or credential. Words, sentences and placeholders are not reported.");

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity defaultSeverity,
        string description,
        bool isEnabledByDefault = true)
    {
#pragma warning disable RS2008 // Release tracking is enabled; the analyzer cannot see through this factory.
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault,
            description,
            HelpLink(id));
#pragma warning restore RS2008
    }
}
