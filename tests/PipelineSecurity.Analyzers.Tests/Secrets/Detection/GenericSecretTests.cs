using PipelineSecurity.Analyzers.Secrets.Detection;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class GenericSecretTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("Password")]
    [InlineData("DB_PASSWORD")]
    [InlineData("dbPassword")]
    [InlineData("clientSecret")]
    [InlineData("ClientSecret")]
    [InlineData("apiKey")]
    [InlineData("API_KEY")]
    [InlineData("x-api-key")]
    [InlineData("AccessToken")]
    [InlineData("github_token")]
    [InlineData("privateKey")]
    [InlineData("Credentials")]
    [InlineData("SigningKey")]
    [InlineData("ApiKeyValue")]
    [InlineData("Smtp:Password")]
    [InlineData("aws_secret_access_key")]
    [InlineData("dbpassword")]
    public void Recognises_secret_names(string name)
    {
        Assert.True(SecretNames.IsSecretName(name), name);
    }

    [Theory]
    [InlineData("PasswordHash")]
    [InlineData("PasswordResetUrl")]
    [InlineData("PasswordPolicy")]
    [InlineData("TokenEndpoint")]
    [InlineData("ApiKeyHeaderName")]
    [InlineData("TokenLifetime")]
    [InlineData("SecretName")]
    [InlineData("Key")]
    [InlineData("CacheKey")]
    [InlineData("PasswordResourceKey")]
    [InlineData("UserName")]
    [InlineData("TenantId")]
    [InlineData("PasswordLabel")]
    [InlineData("ConfirmPasswordPrompt")]
    [InlineData("PublicKeyToken")]
    [InlineData("public_key")]
    public void Does_not_take_other_names_for_secret_names(string name)
    {
        Assert.False(SecretNames.IsSecretName(name), name);
    }

    [Fact]
    public void Extra_words_make_more_names_secret_names()
    {
        Assert.False(SecretNames.IsSecretName("DevicePin"));
        Assert.True(SecretNames.IsSecretName("DevicePin", new[] { "pin" }));
    }

    [Theory]
    [InlineData("Xk9#mQ2v!Lp7Rw")]
    [InlineData("q8ZbT2nV5yWcR1xL0sKd")]
    [InlineData("Tr0ub4dor&3x")]
    [InlineData("9f8e7d6c5b4a39281706")]
    public void Scores_random_values_as_secrets(string value)
    {
        Assert.True(GenericSecretScorer.IsLikelySecret(value, GenericSecretScorer.DefaultMinimumEntropy), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("changeme")]
    [InlineData("<your-key>")]
    [InlineData("YOUR_API_KEY")]
    [InlineData("${API_KEY}")]
    [InlineData("%API_KEY%")]
    [InlineData("{0}")]
    [InlineData("xxxxxxxxxxxx")]
    [InlineData("************")]
    [InlineData("Enter your password")]
    [InlineData("Login_Password")]
    [InlineData("Settings.ApiKey")]
    [InlineData("PASSWORD_RESET")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("^[A-Za-z0-9]{32}$")]
    [InlineData("https://login.contoso.com/token")]
    [InlineData("/run/secrets/db_password")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("short1")]
    [InlineData("7.9.0-rc.42413")]
    [InlineData("Jobs[-1].JobId")]
    [InlineData("projects/PROJECT/secrets/SECRET/versions/VERSION")]
    [InlineData("&oidc_client_secret_value")]
    [InlineData("*default_token")]
    public void Does_not_score_placeholders_words_and_identifiers_as_secrets(string value)
    {
        Assert.False(GenericSecretScorer.IsLikelySecret(value, GenericSecretScorer.DefaultMinimumEntropy), value);
    }

    [Fact]
    public void A_higher_entropy_threshold_reports_fewer_values()
    {
        const string Value = "abcd1234abcd1234";
        Assert.True(GenericSecretScorer.IsLikelySecret(Value, 2.5));
        Assert.False(GenericSecretScorer.IsLikelySecret(Value, 3.5));
    }

    [Fact]
    public void Reports_an_AWS_secret_access_key_under_its_name_as_a_provider_token()
    {
        var value = FakeTokens.AwsSecretAccessKey();
        Assert.True(SecretScanner.TryScoreNamedValue("aws_secret_access_key", value, 0, value.Length, SecretScanOptions.Default, out var finding));
        Assert.Equal(SecretKind.ProviderToken, finding.Kind);
        Assert.Equal("AWS secret access key", finding.Description);

        const string Example = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY";
        Assert.False(SecretScanner.TryScoreNamedValue("aws_secret_access_key", Example, 0, Example.Length, SecretScanOptions.Default, out _));
    }

    [Fact]
    public void Reports_the_token_of_a_bearer_authorization_value()
    {
        var value = "Bearer " + FakeTokens.Alnum(32);
        Assert.True(SecretScanner.TryScoreNamedValue("Authorization", value, 0, value.Length, SecretScanOptions.Default, out var finding));
        Assert.Equal(7, finding.Start);
        Assert.False(SecretScanner.TryScoreNamedValue("Authorization", "Bearer {0}", 0, 10, SecretScanOptions.Default, out _));
    }

    [Theory]
    [InlineData("Xk9#mQ2v!Lp7Rw", true)]
    [InlineData("Xk9#*", true)]
    [InlineData("*Lp7Rw", true)]
    [InlineData("Xk9*Rw", true)]
    [InlineData("Xk9#", false)]
    [InlineData("other", false)]
    public void The_allow_list_matches_exact_values_and_wildcards(string pattern, bool allowed)
    {
        const string Value = "Xk9#mQ2v!Lp7Rw";
        var options = new SecretScanOptions(3.0, System.Array.Empty<string>(), new[] { pattern });
        Assert.Equal(allowed, options.IsAllowed(Value, 0, Value.Length));
        Assert.Equal(!allowed, SecretScanner.TryScoreNamedValue("password", Value, 0, Value.Length, options, out _));
    }
}
