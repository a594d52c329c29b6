using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Finds passwords in key=value connection strings (ADO.NET SqlClient, Npgsql, MySQL, Oracle, StackExchange.Redis)
/// in one pass over the '=' signs: a <c>Password=</c>/<c>Pwd=</c> pair is reported only when the same text also has a
/// connection key (Server, Host, Data Source, User Id, Database…), so a lone "password=" in prose is not.
/// A password is reported even next to <c>Integrated Security=true</c>/<c>Trusted_Connection</c>: the setting makes the
/// client ignore it, but the value is still exposed (and is often the server's admin password too).
/// </summary>
internal static class ConnectionStringDetector
{
    private const int MaximumKeyLength = 32;
    private const int MaximumValueLength = 512;

    private static readonly HashSet<string> ConnectionKeys = new(System.StringComparer.OrdinalIgnoreCase)
    {
        "server", "host", "datasource", "address", "addr", "networkaddress", "userid", "uid", "username", "user",
        "database", "initialcatalog", "port", "abortconnect", "ssl", "defaultdatabase", "connecttimeout", "sslmode",
        "trustservercertificate", "encrypt", "pooling", "applicationname", "authsource",
    };

    private static readonly HashSet<string> PasswordKeys = new(System.StringComparer.OrdinalIgnoreCase) { "password", "pwd" };

    public static bool MayContain(string text, int start, int end) =>
        text.IndexOf("pwd", start, end - start, System.StringComparison.OrdinalIgnoreCase) >= 0
        || text.IndexOf("password", start, end - start, System.StringComparison.OrdinalIgnoreCase) >= 0;

    public static void Scan(string text, int start, int end, List<SecretFinding> findings)
    {
        var connectionKeys = 0;
        List<(int Start, int Length)>? passwords = null;
        var separatorIsSemicolon = text.IndexOf(';', start, end - start) >= 0;

        var equals = text.IndexOf('=', start, end - start);
        while (equals >= 0)
        {
            var key = KeyBefore(text, start, equals);
            if (key is not null)
            {
                if (ConnectionKeys.Contains(key))
                {
                    connectionKeys++;
                }
                else if (PasswordKeys.Contains(key))
                {
                    var valueLength = ValueLength(text, equals + 1, end, separatorIsSemicolon, out var valueStart);
                    if (valueLength > 0 && !Placeholders.IsPlaceholder(text, valueStart, valueLength))
                    {
                        (passwords ??= new List<(int, int)>()).Add((valueStart, valueLength));
                    }
                }
            }

            equals = equals + 1 < end ? text.IndexOf('=', equals + 1, end - equals - 1) : -1;
        }

        if (passwords is null || connectionKeys == 0)
        {
            return;
        }

        foreach (var (valueStart, length) in passwords)
        {
            findings.Add(new SecretFinding(
                SecretKind.ConnectionStringPassword,
                "connection string password",
                valueStart,
                length,
                SecretRedaction.Redact(text.Substring(valueStart, length))));
        }
    }

    /// <summary>The key left of '=', without spaces and lower-cased ("User ID" → "userid"); null when it is not a plain word key.</summary>
    private static string? KeyBefore(string text, int start, int equals)
    {
        var i = equals - 1;
        while (i >= start && text[i] == ' ')
        {
            i--;
        }

        var keyEnd = i + 1;
        while (i >= start && keyEnd - i <= MaximumKeyLength && (CharClass.IsUpper(text[i]) || CharClass.IsLower(text[i]) || text[i] == ' '))
        {
            i--;
        }

        // The key must start the text or follow a separator or a quote.
        if (i >= start && text[i] is not (';' or ',' or '"' or '\'' or '{' or '(' or '\n' or '\t' or '?' or '&' or '>'))
        {
            return null;
        }

        var keyStart = i + 1;
        while (keyStart < keyEnd && text[keyStart] == ' ')
        {
            keyStart++;
        }

        if (keyEnd - keyStart is < 2 or > MaximumKeyLength)
        {
            return null;
        }

        var builder = new System.Text.StringBuilder(keyEnd - keyStart);
        for (var k = keyStart; k < keyEnd; k++)
        {
            if (text[k] != ' ')
            {
                builder.Append(char.ToLowerInvariant(text[k]));
            }
        }

        return builder.ToString();
    }

    private static int ValueLength(string text, int from, int end, bool separatorIsSemicolon, out int valueStart)
    {
        var i = from;
        while (i < end && text[i] == ' ')
        {
            i++;
        }

        // Password='a;b' quotes a value that holds the separator.
        if (i < end && text[i] == '\'')
        {
            var close = text.IndexOf('\'', i + 1, System.Math.Min(MaximumValueLength, end - i - 1));
            valueStart = i + 1;
            return close < 0 ? 0 : close - valueStart;
        }

        valueStart = i;
        while (i < end && i - valueStart < MaximumValueLength)
        {
            var c = text[i];
            if (c is ';' or '"' or '\r' or '\n' or '<' || (c == ',' && !separatorIsSemicolon) || (c == '&' && !separatorIsSemicolon))
            {
                break;
            }

            i++;
        }

        var length = i - valueStart;
        while (length > 0 && text[valueStart + length - 1] == ' ')
        {
            length--;
        }

        return length;
    }
}
