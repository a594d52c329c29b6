using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Secrets written as assignments inside one line of text, wherever that text is (a C# string, a YAML value, a
/// Dockerfile RUN line): URL query parameters (<c>?api-key=…</c>, <c>&amp;access_token=…</c>), <c>name=value</c> pairs
/// (.env, INI, MSBuild <c>/p:</c>), and command-line options (<c>--password=…</c>, <c>--token …</c>,
/// <c>redis-server --requirepass …</c>, <c>mysql -p…</c>, <c>curl -u user:…</c>, <c>sshpass -p …</c>). One pass over
/// the text; each '=' and each option dash leads to a bounded look-around.
/// </summary>
internal static class EmbeddedAssignmentScanner
{
    private const int MaximumNameLength = 64;
    private const int MaximumValueLength = 512;
    private const int CommandWindow = 256;

    // Options of well-known servers whose value is a password though the name is not a secret word.
    private static readonly HashSet<string> PasswordOptions = new(System.StringComparer.OrdinalIgnoreCase)
    {
        "requirepass", "masterauth", "pass", "passwd", "pw", "pwd", "storepass", "keypass", "dbpass", "mysql-password",
    };

    public static bool MayContain(string text, int start, int end) =>
        text.IndexOf('=', start, end - start) >= 0 || text.IndexOf(" -", start, end - start, System.StringComparison.Ordinal) >= 0;

    public static void Scan(string text, int start, int end, SecretScanOptions options, List<SecretFinding> findings)
    {
        var isUrl = text.IndexOf("://", start, end - start, System.StringComparison.Ordinal) >= 0;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c == '=')
            {
                ScanAssignment(text, start, end, i, isUrl, options, findings);
            }
            else if (c == '-' && (i == start || text[i - 1] is ' ' or '\t' or '"' or '\'') && i + 2 < end)
            {
                i = ScanOption(text, start, end, i, options, findings);
            }
        }
    }

    /// <summary>name=value around the '=' at <paramref name="equals"/>.</summary>
    private static void ScanAssignment(string text, int start, int end, int equals, bool isUrl, SecretScanOptions options, List<SecretFinding> findings)
    {
        var nameStart = equals;
        while (nameStart > start && equals - nameStart < MaximumNameLength && IsNameChar(text[nameStart - 1]))
        {
            nameStart--;
        }

        if (nameStart == equals || (nameStart > start && !IsSeparator(text[nameStart - 1])))
        {
            return;
        }

        var separator = nameStart > start ? text[nameStart - 1] : ' ';
        var name = text.Substring(nameStart, equals - nameStart).TrimStart('-');
        var isOption = text[nameStart] == '-';
        if (name.Length == 0 || equals + 1 >= end || (!SecretNames.IsSecretName(name, options.ExtraSecretWords) && !(isOption && PasswordOptions.Contains(name))))
        {
            return;
        }

        var valueStart = equals + 1;
        var valueLength = ValueLength(text, valueStart, end, out valueStart, stopAtAmpersand: true);
        if (valueLength <= 0)
        {
            return;
        }

        var inQuery = isUrl && separator is '?' or '&';
        if (isOption || PasswordOptions.Contains(name))
        {
            AddPassword(text, valueStart, valueLength, "command-line option --" + name, findings);
        }
        else if (SecretScanner.TryScoreNamedValue(name, text, valueStart, valueLength, options, out var finding))
        {
            findings.Add(inQuery
                ? new SecretFinding(SecretKind.UrlCredential, "'" + name + "' in a URL query", finding.Start, finding.Length, finding.Redacted)
                : finding);
        }
    }

    /// <summary>--name value, -p…, -u user:…; returns the index to continue from.</summary>
    private static int ScanOption(string text, int start, int end, int dash, SecretScanOptions options, List<SecretFinding> findings)
    {
        var nameStart = dash + (text[dash + 1] == '-' ? 2 : 1);
        var nameEnd = nameStart;
        while (nameEnd < end && nameEnd - nameStart < MaximumNameLength && IsNameChar(text[nameEnd]))
        {
            nameEnd++;
        }

        if (nameEnd == nameStart || nameEnd >= end)
        {
            return dash;
        }

        var name = text.Substring(nameStart, nameEnd - nameStart);
        var longOption = nameStart == dash + 2;

        // mysql -p<password> (the password is attached; "-p" alone prompts).
        if (!longOption && text[nameStart] == 'p' && nameEnd - nameStart > 1 && MentionsAny(text, start, end, dash, "mysql", "mariadb"))
        {
            var length = ValueLength(text, nameStart + 1, end, out var valueStart, stopAtAmpersand: false);
            AddPassword(text, valueStart, length, "mysql -p password", findings);
            return nameEnd;
        }

        if (text[nameEnd] != ' ')
        {
            return dash;
        }

        var isSecretOption = longOption && (SecretNames.IsSecretName(name, options.ExtraSecretWords) || PasswordOptions.Contains(name));
        var isShortPassword = !longOption && name == "p" && MentionsAny(text, start, end, dash, "sshpass", "docker login", "podman login", "helm registry login", "mysql");
        var isUser = (name == "u" && !longOption || name == "user" && longOption) && MentionsAny(text, start, end, dash, "curl", "wget");
        if (!isSecretOption && !isShortPassword && !isUser)
        {
            return nameEnd;
        }

        // The value may follow after more than one blank ("--user  'name:password'").
        var valueFrom = nameEnd + 1;
        while (valueFrom < end && valueFrom - nameEnd < 8 && text[valueFrom] is ' ' or '\t')
        {
            valueFrom++;
        }

        var valueLength = ValueLength(text, valueFrom, end, out var value, stopAtAmpersand: false);
        if (valueLength <= 0 || text[value] == '-')
        {
            return nameEnd;
        }

        if (isUser)
        {
            // curl -u user:password, -u :password (no user name), -u user:'password' (the password quoted on its own).
            var colon = text.IndexOf(':', value, valueLength);
            if (colon >= value)
            {
                var password = colon + 1;
                var passwordLength = value + valueLength - password;
                if (passwordLength == 0 && password < end && text[password] is '"' or '\'')
                {
                    passwordLength = ValueLength(text, password, end, out password, stopAtAmpersand: false);
                    valueLength = password + passwordLength - value;
                }

                AddPassword(text, password, passwordLength, "curl -u password", findings);
            }
        }
        else
        {
            AddPassword(text, value, valueLength, "command-line option " + (longOption ? "--" : "-") + name, findings);
        }

        return value + valueLength - 1;
    }

    private static void AddPassword(string text, int start, int length, string description, List<SecretFinding> findings)
    {
        if (length > 0 && GenericSecretScorer.IsLikelyPassword(text, start, length))
        {
            findings.Add(new SecretFinding(SecretKind.GenericSecret, description, start, length, SecretRedaction.Redact(text.Substring(start, length))));
        }
    }

    /// <summary>The value at <paramref name="from"/>: quoted, or up to whitespace or a separator.</summary>
    private static int ValueLength(string text, int from, int end, out int valueStart, bool stopAtAmpersand)
    {
        valueStart = from;
        if (from >= end)
        {
            return 0;
        }

        if (text[from] is '"' or '\'')
        {
            var close = text.IndexOf(text[from], from + 1, System.Math.Min(MaximumValueLength, end - from - 1));
            valueStart = from + 1;
            return close < 0 ? 0 : close - valueStart;
        }

        var i = from;
        while (i < end && i - from < MaximumValueLength)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n' or '"' or '\'' or ';' or ',' or '<' or '>' or '`' || (c == '&' && stopAtAmpersand))
            {
                break;
            }

            i++;
        }

        return i - from;
    }

    /// <summary>Whether the command around <paramref name="at"/> (its line, at most 256 characters each side) names one of the programs.</summary>
    private static bool MentionsAny(string text, int start, int end, int at, string first, string second, string? third = null, string? fourth = null, string? fifth = null)
    {
        // A bounded window keeps the scan linear however many options a long text holds.
        var from = at;
        while (from > start && at - from < CommandWindow && text[from - 1] != '\n')
        {
            from--;
        }

        var to = at;
        while (to < end && to - at < CommandWindow && text[to] != '\n')
        {
            to++;
        }

        return Contains(first) || Contains(second) || (third is not null && Contains(third)) || (fourth is not null && Contains(fourth)) || (fifth is not null && Contains(fifth));

        bool Contains(string word) => text.IndexOf(word, from, to - from, System.StringComparison.OrdinalIgnoreCase) >= 0;
    }

    private static bool IsNameChar(char c) => CharClass.IsAlphaNumeric(c) || c is '_' or '-' or '.';

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '?' or '&' or ';' or ',' or '"' or '\'' or '(' or '{' or '[' or '/' or ':' or '\n' or '\r';
}
