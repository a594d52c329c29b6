using System.Collections.Generic;
using PipelineSecurity.Analyzers.Secrets.Detection;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Analyzers.Tests.Secrets.Detection;

public sealed class ConnectionStringDetectorTests
{
    private static readonly string Password = FakeSecrets.Password();

    [Theory]
    [InlineData("Server=tcp:contoso.database.windows.net,1433;Initial Catalog=Orders;User ID=app;Password={0};Encrypt=True;")]
    [InlineData("Data Source=db01;Initial Catalog=Orders;User Id=sa;Pwd={0}")]
    [InlineData("Host=localhost;Port=5432;Database=orders;Username=postgres;Password={0}")]
    [InlineData("server=db;uid=root;pwd={0};database=shop")]
    [InlineData("Server=db;Database=shop;User=app;Password='{0}';")]
    [InlineData("cache.contoso.com:6380,password={0},ssl=True,abortConnect=False")]
    [InlineData("Server=db;Database=shop;Integrated Security=true;User Id=sa;Password={0}")]
    [InlineData("Data Source=db;Initial Catalog=shop;Trusted_Connection=True;Pwd={0};")]
    public void Finds_the_password_of_a_key_value_connection_string(string format)
    {
        var text = string.Format(format, Password);
        var finding = Assert.Single(Scan(text));
        Assert.Equal(SecretKind.ConnectionStringPassword, finding.Kind);
        Assert.Equal(text.IndexOf(Password), finding.Start);
        Assert.Equal(Password.Length, finding.Length);
        Assert.DoesNotContain(Password, finding.Redacted);
    }

    [Theory]
    [InlineData("Server=(localdb)\\mssqllocaldb;Database=Shop;Trusted_Connection=True;MultipleActiveResultSets=true")]
    [InlineData("Data Source=localhost;Initial Catalog=Shop;Integrated Security=SSPI")]
    [InlineData("Server=db;Database=shop;Authentication=Active Directory Managed Identity")]
    [InlineData("Server=db;Database=shop;User Id=app;Password=;")]
    [InlineData("Server=db;Database=shop;User Id=app;Password=${DB_PASSWORD};")]
    [InlineData("Server=db;Database=shop;User Id=app;Password={0};")]
    [InlineData("Server=db;Database=shop;User Id=app;Password=%DB_PASSWORD%;")]
    [InlineData("Server=db;Database=shop;User Id=app;Password=<your-password>;")]
    [InlineData("Server=db;Database=shop;User Id=app;Password=changeme;")]
    [InlineData("Server=db;Database=shop;User Id=app;Password=****;")]
    [InlineData("Enter your password=then press OK")]
    public void Ignores_connection_strings_without_a_real_password(string text)
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
