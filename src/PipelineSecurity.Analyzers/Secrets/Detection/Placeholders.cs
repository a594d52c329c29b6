namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Values that stand in for a secret rather than being one: template variables, "your key here" text, masks,
/// format items and the providers' documented example keys. Checked before any finding is reported.
/// </summary>
internal static class Placeholders
{
    // Lower-case words that mark a value as a stand-in wherever they appear in it.
    private static readonly string[] MarkerWords =
    {
        "example", "sample", "placeholder", "changeme", "change_me", "change-me", "dummy", "fake", "your", "redacted",
        "replace", "insert", "todo", "fixme", "notreal", "not_real", "not-a-", "xxxx", "****", "....", "<", ">",
    };

    // Whole values (compared case-insensitively) that are not secrets even though they sit under a secret name.
    private static readonly string[] WholeValues =
    {
        "password", "passw0rd", "secret", "token", "apikey", "api_key", "none", "null", "nil", "empty", "undefined",
        "default", "test", "testing", "string", "value", "true", "false", "admin", "guest", "user", "pass", "pwd",
    };

    public static bool IsPlaceholder(string text, int start, int length)
    {
        if (length == 0)
        {
            return true;
        }

        var first = text[start];
        var last = text[start + length - 1];

        // ${VAR} $(VAR) $VAR #{VAR}# %VAR% {0} {{ var }} [VAR] @VAR@ __VAR__, and YAML anchors and aliases (&name, *name)
        if (first is '$' or '{' or '[' or '@' or '&' or '*' || (first == '%' && last == '%') || (first == '#' && length > 1 && text[start + 1] == '{'))
        {
            return true;
        }

        if (length > 4 && first == '_' && text[start + 1] == '_' && last == '_' && text[start + length - 2] == '_')
        {
            return true;
        }

        if (IndexOf(text, start, length, "${") >= 0 || IndexOf(text, start, length, "{{") >= 0 || IndexOf(text, start, length, "$(") >= 0)
        {
            return true;
        }

        if (IsOneRepeatedCharacter(text, start, length))
        {
            return true;
        }

        foreach (var marker in MarkerWords)
        {
            if (IndexOfIgnoreCase(text, start, length, marker) >= 0)
            {
                return true;
            }
        }

        foreach (var whole in WholeValues)
        {
            if (whole.Length == length && string.Compare(text, start, whole, 0, length, System.StringComparison.OrdinalIgnoreCase) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsPlaceholder(string value) => IsPlaceholder(value, 0, value.Length);

    private static bool IsOneRepeatedCharacter(string text, int start, int length)
    {
        for (var i = start + 1; i < start + length; i++)
        {
            if (text[i] != text[start])
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(string text, int start, int length, string value) =>
        text.IndexOf(value, start, length, System.StringComparison.Ordinal);

    private static int IndexOfIgnoreCase(string text, int start, int length, string value) =>
        text.IndexOf(value, start, length, System.StringComparison.OrdinalIgnoreCase);
}
