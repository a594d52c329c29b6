using System;
using System.Collections.Generic;
using PipelineSecurity.Analyzers.Configuration.AspNetCore;
using PipelineSecurity.Analyzers.Configuration.Tls;

namespace PipelineSecurity.Analyzers.Configuration.Files;

/// <summary>
/// The insecure settings of web.config / app.config (and their transforms), by element and attribute as the ASP.NET,
/// IIS and ASP.NET Core Module schemas define them. Only explicit insecure values are reported, never a missing attribute.
/// </summary>
internal static class WebConfigRules
{
    private static readonly string[] AddressAttributes = { "address", "baseAddress", "url", "uri", "endpoint", "authority", "metadataAddress", "serviceUrl" };

    public static void Check(XmlElement element, List<ConfigFinding> findings)
    {
        switch (element.Name.ToLowerInvariant())
        {
            case "customerrors":
                Report(findings, element, "mode", "Off", DiagnosticDescriptors.ErrorDetailsInConfigurationFile,
                    "customErrors mode=\"Off\"", "set mode=\"RemoteOnly\" (or \"On\") with a defaultRedirect error page");
                break;
            case "compilation":
                Report(findings, element, "debug", "true", DiagnosticDescriptors.ErrorDetailsInConfigurationFile,
                    "compilation debug=\"true\"", "set debug=\"false\" for deployed sites (a Release transform removes it)");
                break;
            case "trace" when element.Parent.Equals("system.web", StringComparison.OrdinalIgnoreCase)
                              && Is(element.Value("enabled"), "true"):
                Report(findings, element, "localOnly", "false", DiagnosticDescriptors.ErrorDetailsInConfigurationFile,
                    "trace enabled=\"true\" localOnly=\"false\"", "turn tracing off, or keep localOnly=\"true\"");
                break;
            case "httperrors":
                Report(findings, element, "errorMode", "Detailed", DiagnosticDescriptors.ErrorDetailsInConfigurationFile,
                    "httpErrors errorMode=\"Detailed\"", "use errorMode=\"DetailedLocalOnly\" (the default) or \"Custom\"");
                break;
            case "environmentvariable" when IsEnvironmentName(element.Value("name")):
                Report(findings, element, "value", "Development", DiagnosticDescriptors.ErrorDetailsInConfigurationFile,
                    element.Value("name") + "=Development", "a deployed site must not run in the Development environment (developer exception page, detailed errors); remove the variable or set Production");
                break;
            case "httpcookies":
                Report(findings, element, "httpOnlyCookies", "false", DiagnosticDescriptors.CookieProtectionOffInConfigurationFile,
                    "httpCookies httpOnlyCookies=\"false\"", "set httpOnlyCookies=\"true\" so scripts cannot read cookies");
                Report(findings, element, "requireSSL", "false", DiagnosticDescriptors.CookieProtectionOffInConfigurationFile,
                    "httpCookies requireSSL=\"false\"", "set requireSSL=\"true\" so cookies are sent over HTTPS only");
                break;
            case "forms":
                Report(findings, element, "requireSSL", "false", DiagnosticDescriptors.CookieProtectionOffInConfigurationFile,
                    "forms requireSSL=\"false\"", "set requireSSL=\"true\" so the authentication ticket is sent over HTTPS only");
                Report(findings, element, "protection", "None", DiagnosticDescriptors.CookieProtectionOffInConfigurationFile,
                    "forms protection=\"None\"", "use protection=\"All\" so the ticket is encrypted and validated");
                Report(findings, element, "cookieless", "UseUri", DiagnosticDescriptors.CookieProtectionOffInConfigurationFile,
                    "forms cookieless=\"UseUri\"", "use cookieless=\"UseCookies\": tickets in URLs leak through logs and Referer headers");
                break;
            case "sessionstate":
                Report(findings, element, "cookieless", "true", DiagnosticDescriptors.CookieProtectionOffInConfigurationFile,
                    "sessionState cookieless=\"true\"", "use cookieless=\"UseCookies\": session ids in URLs leak and allow session fixation");
                Report(findings, element, "cookieless", "UseUri", DiagnosticDescriptors.CookieProtectionOffInConfigurationFile,
                    "sessionState cookieless=\"UseUri\"", "use cookieless=\"UseCookies\": session ids in URLs leak and allow session fixation");
                break;
            case "pages":
                Report(findings, element, "validateRequest", "false", DiagnosticDescriptors.RequestValidationOffInConfigurationFile,
                    "pages validateRequest=\"false\"", "remove it, and encode output instead of relying on the user to send safe input");
                Report(findings, element, "enableViewStateMac", "false", DiagnosticDescriptors.RequestValidationOffInConfigurationFile,
                    "pages enableViewStateMac=\"false\"", "remove it: forged ViewState leads to remote code execution");
                Report(findings, element, "enableEventValidation", "false", DiagnosticDescriptors.RequestValidationOffInConfigurationFile,
                    "pages enableEventValidation=\"false\"", "remove it so postbacks of values the page never rendered are refused");
                break;
            case "httpruntime" when element.Attribute("requestValidationMode") is { } mode && IsOldValidationMode(mode.Value):
                findings.Add(new ConfigFinding(DiagnosticDescriptors.RequestValidationOffInConfigurationFile, mode.ValueStart, mode.Value.Length,
                    "httpRuntime requestValidationMode=\"" + mode.Value + "\"", "remove it (or set 4.5) so every request is validated"));
                break;
            case "machinekey":
                ReportWeak(findings, element, "validation", "MD5", "SHA1", "3DES", "TripleDES");
                ReportWeak(findings, element, "decryption", "DES", "3DES", "TripleDES");
                break;
            case "network" when element.Parent.Equals("smtp", StringComparison.OrdinalIgnoreCase):
                Report(findings, element, "enableSsl", "false", DiagnosticDescriptors.MailOrFtpWithoutTls, "SmtpClient (mailSettings)");
                break;
            case "add" when element.Parent.Equals("connectionStrings", StringComparison.OrdinalIgnoreCase):
                ConnectionString(findings, element.Attribute("connectionString"));
                break;
            case "add" when element.Parent.Equals("appSettings", StringComparison.OrdinalIgnoreCase):
                if (element.Attribute("value") is { } value)
                {
                    Address(findings, value);
                    ConnectionString(findings, value);
                }

                break;
            case "endpoint" or "host" or "add" or "baseaddresses" when IsServiceModel(element):
                foreach (var name in AddressAttributes)
                {
                    if (element.Attribute(name) is { } address)
                    {
                        Address(findings, address);
                    }
                }

                break;
        }
    }

    private static bool IsServiceModel(XmlElement element) =>
        element.Parent.Equals("client", StringComparison.OrdinalIgnoreCase)
        || element.Parent.Equals("baseAddresses", StringComparison.OrdinalIgnoreCase)
        || element.Parent.Equals("service", StringComparison.OrdinalIgnoreCase);

    private static bool IsEnvironmentName(string? name) =>
        Is(name, "ASPNETCORE_ENVIRONMENT") || Is(name, "DOTNET_ENVIRONMENT");

    private static bool IsOldValidationMode(string value) =>
        Version.TryParse(value.Trim(), out var version) && version < new Version(4, 0);

    private static void Report(List<ConfigFinding> findings, XmlElement element, string attribute, string insecure, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params object[] arguments)
    {
        if (element.Attribute(attribute) is { } found && Is(found.Value, insecure))
        {
            findings.Add(new ConfigFinding(descriptor, found.ValueStart, found.Value.Length, arguments));
        }
    }

    private static void ReportWeak(List<ConfigFinding> findings, XmlElement element, string attribute, params string[] weak)
    {
        if (element.Attribute(attribute) is not { } found)
        {
            return;
        }

        foreach (var name in weak)
        {
            if (Is(found.Value, name))
            {
                findings.Add(new ConfigFinding(DiagnosticDescriptors.WeakMachineKeyAlgorithm, found.ValueStart, found.Value.Length, attribute, found.Value.Trim()));
                return;
            }
        }
    }

    internal static void ConnectionString(List<ConfigFinding> findings, XmlAttribute? attribute)
    {
        if (attribute is not null && DatabaseConnectionNotEncryptedAnalyzer.InsecureSetting(attribute.Value) is { } setting)
        {
            findings.Add(new ConfigFinding(DiagnosticDescriptors.DatabaseConnectionNotEncrypted, attribute.ValueStart, attribute.Value.Length, setting));
        }
    }

    private static void Address(List<ConfigFinding> findings, XmlAttribute attribute)
    {
        if (ConfigurationValues.CleartextAddress(attribute.Value, listening: false) is { } found)
        {
            findings.Add(new ConfigFinding(DiagnosticDescriptors.CleartextEndpoint, attribute.ValueStart, attribute.Value.Length, found.Shown, found.Secure));
        }
    }

    private static bool Is(string? value, string expected) =>
        value is not null && string.Equals(value.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
