namespace PipelineSecurity.Analyzers;

/// <summary>
/// Every diagnostic id the analyzers report. Ranges are listed in docs/rules/README.md.
/// An id is never reused or renumbered: users' suppressions refer to it.
/// </summary>
public static class RuleIds
{
    // PSF1xxx: hard-coded secrets.
    public const string PrivateKeyInLiteral = "PSF1001";
    public const string ProviderToken = "PSF1002";
    public const string ConnectionStringPassword = "PSF1003";
    public const string CredentialsInUrl = "PSF1004";
    public const string GenericSecret = "PSF1005";
}
