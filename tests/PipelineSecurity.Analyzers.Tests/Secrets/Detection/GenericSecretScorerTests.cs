using PipelineSecurity.Analyzers.Secrets.Detection;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class GenericSecretScorerTests
{
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
}
