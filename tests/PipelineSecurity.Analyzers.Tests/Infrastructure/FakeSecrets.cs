using System;
using System.Text;

namespace PipelineSecurity.Analyzers.Tests.Infrastructure;

/// <summary>
/// The one factory of secret-shaped test data (private keys, provider tokens, passwords), assembled at run time from
/// fixed-seed generators so that secret scanners pointed at this repository stay quiet. Each value has the documented
/// shape (and checksum) of its format but is nobody's credential; no complete token is written in the repository.
/// </summary>
internal static class FakeSecrets
{
    public const string Dashes = "-----";

    public static string KeyBody(int bytes = 600, int seed = 7)
    {
        var data = new byte[bytes];
        new System.Random(seed).NextBytes(data);
        var base64 = Convert.ToBase64String(data);
        var lines = new StringBuilder();
        for (var i = 0; i < base64.Length; i += 64)
        {
            lines.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        return lines.ToString();
    }

    public static string Begin(string label) => Dashes + "BEGIN " + label + Dashes;

    public static string End(string label) => Dashes + "END " + label + Dashes;

    public static string PemBlock(string label, int bytes = 600) => Begin(label) + "\n" + KeyBody(bytes) + End(label);

    /// <summary>A PEM block as a C# regular string literal's contents, line breaks written as \n escapes.</summary>
    public static string PemAsEscapedLiteral(string label) => PemBlock(label).Replace("\n", "\\n");

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Random(string alphabet, int length, int seed = 11)
    {
        var random = new System.Random(seed);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    public static string Alnum(int length, int seed = 11) => Random(Base62, length, seed);

    public static string UrlSafe(int length, int seed = 11) => Random(Base62 + "-_", length, seed);

    public static string Hex(int length, int seed = 11) => Random("0123456789abcdef", length, seed);

    /// <summary>ghp_/gho_/… + 30 random base62 + the base62 CRC-32 of those 30 (computed here independently, bit by bit).</summary>
    public static string GitHub(string kind = "p", int seed = 11) => "gh" + kind + "_" + WithChecksum(Alnum(30, seed));

    /// <summary>Same shape with the last character changed, so the checksum no longer matches.</summary>
    public static string GitHubBadChecksum(int seed = 11)
    {
        var token = GitHub("p", seed);
        var last = token[token.Length - 1];
        return token.Substring(0, token.Length - 1) + (last == 'a' ? 'b' : 'a');
    }

    public static string Npm(int seed = 11) => "np" + "m_" + WithChecksum(Alnum(30, seed));

    public static string WithChecksum(string random30)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in random30)
        {
            crc ^= c;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        crc = ~crc;
        var suffix = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            suffix[i] = Base62[(int)(crc % 62)];
            crc /= 62;
        }

        return random30 + new string(suffix);
    }

    public static string GitHubFineGrained() => "github" + "_pat_" + Alnum(22, 3) + "_" + Alnum(59, 4);

    public static string GitLab() => "glp" + "at-" + UrlSafe(20, 5);

    public static string AwsAccessKeyId() => "AK" + "IA" + Random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 6);

    public static string AwsSecretAccessKey() => Random(Base62 + "+/", 40, 7);

    public static string Slack() => "xo" + "xb-" + "1234567890" + "-" + "9876543210" + "-" + Alnum(24, 8);

    public static string SlackWebhook() => "https://hooks." + "slack.com/services/" + "T0" + Random("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8, 9) + "/B0" + Random("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8, 10) + "/" + Alnum(24, 12);

    public static string StripeLive() => "sk" + "_live_" + Alnum(24, 13);

    public static string StripeTest() => "sk" + "_test_" + Alnum(24, 13);

    public static string GoogleApiKey() => "AI" + "za" + UrlSafe(35, 14);

    public static string AzureStorageAccountKey() => Convert.ToBase64String(Bytes(64, 15));

    public static string AzureStorageConnectionString() =>
        "DefaultEndpointsProtocol=https;AccountName=contosostore;AccountKey=" + AzureStorageAccountKey() + ";EndpointSuffix=core.windows.net";

    public static string SasUrl() =>
        "https://contosostore.blob.core.windows.net/orders?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&sig="
        + Uri.EscapeDataString(Convert.ToBase64String(Bytes(32, 16)));

    public static string EntraClientSecret() => Alnum(3, 17) + "8" + "Q~" + UrlSafe(34, 18);

    public static string SendGrid() => "S" + "G." + UrlSafe(22, 19) + "." + UrlSafe(43, 20);

    public static string Twilio() => "S" + "K" + Hex(32, 21);

    public static string NuGet() => "oy" + "2" + Random("abcdefghijklmnopqrstuvwxyz0123456789", 43, 22);

    public static string OpenAIProject() => "sk" + "-proj-" + UrlSafe(100, 23);

    public static string Anthropic() => "sk" + "-ant-api03-" + UrlSafe(93, 24) + "AA";

    public static string Mailgun() => "ke" + "y-" + Hex(32, 90);

    public static string Mailchimp() => Hex(32, 91) + "-u" + "s21";

    public static string Shopify(string kind = "at") => "sh" + "p" + kind + "_" + Hex(32, 92);

    public static string SquareAccessToken() => "sq0" + "atp-" + UrlSafe(22, 93);

    public static string DiscordBot() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("1234567890123456789")).TrimEnd('=') + "." + UrlSafe(6, 94) + "." + UrlSafe(27, 95);

    public static string DiscordWebhook() => "https://discord.com/api/" + "webhooks/1234567890123456789/" + UrlSafe(68, 96);

    public static string Telegram() => "123456789" + ":A" + "A" + Alnum(33, 97);

    public static string Heroku() => "HR" + "KU-" + UrlSafe(60, 98);

    public static string DigitalOcean() => "do" + "p_v1_" + Hex(64, 99);

    public static string Vault() => "hv" + "s." + "CAESI" + UrlSafe(90, 100);

    public static string TerraformCloud() => Alnum(14, 101) + ".atlas" + "v1." + UrlSafe(67, 102);

    public static string Databricks() => "da" + "pi" + Hex(32, 103);

    public static string HuggingFace() => "h" + "f_" + Random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34, 104);

    public static string PyPI() => "py" + "pi-AgEIcHlwaS5vcmc" + UrlSafe(70, 105);

    public static string RubyGems() => "ruby" + "gems_" + Hex(48, 106);

    /// <summary>Azure DevOps identifiable PAT: 84 alphanumerics with "JQQJ" at 52 and "AZDO" at 76.</summary>
    public static string AzureDevOpsPat() => Alnum(52, 107) + "JQ" + "QJ" + Alnum(20, 108) + "AZ" + "DO" + Alnum(4, 109);

    /// <summary>Azure DevOps PAT before the identifiable format: 52 characters of lower-case base32.</summary>
    public static string AzureDevOpsLegacyPat() => Random("abcdefghijklmnopqrstuvwxyz234567", 52, 110);

    /// <summary>An Azure identifiable key: 64-byte keys carry the signature at 76 of 88, 32-byte keys at 33 of 44.</summary>
    public static string AzureIdentifiableKey(string signature)
    {
        const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return signature is "+ASb" or "+AEh" or "+ARm"
            ? Random(Base64, 33, 111) + signature + Random(Base64, 5, 112) + "A="
            : Random(Base64, 76, 113) + signature + Random(Base64, 5, 114) + "A==";
    }

    private const string UpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static string Uuid(int seed) => Hex(8, seed) + "-" + Hex(4, seed + 1) + "-" + Hex(4, seed + 2) + "-" + Hex(4, seed + 3) + "-" + Hex(12, seed + 4);

    /// <summary>
    /// One token of each provider format in the prefixed-token catalogue, written from each provider's documented shape
    /// (not from the catalogue), with the provider name the finding must carry.
    /// </summary>
    public static (string Token, string Provider)[] PrefixedTokens() => new[]
    {
        ("op" + "s_eyJ" + Random(Base64Alphabet, 300, 201) + "=", "1Password service account token"),
        ("A" + "3-" + Random(UpperAlnum, 6, 202) + "-" + Random(UpperAlnum, 11, 203) + "-" + Random(UpperAlnum, 5, 204) + "-" + Random(UpperAlnum, 5, 205) + "-" + Random(UpperAlnum, 5, 206), "1Password secret key"),
        ("p8" + "e-" + Alnum(32, 207), "Adobe client secret"),
        ("AGE-SECRET" + "-KEY-1" + Random("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58, 208), "age secret key"),
        ("pa" + "t" + Alnum(14, 209) + "." + Hex(64, 210), "Airtable personal access token"),
        ("LT" + "AI" + Alnum(20, 211), "Alibaba Cloud AccessKey ID"),
        ("ATA" + "TT3" + UrlSafe(186, 212), "Atlassian API token"),
        ("AB" + "SK" + Random(Base64Alphabet, 130, 213) + "==", "AWS Bedrock API key"),
        ("xkey" + "sib-" + Hex(64, 214) + "-" + Alnum(16, 215), "Brevo API key"),
        ("bk" + "ua_" + Hex(40, 216), "Buildkite API token"),
        ("4b" + "1d" + Alnum(38, 217), "ClickHouse Cloud API secret"),
        ("CLOJ" + "ARS_" + Random(LowerAlnum, 60, 218), "Clojars deploy token"),
        ("v1" + ".0-" + Hex(24, 219) + "-" + Hex(146, 220), "Cloudflare Origin CA key"),
        ("CF" + "PAT-" + UrlSafe(43, 221), "Contentful personal access token"),
        ("dn" + "key-" + Alnum(26, 222) + "-" + Alnum(52, 223), "Defined Networking API token"),
        ("dckr" + "_pat_" + UrlSafe(27, 224), "Docker personal access token"),
        ("dp" + ".pt." + Alnum(43, 225), "Doppler personal token"),
        ("duffel" + "_live_" + UrlSafe(43, 226), "Duffel live API token"),
        ("dt0" + "c01." + Random(UpperAlnum, 24, 227) + "." + Random(UpperAlnum, 64, 228), "Dynatrace API token"),
        ("EZ" + "AK" + Alnum(54, 229), "EasyPost API key"),
        ("EA" + "AM" + Alnum(150, 282), "Facebook access token"),
        ("FLW" + "SECK-" + Hex(32, 230) + "-X", "Flutterwave secret key"),
        ("fo" + "1_" + UrlSafe(43, 231), "Fly.io access token"),
        ("fm" + "2_" + Random(Base64Alphabet, 160, 232) + "=", "Fly.io access token"),
        ("fio" + "-u-" + UrlSafe(64, 233), "Frame.io API token"),
        ("GR13" + "48941" + UrlSafe(20, 234), "GitLab runner registration token"),
        ("GOC" + "SPX-" + UrlSafe(28, 235), "Google OAuth client secret"),
        ("eyJr" + "Ijoi" + Alnum(100, 236) + "==", "Grafana API key"),
        ("gl" + "c_" + Random(Base64Alphabet, 120, 237) + "=", "Grafana Cloud token"),
        ("gl" + "sa_" + Alnum(32, 238) + "_" + Hex(8, 239), "Grafana service account token"),
        ("gs" + "k_" + Alnum(52, 287), "Groq API key"),
        ("pa" + "t." + UrlSafe(22, 240) + "." + Alnum(24, 241) + "." + Alnum(20, 242), "Harness access token"),
        ("pat" + "-na1-" + Uuid(243), "HubSpot private app token"),
        ("ic" + "o-" + Alnum(32, 248), "Infracost API key"),
        ("s-s4t2" + "ud-" + Hex(64, 249), "42 Intra client secret"),
        ("AK" + "Cp" + Alnum(69, 250), "JFrog Artifactory API key"),
        ("cmVmd" + "Gtu" + Alnum(56, 251), "JFrog Artifactory reference token"),
        ("lin" + "_api_" + Alnum(40, 252), "Linear API key"),
        ("nf" + "p_" + UrlSafe(36, 288), "Netlify personal access token"),
        ("NR" + "AK-" + Random(UpperAlnum, 27, 283), "New Relic user API key"),
        ("NR" + "II-" + UrlSafe(32, 284), "New Relic insert key"),
        ("NR" + "IQ-" + UrlSafe(25, 285), "New Relic Insights query key"),
        ("sec" + "ret_" + Alnum(43, 289), "Notion integration token"),
        ("nt" + "n_" + "12345678901" + Alnum(35, 253), "Notion integration token"),
        ("AP" + "I-" + Random(UpperAlnum, 26, 254), "Octopus Deploy API key"),
        ("sha" + "256~" + UrlSafe(43, 255), "OpenShift user token"),
        ("pp" + "lx-" + Alnum(48, 256), "Perplexity API key"),
        ("access" + "-production-" + Uuid(257), "Plaid access token"),
        ("pscale" + "_tkn_" + UrlSafe(43, 262), "PlanetScale token"),
        ("PM" + "AK-" + Hex(24, 263) + "-" + Hex(34, 264), "Postman API key"),
        ("ph" + "x_" + UrlSafe(43, 290), "PostHog personal API key"),
        ("pn" + "u_" + Alnum(36, 265), "Prefect API key"),
        ("pu" + "l-" + Hex(40, 266), "Pulumi access token"),
        ("rd" + "me_" + Random(LowerAlnum, 70, 267), "ReadMe API key"),
        ("r" + "8_" + UrlSafe(37, 291), "Replicate API token"),
        ("tk" + "-us-" + UrlSafe(48, 268), "Scalingo API token"),
        ("sntrys" + "_eyJ" + Random(Base64Alphabet, 120, 269) + "=_" + Random(Base64Alphabet, 43, 270), "Sentry organization auth token"),
        ("sntr" + "yu_" + Hex(64, 271), "Sentry user auth token"),
        ("sm" + "_pat_" + Alnum(16, 272), "SettleMint token"),
        ("shippo" + "_live_" + Hex(40, 273), "Shippo live API token"),
        ("sq" + "co_" + Alnum(59, 292), "SonarCloud token"),
        ("sq" + "u_" + Hex(40, 274), "SonarQube token"),
        ("sl" + "k_" + Hex(64, 293), "Sourcegraph Cody token"),
        ("sg" + "p_" + Hex(16, 275) + "_" + Hex(40, 276), "Sourcegraph access token"),
        ("sg" + "p_" + Hex(40, 277), "Sourcegraph access token"),
        ("EA" + "AA" + UrlSafe(60, 278), "Square access token"),
        ("sb" + "p_" + Random(LowerAlnum, 40, 294), "Supabase access token"),
        ("tf" + "p_" + UrlSafe(59, 279), "Typeform personal access token"),
        ("BB" + "FF-" + Alnum(30, 286), "Ubidots API token"),
        ("wh" + "sec_" + Alnum(32, 280), "Webhook signing secret"),
        ("AQ" + "VN" + UrlSafe(36, 281), "Yandex Cloud API key"),
    };

    /// <summary>A Teams incoming webhook URL; <paramref name="legacy"/>: the older outlook.office.com form.</summary>
    public static string TeamsWebhook(bool legacy = false) =>
        (legacy ? "https://outlook.office.com/webhook/" : "https://contoso.webhook" + ".office.com/webhookb2/")
        + Uuid(290) + "@" + Uuid(295) + "/Incoming" + "Webhook/" + Hex(32, 300) + "/" + Uuid(301);

    public static string Jwt(string algorithm = "HS256")
    {
        var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}"));
        var payload = Base64Url(Encoding.UTF8.GetBytes("{\"sub\":\"1234567890\",\"name\":\"Contoso\",\"iat\":1516239022}"));
        return header + "." + payload + "." + Base64Url(Bytes(32, 25));
    }

    public static string DockerAuth() => Convert.ToBase64String(Encoding.UTF8.GetBytes("contoso:" + Alnum(20, 26)));

    /// <summary>A random-looking password: mixed classes, high entropy.</summary>
    public static string Password() => "Xk9" + "#mQ2" + "v!Lp7" + "Rw";

    public static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new System.Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
