using System;

namespace PipelineSecurity.Analyzers.Configuration.Common;

/// <summary>
/// Tells a security role from a name: the method, type, variable or member a value belongs to. Used where the API
/// alone cannot say (MD5 for a cache key is fine, for a password it is not; Random for a retry jitter is fine, for a
/// reset token it is not). Checked on whole words of camelCase/PascalCase/snake_case names, case-insensitively.
/// </summary>
internal static class SecurityNames
{
    // Words that make a value a credential, a signature, a token or key material.
    private static readonly string[] SecurityWords =
    {
        "password", "passwd", "pwd", "passphrase", "secret", "token", "sign", "signature", "signed", "hmac",
        "credential", "credentials", "auth", "authenticate", "authentication", "salt", "nonce", "otp", "pin",
        "apikey", "session", "integrity", "verify", "verification", "csrf", "xsrf", "antiforgery", "reset", "login",
        "encrypt", "decrypt", "cipher", "crypto", "iv", "seed", "confirmation", "activation", "invite", "invitation", "mfa",
        "recovery", "captcha", "voucher", "coupon",
    };

    // "key" is ambiguous for hashes (cache keys are the classic safe use of MD5), so it counts only for random values.
    private const string KeyWord = "key";

    // "code" likewise: a random "code" is a verification, reset or one-time code; a hashed "code" is source or a status.
    private const string CodeWord = "code";

    private static readonly string[] PasswordWords = { "password", "passwd", "pwd", "passphrase" };

    /// <summary>Whether a name is about a password (a password hash needs a slow salted KDF, not a faster hash).</summary>
    public static bool IsPasswordName(string? name) => ContainsWord(name, PasswordWords, keyCounts: false);

    /// <summary>Whether a name marks a security role. <paramref name="keyCounts"/>: whether "key" alone counts.</summary>
    public static bool IsSecurityName(string? name, bool keyCounts) => ContainsWord(name, SecurityWords, keyCounts);

    private static bool ContainsWord(string? name, string[] words, bool keyCounts)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var start = 0;
        for (var i = 1; i <= name!.Length; i++)
        {
            if (i == name.Length || IsWordBoundary(name, i))
            {
                if (IsWord(name, start, i - start, words, keyCounts))
                {
                    return true;
                }

                start = i;
                while (start < name.Length && !char.IsLetterOrDigit(name[start]))
                {
                    start++;
                }

                i = start;
            }
        }

        return false;
    }

    private static bool IsWordBoundary(string name, int i)
    {
        var c = name[i];
        if (!char.IsLetterOrDigit(c))
        {
            return true;
        }

        var previous = name[i - 1];
        return char.IsUpper(c) && (char.IsLower(previous) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(previous)));
    }

    private static bool IsWord(string name, int start, int length, string[] words, bool keyCounts)
    {
        if (length <= 0)
        {
            return false;
        }

        if (keyCounts && ((length == KeyWord.Length && string.Compare(name, start, KeyWord, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
                          || (length == CodeWord.Length && string.Compare(name, start, CodeWord, 0, length, StringComparison.OrdinalIgnoreCase) == 0)))
        {
            return true;
        }

        foreach (var word in words)
        {
            if (word.Length == length && string.Compare(name, start, word, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
