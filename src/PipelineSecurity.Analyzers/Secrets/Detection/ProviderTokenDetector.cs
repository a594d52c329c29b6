using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// Finds provider tokens by their documented shapes (prefix, length, alphabet, and the checksum where the provider
/// defines one) in one forward pass: each position is looked at once, and only a token's first character leads to
/// a bounded look-ahead. No regular expression, so adversarial input costs linear time.
/// </summary>
internal static class ProviderTokenDetector
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    // Tokens longer than this are not looked at further (the longest documented format is about 200 characters).
    private const int MaximumTokenLength = 1024;

    public static void Scan(string text, List<SecretFinding> findings) => Scan(text, 0, text.Length, findings);

    public static void Scan(string text, int start, int end, List<SecretFinding> findings)
    {
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            int length;
            string? provider;
            if (CharClass.IsAlphaNumeric(c))
            {
                if (i > start && CharClass.IsUrlSafe(text[i - 1]))
                {
                    continue;
                }

                length = Match(text, i, end, out provider);
            }
            else if (c is '.' or '~' && (i == start || !IsEntraCharacter(text[i - 1])))
            {
                // Entra ID client secrets may start with '.' or '~'.
                length = EntraClientSecret(text, i, end);
                provider = length > 0 ? "Entra ID client secret" : null;
            }
            else
            {
                continue;
            }

            if (length > 0 && IsPlaceholderToken(text, i, length))
            {
                i += length - 1;
                continue;
            }

            if (length > 0)
            {
                // For "AccountKey=…", "SharedAccessKey=…" and "sig=…" the secret is what follows the first '='.
                var valueStart = provider is "Azure storage account key" or "Azure shared access key" or "Azure SAS token signature" ? text.IndexOf('=', i, length) + 1 : i;
                findings.Add(new SecretFinding(SecretKind.ProviderToken, provider!, valueStart, i + length - valueStart, SecretRedaction.Redact(text.Substring(valueStart, i + length - valueStart))));
                i += length - 1;
            }
        }
    }

    /// <summary>The length of the token starting at <paramref name="i"/>, or 0.</summary>
    private static int Match(string text, int i, int end, out string? provider)
    {
        provider = null;
        int length;
        switch (text[i])
        {
            case 'A':
                if ((length = AwsAccessKeyId(text, i, end)) > 0) { provider = "AWS access key id"; return length; }
                if ((length = Fixed(text, i, end, "AIza", 35, CharClass.IsUrlSafe)) > 0) { provider = "Google API key"; return length; }
                if ((length = AfterKey(text, i, end, "AccountKey=", 80)) > 0) { provider = "Azure storage account key"; return length; }
                break;
            case 'g':
            case 'h':
            case 'a':
                if ((length = HuggingFace(text, i, end)) > 0) { provider = "Hugging Face access token"; return length; }
                if ((length = Vault(text, i, end)) > 0) { provider = "HashiCorp Vault token"; return length; }
                if (text[i] != 'g')
                {
                    if (text[i] == 'h' && (length = SlackWebhook(text, i, end)) > 0) { provider = "Slack webhook URL"; return length; }
                    if (text[i] == 'h' && (length = DiscordWebhook(text, i, end)) > 0) { provider = "Discord webhook URL"; return length; }
                    if (text[i] == 'h' && (length = TeamsWebhook(text, i, end)) > 0) { provider = "Microsoft Teams webhook URL"; return length; }
                    break;
                }

                if ((length = GitHubClassic(text, i, end, out provider)) > 0) return length;
                if ((length = GitHubFineGrained(text, i, end)) > 0) { provider = "GitHub fine-grained personal access token"; return length; }
                if ((length = GitLab(text, i, end)) > 0) { provider = "GitLab token"; return length; }
                break;
            case 'x':
                if ((length = Slack(text, i, end)) > 0) { provider = "Slack token"; return length; }
                break;
            case 's':
            case 'r':
                if ((length = Stripe(text, i, end)) > 0) { provider = "Stripe live key"; return length; }
                if ((length = Shopify(text, i, end, out provider)) > 0) return length;
                if ((length = Fixed(text, i, end, "sq0atp-", 22, CharClass.IsUrlSafe)) > 0) { provider = "Square access token"; return length; }
                if ((length = Fixed(text, i, end, "sq0csp-", 43, CharClass.IsUrlSafe)) > 0) { provider = "Square OAuth secret"; return length; }
                if ((length = Fixed(text, i, end, "rubygems_", 48, CharClass.IsHex)) > 0) { provider = "RubyGems API key"; return length; }
                if ((length = Anthropic(text, i, end)) > 0) { provider = "Anthropic API key"; return length; }
                if ((length = OpenAI(text, i, end)) > 0) { provider = "OpenAI API key"; return length; }
                if ((length = SasSignature(text, i, end)) > 0) { provider = "Azure SAS token signature"; return length; }
                break;
            case 'S':
                if ((length = SendGrid(text, i, end)) > 0) { provider = "SendGrid API key"; return length; }
                if ((length = Fixed(text, i, end, "SK", 32, CharClass.IsHex)) > 0 && IsLowerHex(text, i + 2, 32)) { provider = "Twilio API key"; return length; }
                if ((length = AfterKey(text, i, end, "SharedAccessKey=", 40)) > 0) { provider = "Azure shared access key"; return length; }
                break;
            case 'k':
                if ((length = Fixed(text, i, end, "key-", 32, CharClass.IsHex)) > 0 && IsLowerHex(text, i + 4, 32)) { provider = "Mailgun API key"; return length; }
                break;
            case 'd':
                if ((length = DigitalOcean(text, i, end)) > 0) { provider = "DigitalOcean token"; return length; }
                if ((length = Fixed(text, i, end, "dapi", 32, CharClass.IsHex)) > 0 && IsLowerHex(text, i + 4, 32)) { provider = "Databricks access token"; return length; }
                break;
            case 'H':
                if ((length = Fixed(text, i, end, "HRKU-", 60, CharClass.IsUrlSafe)) > 0) { provider = "Heroku API key"; return length; }
                break;
            case 'p':
                if ((length = AtLeast(text, i, end, "pypi-AgEIcHlwaS5vcmc", 50, CharClass.IsUrlSafe)) > 0) { provider = "PyPI API token"; return length; }
                break;
            case 'o':
                if ((length = Fixed(text, i, end, "oy2", 43, static c => CharClass.IsLower(c) || CharClass.IsDigit(c))) > 0) { provider = "NuGet API key"; return length; }
                break;
            case 'n':
                if ((length = Fixed(text, i, end, "npm_", 36, CharClass.IsAlphaNumeric)) > 0 && HasValidBase62Checksum(text, i + 4)) { provider = "npm access token"; return length; }
                break;
            case 'e':
                if ((length = Jwt(text, i, end)) > 0) { provider = "signed JSON Web Token"; return length; }
                break;
        }

        if ((length = EntraClientSecret(text, i, end)) > 0)
        {
            provider = "Entra ID client secret";
            return length;
        }

        if ((length = AzureIdentifiableKey(text, i, end, out provider)) > 0
            || (length = AzureDevOpsIdentifiablePat(text, i, end, out provider)) > 0
            || (length = Mailchimp(text, i, end, out provider)) > 0
            || (length = Telegram(text, i, end, out provider)) > 0
            || (length = TerraformCloud(text, i, end, out provider)) > 0
            || (length = Discord(text, i, end, out provider)) > 0
            || (length = PrefixedTokenFormats.Match(text, i, end, out provider)) > 0)
        {
            return length;
        }

        provider = null;

        return 0;
    }

    /// <summary>prefix + exactly <paramref name="bodyLength"/> characters of the alphabet, then a boundary.</summary>
    private static int Fixed(string text, int i, int end, string prefix, int bodyLength, System.Func<char, bool> alphabet)
    {
        if (!CharClass.StartsWith(text, i, prefix))
        {
            return 0;
        }

        var body = CharClass.RunLength(text, i + prefix.Length, alphabet, bodyLength + 1);
        var total = prefix.Length + body;
        return body == bodyLength && i + total <= end && CharClass.IsBoundary(text, i + total) ? total : 0;
    }

    /// <summary>prefix + at least <paramref name="minimum"/> characters of the alphabet, then a boundary.</summary>
    private static int AtLeast(string text, int i, int end, string prefix, int minimum, System.Func<char, bool> alphabet)
    {
        if (!CharClass.StartsWith(text, i, prefix))
        {
            return 0;
        }

        var body = CharClass.RunLength(text, i + prefix.Length, alphabet, MaximumTokenLength);
        var total = prefix.Length + body;
        return body >= minimum && body <= MaximumTokenLength && i + total <= end ? total : 0;
    }

    // AKIA (long-term), ASIA (temporary), ABIA, ACCA + 16 characters of base32 (A-Z, 2-7). The documented examples end in EXAMPLE.
    private static int AwsAccessKeyId(string text, int i, int end)
    {
        if (!(CharClass.StartsWith(text, i, "AKIA") || CharClass.StartsWith(text, i, "ASIA") || CharClass.StartsWith(text, i, "ABIA") || CharClass.StartsWith(text, i, "ACCA")))
        {
            return 0;
        }

        var body = CharClass.RunLength(text, i + 4, static c => CharClass.IsUpper(c) || c is >= '2' and <= '7', 17);
        if (body != 16 || i + 20 > end || !CharClass.IsBoundary(text, i + 20))
        {
            return 0;
        }

        return string.CompareOrdinal(text, i + 13, "EXAMPLE", 0, 7) == 0 ? 0 : 20;
    }

    // ghp_ (personal), gho_ (OAuth), ghu_ (user-to-server), ghs_ (server-to-server/app), ghr_ (refresh):
    // 30 random base62 characters then 6 characters of base62-encoded CRC32 of those 30.
    private static int GitHubClassic(string text, int i, int end, out string? provider)
    {
        provider = null;
        if (i + 4 > end || text[i + 1] != 'h' || text[i + 3] != '_' || text[i] != 'g')
        {
            return 0;
        }

        provider = text[i + 2] switch
        {
            'p' => "GitHub personal access token",
            'o' => "GitHub OAuth access token",
            'u' => "GitHub user-to-server token",
            's' => "GitHub app installation token",
            'r' => "GitHub refresh token",
            _ => null,
        };
        if (provider is null)
        {
            return 0;
        }

        var body = CharClass.RunLength(text, i + 4, CharClass.IsAlphaNumeric, 37);
        if (body == 36 && i + 40 <= end && CharClass.IsBoundary(text, i + 40) && HasValidBase62Checksum(text, i + 4))
        {
            return 40;
        }

        var stateless = text[i + 2] == 's' ? StatelessInstallationToken(text, i + 4, end) : 0;
        provider = stateless > 0 ? provider : null;
        return stateless > 0 ? 4 + stateless : 0;
    }

    // GitHub App installation tokens in the stateless format (rolled out from 2026): ghs_ and a JWT, about 520
    // characters with two dots; GitHub's own pattern for both formats is ghs_[A-Za-z0-9._]{36,}. The JWT's three parts are
    // required here, each long and random, so that a longer identifier after "ghs_" is not taken for one.
    private static int StatelessInstallationToken(string text, int bodyStart, int end)
    {
        // (base64url's '-' too, though GitHub's pattern leaves it out)
        var run = CharClass.RunLength(text, bodyStart, static c => CharClass.IsUrlSafe(c) || c == '.', 2048);
        if (run < 100 || run > 2048 || bodyStart + run > end || text[bodyStart + run - 1] == '.')
        {
            return 0;
        }

        var first = text.IndexOf('.', bodyStart, run);
        var second = first < 0 ? -1 : text.IndexOf('.', first + 1, bodyStart + run - first - 1);
        var third = second < 0 ? -1 : text.IndexOf('.', second + 1, bodyStart + run - second - 1);
        return first - bodyStart >= 10 && second - first > 10 && third < 0 && bodyStart + run - second > 10 && ValueShape.Has(text, bodyStart, run, CharacterKinds.LowerUpperDigit) ? run : 0;
    }

    /// <summary>The GitHub/npm scheme: the last 6 of 36 characters are the base62 CRC32 of the first 30.</summary>
    internal static bool HasValidBase62Checksum(string text, int bodyStart)
    {
        var crc = Crc32.Compute(text, bodyStart, 30);
        for (var k = 5; k >= 0; k--)
        {
            if (text[bodyStart + 30 + k] != Base62[(int)(crc % 62)])
            {
                return false;
            }

            crc /= 62;
        }

        return true;
    }

    // github_pat_ + 22 base62 + '_' + 59 base62.
    private static int GitHubFineGrained(string text, int i, int end)
    {
        const string Prefix = "github_pat_";
        if (!CharClass.StartsWith(text, i, Prefix))
        {
            return 0;
        }

        var first = CharClass.RunLength(text, i + Prefix.Length, CharClass.IsAlphaNumeric, 23);
        var separator = i + Prefix.Length + first;
        if (first != 22 || separator >= end || text[separator] != '_')
        {
            return 0;
        }

        var second = CharClass.RunLength(text, separator + 1, CharClass.IsAlphaNumeric, 60);
        var total = Prefix.Length + 23 + second;
        return second == 59 && i + total <= end && CharClass.IsBoundary(text, i + total) ? total : 0;
    }

    private static readonly string[] GitLabPrefixes = { "glpat-", "gldt-", "glrt-", "glptt-", "gloas-", "glcbt-", "glffct-", "glft-", "glimt-", "glagent-", "glsoat-" };

    // glpat- (personal), gldt- (deploy), glrt- (runner), glptt- (pipeline trigger), gloas- (OAuth app secret), glcbt- (CI/CD
    // job), glffct- (feature flags client), glft- (feed), glimt- (incoming mail), glagent- (Kubernetes agent), glsoat- (SCIM):
    // 20+ characters, random (mixed case and digits, or 40 lower-case hex digits as pipeline trigger tokens are).
    private static int GitLab(string text, int i, int end)
    {
        foreach (var prefix in GitLabPrefixes)
        {
            var length = AtLeast(text, i, end, prefix, 20, CharClass.IsUrlSafe);
            if (length > 0)
            {
                var body = length - prefix.Length;
                return ValueShape.Has(text, i + prefix.Length, body, CharacterKinds.LowerUpperDigit) || (body == 40 && IsLowerHex(text, i + prefix.Length, 40) && ValueShape.Has(text, i + prefix.Length, 40, CharacterKinds.Digit)) ? length : 0;
            }
        }

        return 0;
    }

    // xoxb- (bot), xoxp- (user), xoxa-/xoxr- (app/refresh), xoxs-/xoxo- (legacy), xoxe- (refresh), xapp- (app-level):
    // digit groups and a random part, dash-separated; xoxe.xoxb-/xoxe.xoxp- configuration tokens: a version and 100+
    // random characters.
    private static int Slack(string text, int i, int end)
    {
        if (CharClass.StartsWith(text, i, "xoxe.xox") && i + 12 <= end && text[i + 8] is 'b' or 'p' && text[i + 9] == '-' && CharClass.IsDigit(text[i + 10]) && text[i + 11] == '-')
        {
            var random = CharClass.RunLength(text, i + 12, CharClass.IsAlphaNumeric, 256);
            return random is >= 100 and <= 256 && i + 12 + random <= end && CharClass.IsBoundary(text, i + 12 + random) && ValueShape.Has(text, i + 12, random, CharacterKinds.LowerUpperDigit) ? 12 + random : 0;
        }

        var appLevel = CharClass.StartsWith(text, i, "xapp-");
        if (!appLevel && (!CharClass.StartsWith(text, i, "xox") || i + 5 > end || text[i + 3] is not ('b' or 'p' or 'a' or 'r' or 's' or 'o' or 'e') || text[i + 4] != '-'))
        {
            return 0;
        }

        var body = CharClass.RunLength(text, i + 5, static c => CharClass.IsAlphaNumeric(c) || c == '-', MaximumTokenLength);
        if (body < 20 || body > MaximumTokenLength || !CharClass.IsDigit(text[i + 5]))
        {
            return 0;
        }

        // Bot and user tokens start with the workspace's id (8+ digits; "xoxp-1234-…" is an example); app-level, refresh
        // and configuration tokens with a one-digit version. All end in a random part.
        var firstGroup = CharClass.RunLength(text, i + 5, CharClass.IsDigit, 16);
        var lastDash = text.LastIndexOf('-', i + 5 + body - 1, body);
        var lastGroup = i + 5 + body - 1 - lastDash;
        var workspaceToken = !appLevel && text[i + 3] is 'b' or 'p';
        return lastDash > i + 5 && lastGroup >= 8 && (!workspaceToken || firstGroup >= 8) ? 5 + body : 0;
    }

    private static readonly string[] SlackWebhookKinds = { "services/", "workflows/", "triggers/" };

    // hooks.slack.com/services/T…/B…/<secret>, …/workflows/T…/A…/<id>/<secret>, …/triggers/T…/<id>/<secret>: after
    // https://, http:// or nothing; three or four parts of 8-64 letters and digits, the last one random.
    private static int SlackWebhook(string text, int i, int end)
    {
        var host = CharClass.StartsWith(text, i, "https://hooks.slack.com/") ? i + 24
            : CharClass.StartsWith(text, i, "http://hooks.slack.com/") ? i + 23
            : CharClass.StartsWith(text, i, "hooks.slack.com/") ? i + 16 : -1;
        if (host < 0)
        {
            return 0;
        }

        var p = -1;
        foreach (var kind in SlackWebhookKinds)
        {
            p = CharClass.StartsWith(text, host, kind) ? host + kind.Length : p;
        }

        if (p < 0 || p >= end || text[p] != 'T')
        {
            return 0;
        }

        int parts = 0, last = 0;
        while (true)
        {
            var run = CharClass.RunLength(text, p, CharClass.IsAlphaNumeric, 64);
            if (run < 8 || run > 64)
            {
                return 0;
            }

            parts++;
            last = run;
            p += run;
            if (parts == 4 || p + 1 >= end || text[p] != '/' || !CharClass.IsAlphaNumeric(text[p + 1]))
            {
                break;
            }

            p++;
        }

        return parts >= 3 && p <= end && CharClass.IsBoundary(text, p) && ValueShape.Has(text, p - last, last, CharacterKinds.LowerUpperDigit) ? p - i : 0;
    }

    // sk_live_ (secret), rk_live_ (restricted), and the same with _prod_: 24+ base62. Test-mode keys (sk_test_) cannot
    // move money and are not reported.
    private static int Stripe(string text, int i, int end)
    {
        if (!(CharClass.StartsWith(text, i, "sk_") || CharClass.StartsWith(text, i, "rk_")))
        {
            return 0;
        }

        var length = AtLeast(text, i + 3, end, "live_", 24, CharClass.IsAlphaNumeric);
        length = length > 0 ? length : AtLeast(text, i + 3, end, "prod_", 24, CharClass.IsAlphaNumeric);
        return length > 0 ? 3 + length : 0;
    }

    // sk-ant-api03-… and sk-ant-admin01-…: the kind and its two-digit version, '-', 93 base64url characters and "AA".
    private static int Anthropic(string text, int i, int end)
    {
        if (!CharClass.StartsWith(text, i, "sk-ant-"))
        {
            return 0;
        }

        var kind = CharClass.StartsWith(text, i + 7, "api") ? 3 : CharClass.StartsWith(text, i + 7, "admin") ? 5 : 0;
        var version = i + 7 + kind;
        if (kind == 0 || version + 3 > end || !CharClass.IsDigit(text[version]) || !CharClass.IsDigit(text[version + 1]) || text[version + 2] != '-')
        {
            return 0;
        }

        var body = version + 3;
        var run = CharClass.RunLength(text, body, CharClass.IsUrlSafe, 96);
        return run == 95 && body + run <= end && text[body + 93] == 'A' && text[body + 94] == 'A' && ValueShape.Has(text, body, 93, CharacterKinds.Digit) ? body + run - i : 0;
    }

    // sk-proj-, sk-svcacct-, sk-admin- keys, and the older sk-… keys that carry "T3BlbkFJ" (base64 of "OpenAI").
    private static int OpenAI(string text, int i, int end)
    {
        if (!CharClass.StartsWith(text, i, "sk-") || CharClass.StartsWith(text, i, "sk-ant-"))
        {
            return 0;
        }

        var length = AtLeast(text, i, end, "sk-", 40, CharClass.IsUrlSafe);
        if (length == 0)
        {
            return 0;
        }

        var scoped = CharClass.StartsWith(text, i, "sk-proj-") || CharClass.StartsWith(text, i, "sk-svcacct-") || CharClass.StartsWith(text, i, "sk-admin-");
        var marked = text.IndexOf("T3BlbkFJ", i, length, System.StringComparison.Ordinal) >= 0;
        return (marked || scoped) && ValueShape.Has(text, i + 3, length - 3, CharacterKinds.LowerUpperDigit) ? length : 0;
    }

    // sig=<url-encoded base64 HMAC> in a URL or connection string that also carries the SAS version (sv=).
    private static int SasSignature(string text, int i, int end)
    {
        if (!CharClass.StartsWith(text, i, "sig=") || i == 0 || text[i - 1] is not ('?' or '&' or ';'))
        {
            return 0;
        }

        var body = CharClass.RunLength(text, i + 4, static c => CharClass.IsBase64(c) || c is '%' or '=', 256);
        if (body < 40 || body > 256)
        {
            return 0;
        }

        var windowStart = System.Math.Max(0, i - 512);
        var hasVersion = text.IndexOf("sv=", windowStart, System.Math.Min(end, i + 512) - windowStart, System.StringComparison.Ordinal) >= 0;
        return hasVersion && !Placeholders.IsPlaceholder(text, i + 4, body) ? 4 + body : 0;
    }

    // SG. + 22 base64url + '.' + 43 base64url.
    private static int SendGrid(string text, int i, int end)
    {
        if (!CharClass.StartsWith(text, i, "SG."))
        {
            return 0;
        }

        var first = CharClass.RunLength(text, i + 3, CharClass.IsUrlSafe, 23);
        var dot = i + 3 + first;
        if (first != 22 || dot >= end || text[dot] != '.')
        {
            return 0;
        }

        var second = CharClass.RunLength(text, dot + 1, CharClass.IsUrlSafe, 44);
        return second == 43 && CharClass.IsBoundary(text, dot + 1 + 43) ? 3 + 22 + 1 + 43 : 0;
    }

    // "AccountKey=" / "SharedAccessKey=" in an Azure connection string: a base64 key of a documented length.
    private static int AfterKey(string text, int i, int end, string key, int minimum)
    {
        if (!CharClass.StartsWith(text, i, key))
        {
            return 0;
        }

        var start = i + key.Length;
        var body = CharClass.RunLength(text, start, static c => CharClass.IsBase64(c) || c == '=', 256);
        if (body < minimum || body > 256 || start + body > end || Placeholders.IsPlaceholder(text, start, body) || !ValueShape.Has(text, start, body, CharacterKinds.LowerUpperDigit))
        {
            return 0;
        }

        // The key alone is the secret; the finding starts after "AccountKey=".
        return key.Length + body;
    }

    // eyJ… (base64url of '{"'): header.payload.signature, the header naming an algorithm other than "none".
    private static int Jwt(string text, int i, int end)
    {
        if (!CharClass.StartsWith(text, i, "eyJ"))
        {
            return 0;
        }

        var header = CharClass.RunLength(text, i, CharClass.IsUrlSafe, 512);
        var p = i + header;
        if (header < 10 || header > 512 || p >= end || text[p] != '.')
        {
            return 0;
        }

        var payload = CharClass.RunLength(text, p + 1, CharClass.IsUrlSafe, 8192);
        var q = p + 1 + payload;
        if (payload < 10 || payload > 8192 || q >= end || text[q] != '.')
        {
            return 0;
        }

        var signature = CharClass.RunLength(text, q + 1, CharClass.IsUrlSafe, 1024);
        if (signature < 16 || signature > 1024)
        {
            return 0;
        }

        var decoded = Base64UrlToText(text, i, header);
        return decoded is not null && decoded.Contains("\"alg\"") && !decoded.Contains("\"none\"") ? q + 1 + signature - i : 0;
    }

    // Entra ID (Azure AD) client secrets: 3 characters (letters, digits, '_', '~', '.'), a digit, "Q~", then 31-34
    // characters that may also hold '-' (37-40 in all).
    private static int EntraClientSecret(string text, int i, int end)
    {
        if (i + 37 > end || text[i + 4] != 'Q' || text[i + 5] != '~' || !CharClass.IsDigit(text[i + 3])
            || !IsEntraHeadCharacter(text[i]) || !IsEntraHeadCharacter(text[i + 1]) || !IsEntraHeadCharacter(text[i + 2]))
        {
            return 0;
        }

        var tail = CharClass.RunLength(text, i + 6, IsEntraCharacter, 35);
        return tail is >= 31 and <= 34 && i + 6 + tail <= end && ValueShape.Has(text, i + 6, tail, CharacterKinds.LowerUpperDigit) ? 6 + tail : 0;
    }

    private static bool IsEntraHeadCharacter(char c) => CharClass.IsAlphaNumeric(c) || c is '_' or '~' or '.';

    private static bool IsEntraCharacter(char c) => IsEntraHeadCharacter(c) || c == '-';

    /// <summary>Provider placeholders: "AKIAXXXXXXXXXXXXXXXX", "SG.xxxx…", bodies of one repeated character or a long run of one.</summary>
    private static bool IsPlaceholderToken(string text, int start, int length)
    {
        if (Placeholders.IsPlaceholder(text, start, length))
        {
            return true;
        }

        var run = 1;
        for (var k = start + 1; k < start + length; k++)
        {
            run = text[k] == text[k - 1] && CharClass.IsAlphaNumeric(text[k]) ? run + 1 : 1;
            if (run >= 8)
            {
                return true;
            }
        }

        return false;
    }

    // shpat_ (admin API access token), shpca_ (custom app), shppa_ (private app), shpss_ (shared secret): 32 hex.
    private static int Shopify(string text, int i, int end, out string? provider)
    {
        provider = null;
        if (!CharClass.StartsWith(text, i, "shp") || i + 6 > end || text[i + 5] != '_')
        {
            return 0;
        }

        var kind = text.Substring(i + 3, 2);
        if (kind is not ("at" or "ca" or "pa" or "ss"))
        {
            return 0;
        }

        var length = Fixed(text, i, end, text.Substring(i, 6), 32, CharClass.IsHex);
        provider = length > 0 ? (kind == "ss" ? "Shopify shared secret" : "Shopify access token") : null;
        return length;
    }

    private static readonly string[] DigitalOceanPrefixes = { "dop_v1_", "doo_v1_", "dor_v1_" };

    // dop_v1_ (personal), doo_v1_ (OAuth), dor_v1_ (refresh): 64 lower-case hex.
    private static int DigitalOcean(string text, int i, int end)
    {
        foreach (var prefix in DigitalOceanPrefixes)
        {
            var length = Fixed(text, i, end, prefix, 64, CharClass.IsHex);
            if (length > 0)
            {
                return IsLowerHex(text, i + prefix.Length, 64) ? length : 0;
            }
        }

        return 0;
    }

    // hf_ (user access token) and api_org_ (organisation token): 34 letters.
    private static int HuggingFace(string text, int i, int end)
    {
        var length = Fixed(text, i, end, "hf_", 34, static c => CharClass.IsUpper(c) || CharClass.IsLower(c));
        if (length == 0)
        {
            length = Fixed(text, i, end, "api_org_", 34, static c => CharClass.IsUpper(c) || CharClass.IsLower(c));
        }

        return length > 0 && ValueShape.Has(text, i + length - 34, 34, CharacterKinds.Letters) ? length : 0;
    }

    // hvs. (service token, 90+ characters in the current format) and hvb. (batch token, 138+).
    private static int Vault(string text, int i, int end)
    {
        var length = AtLeast(text, i, end, "hvs.", 90, CharClass.IsUrlSafe);
        if (length == 0)
        {
            length = AtLeast(text, i, end, "hvb.", 138, CharClass.IsUrlSafe);
        }

        return length > 0 && ValueShape.Has(text, i + 4, length - 4, CharacterKinds.LowerUpperDigit) ? length : 0;
    }

    // https://discord.com/api/webhooks/<id>/<68-character token> (also discordapp.com).
    private static int DiscordWebhook(string text, int i, int end)
    {
        var prefix = CharClass.StartsWith(text, i, "https://discord.com/api/webhooks/") ? 33
            : CharClass.StartsWith(text, i, "https://discordapp.com/api/webhooks/") ? 36 : 0;
        if (prefix == 0)
        {
            return 0;
        }

        var id = CharClass.RunLength(text, i + prefix, CharClass.IsDigit, 21);
        var slash = i + prefix + id;
        if (id < 17 || id > 20 || slash >= end || text[slash] != '/')
        {
            return 0;
        }

        var token = CharClass.RunLength(text, slash + 1, CharClass.IsUrlSafe, 69);
        return token == 68 && CharClass.IsBoundary(text, slash + 1 + 68) ? slash + 1 + 68 - i : 0;
    }

    // https://<tenant>.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<32 hex>/<uuid> (and the older
    // https://outlook.office.com/webhook/…): the URL alone lets anyone post to the channel.
    private static int TeamsWebhook(string text, int i, int end)
    {
        if (!CharClass.StartsWith(text, i, "https://"))
        {
            return 0;
        }

        var host = CharClass.RunLength(text, i + 8, static c => CharClass.IsAlphaNumeric(c) || c is '-' or '.', 253);
        var p = i + 8 + host;
        var path = host > 19 && string.Compare(text, p - 19, ".webhook.office.com", 0, 19, System.StringComparison.OrdinalIgnoreCase) == 0 ? "/webhookb2/"
            : host == 18 && string.Compare(text, i + 8, "outlook.office.com", 0, 18, System.StringComparison.OrdinalIgnoreCase) == 0 ? "/webhook/" : null;
        if (path is null || !CharClass.StartsWith(text, p, path))
        {
            return 0;
        }

        p += path.Length;
        var ids = CharClass.RunLength(text, p, static c => CharClass.IsHex(c) || c is '-' or '@', 80);
        p += ids;
        if (ids < 73 || ids > 80 || !CharClass.StartsWith(text, p, "/IncomingWebhook/"))
        {
            return 0;
        }

        p += "/IncomingWebhook/".Length;
        var secret = CharClass.RunLength(text, p, CharClass.IsHex, 33);
        if (secret != 32)
        {
            return 0;
        }

        p += 32;
        if (p < end && text[p] == '/' && CharClass.RunLength(text, p + 1, static c => CharClass.IsHex(c) || c == '-', 37) == 36)
        {
            p += 37;

            // Newer URLs end with "/V2" and a signature of their own.
            if (p < end && text[p] == '/')
            {
                p += 1 + CharClass.RunLength(text, p + 1, CharClass.IsUrlSafe, 256);
            }
        }

        return p <= end && CharClass.IsBoundary(text, p) ? p - i : 0;
    }

    // Discord bot token: base64 of the bot's numeric id, '.', 6-character timestamp, '.', 27-38 character HMAC.
    private static int Discord(string text, int i, int end, out string? provider)
    {
        provider = null;
        if (text[i] is not ('M' or 'N' or 'O'))
        {
            return 0;
        }

        var first = CharClass.RunLength(text, i, CharClass.IsAlphaNumeric, 29);
        var dot = i + first;
        if (first < 23 || first > 28 || dot >= end || text[dot] != '.')
        {
            return 0;
        }

        var second = CharClass.RunLength(text, dot + 1, CharClass.IsUrlSafe, 7);
        var dot2 = dot + 1 + second;
        if (second != 6 || dot2 >= end || text[dot2] != '.')
        {
            return 0;
        }

        var third = CharClass.RunLength(text, dot2 + 1, CharClass.IsUrlSafe, 39);
        var total = dot2 + 1 + third - i;
        if (third < 27 || third > 38 || !CharClass.IsBoundary(text, i + total))
        {
            return 0;
        }

        var id = Base64UrlToText(text, i, first - (first % 4 == 1 ? 1 : 0));
        if (id is null || id.Length < 17)
        {
            return 0;
        }

        foreach (var c in id)
        {
            if (!CharClass.IsDigit(c))
            {
                return 0;
            }
        }

        provider = "Discord bot token";
        return total;
    }

    // <bot id>:<35 characters starting with 'A'> (Telegram Bot API).
    private static int Telegram(string text, int i, int end, out string? provider)
    {
        provider = null;
        if (!CharClass.IsDigit(text[i]))
        {
            return 0;
        }

        var id = CharClass.RunLength(text, i, CharClass.IsDigit, 17);
        var colon = i + id;
        if (id < 8 || id > 16 || colon + 1 >= end || text[colon] != ':' || text[colon + 1] != 'A')
        {
            return 0;
        }

        var token = CharClass.RunLength(text, colon + 1, CharClass.IsUrlSafe, 36);
        if (token != 35 || !CharClass.IsBoundary(text, colon + 36) || !ValueShape.Has(text, colon + 2, 34, CharacterKinds.LowerUpperDigit))
        {
            return 0;
        }

        provider = "Telegram bot token";
        return id + 1 + 35;
    }

    // 14 alphanumerics, ".atlasv1.", 60-70 characters (Terraform Cloud / Enterprise API token).
    private static int TerraformCloud(string text, int i, int end, out string? provider)
    {
        provider = null;
        if (!CharClass.IsAlphaNumeric(text[i]) || i + 23 > end || !CharClass.StartsWith(text, i + 14, ".atlasv1.") || CharClass.RunLength(text, i, CharClass.IsAlphaNumeric, 15) != 14)
        {
            return 0;
        }

        var body = CharClass.RunLength(text, i + 23, static c => CharClass.IsUrlSafe(c) || c == '=', 71);
        if (body < 60 || body > 70 || !CharClass.IsBoundary(text, i + 23 + body))
        {
            return 0;
        }

        provider = "Terraform Cloud API token";
        return 23 + body;
    }

    // 32 lower-case hex + "-us" + data-centre number (Mailchimp API key).
    private static int Mailchimp(string text, int i, int end, out string? provider)
    {
        provider = null;
        if (!CharClass.IsHex(text[i]) || i + 36 > end || text[i + 32] != '-' || text[i + 33] != 'u' || text[i + 34] != 's' || !IsLowerHex(text, i, 32))
        {
            return 0;
        }

        var dc = CharClass.RunLength(text, i + 35, CharClass.IsDigit, 3);
        if (dc is < 1 or > 2 || !CharClass.IsBoundary(text, i + 35 + dc) || CharClass.RunLength(text, i, CharClass.IsHex, 33) != 32)
        {
            return 0;
        }

        provider = "Mailchimp API key";
        return 35 + dc;
    }

    /// <summary>
    /// Azure's identifiable keys (Microsoft's security-utilities format): 64-byte keys are 86 base64 characters + "=="
    /// with the service's signature at offset 76 (Storage "+ASt", Cosmos DB "ACDb", Batch "+ABa", API Management "APIM",
    /// ML "+AMC"); 32-byte keys are 43 + "=" with the signature at 33 (Service Bus "+ASb", Event Hubs "+AEh", Relay "+ARm").
    /// </summary>
    private static int AzureIdentifiableKey(string text, int i, int end, out string? provider)
    {
        provider = null;
        if (i > 0 && CharClass.IsBase64(text[i - 1]))
        {
            return 0;
        }

        var run = CharClass.RunLength(text, i, CharClass.IsBase64, 87);
        if (run == 86 && i + 88 <= end && text[i + 86] == '=' && text[i + 87] == '=' && (i + 88 == end || !CharClass.IsBase64(text[i + 88])))
        {
            provider = Signature(text, i + 76) switch
            {
                "+ASt" => "Azure Storage account key",
                "ACDb" => "Azure Cosmos DB key",
                "+ABa" => "Azure Batch key",
                "APIM" => "Azure API Management key",
                "+AMC" => "Azure Machine Learning key",
                _ => null,
            };
            return provider is null ? 0 : 88;
        }

        if (run == 43 && i + 44 <= end && text[i + 43] == '=' && (i + 44 == end || !CharClass.IsBase64(text[i + 44]) && text[i + 44] != '='))
        {
            provider = Signature(text, i + 33) switch
            {
                "+ASb" => "Azure Service Bus key",
                "+AEh" => "Azure Event Hubs key",
                "+ARm" => "Azure Relay key",
                _ => null,
            };
            return provider is null ? 0 : 44;
        }

        return 0;
    }

    private static string Signature(string text, int at) => text.Substring(at, 4);

    /// <summary>Azure DevOps identifiable PAT: 84 alphanumerics, "JQQJ" at offset 52 and "AZDO" at 76.</summary>
    private static int AzureDevOpsIdentifiablePat(string text, int i, int end, out string? provider)
    {
        provider = null;
        if (i + 84 > end || text[i + 52] != 'J' || !CharClass.StartsWith(text, i + 52, "JQQJ") || !CharClass.StartsWith(text, i + 76, "AZDO")
            || CharClass.RunLength(text, i, CharClass.IsAlphaNumeric, 85) != 84)
        {
            return 0;
        }

        provider = "Azure DevOps personal access token";
        return 84;
    }

    internal static bool IsLowerBase32(string text, int start, int length)
    {
        for (var k = start; k < start + length; k++)
        {
            if (!(CharClass.IsLower(text[k]) || text[k] is >= '2' and <= '7'))
            {
                return false;
            }
        }

        return ValueShape.Has(text, start, length, CharacterKinds.Digit);
    }

    private static bool IsLowerHex(string text, int start, int length)
    {
        for (var k = start; k < start + length; k++)
        {
            if (!(CharClass.IsDigit(text[k]) || text[k] is >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Base64UrlToText(string text, int start, int length)
    {
        if (length % 4 == 1)
        {
            return null;
        }

        var chars = new char[length + (4 - (length % 4)) % 4];
        for (var k = 0; k < chars.Length; k++)
        {
            chars[k] = k < length ? text[start + k] switch { '-' => '+', '_' => '/', var c => c } : '=';
        }

        try
        {
            var bytes = System.Convert.FromBase64CharArray(chars, 0, chars.Length);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        catch (System.FormatException)
        {
            return null;
        }
    }
}
