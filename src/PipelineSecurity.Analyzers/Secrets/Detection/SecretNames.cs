using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Decides whether a name (identifier, parameter, dictionary or JSON key, environment variable) means "secret".
/// The name is split into words (camelCase, snake_case, kebab-case, dots, colons); it is a secret name when its last
/// meaningful word is a secret word, so <c>ApiKey</c>, <c>DB_PASSWORD</c> and <c>clientSecret</c> are, while
/// <c>PasswordHash</c>, <c>PasswordResetUrl</c>, <c>TokenEndpoint</c> and <c>ApiKeyHeaderName</c> are not.
/// </summary>
internal static class SecretNames
{
    // A name ending in one of these is a secret on its own.
    private static readonly HashSet<string> SecretWords = new(System.StringComparer.Ordinal)
    {
        "password", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "credential", "credentials",
        "apikey", "secretkey", "privatekey", "accesskey", "clientsecret", "connectionpassword", "bearer", "sas",
        "signingkey", "encryptionkey", "masterkey", "accountkey", "subscriptionkey", "sharedkey", "pat",
    };

    // "key" is a secret only after one of these ("api key", "private key"); a bare key is a dictionary key.
    private static readonly HashSet<string> KeyQualifiers = new(System.StringComparer.Ordinal)
    {
        "api", "private", "secret", "access", "signing", "encryption", "master", "account", "subscription",
        "shared", "client", "auth", "hmac", "app", "license", "storage",
        // Azure Search admin keys, primary/secondary keys of Azure resources, ASP.NET machineKey, Functions and webhook keys.
        "admin", "primary", "secondary", "validation", "decryption", "function", "webhook", "jwt", "deploy", "allowed", "valid",
    };

    // Plurals name a collection of secrets ("ApiKeys = { … }", "AllowedTokens").
    private static readonly Dictionary<string, string> Plurals = new(System.StringComparer.Ordinal)
    {
        ["passwords"] = "password", ["tokens"] = "token", ["keys"] = "key", ["apikeys"] = "apikey", ["passphrases"] = "passphrase",
    };

    // "ApiKeyFor(env)", "PasswordOf(user)", "TokenByTenant": what follows the preposition qualifies the secret.
    private static readonly HashSet<string> Prepositions = new(System.StringComparer.Ordinal) { "for", "of", "by", "from" };

    // Trailing words that keep the meaning ("ApiKeyValue", "PasswordString").
    private static readonly HashSet<string> NeutralSuffixes = new(System.StringComparer.Ordinal) { "value", "string", "str", "text" };

    // What a key with one of these words before it is: a place in data, not a credential ("SortKey", "cache_key",
    // "PartitionKey", "idempotency-key", "translationKey").
    private static readonly HashSet<string> DataKeyQualifiers = new(System.StringComparer.Ordinal)
    {
        "sort", "partition", "row", "foreign", "composite", "natural", "surrogate", "unique", "index", "cache", "idempotency",
        "dedup", "deduplication", "lookup", "object", "blob", "file", "hash", "map", "dictionary", "translation",
        "localization", "i18n", "resource", "message", "label", "routing", "shard", "bucket", "group", "table", "column",
        "field", "property", "item", "entry", "record", "metric", "event", "redis", "kv", "registry", "host", "feature",
        "flag", "config", "setting", "settings", "env", "ssh", "gpg", "pgp", "session", "state", "query", "search", "header",
        "cookie", "form", "json", "xml", "yaml", "sequence", "order",
    };

    /// <summary>
    /// A name that ends in "key" after a word that does not make it a place in data ("countrylayer_key", "FastlyKey",
    /// "coinapi-key"): a vendor's key more often than not, so a value that is a strong random token is reported
    /// (<see cref="GenericSecretScorer.IsLikelyApiKey"/>), while <see cref="IsSecretName"/> stays for any value.
    /// </summary>
    public static bool IsQualifiedKeyName(string name)
    {
        if (name.Length == 0 || name.Length > 128 || !MeaningfulWords(name, out var words, out var last))
        {
            return false;
        }

        return last > 0 && words[last] == "key" && !DataKeyQualifiers.Contains(words[last - 1]);
    }

    // Words that, when they follow the secret word, name something about the secret rather than the secret.
    // (Checked implicitly: any other trailing word means the name is not a secret name.)
    public static bool IsSecretName(string name, IReadOnlyCollection<string>? extraWords = null)
    {
        if (name.Length == 0 || name.Length > 128 || !MeaningfulWords(name, out var words, out var last))
        {
            return false;
        }

        var word = words[last];
        if (SecretWords.Contains(word) || (extraWords is not null && Contains(extraWords, word)))
        {
            return true;
        }

        if (word is "key" && last > 0 && KeyQualifiers.Contains(words[last - 1]))
        {
            return true;
        }

        // "ApiSecretKey", "aws_secret_access_key".
        if (word is "key" && last > 1 && words[last - 1] is "access" && words[last - 2] is "secret")
        {
            return true;
        }

        // Compound written as one word: "dbpassword", "githubtoken", "clientsecret".
        if (last == 0 && words.Count == 1 && word.Length > 6)
        {
            foreach (var secretWord in SecretWords)
            {
                if (secretWord.Length >= 5 && word.EndsWith(secretWord, System.StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The name's words up to the one that decides its meaning (<paramref name="last"/>): words after a preposition and
    /// neutral suffixes dropped, plurals made singular; false for names of public or antiforgery material.
    /// </summary>
    private static bool MeaningfulWords(string name, out List<string> words, out int last)
    {
        last = -1;
        words = SplitWords(name);
        for (var i = 1; i < words.Count; i++)
        {
            if (Prepositions.Contains(words[i]))
            {
                words.RemoveRange(i, words.Count - i);
                break;
            }
        }

        for (var i = 0; i < words.Count; i++)
        {
            if (Plurals.TryGetValue(words[i], out var singular))
            {
                words[i] = singular;
            }
        }

        // "PublicKeyToken", "public_key": public material, not a secret. "__RequestVerificationToken", "XsrfToken":
        // per-request antiforgery values, not credentials.
        if (words.Contains("public") || words.Contains("verification") || words.Contains("antiforgery") || words.Contains("csrf") || words.Contains("xsrf"))
        {
            return false;
        }

        last = words.Count - 1;
        while (last > 0 && NeutralSuffixes.Contains(words[last]))
        {
            last--;
        }

        return last >= 0;
    }

    /// <summary>Names under which a 52-character base32 value is an Azure DevOps PAT: "AzureDevOpsPat", "ADO_TOKEN", "VSTS_PAT", "System.AccessToken"-like.</summary>
    public static bool IsAzureDevOpsTokenName(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.Contains("pat") || lower.Contains("devops") || lower.Contains("ado") || lower.Contains("vsts") || lower.Contains("personalaccesstoken")
               || (lower.Contains("azure") && lower.Contains("token"));
    }

    /// <summary>AWS's own names for the secret access key: "aws_secret_access_key", "AWSSecretKey", "SecretAccessKey".</summary>
    public static bool IsAwsSecretKeyName(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.Contains("secret") && (lower.Contains("aws") || lower.Contains("accesskey") || lower.Contains("access_key"));
    }

    private static bool Contains(IReadOnlyCollection<string> words, string word)
    {
        foreach (var w in words)
        {
            if (string.Equals(w, word, System.StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lower-case words of an identifier: "clientSecret" → client, secret; "DB_PASSWORD" → db, password.</summary>
    internal static List<string> SplitWords(string name)
    {
        var words = new List<string>(4);
        var current = new System.Text.StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            var boundary = current.Length > 0 && char.IsUpper(c)
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary)
            {
                Flush();
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush();

        // "api key" and "secret key" written as two words are the same as the one-word forms.
        for (var i = words.Count - 1; i > 0; i--)
        {
            if (words[i] is "key" or "keys" && words[i - 1] is "api")
            {
                words[i - 1] = "apikey";
                words.RemoveAt(i);
            }
        }

        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
