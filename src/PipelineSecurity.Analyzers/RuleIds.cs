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
    public const string ConfigurationFileNotScanned = "PSF1099";

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

    // PSF2051–PSF2199 (issue 13): configuration files, detailed errors, request limits, Identity, CORS/CSRF, algorithms by name, parsers.
    public const string ErrorDetailsInConfigurationFile = "PSF2051";
    public const string CookieProtectionOffInConfigurationFile = "PSF2052";
    public const string RequestValidationOffInConfigurationFile = "PSF2053";
    public const string WeakMachineKeyAlgorithm = "PSF2054";
    public const string DetailedErrorsEnabled = "PSF2055";
    public const string ExceptionDetailsInResponse = "PSF2056";
    public const string RequestSizeLimitDisabled = "PSF2057";
    public const string WeakIdentityPolicy = "PSF2058";
    public const string WeakPasswordHasher = "PSF2059";
    public const string CorsOriginCheckWeak = "PSF2060";
    public const string AntiforgeryIgnoredGlobally = "PSF2061";
    public const string WeakAlgorithmByName = "PSF2062";
    public const string RsaPkcs1Encryption = "PSF2063";
    public const string DataSetReadXml = "PSF2064";
    public const string SerializerTypeFromInput = "PSF2065";
    public const string UnvalidatedTokenClaims = "PSF2066";
    public const string CorsAnyOriginOnAuthenticatedEndpoints = "PSF2067";
    public const string AntiforgeryValidationMissing = "PSF2068";
}
