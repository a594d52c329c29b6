using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class SecretScannerTests
{
    [Fact]
    public void Reports_an_AWS_secret_access_key_under_its_name_as_a_provider_token()
    {
        var value = FakeSecrets.AwsSecretAccessKey();
        Assert.True(SecretScanner.TryScoreNamedValue("aws_secret_access_key", value, 0, value.Length, SecretScanOptions.Default, out var finding));
        Assert.Equal(SecretKind.ProviderToken, finding.Kind);
        Assert.Equal("AWS secret access key", finding.Description);

        const string Example = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY";
        Assert.False(SecretScanner.TryScoreNamedValue("aws_secret_access_key", Example, 0, Example.Length, SecretScanOptions.Default, out _));
    }

    [Fact]
    public void Reports_the_token_of_a_bearer_authorization_value()
    {
        var value = "Bearer " + FakeSecrets.Alnum(32);
        Assert.True(SecretScanner.TryScoreNamedValue("Authorization", value, 0, value.Length, SecretScanOptions.Default, out var finding));
        Assert.Equal(7, finding.Start);
        Assert.False(SecretScanner.TryScoreNamedValue("Authorization", "Bearer {0}", 0, 10, SecretScanOptions.Default, out _));
    }
}
