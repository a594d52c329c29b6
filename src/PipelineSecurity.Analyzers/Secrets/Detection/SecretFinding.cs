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

    /// <summary>The provider or format, e.g. "GitHub personal access token", or the name the value was given to.</summary>
    public string Description { get; }

    public int Start { get; }

    public int Length { get; }

    /// <summary>What a message may show: <see cref="SecretRedaction.Redact"/> of the value.</summary>
    public string Redacted { get; }

    public SecretFinding WithOffset(int offset) => new(Kind, Description, Start + offset, Length, Redacted);
}
