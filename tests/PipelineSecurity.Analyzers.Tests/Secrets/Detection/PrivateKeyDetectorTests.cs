using System.Linq;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class PrivateKeyDetectorTests
{
    [Theory]
    [InlineData("RSA PRIVATE KEY", "RSA private key")]
    [InlineData("PRIVATE KEY", "PKCS#8 private key")]
    [InlineData("ENCRYPTED PRIVATE KEY", "encrypted PKCS#8 private key")]
    [InlineData("EC PRIVATE KEY", "EC private key")]
    [InlineData("DSA PRIVATE KEY", "DSA private key")]
    [InlineData("OPENSSH PRIVATE KEY", "OpenSSH private key")]
    [InlineData("PGP PRIVATE KEY BLOCK", "PGP private key block")]
    public void Finds_each_private_key_format(string label, string expectedKind)
    {
        var text = "prefix " + FakeSecrets.PemBlock(label) + " suffix";

        Assert.True(PrivateKeyDetector.TryFind(text, out var match));
        Assert.Equal(expectedKind, match.KeyKind);
        Assert.Equal(text.IndexOf(FakeSecrets.Dashes + "BEGIN", System.StringComparison.Ordinal), match.Start);
        Assert.EndsWith(FakeSecrets.End(label), text.Substring(match.Start, match.Length));
    }

    [Fact]
    public void Finds_a_key_whose_line_breaks_are_escaped_as_in_json()
    {
        Assert.True(PrivateKeyDetector.TryFind(FakeSecrets.PemAsEscapedLiteral("RSA PRIVATE KEY"), out var match));
        Assert.Equal(800, match.KeyMaterialLength);
    }

    [Theory]
    [InlineData("PUBLIC KEY")]
    [InlineData("CERTIFICATE")]
    [InlineData("RSA PUBLIC KEY")]
    [InlineData("CERTIFICATE REQUEST")]
    public void Ignores_public_material(string label)
    {
        Assert.False(PrivateKeyDetector.TryFind(FakeSecrets.PemBlock(label), out _));
    }

    [Theory]
    [InlineData("\n...\n")]
    [InlineData("\n<your private key here>\n")]
    [InlineData("\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n")]
    [InlineData("\nREPLACE_WITH_YOUR_KEY\n")]
    [InlineData("")]
    public void Ignores_headers_with_placeholder_or_no_key_material(string body)
    {
        var text = FakeSecrets.Begin("RSA PRIVATE KEY") + body + FakeSecrets.End("RSA PRIVATE KEY");

        Assert.False(PrivateKeyDetector.TryFind(text, out _));
    }

    [Fact]
    public void Finds_a_key_after_a_header_only_marker_in_the_same_text()
    {
        var text = "if (pem.StartsWith(\"" + FakeSecrets.Begin("PRIVATE KEY") + "\")) {} " + FakeSecrets.PemBlock("EC PRIVATE KEY");

        Assert.True(PrivateKeyDetector.TryFind(text, out var match));
        Assert.Equal("EC private key", match.KeyKind);
    }

    [Fact]
    public void Adversarial_input_is_scanned_in_bounded_time()
    {
        // 1 MB of BEGIN markers with no label end, then 1 MB of labels with no body: linear, no backtracking.
        var markers = string.Concat(Enumerable.Repeat(FakeSecrets.Dashes + "BEGIN ", 100_000));
        var labels = string.Concat(Enumerable.Repeat(FakeSecrets.Begin("RSA PRIVATE KEY"), 30_000));

        Assert.False(PrivateKeyDetector.TryFind(markers, out _));
        Assert.False(PrivateKeyDetector.TryFind(labels, out _));
    }
}
