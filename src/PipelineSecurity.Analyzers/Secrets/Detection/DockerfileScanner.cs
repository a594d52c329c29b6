using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// A Dockerfile line: <c>ENV KEY=value …</c>, <c>ENV KEY value</c> (the legacy form, the value is the rest of the line),
/// <c>ARG KEY=default</c>, continued over lines ending in a backslash; every other line (RUN command lines, LABELs)
/// goes through the format detectors. A value baked into an image layer with ENV or ARG is readable by anyone who can
/// pull the image (<c>docker history</c>), so these are findings whatever the build does later.
/// </summary>
internal static class DockerfileScanner
{
    public static void ScanLine(string text, int start, int end, ref bool continuesInstruction, SecretScanOptions options, List<SecretFinding> findings)
    {
        var before = findings.Count;
        SecretScanner.ScanSpan(text, start, end, options, findings, before);

        var i = start;
        while (i < end && text[i] is ' ' or '\t')
        {
            i++;
        }

        var continued = continuesInstruction;
        continuesInstruction = false;
        if (i >= end || text[i] == '#')
        {
            // Comment lines inside a continued instruction do not end it.
            continuesInstruction = continued && i < end;
            return;
        }

        var contentEnd = end;
        while (contentEnd > i && text[contentEnd - 1] is ' ' or '\t')
        {
            contentEnd--;
        }

        var continues = contentEnd > i && text[contentEnd - 1] == '\\';
        if (continues)
        {
            contentEnd--;
        }

        var isPairs = continued;
        if (!continued)
        {
            var isEnv = CharClass.StartsWithIgnoreCase(text, i, "ENV ") || CharClass.StartsWithIgnoreCase(text, i, "ENV\t");
            var isArg = CharClass.StartsWithIgnoreCase(text, i, "ARG ") || CharClass.StartsWithIgnoreCase(text, i, "ARG\t");
            if (!isEnv && !isArg)
            {
                return;
            }

            i += 4;
            while (i < contentEnd && text[i] is ' ' or '\t')
            {
                i++;
            }

            // ENV KEY value: no '=' in the first word.
            var word = i;
            while (word < contentEnd && text[word] is not (' ' or '\t' or '='))
            {
                word++;
            }

            if (isEnv && (word >= contentEnd || text[word] != '='))
            {
                var value = word;
                while (value < contentEnd && text[value] is ' ' or '\t')
                {
                    value++;
                }

                if (findings.Count == before && word > i && value < contentEnd)
                {
                    Report(text.Substring(i, word - i), text, value, contentEnd - value, options, findings);
                }

                continuesInstruction = continues;
                return;
            }

            isPairs = true;
        }

        if (isPairs && findings.Count == before)
        {
            ScanPairs(text, i, contentEnd, options, findings);
        }

        continuesInstruction = continues;
    }

    /// <summary>KEY=value KEY2="value two" KEY3=value\ three.</summary>
    private static void ScanPairs(string text, int i, int end, SecretScanOptions options, List<SecretFinding> findings)
    {
        while (i < end)
        {
            while (i < end && text[i] is ' ' or '\t')
            {
                i++;
            }

            var keyStart = i;
            while (i < end && text[i] is not (' ' or '\t' or '='))
            {
                i++;
            }

            if (i >= end || text[i] != '=')
            {
                return;
            }

            var key = text.Substring(keyStart, i - keyStart);
            i++;
            int valueStart, valueEnd;
            if (i < end && text[i] is '"' or '\'')
            {
                var close = text.IndexOf(text[i], i + 1, end - i - 1);
                if (close < 0)
                {
                    return;
                }

                valueStart = i + 1;
                valueEnd = close;
                i = close + 1;
            }
            else
            {
                valueStart = i;
                while (i < end && (text[i] is not (' ' or '\t') || text[i - 1] == '\\'))
                {
                    i++;
                }

                valueEnd = i;
            }

            if (valueEnd > valueStart)
            {
                Report(key, text, valueStart, valueEnd - valueStart, options, findings);
            }
        }
    }

    private static void Report(string key, string text, int start, int length, SecretScanOptions options, List<SecretFinding> findings)
    {
        var first = findings.Count;
        ConfigurationFileScanner.ReportNamedValue(key, text, start, length, options, findings);
        for (var k = first; k < findings.Count; k++)
        {
            findings[k] = findings[k].WithDescription(findings[k].Description + " (Dockerfile ENV/ARG)");
        }
    }
}
