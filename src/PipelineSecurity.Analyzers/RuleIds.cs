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
    public const string HardCodedCredentialSink = "PSF1006";

    // PSF2xxx: insecure configuration in code.
    public const string CertificateValidationDisabled = "PSF2001";
    public const string CertificateValidationPartial = "PSF2002";
    public const string DeprecatedTlsProtocol = "PSF2003";
    public const string RevocationCheckDisabled = "PSF2004";
    public const string DatabaseConnectionNotEncrypted = "PSF2005";
    public const string MailOrFtpWithoutTls = "PSF2006";
    public const string WeakHashInSecurityRole = "PSF2010";
    public const string BrokenCipher = "PSF2011";
    public const string EcbMode = "PSF2012";
    public const string WeakAsymmetricKey = "PSF2013";
    public const string ConstantIvOrSalt = "PSF2014";
    public const string WeakKeyDerivation = "PSF2015";
    public const string InsecureRandomForSecret = "PSF2016";
    public const string InsecureFormatter = "PSF2020";
    public const string NewtonsoftTypeNameHandling = "PSF2021";
    public const string XmlDtdWithResolver = "PSF2030";
    public const string XmlUrlResolverUsed = "PSF2031";
    public const string XsltScriptEnabled = "PSF2032";
    public const string CookieWithoutSecure = "PSF2040";
    public const string CookieWithoutHttpOnly = "PSF2041";
    public const string CorsAnyOriginWithCredentials = "PSF2042";
    public const string TokenValidationDisabled = "PSF2043";
    public const string TokenValidatorAcceptsAll = "PSF2044";
    public const string TokenClockSkewTooLarge = "PSF2045";
    public const string HttpsMetadataNotRequired = "PSF2046";
    public const string OpenIdConnectNonceNotRequired = "PSF2047";
    public const string DeveloperExceptionPageUnguarded = "PSF2048";
    public const string CleartextEndpoint = "PSF2049";
    public const string AntiforgeryIgnoredOnStateChangingAction = "PSF2050";
}
