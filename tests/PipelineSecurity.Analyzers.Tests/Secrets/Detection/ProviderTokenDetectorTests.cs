using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class ProviderTokenDetectorTests
{
    public static TheoryData<string, string> Tokens() => new()
    {
        { FakeSecrets.GitHub("p"), "GitHub personal access token" },
        { FakeSecrets.GitHub("o"), "GitHub OAuth access token" },
        { FakeSecrets.GitHub("u"), "GitHub user-to-server token" },
        { FakeSecrets.GitHub("s"), "GitHub app installation token" },
        { FakeSecrets.GitHub("r"), "GitHub refresh token" },
        { FakeSecrets.GitHubFineGrained(), "GitHub fine-grained personal access token" },
        { FakeSecrets.GitLab(), "GitLab token" },
        { FakeSecrets.AwsAccessKeyId(), "AWS access key id" },
        { FakeSecrets.Slack(), "Slack token" },
        { FakeSecrets.SlackWebhook(), "Slack webhook URL" },
        { FakeSecrets.StripeLive(), "Stripe live key" },
        { FakeSecrets.GoogleApiKey(), "Google API key" },
        { FakeSecrets.EntraClientSecret(), "Entra ID client secret" },
        { FakeSecrets.SendGrid(), "SendGrid API key" },
        { FakeSecrets.Twilio(), "Twilio API key" },
        { FakeSecrets.NuGet(), "NuGet API key" },
        { FakeSecrets.Npm(), "npm access token" },
        { FakeSecrets.OpenAIProject(), "OpenAI API key" },
        { FakeSecrets.Anthropic(), "Anthropic API key" },
        { FakeSecrets.Jwt(), "signed JSON Web Token" },
        { FakeSecrets.Mailgun(), "Mailgun API key" },
        { FakeSecrets.Mailchimp(), "Mailchimp API key" },
        { FakeSecrets.Shopify("at"), "Shopify access token" },
        { FakeSecrets.Shopify("ss"), "Shopify shared secret" },
        { FakeSecrets.SquareAccessToken(), "Square access token" },
        { FakeSecrets.DiscordBot(), "Discord bot token" },
        { FakeSecrets.DiscordWebhook(), "Discord webhook URL" },
        { FakeSecrets.Telegram(), "Telegram bot token" },
        { FakeSecrets.Heroku(), "Heroku API key" },
        { FakeSecrets.DigitalOcean(), "DigitalOcean token" },
        { FakeSecrets.Vault(), "HashiCorp Vault token" },
        { FakeSecrets.TerraformCloud(), "Terraform Cloud API token" },
        { FakeSecrets.Databricks(), "Databricks access token" },
        { FakeSecrets.HuggingFace(), "Hugging Face access token" },
        { FakeSecrets.PyPI(), "PyPI API token" },
        { FakeSecrets.RubyGems(), "RubyGems API key" },
        { FakeSecrets.AzureDevOpsPat(), "Azure DevOps personal access token" },
        { FakeSecrets.AzureIdentifiableKey("+ASt"), "Azure Storage account key" },
        { FakeSecrets.AzureIdentifiableKey("ACDb"), "Azure Cosmos DB key" },
        { FakeSecrets.AzureIdentifiableKey("+ASb"), "Azure Service Bus key" },
        { FakeSecrets.AzureIdentifiableKey("+AEh"), "Azure Event Hubs key" },
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public void Finds_each_documented_token_format_alone_and_inside_text(string token, string provider)
    {
        foreach (var text in new[] { token, "token: " + token + "\n", "\"" + token + "\"", "x=" + token + ";" })
        {
            var finding = Assert.Single(Scan(text));
            Assert.Equal(SecretKind.ProviderToken, finding.Kind);
            Assert.Equal(provider, finding.Description);
            Assert.Equal(text.IndexOf(token), finding.Start);
            Assert.Equal(token.Length, finding.Length);
            Assert.DoesNotContain(token, finding.Redacted);
        }
    }

    public static TheoryData<string> FixedLengthTokens() => new()
    {
        FakeSecrets.GitHub(), FakeSecrets.GitHubFineGrained(), FakeSecrets.AwsAccessKeyId(), FakeSecrets.GoogleApiKey(),
        FakeSecrets.EntraClientSecret(), FakeSecrets.SendGrid(), FakeSecrets.Twilio(), FakeSecrets.NuGet(), FakeSecrets.Npm(),
    };

    [Theory]
    [MemberData(nameof(FixedLengthTokens))]
    public void Ignores_a_fixed_length_token_that_runs_on_into_more_token_characters(string token)
    {
        Assert.Empty(Scan(token + "Zz9"));
        Assert.Empty(Scan("Zz9" + token));
    }

    public static TheoryData<string, string> PrefixedTokens()
    {
        var data = new TheoryData<string, string>();
        foreach (var (token, provider) in FakeSecrets.PrefixedTokens())
        {
            data.Add(token, provider);
        }

        data.Add(FakeSecrets.TeamsWebhook(), "Microsoft Teams webhook URL");
        data.Add(FakeSecrets.TeamsWebhook(legacy: true), "Microsoft Teams webhook URL");
        data.Add("glc" + "bt-" + "64_" + FakeSecrets.UrlSafe(20, 310), "GitLab token");
        data.Add("glf" + "t-" + FakeSecrets.UrlSafe(20, 311), "GitLab token");
        data.Add("gla" + "gent-" + FakeSecrets.UrlSafe(50, 312), "GitLab token");
        data.Add("glp" + "tt-" + FakeSecrets.Hex(40, 313), "GitLab token");
        data.Add("xa" + "pp-1-A0" + "12ABCDEF3G-1234567890123-" + FakeSecrets.Hex(64, 314), "Slack token");
        data.Add("xo" + "xo-523423-234243-234233-" + FakeSecrets.Hex(32, 315), "Slack token"); // legacy workspace token
        data.Add("xoxe.xo" + "xp-1-" + FakeSecrets.Alnum(163, 316), "Slack token"); // configuration token
        data.Add("http://hooks.slack.com/" + "services/T024" + "ABCDE/B072BBL9Q/" + FakeSecrets.Alnum(24, 317), "Slack webhook URL");
        data.Add("hooks.slack.com/" + "workflows/T016M3G1GHZ/A04J3BAF7AA/442660231806210747/" + FakeSecrets.Alnum(24, 318), "Slack webhook URL");
        data.Add("rk" + "_prod_" + FakeSecrets.Alnum(99, 319), "Stripe live key");
        data.Add("." + "IQ8" + "Q~" + FakeSecrets.UrlSafe(34, 320), "Entra ID client secret"); // starts with '.'
        data.Add("~Gg8" + "Q~" + "nVhlLi2vpg_nXBGqFsbGK-t~Hus1JmTa0y", "Entra ID client secret"); // starts with '~', '~' inside
        data.Add("2Vq7" + "Q~" + "q5VgKljZ7cb3.0sp0Apz.vOjRIPyeTr", "Entra ID client secret"); // 37 characters
        data.Add(FakeSecrets.Anthropic(), "Anthropic API key");
        data.Add("gh" + "s_" + FakeSecrets.UrlSafe(36, 321) + "." + FakeSecrets.UrlSafe(400, 322) + "." + FakeSecrets.UrlSafe(43, 323), "GitHub app installation token"); // stateless (JWT) format
        return data;
    }

    [Theory]
    [MemberData(nameof(PrefixedTokens))]
    public void Finds_each_catalogued_prefixed_token_alone_and_inside_text(string token, string provider)
    {
        foreach (var text in new[] { token, "token: " + token + "\n", "\"" + token + "\"", "x=" + token + ";", "Authorization: Bearer " + token })
        {
            var finding = Assert.Single(Scan(text));
            Assert.Equal(provider, finding.Description);
            Assert.Equal(text.IndexOf(token), finding.Start);
            Assert.Equal(token.Length, finding.Length);
            Assert.DoesNotContain(token.Substring(token.Length / 2), finding.Redacted);
        }
    }

    [Theory]
    [MemberData(nameof(PrefixedTokens))]
    public void Ignores_a_catalogued_token_that_runs_on_or_sits_inside_a_longer_word(string token, string provider)
    {
        _ = provider;

        // A format of variable length may take the longer run as a whole token; none reports the shorter one inside it.
        Assert.DoesNotContain(Scan(token + "Zz9"), f => f.Length == token.Length);
        if (!token.Contains("://"))
        {
            Assert.Empty(Scan("Zz9" + token)); // (a URL glued to a word still holds its host and path)
        }
    }

    [Fact]
    public void Each_catalogue_sample_fits_exactly_one_shape_so_the_order_of_the_lines_decides_nothing()
    {
        foreach (var (token, provider) in FakeSecrets.PrefixedTokens())
        {
            var fits = PrefixedTokenFormats.All.Where(f => f.Match(token, 0, token.Length) == token.Length).ToList();
            Assert.True(fits.Count == 1, provider + ": " + string.Join(", ", fits.Select(f => f.Provider + " " + f.Prefix)));
        }
    }

    [Fact]
    public void Every_catalogued_provider_has_a_sample()
    {
        var sampled = FakeSecrets.PrefixedTokens().Select(t => t.Provider).ToHashSet();
        var unsampled = new[] { "Brevo SMTP key", "Docker organization access token", "PlanetScale password", "PlanetScale OAuth token" };
        Assert.DoesNotContain(PrefixedTokenFormats.All.Select(f => f.Provider).Distinct(), p => !sampled.Contains(p) && !unsampled.Contains(p));
    }

    [Theory]
    [InlineData("API-" + "GATEWAYCONFIGURATIONSETTING")] // an upper-case name, no digit
    [InlineData("var url = baseUrl + \"/API-" + "V2/orders/ABCDEF1234567890XYZWVU\";")]
    [InlineData("pat.Name.Value")]
    [InlineData("sha256~abc")]
    [InlineData("4b1d" + "9f0e2c7a81b64d3e5f0a9c8b7d6e5f4a3b2c1d0e9f")] // a hex digest that starts like a ClickHouse secret
    [InlineData("v1.0-beta-2024")]
    [InlineData("ntn_" + "abcdefghijkLMNOPQRSTUVWXYZ0123456789abcdefghij")] // no workspace number
    [InlineData("pul-" + "0123456789abcdef0123456789abcdef01234567" + "89ab")] // runs on past 40
    [InlineData("sgp_" + "0000000000000000000000000000000000000000")]
    [InlineData("dckr_pat_" + "XXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("dckr_pat_" + "<your-docker-hub-token>")]
    [InlineData("GOCSPX-" + "your-client-secret-here12345")]
    [InlineData("https://outlook.office.com/webhook/" + "{group}@{tenant}/IncomingWebhook/{id}/{owner}")]
    [InlineData("https://contoso.webhook.office.com/webhookb2/" + "00000000-0000-0000-0000-000000000000@00000000-0000-0000-0000-000000000000/IncomingWebhook/" + "00000000000000000000000000000000/00000000-0000-0000-0000-000000000000")]
    [InlineData("AGE-SECRET-KEY-1" + "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("access-production-" + "documentation-example-value")]
    [InlineData("glptt-" + "abcdefabcdefabcdefabcdefabcdefabcdefabcd")] // hex without a digit
    [InlineData("ghs_" + "installation_token_refresh_interval_in_seconds_for_the_github_app_integration_service_component")] // an identifier
    [InlineData("ghs_" + "header.payload.signature")]
    [InlineData("tk-us-" + "east-1-production-cluster")]
    [InlineData("whsec_" + "test")]
    [InlineData("http://assets.contoso.com/media/video_box.ico-" + "7a388b69018576d24b59331fd60aab0c.png")] // a file name
    [InlineData("\"token3\": \"xo" + "xp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d\"")] // no workspace id
    [InlineData("\"token4\": \"xo" + "xp-572370529330-573807301142-572331691188-####################\"")] // masked
    [InlineData("xoxe.xo" + "xp-1-SlackAppConfigurationAccessTokenHere")]
    [InlineData("sk-ant-" + "api03-abc123xyz-456def789ghij-klmnopqrstuvwx-3456yza789bcde-1234fghijklmnopby56aaaogaopaaaabc123xyzBB")] // no "AA" end
    [InlineData("sk-ant-" + "api03-abc123xyz-456de-klMnopqrstuvwx-3456yza789bcde-1234fghijklmnopAA")] // too short
    public void Ignores_token_look_alikes(string text)
    {
        Assert.Empty(Scan(text));
    }

    [Fact]
    public void Ignores_a_short_prefix_inside_base64_text()
    {
        var square = "EA" + "AA" + FakeSecrets.UrlSafe(60, 278);
        Assert.Empty(Scan("MIIB+" + square + "/AB=="));
        Assert.Single(Scan("\"" + square + "\""));
    }

    [Fact]
    public void Finds_the_account_key_of_an_Azure_storage_connection_string_and_only_the_key()
    {
        var text = FakeSecrets.AzureStorageConnectionString();
        var finding = Assert.Single(Scan(text));
        Assert.Equal("Azure storage account key", finding.Description);
        Assert.Equal(FakeSecrets.AzureStorageAccountKey().Length, finding.Length);
        Assert.Equal(text.IndexOf("AccountKey=") + "AccountKey=".Length, finding.Start);
    }

    [Fact]
    public void Finds_the_signature_of_a_SAS_url()
    {
        var finding = Assert.Single(Scan(FakeSecrets.SasUrl()));
        Assert.Equal("Azure SAS token signature", finding.Description);
    }

    [Fact]
    public void A_GitHub_token_needs_a_valid_checksum()
    {
        Assert.Empty(Scan(FakeSecrets.GitHubBadChecksum()));

        // GitHub's own documentation example has no valid checksum either.
        Assert.Empty(Scan("gh" + "o_16C7e42F292c6912E7710c838347Ae178B4a"));
    }

    [Fact]
    public void Accepts_the_checksum_of_a_token_built_by_the_published_scheme()
    {
        var token = FakeSecrets.GitHub();
        Assert.True(ProviderTokenDetector.HasValidBase62Checksum(token, 4));
        Assert.False(ProviderTokenDetector.HasValidBase62Checksum(FakeSecrets.GitHubBadChecksum(), 4));
    }

    [Theory]
    [InlineData("AKIA" + "IOSFODNN7EXAMPLE")] // AWS's documented example key id
    [InlineData("ghp_[A-Za-z0-9]{36}")] // a pattern describing the format
    [InlineData("^gh[pousr]_[0-9a-zA-Z]{36}$")]
    [InlineData("sk_" + "test_4eC39HqLyjWDarjtT1zdp7dc")] // Stripe test-mode keys cannot move money
    [InlineData("AKIA1234")] // too short
    [InlineData("xoxb-not-a-token")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.")] // unsigned JWT
    [InlineData("SKETCHY_SETTING_NAME_WITH_LOTS_OF_TEXT")]
    [InlineData("https://hooks.slack.com/services/T000/B000/XXXX")]
    [InlineData("AKIA" + "XXXXXXXXXXXXXXXX")] // placeholder bodies in a provider's format
    [InlineData("SG." + "xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("https://hooks.slack.com/services/T00000000/B00000000/" + "XXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("ghp_" + "000000000000000000000000000000000000")]
    [InlineData("dop_v1_" + "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("key-" + "00000000000000000000000000000000")]
    [InlineData("12345678:" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("b1946ac92492d2347c6235b4d2611184-us" + "")] // a hex digest followed by "-us" is not a Mailchimp key
    [InlineData("2024-01-15T10:30:00Z id=12345678:ABCDEF")]
    public void Ignores_examples_patterns_and_near_misses(string text)
    {
        Assert.Empty(Scan(text));
    }

    [Fact]
    public void Ignores_publicly_documented_fixed_values()
    {
        // Rebuilt from parts; the published values are listed (as hashes) in KnownPublicValues with their sources.
        var emulatorKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsu" + "Fq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + emulatorKey + ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";
        Assert.Empty(Scan(connection));
        var jwtIo = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ." + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        Assert.Empty(Scan(jwtIo));
    }

    [Fact]
    public void Finds_a_legacy_Azure_DevOps_token_only_under_a_PAT_name()
    {
        var pat = FakeSecrets.AzureDevOpsLegacyPat();
        Assert.True(SecretScanner.TryScoreNamedValue("AzureDevOpsPat", pat, 0, pat.Length, SecretScanOptions.Default, out var finding));
        Assert.Equal("Azure DevOps personal access token", finding.Description);
        Assert.Equal(SecretKind.ProviderToken, finding.Kind);
        Assert.Empty(Scan(pat));
        Assert.False(SecretScanner.TryScoreNamedValue("CommitMessage", pat, 0, pat.Length, SecretScanOptions.Default, out _));
    }

    [Fact]
    public void Ignores_a_JWT_whose_algorithm_is_none()
    {
        Assert.Empty(Scan(FakeSecrets.Jwt("none")));
    }

    [Fact]
    public void Ignores_ordinary_code_and_prose()
    {
        const string Text = "public static string GetAccessToken(HttpClient client) => client.DefaultRequestHeaders.Authorization?.Parameter ?? string.Empty; // skip, sk-learn, glpat is GitLab's prefix";
        Assert.Empty(Scan(Text));
    }

    private static List<SecretFinding> Scan(string text)
    {
        var findings = new List<SecretFinding>();
        SecretScanner.ScanSpan(text, 0, text.Length, SecretScanOptions.Default, findings, 0);
        return findings.Where(f => f.Kind == SecretKind.ProviderToken).ToList();
    }
}
