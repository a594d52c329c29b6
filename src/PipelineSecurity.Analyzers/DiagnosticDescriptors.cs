using Microsoft.CodeAnalysis;

namespace PipelineSecurity.Analyzers;

/// <summary>
/// The descriptor catalogue: every rule is declared here, through <see cref="Create"/>, so that
/// each one carries its help link to docs/rules/&lt;ID&gt;.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string HelpLinkBase = HelpLinks.Base;

    public static readonly DiagnosticDescriptor PrivateKeyInLiteral = Create(
        RuleIds.PrivateKeyInLiteral,
        title: "Private key hard-coded in source",
        messageFormat: "Private key hard-coded here ({0}, {1}): remove it, rotate the key, and load it at run time from a secret store or an environment variable",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "A PEM or OpenSSH private key block in a string literal is a leaked key: anyone who can read the source or the compiled assembly can use it.",
        cwe: 321);

    public static readonly DiagnosticDescriptor ProviderToken = Create(
        RuleIds.ProviderToken,
        title: "Provider token or API key hard-coded",
        messageFormat: "{0} hard-coded here ({1}): revoke it at the provider, remove it, and load it at run time from a secret store or an environment variable",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "A value with the documented format of a provider's token or key (prefix, length, alphabet and checksum where the provider defines one) is a live credential until revoked.",
        cwe: 798);

    public static readonly DiagnosticDescriptor ConnectionStringPassword = Create(
        RuleIds.ConnectionStringPassword,
        title: "Connection string with a hard-coded password",
        messageFormat: "Connection string password hard-coded here ({0}, {1}): rotate it, and use integrated security or a managed identity, or read the connection string from configuration backed by a secret store",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "A database or cache connection string (ADO.NET, Npgsql, MySQL, Redis, or a MongoDB/Redis/PostgreSQL URI) carries a real password.",
        cwe: 259);

    public static readonly DiagnosticDescriptor CredentialsInUrl = Create(
        RuleIds.CredentialsInUrl,
        title: "Credentials hard-coded in a URL",
        messageFormat: "Password hard-coded in a URL here ({0}, {1}): rotate it, remove the user-info part, and pass credentials at run time (a header, a credential provider, or a secret store)",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "A URL of the form scheme://user:password@host carries a password that ends up in logs, proxies and browser history.",
        cwe: 798);

    public static readonly DiagnosticDescriptor GenericSecret = Create(
        RuleIds.GenericSecret,
        title: "Secret-like value hard-coded under a secret name",
        messageFormat: "'{0}' receives a hard-coded value that looks like a secret ({1}): remove it, and read it at run time from configuration backed by a secret store or an environment variable",
        RuleCategories.Secrets,
        DiagnosticSeverity.Info,
        description: "A random-looking value (by entropy and character classes) is given to a variable, property, parameter or configuration key named like a password, secret, API key, token or credential. Words, sentences and placeholders are not reported.",
        cwe: 798);

    public static readonly DiagnosticDescriptor HardCodedCredentialSink = Create(
        RuleIds.HardCodedCredentialSink,
        title: "Hard-coded key or password given to an API that consumes it",
        messageFormat: "{0} is used as the key or password of {1}: anyone with the source or the assembly has it; generate the key or read the credential at run time from a secret store or configuration",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "A constant (string, UTF-8 or byte-array literal, or its base64/hex/encoded bytes) reaches a parameter or property that is a key or a password by its API's definition: SymmetricSecurityKey, HMAC and other keyed hashes, SymmetricAlgorithm.Key, CreateEncryptor/CreateDecryptor, AesGcm/AesCcm/ChaCha20Poly1305, NetworkCredential, AuthenticationHeaderValue(\"Basic\", …), certificate and key-derivation passwords. The name of the variable does not matter.",
        cwe: 321);

    public static readonly DiagnosticDescriptor ConfigurationFileNotScanned = Create(
        RuleIds.ConfigurationFileNotScanned,
        title: "Configuration file too large to scan for secrets",
        messageFormat: "'{0}' was not scanned for secrets: it is {1} MiB, over the {2} MiB cap, so a secret in it would go unreported; raise the cap with '{3} = {4}' in .editorconfig, or opt the file out with PipelineSecurityScan=\"false\"",
        RuleCategories.Secrets,
        DiagnosticSeverity.Warning,
        description: "Configuration files handed to the compiler are scanned for hard-coded secrets up to a size cap (16 MiB by default), which bounds the analyzer's work. A larger file is not scanned, and this rule says so instead of passing it in silence.",
        cwe: 798);

    public static readonly DiagnosticDescriptor CertificateValidationDisabled = Create(
        RuleIds.CertificateValidationDisabled,
        title: "Server certificate validation disabled",
        messageFormat: "{0} accepts every certificate: validate it (return sslPolicyErrors == SslPolicyErrors.None) or remove the callback",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A certificate validation callback that returns true whatever the errors (or DangerousAcceptAnyServerCertificateValidator) lets anyone on the network impersonate the server.",
        cwe: 295);

    public static readonly DiagnosticDescriptor CertificateValidationPartial = Create(
        RuleIds.CertificateValidationPartial,
        title: "Certificate validation ignores some errors",
        messageFormat: "{0} accepts certificates with {1}: accept only SslPolicyErrors.None, or pin the expected certificate",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A callback that accepts name mismatches or masks chain errors, or a chain policy with lenient verification flags, accepts certificates an attacker can obtain.",
        cwe: 295);

    public static readonly DiagnosticDescriptor DeprecatedTlsProtocol = Create(
        RuleIds.DeprecatedTlsProtocol,
        title: "Deprecated SSL/TLS protocol enabled",
        messageFormat: "{0} enables a deprecated protocol: use SslProtocols.None (the OS default) or Tls12 | Tls13",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "SSL 2, SSL 3, TLS 1.0 and TLS 1.1 have known attacks and are disabled by current operating systems; enabling them allows downgrade attacks. Comparing against them (to reject them) is not reported.",
        cwe: 327);

    public static readonly DiagnosticDescriptor RevocationCheckDisabled = Create(
        RuleIds.RevocationCheckDisabled,
        title: "Certificate revocation check disabled",
        messageFormat: "{0} turns the certificate revocation check off: leave it on (Online or Offline) so revoked certificates are refused",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Without a revocation check, a stolen and revoked certificate keeps working.",
        cwe: 299);

    public static readonly DiagnosticDescriptor DatabaseConnectionNotEncrypted = Create(
        RuleIds.DatabaseConnectionNotEncrypted,
        title: "Database connection without verified encryption",
        messageFormat: "Connection string sets {0}: encrypt the connection and validate the server certificate",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "TrustServerCertificate=True accepts any server certificate; Encrypt=False (or SSL Mode=Disable) sends credentials and data in clear text.",
        cwe: 319);

    public static readonly DiagnosticDescriptor MailOrFtpWithoutTls = Create(
        RuleIds.MailOrFtpWithoutTls,
        title: "SMTP or FTP without TLS",
        messageFormat: "{0}.EnableSsl is set to false: set it to true so credentials and content are encrypted",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "SMTP and FTP send credentials in clear text unless TLS is enabled.",
        cwe: 319);

    public static readonly DiagnosticDescriptor WeakHashInSecurityRole = Create(
        RuleIds.WeakHashInSecurityRole,
        title: "MD5 or SHA-1 used for security",
        messageFormat: "{0} is broken for {1}: use SHA-256 or stronger (and a password hash such as PBKDF2 for passwords)",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "MD5 and SHA-1 collisions are practical. The rule reports them where the code is about passwords, tokens, signatures, HMACs or secrets (HMACMD5/HMACSHA1 and signatures always); a checksum or cache key is not reported.",
        cwe: 328);

    public static readonly DiagnosticDescriptor BrokenCipher = Create(
        RuleIds.BrokenCipher,
        title: "Broken symmetric cipher",
        messageFormat: "{0} is a broken cipher: use Aes (with GCM, or CBC with an HMAC)",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "DES, TripleDES and RC2 have small keys or blocks and are breakable.",
        cwe: 327);

    public static readonly DiagnosticDescriptor EcbMode = Create(
        RuleIds.EcbMode,
        title: "ECB cipher mode",
        messageFormat: "{0} uses ECB mode, which reveals patterns in the data: use AesGcm, or CBC with a random IV and an HMAC",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "ECB encrypts identical blocks to identical ciphertext.",
        cwe: 327);

    public static readonly DiagnosticDescriptor WeakAsymmetricKey = Create(
        RuleIds.WeakAsymmetricKey,
        title: "Weak asymmetric key",
        messageFormat: "{0}: use RSA with at least {1} bits, or ECDsa",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "RSA keys under 2048 bits can be factored; DSA is deprecated.",
        cwe: 326);

    public static readonly DiagnosticDescriptor ConstantIvOrSalt = Create(
        RuleIds.ConstantIvOrSalt,
        title: "Constant IV or salt",
        messageFormat: "The {0} is a constant: generate it with RandomNumberGenerator for every encryption or password, and store it beside the result",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A constant or all-zero IV makes identical plaintexts encrypt identically; a constant salt lets one precomputed table crack every password.",
        cwe: 329);

    public static readonly DiagnosticDescriptor WeakKeyDerivation = Create(
        RuleIds.WeakKeyDerivation,
        title: "Weak password-based key derivation",
        messageFormat: "{0}: use HashAlgorithmName.SHA256 or stronger and at least {1} iterations",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "PBKDF2 with SHA-1 or few iterations lets an attacker test passwords quickly.",
        cwe: 916);

    public static readonly DiagnosticDescriptor InsecureRandomForSecret = Create(
        RuleIds.InsecureRandomForSecret,
        title: "System.Random used for a security value",
        messageFormat: "System.Random is predictable and produces {0} here: use RandomNumberGenerator",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "System.Random is not a cryptographic generator: its output can be predicted. The rule reports it where the value is a token, password, key, salt, nonce or secret (by the names involved); other uses are not reported.",
        cwe: 338);

    public static readonly DiagnosticDescriptor InsecureFormatter = Create(
        RuleIds.InsecureFormatter,
        title: "Insecure deserializer",
        messageFormat: "{0} can run code chosen by whoever controls the data: use System.Text.Json or DataContractSerializer with known types",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "BinaryFormatter, SoapFormatter, NetDataContractSerializer, LosFormatter and ObjectStateFormatter instantiate any type named in the data; JavaScriptSerializer with SimpleTypeResolver does the same.",
        cwe: 502);

    public static readonly DiagnosticDescriptor NewtonsoftTypeNameHandling = Create(
        RuleIds.NewtonsoftTypeNameHandling,
        title: "Json.NET TypeNameHandling without a binder",
        messageFormat: "TypeNameHandling.{0} lets the JSON choose the type to create: use TypeNameHandling.None, or set a SerializationBinder that allows only known types",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "With TypeNameHandling other than None, Json.NET instantiates the type named in $type; without a restrictive binder that is remote code execution.",
        cwe: 502);

    public static readonly DiagnosticDescriptor XmlDtdWithResolver = Create(
        RuleIds.XmlDtdWithResolver,
        title: "XML DTD processing with a resolver",
        messageFormat: "{0} parses DTDs with a resolver: set DtdProcessing to Prohibit (or Ignore), or XmlResolver to null",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "DTD parsing with an XmlResolver allows XML external entity (XXE) attacks: file disclosure and server-side requests.",
        cwe: 611);

    public static readonly DiagnosticDescriptor XmlUrlResolverUsed = Create(
        RuleIds.XmlUrlResolverUsed,
        title: "XmlUrlResolver on an XML parser",
        messageFormat: "{0}.XmlResolver is an XmlUrlResolver: set it to null so external entities are not fetched",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "An XmlUrlResolver fetches any file or URL named by the document (XXE).",
        cwe: 611);

    public static readonly DiagnosticDescriptor XsltScriptEnabled = Create(
        RuleIds.XsltScriptEnabled,
        title: "XSLT scripts or document() enabled",
        messageFormat: "XsltSettings enable {0}: use XsltSettings.Default for stylesheets you do not fully trust",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Embedded scripts run code; document() reads files and URLs.",
        cwe: 94);

    public static readonly DiagnosticDescriptor CookieWithoutSecure = Create(
        RuleIds.CookieWithoutSecure,
        title: "Cookie not restricted to HTTPS",
        messageFormat: "{0}: set Secure = true (or SecurePolicy = CookieSecurePolicy.Always) so the cookie is never sent over HTTP",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A cookie without the Secure attribute is sent over plain HTTP, where it can be read and stolen.",
        cwe: 614);

    public static readonly DiagnosticDescriptor CookieWithoutHttpOnly = Create(
        RuleIds.CookieWithoutHttpOnly,
        title: "Cookie readable by scripts",
        messageFormat: "{0}: set HttpOnly = true so scripts (and XSS) cannot read the cookie",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Without HttpOnly, any script on the page, including injected ones, can read the cookie.",
        cwe: 1004);

    public static readonly DiagnosticDescriptor CorsAnyOriginWithCredentials = Create(
        RuleIds.CorsAnyOriginWithCredentials,
        title: "CORS allows any origin with credentials",
        messageFormat: "CORS policy allows credentials from {0}: list the trusted origins with WithOrigins(...)",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Any web site can then make authenticated requests with the user's cookies and read the answers.",
        cwe: 942);

    public static readonly DiagnosticDescriptor TokenValidationDisabled = Create(
        RuleIds.TokenValidationDisabled,
        title: "Token validation check switched off",
        messageFormat: "TokenValidationParameters.{0} is set to false: leave it true so forged, foreign or expired tokens are refused",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Each of these checks stops a class of forged or replayed tokens.",
        cwe: 287);

    public static readonly DiagnosticDescriptor TokenValidatorAcceptsAll = Create(
        RuleIds.TokenValidatorAcceptsAll,
        title: "Token validator accepts everything",
        messageFormat: "{0} accepts every token without checking it: remove it and use the built-in validation",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A custom validator that returns true, returns its input, or parses the token without checking the signature disables that check.",
        cwe: 347);

    public static readonly DiagnosticDescriptor TokenClockSkewTooLarge = Create(
        RuleIds.TokenClockSkewTooLarge,
        title: "Token clock skew too large",
        messageFormat: "ClockSkew of {0} keeps expired tokens valid: use at most {1} minutes",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A clock skew of hours or days makes token expiry meaningless.",
        cwe: 613);

    public static readonly DiagnosticDescriptor HttpsMetadataNotRequired = Create(
        RuleIds.HttpsMetadataNotRequired,
        title: "Authentication metadata over HTTP",
        messageFormat: "RequireHttpsMetadata is set to false: keep it true so signing keys are fetched over HTTPS (guard with IsDevelopment() for local use)",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Metadata fetched over HTTP can be replaced, and with it the keys that validate tokens.",
        cwe: 319);

    public static readonly DiagnosticDescriptor OpenIdConnectNonceNotRequired = Create(
        RuleIds.OpenIdConnectNonceNotRequired,
        title: "OpenID Connect nonce not required",
        messageFormat: "RequireNonce is set to false: keep it true so replayed ID tokens are refused",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "The nonce binds an ID token to the sign-in request; without it tokens can be replayed.",
        cwe: 294);

    public static readonly DiagnosticDescriptor DeveloperExceptionPageUnguarded = Create(
        RuleIds.DeveloperExceptionPageUnguarded,
        title: "Developer exception page outside development",
        messageFormat: "UseDeveloperExceptionPage is not guarded by IsDevelopment(): call it only inside if (app.Environment.IsDevelopment())",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "The developer exception page shows stack traces, source and configuration to anyone.",
        cwe: 209);

    public static readonly DiagnosticDescriptor CleartextEndpoint = Create(
        RuleIds.CleartextEndpoint,
        title: "Clear-text endpoint",
        messageFormat: "'{0}' is not encrypted: use {1}:// for non-loopback hosts",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "http://, ws:// and ftp:// send data and credentials unencrypted. Loopback hosts (localhost, 127.0.0.1, ::1) and wildcard listen addresses are not reported.",
        cwe: 319);

    public static readonly DiagnosticDescriptor AntiforgeryIgnoredOnStateChangingAction = Create(
        RuleIds.AntiforgeryIgnoredOnStateChangingAction,
        title: "Antiforgery validation skipped on a state-changing action",
        messageFormat: "{0} changes state but ignores the antiforgery token: remove [IgnoreAntiforgeryToken] (or require a non-cookie authentication scheme)",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Without antiforgery validation, another site can submit this request with the user's cookies (CSRF).",
        cwe: 352);

    public static readonly DiagnosticDescriptor ErrorDetailsInConfigurationFile = Create(
        RuleIds.ErrorDetailsInConfigurationFile,
        title: "Error details or debugging exposed by a configuration file",
        messageFormat: "{0} exposes error details or debugging information to remote users: {1}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "customErrors Off, httpErrors Detailed, compilation debug, remote trace, DetailedErrors, or ASPNETCORE_ENVIRONMENT=Development in a deployed configuration file show stack traces, source and settings to anyone. Development-only files (appsettings.Development.json, web.Debug.config) are reported as suggestions.",
        cwe: 209);

    public static readonly DiagnosticDescriptor CookieProtectionOffInConfigurationFile = Create(
        RuleIds.CookieProtectionOffInConfigurationFile,
        title: "Cookie protection switched off in a configuration file",
        messageFormat: "{0} leaves cookies exposed: {1}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "httpCookies or forms authentication with requireSSL=\"false\" or httpOnlyCookies=\"false\", forms protection=\"None\", cookieless sessions, or a cookie SecurePolicy of None / HttpOnly false in appsettings let session and authentication cookies travel over HTTP, be read by scripts, or leak in URLs.",
        cwe: 614);

    public static readonly DiagnosticDescriptor RequestValidationOffInConfigurationFile = Create(
        RuleIds.RequestValidationOffInConfigurationFile,
        title: "Request validation or ViewState protection switched off in web.config",
        messageFormat: "{0} switches off a protection of ASP.NET: {1}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "pages validateRequest=\"false\", httpRuntime requestValidationMode=\"2.0\", enableViewStateMac=\"false\" or enableEventValidation=\"false\" remove ASP.NET's defences against script injection and forged ViewState (which leads to remote code execution).",
        cwe: 693);

    public static readonly DiagnosticDescriptor WeakMachineKeyAlgorithm = Create(
        RuleIds.WeakMachineKeyAlgorithm,
        title: "Weak machineKey algorithm",
        messageFormat: "machineKey {0}=\"{1}\" is a weak algorithm: use validation=\"HMACSHA256\" (or stronger) and decryption=\"AES\"",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "The machine key protects ViewState, forms authentication tickets and other tokens; MD5, SHA1, DES and 3DES are broken or too weak for it.",
        cwe: 327);

    public static readonly DiagnosticDescriptor DetailedErrorsEnabled = Create(
        RuleIds.DetailedErrorsEnabled,
        title: "Detailed errors or personal data enabled outside development",
        messageFormat: "{0} is set to true outside development: error details or personal data reach clients and logs; set it only when the environment is Development",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "IdentityModelEventSource.ShowPII/LogCompleteSecurityArtifact, SignalR/gRPC EnableDetailedErrors, Blazor CircuitOptions.DetailedErrors or WebHostDefaults.DetailedErrorsKey turned on without an IsDevelopment() guard expose stack traces, tokens and personal data.",
        cwe: 209);

    public static readonly DiagnosticDescriptor ExceptionDetailsInResponse = Create(
        RuleIds.ExceptionDetailsInResponse,
        title: "Exception details sent to the client",
        messageFormat: "{0} sends an exception's stack trace to the client: return a generic message (or ProblemDetails without the exception) and log the exception",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "ex.ToString(), ex.StackTrace or the exception object written to the response, a result or ProblemDetails outside development reveal code paths, library versions, file paths and sometimes data.",
        cwe: 209);

    public static readonly DiagnosticDescriptor RequestSizeLimitDisabled = Create(
        RuleIds.RequestSizeLimitDisabled,
        title: "Request size limit removed",
        messageFormat: "{0} removes the request size limit: keep a bounded limit (at most {1}) on the endpoints that need large bodies",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Without a request body limit one client can exhaust memory, disk or bandwidth (denial of service): MaxRequestBodySize = null, [DisableRequestSizeLimit], and form or size limits set to long.MaxValue or above the configured maximum.",
        cwe: 770);

    public static readonly DiagnosticDescriptor WeakIdentityPolicy = Create(
        RuleIds.WeakIdentityPolicy,
        title: "Identity password or lockout policy below current guidance",
        messageFormat: "{0}: {1}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Short passwords and unlimited or missing lockout let attackers guess passwords online (NIST SP 800-63B: at least 8 characters, limited failed attempts).",
        cwe: 521);

    public static readonly DiagnosticDescriptor WeakPasswordHasher = Create(
        RuleIds.WeakPasswordHasher,
        title: "Weak Identity password hasher options",
        messageFormat: "PasswordHasherOptions.{0} weakens stored password hashes: {1}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A low PBKDF2 iteration count or the IdentityV2 format (HMAC-SHA1, 1,000 iterations) makes stolen password hashes cheap to crack.",
        cwe: 916);

    public static readonly DiagnosticDescriptor CorsOriginCheckWeak = Create(
        RuleIds.CorsOriginCheckWeak,
        title: "CORS origin check that look-alike origins pass",
        messageFormat: "CORS: {0}: {1}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Origin checks with Contains/StartsWith/EndsWith (without a dot boundary), clear-text origins trusted with credentials, or the request Origin reflected into Access-Control-Allow-Origin let other sites read responses.",
        cwe: 942);

    public static readonly DiagnosticDescriptor AntiforgeryIgnoredGlobally = Create(
        RuleIds.AntiforgeryIgnoredGlobally,
        title: "Antiforgery validation ignored for the whole app",
        messageFormat: "IgnoreAntiforgeryTokenAttribute is added as a global filter: remove it (or add AutoValidateAntiforgeryTokenAttribute) and ignore the token only on endpoints that do not use cookie authentication",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A global IgnoreAntiforgeryToken filter turns off CSRF protection for every cookie-authenticated form post of the application.",
        cwe: 352);

    public static readonly DiagnosticDescriptor WeakAlgorithmByName = Create(
        RuleIds.WeakAlgorithmByName,
        title: "Broken algorithm chosen by name",
        messageFormat: "{0} selects {1}, which is broken: use {2}",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "CryptoConfig.CreateFromName, HashAlgorithm.Create, SymmetricAlgorithm.Create or IncrementalHash given a broken algorithm by name or through a variable (DES, 3DES, RC2 always; MD5/SHA-1 in a security role).",
        cwe: 327);

    public static readonly DiagnosticDescriptor RsaPkcs1Encryption = Create(
        RuleIds.RsaPkcs1Encryption,
        title: "RSA encryption with PKCS#1 v1.5 padding",
        messageFormat: "{0} encrypts with PKCS#1 v1.5 padding, which is open to padding-oracle attacks: use RSAEncryptionPadding.OaepSHA256",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "RSA PKCS#1 v1.5 encryption padding lets an attacker who can submit ciphertexts decrypt data (Bleichenbacher). OAEP does not have this weakness. Signatures are not concerned.",
        cwe: 780);

    public static readonly DiagnosticDescriptor DataSetReadXml = Create(
        RuleIds.DataSetReadXml,
        title: "DataSet or DataTable read from XML input",
        messageFormat: "{0} reads XML whose schema picks the types to instantiate: do not read untrusted XML into a DataSet/DataTable; deserialize into your own types instead",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "DataSet.ReadXml and DataTable.ReadXml honour an inline schema that chooses column types; Microsoft documents them as unsafe for untrusted input.",
        cwe: 502);

    public static readonly DiagnosticDescriptor SerializerTypeFromInput = Create(
        RuleIds.SerializerTypeFromInput,
        title: "Serializer built for a type named by input",
        messageFormat: "{0} is built for a type whose name is not a constant: map allowed names to known types instead of Type.GetType(name)",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "When input chooses the type an XmlSerializer or DataContractSerializer instantiates, an attacker can pick types whose setters or constructors have side effects.",
        cwe: 502);

    public static readonly DiagnosticDescriptor UnvalidatedTokenClaims = Create(
        RuleIds.UnvalidatedTokenClaims,
        title: "JWT claims trusted without validation",
        messageFormat: "The token is read without validating its signature, issuer, audience or lifetime, and its claims establish the user: validate it with ValidateTokenAsync (or let the JwtBearer handler do it)",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "ReadJwtToken/ReadJsonWebToken only decode a token; anyone can forge one. Claims from such a token must not build the user identity.",
        cwe: 345);

    public static readonly DiagnosticDescriptor CorsAnyOriginOnAuthenticatedEndpoints = Create(
        RuleIds.CorsAnyOriginOnAuthenticatedEndpoints,
        title: "CORS policy allowing any origin on authenticated endpoints",
        messageFormat: "CORS policy {0} allows {1} and {2}: any web site can then call these endpoints and read the answers whenever the request carries credentials other than cookies (a bearer token a client adds, credentials an extension or the network adds); list the trusted origins with WithOrigins(\"https://…\")",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "A CORS policy that allows any origin, applied to endpoints that authenticate users, lets scripts of every web site use those endpoints and read their responses whenever the browser or client attaches non-cookie credentials. Public, anonymous endpoints are not concerned.",
        cwe: 942,
        compilationEnd: true);

    public static readonly DiagnosticDescriptor AntiforgeryValidationMissing = Create(
        RuleIds.AntiforgeryValidationMissing,
        title: "State-changing action without antiforgery validation in a cookie-authenticated app",
        messageFormat: "{0} changes state in a controller with views of a cookie-authenticated app, and nothing validates an antiforgery token for it: add [ValidateAntiForgeryToken] to the action, or add AutoValidateAntiforgeryTokenAttribute as a global filter",
        RuleCategories.Configuration,
        DiagnosticSeverity.Warning,
        description: "Browsers send the authentication cookie with a form posted from another site; without antiforgery validation that site can make the signed-in user's browser perform the action (CSRF).",
        cwe: 352,
        compilationEnd: true);

    public static string HelpLink(string id) => HelpLinks.For(id);

    /// <summary>
    /// Tags the compiler copies into its SARIF log (rule <c>properties.tags</c>): code scanning lists a rule tagged
    /// "security" as a security alert, and the CWE id lets it group and rate the finding.
    /// </summary>
    public static string[] CustomTags(string category, int cwe) =>
        new[] { "security", category == RuleCategories.Secrets ? "secrets" : "configuration", "external/cwe/cwe-" + cwe };

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity defaultSeverity,
        string description,
        int cwe,
        bool isEnabledByDefault = true,
        bool compilationEnd = false)
    {
        var tags = CustomTags(category, cwe);
        if (compilationEnd)
        {
            // Reported from a compilation end action: the IDE runs such rules only on full-solution analysis.
            tags = new[] { tags[0], tags[1], tags[2], WellKnownDiagnosticTags.CompilationEnd };
        }

#pragma warning disable RS2008 // Release tracking is enabled; the analyzer cannot see through this factory.
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault,
            description,
            HelpLink(id),
            tags);
#pragma warning restore RS2008
    }
}
