namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>The family of a finding; each maps to one rule id.</summary>
internal enum SecretKind
{
    PrivateKey,
    ProviderToken,
    ConnectionStringPassword,
    UrlCredential,
    GenericSecret,
}

/// <summary>
/// One secret found in a text: where it is (relative to the scanned text), what it is, and a redacted form.
/// The secret's value is never stored here, so a finding can be logged or reported safely.
/// </summary>
internal readonly struct SecretFinding
{
    public SecretFinding(SecretKind kind, string description, int start, int length, string redacted)
    {
        Kind = kind;
        Description = description;
        Start = start;
        Length = length;
        Redacted = redacted;
    }

    public SecretKind Kind { get; }

    /// <summary>The rule that reports this kind of finding (the same ids as <c>RuleIds</c>, checked by a test).</summary>
    public string RuleId => Kind switch
    {
        SecretKind.PrivateKey => "PSF1001",
        SecretKind.ProviderToken => "PSF1002",
        SecretKind.ConnectionStringPassword => "PSF1003",
        SecretKind.UrlCredential => "PSF1004",
        _ => "PSF1005",
    };

    /// <summary>The provider or format, e.g. "GitHub personal access token", or the name the value was given to.</summary>
    public string Description { get; }

    public int Start { get; }

    public int Length { get; }

    /// <summary>What a message may show: <see cref="SecretRedaction.Redact"/> of the value.</summary>
    public string Redacted { get; }

    public SecretFinding WithOffset(int offset) => new(Kind, Description, Start + offset, Length, Redacted);

    public SecretFinding WithDescription(string description) => new(Kind, description, Start, Length, Redacted);

    /// <summary>The same finding reported over another span (e.g. the base64 text a secret was decoded from).</summary>
    public SecretFinding At(int start, int length, string description) => new(Kind, description, start, length, Redacted);
}
