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

        return HasCleartextScheme(trimmed) ? CleartextEndpointAnalyzer.Cleartext(trimmed, listening) : null;
    }

    /// <summary>A cheap first test: the value starts (after spaces) with http://, ws:// or ftp://.</summary>
    public static bool HasCleartextScheme(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] == ' ')
        {
            i++;
        }

        return i < value.Length && (value[i] is 'h' or 'H' or 'w' or 'W' or 'f' or 'F')
               && (string.Compare(value, i, "http://", 0, 7, StringComparison.OrdinalIgnoreCase) == 0
                   || string.Compare(value, i, "ws://", 0, 5, StringComparison.OrdinalIgnoreCase) == 0
                   || string.Compare(value, i, "ftp://", 0, 6, StringComparison.OrdinalIgnoreCase) == 0);
    }
}
