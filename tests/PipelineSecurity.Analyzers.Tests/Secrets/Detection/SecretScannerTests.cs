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

    [Theory]
    [InlineData("countrylayer_key")]
    [InlineData("coinapi-key")]
    [InlineData("FastlyKey")]
    [InlineData("SENDINBLUE_KEY")]
    [InlineData("Services:Geocoding:Key")]
    public void Reports_a_generated_key_under_a_vendors_key_name(string name)
    {
        foreach (var value in new[] { FakeSecrets.Random("abcdefghijklmnopqrstuvwxyz0123456789", 32, 61), FakeSecrets.Alnum(40, 62), FakeSecrets.UrlSafe(36, 63) })
        {
            Assert.True(SecretScanner.TryScoreNamedValue(name, value, 0, value.Length, SecretScanOptions.Default, out var finding), value);
            Assert.Equal(SecretKind.GenericSecret, finding.Kind);
            Assert.DoesNotContain(value, finding.Redacted);
        }
    }

    [Theory]
    [InlineData("SortKey", "a8Fk2mQ9xZ4pL7wR3tV6yB1nC5dE0gH")] // a place in data, whatever its value
    [InlineData("PartitionKey", "tenant42-orders-2024-q3-shard7x")]
    [InlineData("cache_key", "user9f8e7d6c5b4a3210profile01x")]
    [InlineData("idempotency-key", "k3J9x2Lq8Zr5Tw1Vn7Bm4Cy6Df0Gh2")]
    [InlineData("FileKey", "d41d8cd98f00b204e9800998ecf8427e")] // hex: digests and ids
    [InlineData("vendor_key", "d41d8cd98f00b204e9800998ecf8427e")] // hex is not reported under a vendor's key name either
    [InlineData("vendor_key", "Orders.Settings.DefaultRegion")] // identifiers
    [InlineData("vendor_key", "6f9619ff-8b86-d011-b42d-00cf4fc964ff")] // GUIDs
    [InlineData("vendor_key", "short1x2")]
    [InlineData("vendor_key", "your-vendor-api-key-goes-here-123")] // placeholders
    [InlineData("key", "k3J9x2Lq8Zr5Tw1Vn7Bm4Cy6Df0Gh2")] // a bare "key" is a dictionary key
    public void Ignores_keys_that_are_places_in_data_or_values_that_are_not_generated(string name, string value)
    {
        Assert.False(SecretScanner.TryScoreNamedValue(name, value, 0, value.Length, SecretScanOptions.Default, out _));
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
