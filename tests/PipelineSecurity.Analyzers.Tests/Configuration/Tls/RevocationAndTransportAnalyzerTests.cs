using System.Threading.Tasks;
using Xunit;
using PipelineSecurity.Analyzers.Configuration.Tls;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Tls;

/// <summary>PSF2004 (revocation), PSF2005 (database encryption), PSF2006 (SMTP/FTP without TLS).</summary>
public sealed class RevocationAndTransportAnalyzerTests
{
    [Fact]
    public async Task Revocation_check_switched_off_is_reported()
    {
        var source = """
            using System.Net.Http;
            using System.Net.Security;
            using System.Security.Cryptography.X509Certificates;

            class C
            {
                static readonly X509RevocationMode Mode = X509RevocationMode.NoCheck;

                void M(X509Chain chain)
                {
                    var h = new HttpClientHandler { CheckCertificateRevocationList = [|false|] };
                    chain.ChainPolicy.RevocationMode = [|X509RevocationMode.NoCheck|];
                    var o = new SslClientAuthenticationOptions { CertificateRevocationCheckMode = [|Mode|] };
                }
            }
            """;
        await ConfigurationVerifier<RevocationCheckDisabledAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Revocation_check_left_on_is_not_reported()
    {
        var source = """
            using System.Net.Http;
            using System.Security.Cryptography.X509Certificates;

            class C
            {
                void M(X509Chain chain, bool fromConfig)
                {
                    var h = new HttpClientHandler { CheckCertificateRevocationList = true };
                    h.CheckCertificateRevocationList = fromConfig;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.Online;
                }
            }
            """;
        await ConfigurationVerifier<RevocationCheckDisabledAnalyzer>.VerifyAsync(source);
    }

    [Fact]
    public async Task Unencrypted_database_connection_strings_are_reported()
    {
        var source = """
            using System.Data.Common;

            class SqlConnection : DbConnection
            {
                public SqlConnection(string connectionString) { }
                public override string ConnectionString { get; set; } = "";
                public override string Database => "";
                public override string DataSource => "";
                public override string ServerVersion => "";
                public override System.Data.ConnectionState State => default;
                public override void ChangeDatabase(string databaseName) { }
                public override void Close() { }
                public override void Open() { }
                protected override DbTransaction BeginDbTransaction(System.Data.IsolationLevel isolationLevel) => null!;
                protected override DbCommand CreateDbCommand() => null!;
            }

            class C
            {
                const string Orders = "Server=db.contoso.com;Database=Orders;Trust Server Certificate=True";

                void M(DbConnectionStringBuilder builder)
                {
                    var a = new SqlConnection({|#0:Orders|});
                    var text = "Server=db;Encrypt=False;User Id=app";
                    a.ConnectionString = [|text|];
                    builder.ConnectionString = [|"Host=pg;SSL Mode=Disable"|];
                }
            }
            """;
        await ConfigurationVerifier<DatabaseConnectionNotEncryptedAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<DatabaseConnectionNotEncryptedAnalyzer>.Diagnostic("PSF2005").WithLocation(0).WithArguments("TrustServerCertificate=True"));
    }

    [Fact]
    public async Task Encrypted_database_connection_strings_are_not_reported()
    {
        var source = """
            using System.Data.Common;

            class C
            {
                void M(DbConnectionStringBuilder builder, string fromConfig)
                {
                    builder.ConnectionString = "Server=db;Encrypt=True;TrustServerCertificate=False";
                    builder.ConnectionString = "Server=db;Encrypt=Strict";
                    builder.ConnectionString = fromConfig;
                    var label = "TrustServerCertificate=True"; // not a connection
                }
            }
            """;
        await ConfigurationVerifier<DatabaseConnectionNotEncryptedAnalyzer>.VerifyAsync(source);
    }

    [Theory]
    [InlineData("Server=a;TrustServerCertificate=yes", "TrustServerCertificate=yes")]
    [InlineData("Server=a; encrypt = optional ", "Encrypt=optional")]
    [InlineData("Host=a;sslmode=disable", "SSL Mode=disable")]
    [InlineData("Server=a;Encrypt=true", null)]
    [InlineData("garbage;;==;=;", null)]
    public void Connection_string_scanner(string connectionString, string? expected) =>
        Assert.Equal(expected, DatabaseConnectionNotEncryptedAnalyzer.InsecureSetting(connectionString));

    [Fact]
    public async Task Smtp_and_ftp_without_tls_are_reported_and_with_tls_are_not()
    {
        var source = """
            using System.Net;
            using System.Net.Mail;

            class C
            {
            #pragma warning disable SYSLIB0014
                void M()
                {
                    var smtp = new SmtpClient("mail.contoso.com") { EnableSsl = {|#0:false|} };
                    var useTls = false;
                    var ftp = (FtpWebRequest)WebRequest.Create("ftps://files.contoso.com/a.txt");
                    ftp.EnableSsl = [|useTls|];
                    var secure = new SmtpClient("mail.contoso.com") { EnableSsl = true };
                }
            #pragma warning restore SYSLIB0014
            }
            """;
        await ConfigurationVerifier<MailOrFtpWithoutTlsAnalyzer>.VerifyAsync(
            source,
            ConfigurationVerifier<MailOrFtpWithoutTlsAnalyzer>.Diagnostic("PSF2006").WithLocation(0).WithArguments("SmtpClient"));
    }
}
