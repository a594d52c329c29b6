using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Scans a configuration file (JSON, XML/.config/.pubxml, YAML, .env, .ini, .properties) line by line: format-recognised
/// secrets anywhere on a line, and generic secrets in <c>key: value</c> / <c>key=value</c> / <c>"key": "value"</c> /
/// <c>&lt;add key="…" value="…"/&gt;</c> / <c>&lt;Password&gt;…&lt;/Password&gt;</c> pairs whose key means secret.
/// Offsets in the findings are offsets in the whole text, so callers can map them to exact lines and columns.
/// </summary>
internal static class ConfigurationFileScanner
{
    private const int MaximumNameLength = 128;

    public static void Scan(string text, SecretScanOptions options, List<SecretFinding> findings) =>
        Scan(text, SecretFileKind.Configuration, options, findings);

    public static void Scan(string text, SecretFileKind kind, SecretScanOptions options, List<SecretFinding> findings)
    {
        var first = findings.Count;
        SecretScanner.AddPrivateKey(text, findings);
        KnownKeyFormats.Add(text, findings);

        var yaml = kind == SecretFileKind.Yaml ? new YamlStructure(text) : null;
        var continuesInstruction = false;
        var lineStart = 0;
        while (lineStart < text.Length && findings.Count - first < SecretScanner.MaximumFindingsPerText)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            var contentEnd = lineEnd > lineStart && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (kind == SecretFileKind.Dockerfile)
            {
                DockerfileScanner.ScanLine(text, lineStart, contentEnd, ref continuesInstruction, options, findings);
            }
            else
            {
                var context = yaml?.Enter(text, lineStart, contentEnd) ?? default;
                ScanLine(text, lineStart, contentEnd, context, options, findings);
            }

            lineStart = lineEnd + 1;
        }

        RemoveRepeats(findings, first);
    }

    /// <summary>A span found twice (a machineKey attribute is also a secret-named attribute) is one finding: the first.</summary>
    private static void RemoveRepeats(List<SecretFinding> findings, int first)
    {
        for (var i = findings.Count - 1; i > first; i--)
        {
            for (var j = first; j < i; j++)
            {
                if (findings[j].Start <= findings[i].Start && findings[i].Start + findings[i].Length <= findings[j].Start + findings[j].Length)
                {
                    findings.RemoveAt(i);
                    break;
                }
            }
        }
    }

    private static void ScanLine(string text, int start, int end, YamlContext context, SecretScanOptions options, List<SecretFinding> findings)
    {
        var before = findings.Count;
        SecretScanner.ScanSpan(text, start, end, options, findings, before);
        if (findings.Count > before)
        {
            return;
        }

        var i = start;
        while (i < end && (text[i] is ' ' or '\t'))
        {
            i++;
        }

        if (i >= end || text[i] is '#' or ';' || CharClass.StartsWith(text, i, "//") || CharClass.StartsWith(text, i, "<!--"))
        {
            return;
        }

        if (text[i] == '<')
        {
            ScanXmlLine(text, i, end, options, findings);
            return;
        }

        if (text[i] is '"' or '{')
        {
            ScanJsonLine(text, i, end, options, findings);
            if (findings.Count > before || text[i] == '{')
            {
                return;
            }
        }

        ScanKeyValueLine(text, i, end, context, options, findings);
    }

    /// <summary>The pairs of one line of text that is not a file (a C# string's line): JSON, XML or key/value syntax.</summary>
    internal static void ScanPairs(string text, int start, int end, SecretScanOptions options, List<SecretFinding> findings)
    {
        var i = start;
        while (i < end && (text[i] is ' ' or '\t'))
        {
            i++;
        }

        if (i >= end)
        {
            return;
        }

        if (text[i] == '<')
        {
            ScanXmlLine(text, i, end, options, findings);
        }
        else if (text[i] is '"' or '{' or '[' or ',')
        {
            ScanJsonLine(text, i, end, options, findings);
        }
        else
        {
            ScanKeyValueLine(text, i, end, default, options, findings);
        }
    }

    /// <summary>JSON "key": "value", YAML key: value, .env/.ini/.properties key=value (with "export " or "- " before).</summary>
    private static void ScanKeyValueLine(string text, int i, int end, YamlContext context, SecretScanOptions options, List<SecretFinding> findings)
    {
        if (text[i] == '-' && i + 1 < end && text[i + 1] == ' ')
        {
            i += 2;
            while (i < end && text[i] == ' ')
            {
                i++;
            }

            // docker-compose's list form: - "KEY=value" / - 'KEY=value'.
            if (i + 1 < end && text[i] is '"' or '\'')
            {
                var close = text.IndexOf(text[i], i + 1, end - i - 1);
                if (close > i + 1 && text.IndexOf('=', i + 1, close - i - 1) > i + 1 && (close + 1 >= end || text[close + 1] != ':'))
                {
                    ScanKeyValueLine(text, i + 1, close, context, options, findings);
                    return;
                }
            }
        }

        if (i >= end)
        {
            return;
        }

        if (CharClass.StartsWith(text, i, "export "))
        {
            i += 7;
        }

        var quotedKey = text[i] is '"' or '\'';
        int keyStart, keyEnd, separator;
        if (quotedKey)
        {
            keyStart = i + 1;
            keyEnd = text.IndexOf(text[i], keyStart, System.Math.Min(MaximumNameLength, end - keyStart));
            if (keyEnd < 0)
            {
                return;
            }

            separator = keyEnd + 1;
            while (separator < end && text[separator] is ' ' or '\t')
            {
                separator++;
            }

            if (separator >= end || text[separator] is not (':' or '='))
            {
                return;
            }
        }
        else
        {
            keyStart = i;
            separator = i;
            while (separator < end && separator - i <= MaximumNameLength && text[separator] is not (':' or '=' or ' ' or '\t'))
            {
                separator++;
            }

            keyEnd = separator;
            while (separator < end && text[separator] is ' ' or '\t')
            {
                separator++;
            }

            if (separator >= end || text[separator] is not (':' or '=') || keyEnd == keyStart)
            {
                return;
            }
        }

        var valueStart = separator + 1;
        while (valueStart < end && text[valueStart] is ' ' or '\t')
        {
            valueStart++;
        }

        var valueEnd = end;
        while (valueEnd > valueStart && text[valueEnd - 1] is ' ' or '\t' or ',')
        {
            valueEnd--;
        }

        if (valueEnd > valueStart && text[valueStart] is '"' or '\'')
        {
            var close = text.IndexOf(text[valueStart], valueStart + 1, valueEnd - valueStart - 1);
            if (close < 0)
            {
                return;
            }

            valueStart++;
            valueEnd = close;
        }
        else
        {
            // An unquoted YAML/.env/.ini value ends at a " #" comment.
            var comment = text.IndexOf(" #", valueStart, valueEnd - valueStart, System.StringComparison.Ordinal);
            if (comment >= 0)
            {
                valueEnd = comment;
                while (valueEnd > valueStart && text[valueEnd - 1] == ' ')
                {
                    valueEnd--;
                }
            }
        }

        var key = text.Substring(keyStart, keyEnd - keyStart);
        if (context.IsKubernetesSecretData)
        {
            KubernetesSecretData.Report(key, text, valueStart, valueEnd - valueStart, options, findings);
        }
        else if (context.SecretParent is { } parent && !SecretNames.IsSecretName(key, options.ExtraSecretWords))
        {
            // stringData of a Secret, or an entry of a secret-named map ("credentials:", "secrets:").
            var name = SecretNames.IsSecretName(parent, options.ExtraSecretWords) ? parent : "secret";
            if (SecretScanner.TryScoreNamedValue(name, text, valueStart, valueEnd - valueStart, options, out var finding))
            {
                findings.Add(finding.WithDescription(key + " (in " + parent + ")"));
            }
        }
        else
        {
            ReportNamedValue(key, text, valueStart, valueEnd - valueStart, options, findings);
        }
    }

    /// <summary>Every <c>"key": "value"</c> pair on a JSON line (objects are often written on one line).</summary>
    private static void ScanJsonLine(string text, int i, int end, SecretScanOptions options, List<SecretFinding> findings)
    {
        while (i < end)
        {
            var keyQuote = text.IndexOf('"', i, end - i);
            if (keyQuote < 0)
            {
                return;
            }

            var keyEnd = EndOfJsonString(text, keyQuote + 1, end);
            if (keyEnd < 0)
            {
                return;
            }

            var p = keyEnd + 1;
            while (p < end && text[p] is ' ' or '\t')
            {
                p++;
            }

            if (p >= end || text[p] != ':')
            {
                // A string that is not a key (an array element): move on.
                i = keyEnd + 1;
                continue;
            }

            p++;
            while (p < end && text[p] is ' ' or '\t')
            {
                p++;
            }

            if (p < end && text[p] == '"')
            {
                var valueEnd = EndOfJsonString(text, p + 1, end);
                if (valueEnd < 0)
                {
                    return;
                }

                if (keyEnd - keyQuote - 1 <= MaximumNameLength)
                {
                    ReportNamedValue(text.Substring(keyQuote + 1, keyEnd - keyQuote - 1), text, p + 1, valueEnd - p - 1, options, findings);
                }

                i = valueEnd + 1;
            }
            else
            {
                i = p;
            }
        }
    }

    /// <summary>The index of the closing quote of a JSON string whose content starts at <paramref name="start"/>, or -1.</summary>
    private static int EndOfJsonString(string text, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (text[k] == '\\')
            {
                k++;
            }
            else if (text[k] == '"')
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>&lt;add key="ApiKey" value="…"/&gt;, &lt;setting name="Password"&gt;, password="…" attributes, &lt;Password&gt;…&lt;/Password&gt;.</summary>
    private static void ScanXmlLine(string text, int i, int end, SecretScanOptions options, List<SecretFinding> findings)
    {
        // <Name>value</Name> on one line.
        var nameStart = i + 1;
        var nameEnd = nameStart;
        while (nameEnd < end && (CharClass.IsAlphaNumeric(text[nameEnd]) || text[nameEnd] is '_' or '-' or '.' or ':'))
        {
            nameEnd++;
        }

        if (nameEnd > nameStart && nameEnd < end && text[nameEnd] == '>')
        {
            var valueStart = nameEnd + 1;
            var close = text.IndexOf("</", valueStart, end - valueStart, System.StringComparison.Ordinal);
            if (close > valueStart)
            {
                ReportNamedValue(text.Substring(nameStart, nameEnd - nameStart), text, valueStart, close - valueStart, options, findings);
                return;
            }
        }

        // Attributes: name="value" pairs; key/name="X" followed by value="Y" makes the pair (X, Y).
        string? pairName = null;
        var p = nameEnd;
        while (p < end)
        {
            var equals = text.IndexOf("=\"", p, end - p, System.StringComparison.Ordinal);
            if (equals < 0)
            {
                return;
            }

            var attrEnd = equals;
            var attrStart = attrEnd;
            while (attrStart > p && (CharClass.IsAlphaNumeric(text[attrStart - 1]) || text[attrStart - 1] is '_' or '-' or ':' or '.'))
            {
                attrStart--;
            }

            var valueStart = equals + 2;
            var valueEnd = text.IndexOf('"', valueStart, end - valueStart);
            if (valueEnd < 0)
            {
                return;
            }

            var attribute = text.Substring(attrStart, attrEnd - attrStart);
            if (attribute is "key" or "name" or "Key" or "Name")
            {
                pairName = text.Substring(valueStart, System.Math.Min(valueEnd - valueStart, MaximumNameLength));
            }
            else if (attribute is "value" or "Value" && pairName is not null)
            {
                ReportNamedValue(pairName, text, valueStart, valueEnd - valueStart, options, findings);
            }
            else
            {
                ReportNamedValue(attribute, text, valueStart, valueEnd - valueStart, options, findings);
            }

            p = valueEnd + 1;
        }
    }

    internal static void ReportNamedValue(string name, string text, int start, int length, SecretScanOptions options, List<SecretFinding> findings)
    {
        if (length <= 0)
        {
            return;
        }

        if (IsDockerAuth(name, text, start, length))
        {
            findings.Add(new SecretFinding(SecretKind.ProviderToken, "Docker registry credentials", start, length, SecretRedaction.Redact(text.Substring(start, length))));
            return;
        }

        if (SecretScanner.TryScoreNamedValue(name, text, start, length, options, out var finding))
        {
            findings.Add(finding);
        }
    }

    /// <summary>Docker's config.json: "auth": base64 of "user:password".</summary>
    private static bool IsDockerAuth(string name, string text, int start, int length)
    {
        if (name != "auth" || length < 8 || length > 1024 || length % 4 != 0)
        {
            return false;
        }

        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(System.Convert.FromBase64String(text.Substring(start, length)));
            var colon = decoded.IndexOf(':');
            return colon > 0 && colon < decoded.Length - 1 && !Placeholders.IsPlaceholder(decoded.Substring(colon + 1)) && IsPrintable(decoded);
        }
        catch (System.FormatException)
        {
            return false;
        }
    }

    private static bool IsPrintable(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c == '\uFFFD')
            {
                return false;
            }
        }

        return true;
    }
}
