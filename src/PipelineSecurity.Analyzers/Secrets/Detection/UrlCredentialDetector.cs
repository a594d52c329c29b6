using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Finds <c>scheme://user:password@host</c> in one pass over "://". Database URIs (MongoDB, Redis, PostgreSQL, MySQL,
/// AMQP…) are reported as connection-string passwords, every other scheme as credentials in a URL.
/// </summary>
internal static class UrlCredentialDetector
{
    private const int MaximumSchemeLength = 16;
    private const int MaximumUserInfoLength = 256;

    private static readonly HashSet<string> DatabaseSchemes = new(System.StringComparer.OrdinalIgnoreCase)
    {
        "mongodb", "mongodb+srv", "redis", "rediss", "postgres", "postgresql", "mysql", "mariadb", "amqp", "amqps",
        "sqlserver", "mssql", "oracle", "cassandra", "couchbase", "neo4j", "neo4j+s", "bolt",
    };

    /// <summary>RFC 2606 names reserved for documentation: example.com/.net/.org and *.example.</summary>
    private static bool IsDocumentationHost(string text, int hostStart, int end)
    {
        var hostEnd = hostStart;
        while (hostEnd < end && (CharClass.IsAlphaNumeric(text[hostEnd]) || text[hostEnd] is '.' or '-'))
        {
            hostEnd++;
        }

        var host = text.Substring(hostStart, hostEnd - hostStart).ToLowerInvariant();
        return host is "example.com" or "example.net" or "example.org"
               || host.EndsWith(".example.com", System.StringComparison.Ordinal)
               || host.EndsWith(".example", System.StringComparison.Ordinal);
    }

    /// <summary>A percent-encoded placeholder: "%24%7BSMTP_PASSWORD%7D" is "${SMTP_PASSWORD}".</summary>
    private static bool IsEncodedPlaceholder(string text, int start, int length)
    {
        if (text.IndexOf('%', start, length) < 0)
        {
            return false;
        }

        var decoded = new System.Text.StringBuilder(length);
        for (var i = start; i < start + length; i++)
        {
            if (text[i] == '%' && i + 2 < start + length && CharClass.IsHex(text[i + 1]) && CharClass.IsHex(text[i + 2]))
            {
                decoded.Append((char)System.Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                decoded.Append(text[i]);
            }
        }

        return Placeholders.IsPlaceholder(decoded.ToString());
    }

    public static bool MayContain(string text, int start, int end) => text.IndexOf("://", start, end - start, System.StringComparison.Ordinal) >= 0;

    public static void Scan(string text, int start, int end, List<SecretFinding> findings)
    {
        var separator = text.IndexOf("://", start, end - start, System.StringComparison.Ordinal);
        while (separator >= 0)
        {
            TryMatch(text, start, end, separator, findings);
            var next = separator + 3;
            separator = next < end ? text.IndexOf("://", next, end - next, System.StringComparison.Ordinal) : -1;
        }
    }

    private static void TryMatch(string text, int start, int end, int separator, List<SecretFinding> findings)
    {
        var schemeStart = separator;
        while (schemeStart > start && separator - schemeStart < MaximumSchemeLength
               && (CharClass.IsAlphaNumeric(text[schemeStart - 1]) || text[schemeStart - 1] is '+' or '.' or '-'))
        {
            schemeStart--;
        }

        if (schemeStart == separator || !CharClass.IsUpper(text[schemeStart]) && !CharClass.IsLower(text[schemeStart]))
        {
            return;
        }

        // userinfo ends at '@'; it cannot hold '/', '?', '#', whitespace or quotes.
        var userStart = separator + 3;
        var colon = -1;
        var at = -1;
        for (var i = userStart; i < end && i - userStart <= MaximumUserInfoLength; i++)
        {
            var c = text[i];
            if (c == '@')
            {
                at = i;
                break;
            }

            if (c is '/' or '?' or '#' or '"' or '\'' or '<' or '>' or '`' or '\\' || char.IsWhiteSpace(c))
            {
                return;
            }

            if (c == ':' && colon < 0)
            {
                colon = i;
            }
        }

        if (at < 0 || colon < 0 || at + 1 >= end || !(CharClass.IsAlphaNumeric(text[at + 1]) || text[at + 1] == '['))
        {
            return;
        }

        var passwordStart = colon + 1;
        var passwordLength = at - passwordStart;
        if (passwordLength == 0 || Placeholders.IsPlaceholder(text, passwordStart, passwordLength) || IsEncodedPlaceholder(text, passwordStart, passwordLength)
            || Placeholders.IsPlaceholder(text, userStart, colon - userStart) && colon - userStart > 0 && text[userStart] is '$' or '{' or '%')
        {
            return;
        }

        if (IsDocumentationHost(text, at + 1, end))
        {
            return;
        }

        var scheme = text.Substring(schemeStart, separator - schemeStart);
        var isDatabase = DatabaseSchemes.Contains(scheme);
        findings.Add(new SecretFinding(
            isDatabase ? SecretKind.ConnectionStringPassword : SecretKind.UrlCredential,
            scheme.ToLowerInvariant() + " URI",
            passwordStart,
            passwordLength,
            SecretRedaction.Redact(text.Substring(passwordStart, passwordLength))));
    }
}
