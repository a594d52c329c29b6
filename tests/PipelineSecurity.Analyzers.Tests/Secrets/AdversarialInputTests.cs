using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using CodeVerify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<PipelineSecurity.Analyzers.Secrets.HardCodedSecretAnalyzer>;
using ConfigVerify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<PipelineSecurity.Analyzers.Secrets.SecretInConfigurationFileAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Secrets;

/// <summary>
/// Bounded work on hostile input: each case must complete and report exactly what is there, with no AD0001
/// (the testing library fails on any unexpected diagnostic, an analyzer exception included). No timing asserts.
/// </summary>
public sealed class AdversarialInputTests
{
    private static readonly string GitHubToken = FakeSecrets.GitHub();

    /// <summary>10 MB on one line made of near-misses for every detector: prefixes, "://", '=', "eyJ", "-----BEGIN ".</summary>
    private static string NearMisses(int length)
    {
        const string Unit = "ghp_ AKIA sk-proj- xoxb-1 eyJhbGci. Password=;Server=x; https://u:@ sig= -----BEGIN X-----  8Q~ SG. AIza ";
        var builder = new StringBuilder(length + Unit.Length);
        while (builder.Length < length)
        {
            builder.Append(Unit);
        }

        return builder.ToString(0, length);
    }

    [Fact]
    public async Task A_10_MB_one_line_literal_completes_and_still_finds_the_token_in_it()
    {
        var value = NearMisses(10 * 1024 * 1024);
        var source = "class C { const string Blob = {|PSF1002:\"" + value + " " + GitHubToken + "\"|}; }";

        await CodeVerify.VerifyAsync(source);
    }

    [Fact]
    public async Task A_10_MB_one_line_configuration_file_completes()
    {
        var test = new ConfigVerify.Test { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add(("/0/appsettings.json", "{ \"Blob\": \"" + NearMisses(10 * 1024 * 1024) + "\", \"Token\": \"{|PSF1002:" + GitHubToken + "|}\" }"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_50000_line_configuration_file_completes_and_reports_at_the_right_line()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            builder.Append("key").Append(i).Append(" = value-").Append(i).Append(" # Password=;Server=; https://x:@y\n");
        }

        builder.Append("token = {|PSF1002:").Append(GitHubToken).Append("|}\n");
        var test = new ConfigVerify.Test { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add(("/0/settings.ini", builder.ToString()));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_10_MB_base64_Kubernetes_secret_completes_and_still_finds_the_token_after_it()
    {
        var blob = System.Convert.ToBase64String(FakeSecrets.Bytes(7_864_320, 9));
        var token = System.Convert.ToBase64String(Encoding.UTF8.GetBytes(GitHubToken));
        var manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: blob\ndata:\n  blob.bin: " + blob + "\n  token: {|PSF1002:" + token + "|}\n";
        var test = new ConfigVerify.Test { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add(("/0/secret.yaml", manifest));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_50000_line_compose_file_completes_and_reports_at_the_right_line()
    {
        var builder = new StringBuilder("services:\n");
        for (var i = 0; i < 50_000; i++)
        {
            builder.Append(i % 5 == 0 ? "  svc" + i + ":\n    environment:\n" : "      - \"KEY_").Append(i).Append("=value-").Append(i).Append(" --password= Password=;Server=; https://x:@y\"\n");
        }

        builder.Append("      API_TOKEN: {|PSF1002:").Append(GitHubToken).Append("|}\n");
        var test = new ConfigVerify.Test { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add(("/0/docker-compose.yml", builder.ToString()));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_50000_line_source_file_completes()
    {
        var builder = new StringBuilder("class C\n{\n");
        for (var i = 0; i < 50_000; i++)
        {
            builder.Append("    const string S").Append(i).Append(" = \"Server=db;Password=;\" + \"x").Append(i).Append("\";\n");
        }

        builder.Append("    const string Token = {|PSF1002:\"").Append(GitHubToken).Append("\"|};\n}\n");
        await CodeVerify.VerifyAsync(builder.ToString());
    }

    [Fact]
    public async Task Binary_and_garbage_configuration_files_are_skipped_without_error()
    {
        var garbage = new StringBuilder();
        var random = new System.Random(3);
        for (var i = 0; i < 200_000; i++)
        {
            garbage.Append((char)random.Next(1, 0xD7FF));
        }

        var test = new ConfigVerify.Test { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add(("/0/garbage.yml", garbage.ToString()));
        test.TestState.AdditionalFiles.Add(("/0/binary.config", "\0\u0001\u0002" + GitHubToken));
        await test.RunAsync(CancellationToken.None);
    }
}
