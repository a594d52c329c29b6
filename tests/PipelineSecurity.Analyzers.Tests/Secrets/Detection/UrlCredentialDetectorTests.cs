using System.Collections.Generic;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class UrlCredentialDetectorTests
{
    // Userinfo in a URL cannot hold '#', '/', '?' unencoded.
    private static readonly string UrlPassword = FakeSecrets.Alnum(18, 31);

    [Theory]
    [InlineData("mongodb+srv://app:{0}@cluster0.contoso.mongodb.net/orders", "mongodb+srv URI")]
    [InlineData("mongodb://app:{0}@db1:27017,db2:27017/?replicaSet=rs0", "mongodb URI")]
    [InlineData("redis://default:{0}@cache.contoso.com:6379/0", "redis URI")]
    [InlineData("postgresql://app:{0}@db.contoso.com/orders", "postgresql URI")]
    [InlineData("amqps://orders%40shop:{0}@bus.contoso.com:5671/vhost", "amqps URI")]
    [InlineData("jdbc:mysql://report:{0}@mysql.contoso.com:3306/shop", "mysql URI")]
    [InlineData("rediss://:{0}@cache.contoso.com:6380", "rediss URI")]
    public void Finds_the_password_of_a_database_uri(string format, string description)
    {
        var text = string.Format(format, UrlPassword);
        var finding = Assert.Single(Scan(text));
        Assert.Equal(SecretKind.ConnectionStringPassword, finding.Kind);
        Assert.Equal(description, finding.Description);
        Assert.Equal(text.IndexOf(UrlPassword), finding.Start);
        Assert.Equal(UrlPassword.Length, finding.Length);
    }

    [Theory]
    [InlineData("https://deploy:{0}@git.contoso.com/shop.git")]
    [InlineData("ftp://backup:{0}@files.contoso.com/")]
    [InlineData("ftps://backup:{0}@files.contoso.com:990/drop")]
    [InlineData("smtps://alerts%40contoso.com:{0}@smtp.office365.com:465")]
    [InlineData("smtp://apikey:{0}@smtp.sendgrid.net:587")]
    [InlineData("sftp://deploy:{0}@10.0.4.12/var/www")]
    [InlineData("ldaps://cn%3Dadmin%2Cdc%3Dcontoso:{0}@ldap.contoso.com")]
    [InlineData("git+https://ci-bot:{0}@git.contoso.com/shop.git")]
    public void Finds_credentials_in_other_urls(string format)
    {
        var finding = Assert.Single(Scan(string.Format(format, UrlPassword)));
        Assert.Equal(SecretKind.UrlCredential, finding.Kind);
    }

    [Theory]
    [InlineData("https://user:${TOKEN}@git.contoso.com/")]
    [InlineData("https://user:password@example.com/")]
    [InlineData("https://git.contoso.com/shop.git")]
    [InlineData("mongodb://localhost:27017/orders")]
    [InlineData("https://user@contoso.com/")]
    [InlineData("https://abc:xyz123@example.com/")]
    [InlineData("https://abc:xyz123@docs.example.com/")]
    [InlineData("smtps://alerts%40contoso.com:%24%7BSMTP_PASSWORD%7D@smtp.office365.com")]
    [InlineData("ftp://anonymous:@files.contoso.com/")]
    [InlineData("mailto:someone@contoso.com")]
    public void Ignores_urls_without_a_real_password(string text)
    {
        Assert.Empty(Scan(text));
    }

    private static List<SecretFinding> Scan(string text)
    {
        var findings = new List<SecretFinding>();
        SecretScanner.ScanSpan(text, 0, text.Length, SecretScanOptions.Default, findings, 0);
        return findings;
    }
}
