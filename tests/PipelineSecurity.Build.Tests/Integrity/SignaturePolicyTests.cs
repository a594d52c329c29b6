using System.Linq;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.Signatures;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

public sealed class SignaturePolicyTests
{
    private const string Fingerprint = "3F9001EA83C560D712C24CF213C3D312CB3BFF51EE89435D3430BD06B5D0EECE";

    [Fact]
    public void Empty_properties_give_the_documented_defaults()
    {
        var policy = SignaturePolicy.Parse("", "", "", "");

        Assert.Equal(RequiredSignature.Any, policy.Required);
        Assert.False(policy.HasAllowList);
        Assert.False(policy.OnlineRevocation);
    }

    [Fact]
    public void Fingerprints_urls_and_owners_are_parsed_and_normalized()
    {
        var colons = string.Join(":", System.Linq.Enumerable.Range(0, 32).Select(i => Fingerprint.Substring(i * 2, 2).ToLowerInvariant()));

        var policy = SignaturePolicy.Parse("Author", colons + " ; ", $"https://feed.example/v3/index.json|alice, bob;{Fingerprint}", "ONLINE");

        Assert.Equal(RequiredSignature.Author, policy.Required);
        Assert.Contains(Fingerprint, policy.TrustedAuthors);
        Assert.Equal("https://feed.example/v3/index.json", policy.TrustedRepositories[0].ServiceIndexUrl);
        Assert.Equal(new[] { "alice", "bob" }, policy.TrustedRepositories[0].Owners);
        Assert.Equal(Fingerprint, policy.TrustedRepositories[1].CertificateFingerprint);
        Assert.True(policy.OnlineRevocation);
    }

    [Theory]
    [InlineData("always", "", "", "", "PipelineSecurityRequiredSignature")]
    [InlineData("any", "not-a-fingerprint", "", "", "PipelineSecurityTrustedAuthors")]
    [InlineData("any", "", "ftp://x|a", "", "PipelineSecurityTrustedRepositories")]
    [InlineData("any", "", "", "sometimes", "PipelineSecurityRevocationMode")]
    public void A_bad_value_is_a_coded_error_naming_the_property(string required, string authors, string repositories, string revocation, string property)
    {
        var failure = Assert.Throws<BuildDiagnosticException>(() => SignaturePolicy.Parse(required, authors, repositories, revocation));

        Assert.Equal(BuildDiagnosticIds.IntegrityPolicyInvalid, failure.Code);
        Assert.Contains(property, failure.Message);
    }
}
