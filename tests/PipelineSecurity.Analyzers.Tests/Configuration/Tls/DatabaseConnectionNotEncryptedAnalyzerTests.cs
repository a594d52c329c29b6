using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Configuration.Tls;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Tls.DatabaseConnectionNotEncryptedAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Tls;

public sealed class DatabaseConnectionNotEncryptedAnalyzerTests
{
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
        await Verify.VerifyAsync(
            ReferenceProfile.AspNetCore80,
            source,
            Verify.Diagnostic("PSF2005").WithLocation(0).WithArguments("TrustServerCertificate=True"));
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
        await Verify.VerifyAsync(ReferenceProfile.AspNetCore80, source);
    }

    [Theory]
    [InlineData("Server=a;TrustServerCertificate=yes", "TrustServerCertificate=yes")]
    [InlineData("Server=a; encrypt = optional ", "Encrypt=optional")]
    [InlineData("Host=a;sslmode=disable", "SSL Mode=disable")]
    [InlineData("Server=a;Encrypt=true", null)]
    [InlineData("garbage;;==;=;", null)]
    public void Connection_string_scanner(string connectionString, string? expected) =>
        Assert.Equal(expected, DatabaseConnectionNotEncryptedAnalyzer.InsecureSetting(connectionString));
}
