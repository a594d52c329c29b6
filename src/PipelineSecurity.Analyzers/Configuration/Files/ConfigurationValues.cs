using System;
using PipelineSecurity.Analyzers.Configuration.AspNetCore;

namespace PipelineSecurity.Analyzers.Configuration.Files;

/// <summary>Value checks shared by the XML and JSON configuration rules.</summary>
internal static class ConfigurationValues
{
    /// <summary>
    /// A clear-text address (http://, ws://, ftp://) of a remote host, as <see cref="CleartextEndpointAnalyzer.Cleartext"/>
    /// sees it, if the value is a single address (not text that happens to contain one).
    /// </summary>
    public static (string Shown, string Secure)? CleartextAddress(string value, bool listening)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > 2048 || trimmed.IndexOf(' ') >= 0 && trimmed.IndexOf(';') < 0)
        {
            return null;
        }

        return trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
               || trimmed.StartsWith("ws://", StringComparison.OrdinalIgnoreCase)
               || trimmed.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase)
            ? CleartextEndpointAnalyzer.Cleartext(trimmed, listening)
            : null;
    }
}
