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
