using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>The secret rules in a real build of the sample: findings in C# (by format, and through a key-consuming API) and in a configuration file, redacted.</summary>
[Collection(PackageCollection.Name)]
public sealed class SecretScanningBuildTests
{
    private const string App = "ContosoShop/ContosoShop.csproj";
    private readonly PackageFixture _package;

    public SecretScanningBuildTests(PackageFixture package) => _package = package;

    [Fact]
    public void Build_reports_secrets_in_code_and_in_appsettings_json_redacted_at_exact_positions()
    {
        var (sample, build) = _package.BuiltSample;

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Matches(
            new Regex(@"PaymentGateway\.cs\(8,36\): warning PSF1002: Stripe live key hard-coded here \(sk_l… \(40 characters\)\): .+ \(https://\S+/docs/rules/PSF1002\.md\)"),
            build.Output);
        Assert.Matches(
            new Regex(@"appsettings\.json\(11,82\): warning PSF1003: Connection string password hard-coded here \(connection string password, Qm7v… \(16 characters\)\): .+ \(https://\S+/docs/rules/PSF1003\.md\)"),
            build.Output);

        // Found through the API it flows into (the JWT signing key), though its name says nothing.
        Assert.Matches(
            new Regex(@"Program\.cs\(9,31\): warning PSF1006: The bytes of a string constant is used as the key or password of SymmetricSecurityKey\(key\): .+ \(https://\S+/docs/rules/PSF1006\.md\)"),
            build.Output);
        Assert.DoesNotContain("mR8wT1zN6b", build.Output);

        // The values themselves never reach the build output.
        var password = PasswordIn(sample.PathOf("ContosoShop", "appsettings.json"));
        Assert.DoesNotContain(password, build.Output);
        Assert.DoesNotContain("51Hx9CONTOSO", build.Output);
    }

    [Fact]
    public void A_configuration_file_opted_out_with_metadata_is_not_scanned()
    {
        using var sample = ConsumerWorkspace.CopyOfSample(_package);
        var project = sample.PathOf("ContosoShop", "ContosoShop.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "</Project>",
            "  <ItemGroup>\n    <AdditionalFiles Include=\"appsettings.json\" PipelineSecurityScan=\"false\" />\n  </ItemGroup>\n</Project>"));

        var build = sample.Build(App);

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("PSF1003", build.Output);
        Assert.Contains("PSF1002", build.Output);
    }

    private static string PasswordIn(string appsettings)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(appsettings));
        var connectionString = json.RootElement.GetProperty("ConnectionStrings").GetProperty("Shop").GetString()!;
        var start = connectionString.IndexOf("Password=") + "Password=".Length;
        return connectionString.Substring(start, connectionString.IndexOf(';', start) - start);
    }
}
