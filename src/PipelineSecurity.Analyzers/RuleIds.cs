namespace PipelineSecurity.Analyzers;

/// <summary>
/// Every diagnostic id the analyzers report. Ranges are listed in docs/rules/README.md.
/// An id is never reused or renumbered: users' suppressions refer to it.
/// </summary>
public static class RuleIds
{
    // PSF1xxx: hard-coded secrets.
    public const string PrivateKeyInLiteral = "PSF1001";
}
