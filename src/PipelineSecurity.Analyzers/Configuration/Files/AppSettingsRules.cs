using System;
using System.Collections.Generic;
using PipelineSecurity.Analyzers.Configuration.Tls;

namespace PipelineSecurity.Analyzers.Configuration.Files;

/// <summary>
/// The insecure settings of appsettings*.json, by configuration key as ASP.NET Core binds them: DetailedErrors, the
/// environment, Kestrel endpoints and SslProtocols, JwtBearer/OpenIdConnect options (RequireHttpsMetadata, Validate*),
/// cookie options, connection strings and clear-text addresses.
/// </summary>
internal static class AppSettingsRules
{
    private static readonly string[] TokenValidationFlags =
    {
        "ValidateIssuer", "ValidateAudience", "ValidateLifetime", "ValidateIssuerSigningKey", "RequireSignedTokens", "RequireExpirationTime",
    };

    private static readonly string[] DeprecatedProtocols = { "Ssl2", "Ssl3", "Tls", "Tls11", "Default" };

    private static readonly string[] IdentifierKeys = { "$schema", "$id", "xmlns", "schema", "namespace", "ns" };

    public static void Check(JsonValue value, List<ConfigFinding> findings)
    {
        var key = value.Key;
        if (!value.IsString)
        {
            CheckLiteral(value, key, findings);
            return;
        }

        if (Is(key, "ASPNETCORE_ENVIRONMENT") || Is(key, "DOTNET_ENVIRONMENT"))
        {
            if (Is(value.Text, "Development"))
            {
                Add(findings, DiagnosticDescriptors.ErrorDetailsInConfigurationFile, value, key + "=Development",
                    "a deployed app must not run in the Development environment; set it only on developer machines");
            }

            return;
        }

        // "SslProtocols": "Tls11, Tls12" or ["Tls11", "Tls12"] (an array element's key is the array's).
        if (Is(key, "SslProtocols"))
        {
            foreach (var part in value.Text.Split(',', '|'))
            {
                foreach (var deprecated in DeprecatedProtocols)
                {
                    if (Is(part, deprecated))
                    {
                        Add(findings, DiagnosticDescriptors.DeprecatedTlsProtocol, value, "SslProtocols '" + part.Trim() + "' in " + value.Path);
                        return;
                    }
                }
            }

            return;
        }

        if (Is(key, "SecurePolicy") && Is(value.Text, "None"))
        {
            Add(findings, DiagnosticDescriptors.CookieProtectionOffInConfigurationFile, value, value.Path + " = None",
                "use Always so the cookie is sent over HTTPS only");
            return;
        }

        if (IsBooleanText(value) && CheckLiteral(value, key, findings))
        {
            return;
        }

        if (ConnectionStringCandidate(value) && DatabaseConnectionNotEncryptedAnalyzer.InsecureSetting(value.Text) is { } setting)
        {
            Add(findings, DiagnosticDescriptors.DatabaseConnectionNotEncrypted, value, setting);
            return;
        }

        if (ConfigurationValues.HasCleartextScheme(value.Text) && !IsIdentifierKey(key)
            && ConfigurationValues.CleartextAddress(value.Text, listening: IsListenAddress(value)) is { } address)
        {
            Add(findings, DiagnosticDescriptors.CleartextEndpoint, value, address.Shown, address.Secure);
        }
    }

    /// <summary>true/false settings; returns whether the key was one of them.</summary>
    private static bool CheckLiteral(JsonValue value, string key, List<ConfigFinding> findings)
    {
        if (Is(key, "DetailedErrors") || Is(key, "EnableDetailedErrors") || Is(key, "ASPNETCORE_DETAILEDERRORS"))
        {
            if (value.IsTrue)
            {
                Add(findings, DiagnosticDescriptors.ErrorDetailsInConfigurationFile, value, value.Path + " = true",
                    "set it only in appsettings.Development.json");
            }

            return true;
        }

        if (Is(key, "ShowPII") || Is(key, "LogCompleteSecurityArtifact"))
        {
            if (value.IsTrue)
            {
                Add(findings, DiagnosticDescriptors.ErrorDetailsInConfigurationFile, value, value.Path + " = true",
                    "personal data and tokens end up in logs and error messages; set it only for local debugging");
            }

            return true;
        }

        if (Is(key, "RequireHttpsMetadata"))
        {
            if (value.IsFalse)
            {
                Add(findings, DiagnosticDescriptors.HttpsMetadataNotRequired, value);
            }

            return true;
        }

        foreach (var flag in TokenValidationFlags)
        {
            if (Is(key, flag))
            {
                if (value.IsFalse)
                {
                    Add(findings, DiagnosticDescriptors.TokenValidationDisabled, value, flag);
                }

                return true;
            }
        }

        if (Is(key, "HttpOnly") && value.Path.IndexOf("Cookie", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            if (value.IsFalse)
            {
                Add(findings, DiagnosticDescriptors.CookieProtectionOffInConfigurationFile, value, value.Path + " = false",
                    "set HttpOnly to true so scripts (and XSS) cannot read the cookie");
            }

            return true;
        }

        if (Is(key, "EnableSsl") || Is(key, "UseSsl"))
        {
            if (value.IsFalse && IsMailOrFtp(value.Path))
            {
                Add(findings, DiagnosticDescriptors.MailOrFtpWithoutTls, value, value.Path.Substring(0, Math.Max(0, value.Path.Length - key.Length - 1)));
            }

            return true;
        }

        return false;
    }

    private static bool IsMailOrFtp(string path) =>
        path.IndexOf("smtp", StringComparison.OrdinalIgnoreCase) >= 0 || path.IndexOf("mail", StringComparison.OrdinalIgnoreCase) >= 0
        || path.IndexOf("ftp", StringComparison.OrdinalIgnoreCase) >= 0;

    private static bool IsBooleanText(JsonValue value) => value.IsTrue || value.IsFalse;

    private static bool ConnectionStringCandidate(JsonValue value) =>
        value.Text.IndexOf('=') > 0 && value.Text.IndexOf(';') > 0;

    /// <summary>Kestrel endpoint URLs and "Urls"/"urls" are listen addresses: a wildcard host is not a remote endpoint.</summary>
    private static bool IsListenAddress(JsonValue value) =>
        Is(value.Key, "Urls") || Is(value.Key, "ASPNETCORE_URLS") || Is(value.Key, "HTTP_PORTS")
        || value.Path.StartsWith("Kestrel:", StringComparison.OrdinalIgnoreCase);

    private static bool IsIdentifierKey(string key)
    {
        foreach (var identifier in IdentifierKeys)
        {
            if (Is(key, identifier))
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(List<ConfigFinding> findings, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, JsonValue value, params object[] arguments) =>
        findings.Add(new ConfigFinding(descriptor, value.Start, value.Length, arguments));

    private static bool Is(string? text, string expected) =>
        text is not null && string.Equals(text.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
