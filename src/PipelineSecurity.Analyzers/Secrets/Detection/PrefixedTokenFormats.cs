using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>
/// The catalogue of provider credentials that are a fixed prefix followed by parts of a fixed alphabet and length
/// (<c>dt0c01.</c> + 24 + <c>.</c> + 64, <c>PMAK-</c> + 24 hex + <c>-</c> + 34 hex, …), as each provider documents
/// its format. One table instead of a method per provider: adding a provider is one line. Formats with a checksum,
/// an embedded structure or no prefix keep their own code in <see cref="ProviderTokenDetector"/>.
/// </summary>
internal static class PrefixedTokenFormats
{
    // By provider name. Formats with one first character are tried in this order, but each must match whole (prefix,
    // every part's length, the boundary after it), and no two shapes here fit the same text (Square's EAAA + 60 is too
    // short for Facebook's EAA + 100 or more), so the order decides nothing.
    private static readonly PrefixedTokenFormat[] Formats =
    {
        new("1Password service account token", "ops_eyJ", new TokenPart(TokenAlphabet.Base64, 250, 8192)) { Padding = true },
        new("1Password secret key", "A3-", Part(TokenAlphabet.UpperAlphaNumeric, 6), Dash(TokenAlphabet.UpperAlphaNumeric, 11), Dash(TokenAlphabet.UpperAlphaNumeric, 5), Dash(TokenAlphabet.UpperAlphaNumeric, 5), Dash(TokenAlphabet.UpperAlphaNumeric, 5)),
        new("1Password secret key", "A3-", Part(TokenAlphabet.UpperAlphaNumeric, 6), Dash(TokenAlphabet.UpperAlphaNumeric, 6), Dash(TokenAlphabet.UpperAlphaNumeric, 5), Dash(TokenAlphabet.UpperAlphaNumeric, 5), Dash(TokenAlphabet.UpperAlphaNumeric, 5), Dash(TokenAlphabet.UpperAlphaNumeric, 5)),
        new("Adobe client secret", "p8e-", Part(TokenAlphabet.AlphaNumeric, 32)),
        new("age secret key", "AGE-SECRET-KEY-1", Part(TokenAlphabet.Bech32Upper, 58)),
        new("Airtable personal access token", "pat", Part(TokenAlphabet.AlphaNumeric, 14), new TokenPart('.', TokenAlphabet.LowerHex, 64, 64)),
        new("Alibaba Cloud AccessKey ID", "LTAI", new TokenPart(TokenAlphabet.AlphaNumeric, 12, 20)) { MixedCase = true },
        new("Atlassian API token", "ATATT3", new TokenPart(TokenAlphabet.UrlSafeEquals, 180, 200)),
        new("AWS Bedrock API key", "ABSK", new TokenPart(TokenAlphabet.Base64, 109, 269)) { Padding = true },
        new("Brevo API key", "xkeysib-", Part(TokenAlphabet.LowerHex, 64), Dash(TokenAlphabet.AlphaNumeric, 16)),
        new("Brevo SMTP key", "xsmtpsib-", Part(TokenAlphabet.LowerHex, 64), Dash(TokenAlphabet.AlphaNumeric, 16)),
        new("Buildkite API token", "bkua_", Part(TokenAlphabet.LowerHex, 40)),
        new("ClickHouse Cloud API secret", "4b1d", Part(TokenAlphabet.AlphaNumeric, 38)) { MixedCase = true },
        new("Clojars deploy token", "CLOJARS_", Part(TokenAlphabet.LowerAlphaNumeric, 60)),
        new("Cloudflare Origin CA key", "v1.0-", Part(TokenAlphabet.LowerHex, 24), Dash(TokenAlphabet.LowerHex, 146)),
        new("Contentful personal access token", "CFPAT-", Part(TokenAlphabet.UrlSafe, 43)),
        new("Defined Networking API token", "dnkey-", Part(TokenAlphabet.AlphaNumericUnderscoreEquals, 26), Dash(TokenAlphabet.AlphaNumericUnderscoreEquals, 52)),
        new("Docker personal access token", "dckr_pat_", Part(TokenAlphabet.UrlSafe, 27)),
        new("Docker organization access token", "dckr_oat_", new TokenPart(TokenAlphabet.UrlSafe, 24, 64)),
        new("Doppler personal token", "dp.pt.", Part(TokenAlphabet.AlphaNumeric, 43)),
        new("Duffel live API token", "duffel_live_", Part(TokenAlphabet.UrlSafeEquals, 43)),
        new("Dynatrace API token", "dt0c01.", Part(TokenAlphabet.AlphaNumeric, 24), new TokenPart('.', TokenAlphabet.AlphaNumeric, 64, 64)),
        new("EasyPost API key", "EZAK", Part(TokenAlphabet.AlphaNumeric, 54)),
        new("Facebook access token", "EAA", new TokenPart(TokenAlphabet.AlphaNumeric, 100, 512)) { MixedCase = true },
        new("Flutterwave secret key", "FLWSECK-", Part(TokenAlphabet.Hex, 32)) { Suffix = "-X" },
        new("Fly.io access token", "fo1_", Part(TokenAlphabet.UrlSafe, 43)),
        new("Fly.io access token", "fm2_", new TokenPart(TokenAlphabet.Base64, 100, 8192)) { Padding = true },
        new("Fly.io access token", "fm1a_", new TokenPart(TokenAlphabet.Base64, 100, 8192)) { Padding = true },
        new("Fly.io access token", "fm1r_", new TokenPart(TokenAlphabet.Base64, 100, 8192)) { Padding = true },
        new("Frame.io API token", "fio-u-", Part(TokenAlphabet.UrlSafeEquals, 64)),
        new("GitLab runner registration token", "GR1348941", new TokenPart(TokenAlphabet.UrlSafe, 20, 64)),
        new("Google OAuth client secret", "GOCSPX-", Part(TokenAlphabet.UrlSafe, 28)),
        new("Grafana API key", "eyJrIjoi", new TokenPart(TokenAlphabet.AlphaNumeric, 70, 400)) { Padding = true },
        new("Grafana Cloud token", "glc_", new TokenPart(TokenAlphabet.Base64, 32, 400)) { Padding = true },
        new("Grafana service account token", "glsa_", Part(TokenAlphabet.AlphaNumeric, 32), new TokenPart('_', TokenAlphabet.Hex, 8, 8)),
        new("Groq API key", "gsk_", Part(TokenAlphabet.AlphaNumeric, 52)) { MixedCase = true },
        new("Harness access token", "pat.", Part(TokenAlphabet.UrlSafe, 22), new TokenPart('.', TokenAlphabet.AlphaNumeric, 24, 24), new TokenPart('.', TokenAlphabet.AlphaNumeric, 20, 20)),
        new("Harness access token", "sat.", Part(TokenAlphabet.UrlSafe, 22), new TokenPart('.', TokenAlphabet.AlphaNumeric, 24, 24), new TokenPart('.', TokenAlphabet.AlphaNumeric, 20, 20)),
        new("HubSpot private app token", "pat-na1-", Uuid()),
        new("HubSpot private app token", "pat-eu1-", Uuid()),
        new("Infracost API key", "ico-", Part(TokenAlphabet.AlphaNumeric, 32)),
        new("42 Intra client secret", "s-s4t2ud-", Part(TokenAlphabet.Hex, 64)),
        new("42 Intra client secret", "s-s4t2af-", Part(TokenAlphabet.Hex, 64)),
        new("JFrog Artifactory API key", "AKCp", Part(TokenAlphabet.AlphaNumeric, 69)),
        new("JFrog Artifactory reference token", "cmVmdGtu", Part(TokenAlphabet.AlphaNumeric, 56)),
        new("Linear API key", "lin_api_", Part(TokenAlphabet.AlphaNumeric, 40)),
        new("Netlify personal access token", "nfp_", Part(TokenAlphabet.UrlSafe, 36)),
        new("New Relic user API key", "NRAK-", Part(TokenAlphabet.AlphaNumeric, 27)),
        new("New Relic insert key", "NRII-", Part(TokenAlphabet.UrlSafe, 32)),
        new("New Relic Insights query key", "NRIQ-", Part(TokenAlphabet.UrlSafe, 25)),
        new("Notion integration token", "secret_", Part(TokenAlphabet.AlphaNumeric, 43)) { MixedCase = true },
        new("Notion integration token", "ntn_", Part(TokenAlphabet.AlphaNumeric, 46)) { LeadingDigits = 11 },
        new("Octopus Deploy API key", "API-", Part(TokenAlphabet.UpperAlphaNumeric, 26)),
        new("OpenShift user token", "sha256~", Part(TokenAlphabet.UrlSafe, 43)),
        new("Perplexity API key", "pplx-", Part(TokenAlphabet.AlphaNumeric, 48)),
        new("Plaid access token", "access-production-", Uuid()),
        new("PlanetScale token", "pscale_tkn_", new TokenPart(TokenAlphabet.UrlSafeDotEquals, 32, 64)),
        new("PlanetScale password", "pscale_pw_", new TokenPart(TokenAlphabet.UrlSafeDotEquals, 32, 64)),
        new("PlanetScale OAuth token", "pscale_oauth_", new TokenPart(TokenAlphabet.UrlSafeDotEquals, 32, 64)),
        new("Postman API key", "PMAK-", Part(TokenAlphabet.Hex, 24), Dash(TokenAlphabet.Hex, 34)),
        new("PostHog personal API key", "phx_", new TokenPart(TokenAlphabet.UrlSafe, 43, 48)),
        new("Prefect API key", "pnu_", Part(TokenAlphabet.AlphaNumeric, 36)),
        new("Pulumi access token", "pul-", Part(TokenAlphabet.LowerHex, 40)),
        new("ReadMe API key", "rdme_", Part(TokenAlphabet.LowerAlphaNumeric, 70)),
        new("Replicate API token", "r8_", Part(TokenAlphabet.UrlSafe, 37)),
        new("Scalingo API token", "tk-us-", Part(TokenAlphabet.UrlSafe, 48)),
        new("Sentry organization auth token", "sntrys_eyJ", new TokenPart(TokenAlphabet.Base64Equals, 60, 800), new TokenPart('_', TokenAlphabet.Base64, 43, 43)),
        new("Sentry user auth token", "sntryu_", Part(TokenAlphabet.LowerHex, 64)),
        new("SettleMint token", "sm_pat_", Part(TokenAlphabet.AlphaNumeric, 16)),
        new("SettleMint token", "sm_aat_", Part(TokenAlphabet.AlphaNumeric, 16)),
        new("SettleMint token", "sm_sat_", Part(TokenAlphabet.AlphaNumeric, 16)),
        new("Shippo live API token", "shippo_live_", Part(TokenAlphabet.Hex, 40)),
        new("SonarCloud token", "sqco_", Part(TokenAlphabet.AlphaNumeric, 59)),
        new("SonarQube token", "squ_", Part(TokenAlphabet.LowerHex, 40)),
        new("SonarQube token", "sqp_", Part(TokenAlphabet.LowerHex, 40)),
        new("SonarQube token", "sqa_", Part(TokenAlphabet.LowerHex, 40)),
        new("Sourcegraph Cody token", "slk_", Part(TokenAlphabet.LowerHex, 64)),
        new("Sourcegraph access token", "sgp_local_", Part(TokenAlphabet.Hex, 40)),
        new("Sourcegraph access token", "sgp_", Part(TokenAlphabet.Hex, 16), new TokenPart('_', TokenAlphabet.Hex, 40, 40)),
        new("Sourcegraph access token", "sgp_", Part(TokenAlphabet.Hex, 40)),
        new("Square access token", "EAAA", Part(TokenAlphabet.UrlSafe, 60)) { MixedCase = true },
        new("Supabase access token", "sbp_", Part(TokenAlphabet.LowerAlphaNumeric, 40)),
        new("Typeform personal access token", "tfp_", new TokenPart(TokenAlphabet.UrlSafeDotEquals, 55, 64)) { MixedCase = true },
        new("Ubidots API token", "BBFF-", Part(TokenAlphabet.AlphaNumeric, 30)),
        new("Webhook signing secret", "whsec_", new TokenPart(TokenAlphabet.Base64, 32, 88)) { Padding = true, MixedCase = true },
        new("Yandex Cloud API key", "AQVN", new TokenPart(TokenAlphabet.UrlSafe, 35, 38)) { MixedCase = true },
    };

    // The formats by the first character of their prefix (all ASCII).
    private static readonly PrefixedTokenFormat[]?[] ByFirstCharacter = Index(Formats);

    /// <summary>The length of the catalogued token starting at <paramref name="i"/>, or 0.</summary>
    public static int Match(string text, int i, int end, out string? provider)
    {
        provider = null;
        var c = text[i];
        var candidates = c < ByFirstCharacter.Length ? ByFirstCharacter[c] : null;
        if (candidates is null)
        {
            return 0;
        }

        // Most word starts in code share a first character with some prefix ("static", "string"): the second character
        // rules those out before the whole prefix is compared.
        var second = i + 1 < end ? text[i + 1] : '\0';
        foreach (var format in candidates)
        {
            if (format.Prefix[1] != second)
            {
                continue;
            }

            var length = format.Match(text, i, end);
            if (length > 0)
            {
                provider = format.Provider;
                return length;
            }
        }

        return 0;
    }

    /// <summary>Every catalogued format (the tests check that each provider has a sample).</summary>
    internal static IReadOnlyList<PrefixedTokenFormat> All => Formats;

    private static TokenPart Part(TokenAlphabet alphabet, int length) => new(alphabet, length, length);

    private static TokenPart Dash(TokenAlphabet alphabet, int length) => new('-', alphabet, length, length);

    // A UUID as one part of hex digits and dashes: 8-4-4-4-12, checked by PrefixedTokenFormat.IsUuid.
    private static TokenPart Uuid() => new(TokenAlphabet.Uuid, 36, 36);

    private static PrefixedTokenFormat[]?[] Index(PrefixedTokenFormat[] formats)
    {
        var lists = new List<PrefixedTokenFormat>?[128];
        foreach (var format in formats)
        {
            (lists[format.Prefix[0]] ??= new List<PrefixedTokenFormat>()).Add(format);
        }

        var index = new PrefixedTokenFormat[]?[128];
        for (var k = 0; k < lists.Length; k++)
        {
            index[k] = lists[k]?.ToArray();
        }

        return index;
    }
}

internal enum TokenAlphabet
{
    AlphaNumeric,
    LowerAlphaNumeric,
    UpperAlphaNumeric,
    Hex,
    LowerHex,
    UrlSafe,
    UrlSafeEquals,
    UrlSafeDotEquals,
    AlphaNumericUnderscoreEquals,
    Base64,
    Base64Equals,
    Bech32Upper,
    Uuid,
}

/// <summary>One part of a token: <see cref="Min"/>–<see cref="Max"/> characters of one alphabet, after an optional separator.</summary>
internal readonly struct TokenPart
{
    public TokenPart(TokenAlphabet alphabet, int min, int max)
        : this('\0', alphabet, min, max)
    {
    }

    public TokenPart(char separator, TokenAlphabet alphabet, int min, int max)
    {
        Separator = separator;
        Alphabet = alphabet;
        Min = min;
        Max = max;
    }

    /// <summary>The character before the part, or '\0' when it follows the prefix directly.</summary>
    public char Separator { get; }

    public TokenAlphabet Alphabet { get; }

    public int Min { get; }

    public int Max { get; }
}

internal sealed class PrefixedTokenFormat
{
    public PrefixedTokenFormat(string provider, string prefix, params TokenPart[] parts)
    {
        Provider = provider;
        Prefix = prefix;
        Parts = parts;
    }

    public string Provider { get; }

    public string Prefix { get; }

    public TokenPart[] Parts { get; }

    /// <summary>Up to three '=' of base64 padding may end the token.</summary>
    public bool Padding { get; set; }

    /// <summary>A fixed text after the parts (Flutterwave's "-X").</summary>
    public string? Suffix { get; set; }

    /// <summary>The body must mix lower case, upper case and digits (random tokens do; words and hex digests do not).</summary>
    public bool MixedCase { get; set; }

    /// <summary>The body starts with this many digits (Notion's workspace number).</summary>
    public int LeadingDigits { get; set; }

    private bool ShortPrefix => Prefix.Length < 5;

    /// <summary>The token's length at <paramref name="i"/>, or 0.</summary>
    public int Match(string text, int i, int end)
    {
        // A short prefix after '+' or '/' sits in base64 text, after '.' in a file name ("video_box.ico-7a38….png").
        if (!CharClass.StartsWith(text, i, Prefix) || (ShortPrefix && i > 0 && text[i - 1] is '+' or '/' or '.'))
        {
            return 0;
        }

        var bodyStart = i + Prefix.Length;
        var p = bodyStart;
        foreach (var part in Parts)
        {
            if (part.Separator != '\0')
            {
                if (p >= end || text[p] != part.Separator)
                {
                    return 0;
                }

                p++;
            }

            var run = Run(text, p, end, part.Alphabet, part.Max);
            if (run < part.Min || run > part.Max || (part.Alphabet == TokenAlphabet.Uuid && !IsUuid(text, p)))
            {
                return 0;
            }

            p += run;
        }

        for (var pad = 0; Padding && pad < 3 && p < end && text[p] == '='; pad++)
        {
            p++;
        }

        if (Suffix is not null)
        {
            if (!CharClass.StartsWith(text, p, Suffix) || p + Suffix.Length > end)
            {
                return 0;
            }

            p += Suffix.Length;
        }

        // A token ends where token characters end; a short prefix inside base64 text ('+', '/') is not a token either.
        if (p < text.Length && (CharClass.IsUrlSafe(text[p]) || (ShortPrefix && text[p] is '+' or '/')))
        {
            return 0;
        }

        return LooksRandom(text, bodyStart, p - bodyStart) ? p - i : 0;
    }

    private bool LooksRandom(string text, int start, int length)
    {
        for (var k = start; k < start + LeadingDigits; k++)
        {
            if (!CharClass.IsDigit(text[k]))
            {
                return false;
            }
        }

        var kinds = ValueShape.Kinds(text, start, length);
        return MixedCase
            ? (kinds & CharacterKinds.LowerUpperDigit) == CharacterKinds.LowerUpperDigit
            : (kinds & CharacterKinds.Digit) != 0 && (kinds & CharacterKinds.Letters) != 0;
    }

    // The run of the alphabet at p, at most max + 1 long (one more than allowed means the token runs on).
    private static int Run(string text, int p, int end, TokenAlphabet alphabet, int max)
    {
        var limit = System.Math.Min(end, p + max + 1);
        var k = p;
        while (k < limit && IsIn(alphabet, text[k]))
        {
            k++;
        }

        return k - p;
    }

    private static bool IsIn(TokenAlphabet alphabet, char c) => alphabet switch
    {
        TokenAlphabet.AlphaNumeric => CharClass.IsAlphaNumeric(c),
        TokenAlphabet.LowerAlphaNumeric => CharClass.IsLower(c) || CharClass.IsDigit(c),
        TokenAlphabet.UpperAlphaNumeric => CharClass.IsUpper(c) || CharClass.IsDigit(c),
        TokenAlphabet.Hex => CharClass.IsHex(c),
        TokenAlphabet.LowerHex => CharClass.IsDigit(c) || c is >= 'a' and <= 'f',
        TokenAlphabet.UrlSafe => CharClass.IsUrlSafe(c),
        TokenAlphabet.UrlSafeEquals => CharClass.IsUrlSafe(c) || c == '=',
        TokenAlphabet.UrlSafeDotEquals => CharClass.IsUrlSafe(c) || c is '.' or '=',
        TokenAlphabet.AlphaNumericUnderscoreEquals => CharClass.IsAlphaNumeric(c) || c is '_' or '=',
        TokenAlphabet.Base64 => CharClass.IsBase64(c),
        TokenAlphabet.Base64Equals => CharClass.IsBase64(c) || c == '=',
        TokenAlphabet.Bech32Upper => c is >= 'A' and <= 'Z' and not ('B' or 'I' or 'O') || c is >= '0' and <= '9' and not '1',
        TokenAlphabet.Uuid => CharClass.IsHex(c) || c == '-',
        _ => false,
    };

    // 8-4-4-4-12 hex digits.
    private static bool IsUuid(string text, int p)
    {
        for (var k = 0; k < 36; k++)
        {
            var dash = k is 8 or 13 or 18 or 23;
            if (dash != (text[p + k] == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
