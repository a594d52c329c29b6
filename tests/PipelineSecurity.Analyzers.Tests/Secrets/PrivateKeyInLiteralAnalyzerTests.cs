using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Secrets;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<PipelineSecurity.Analyzers.Secrets.PrivateKeyInLiteralAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Secrets;

public sealed class PrivateKeyInLiteralAnalyzerTests
{
    private static readonly string RsaKey = FakeSecrets.PemAsEscapedLiteral("RSA PRIVATE KEY");

    [Fact]
    public async Task Reports_a_key_in_a_regular_literal_with_a_redacted_message()
    {
        var source = $$"""
            class C
            {
                const string Key = {|#0:"{{RsaKey}}"|};
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(RuleIds.PrivateKeyInLiteral).WithLocation(0)
                .WithArguments("RSA private key", "800 characters of key material, redacted"));
    }

    [Fact]
    public async Task Reports_a_key_in_a_verbatim_literal()
    {
        var key = FakeSecrets.PemBlock("PRIVATE KEY");
        var source = $$"""
            class C
            {
                string key = @"[|{{key}}|]";
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_key_in_a_raw_literal()
    {
        var key = FakeSecrets.PemBlock("OPENSSH PRIVATE KEY");
        var source = $$""""
            class C
            {
                string key = """
            [|{{key}}|]
            """;
            }
            """";

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_key_where_it_is_inside_a_multi_line_json_document()
    {
        var key = FakeSecrets.PemAsEscapedLiteral("PRIVATE KEY");
        var source = $$""""
            class C
            {
                string serviceAccount = """
                    {
                      "type": "service_account",
                      "private_key": "[|{{key}}|]",
                      "client_email": "deploy@contoso.iam.gserviceaccount.com"
                    }
                    """;
            }
            """";

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_key_in_a_utf8_literal()
    {
        var source = $$"""
            class C
            {
                System.ReadOnlySpan<byte> Key() => [|"{{RsaKey}}"u8|];
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_key_in_the_constant_part_of_an_interpolated_string()
    {
        var source = $$"""
            class C
            {
                string Pem(string comment) => $"# {comment}[|\n{{RsaKey}}|]";
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_key_split_over_concatenated_literals_once()
    {
        var header = FakeSecrets.Begin("EC PRIVATE KEY");
        var body = FakeSecrets.KeyBody().Replace("\n", "\\n");
        var footer = FakeSecrets.End("EC PRIVATE KEY");
        var source = $$"""
            class C
            {
                const string Header = "{{header}}\n";
                const string Key = [|Header + "{{body}}" + "{{footer}}"|];
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_key_passed_as_an_argument_and_in_an_attribute()
    {
        var source = $$"""
            using System;

            [AttributeUsage(AttributeTargets.Class)]
            sealed class KeyAttribute : Attribute { public KeyAttribute(string pem) { } }

            [Key([|"{{RsaKey}}"|])]
            class C
            {
                void M() => Console.WriteLine([|"{{RsaKey}}"|]);
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Ignores_header_markers_used_to_parse_pem()
    {
        var source = $$"""
            class C
            {
                const string Begin = "{{FakeSecrets.Begin("RSA PRIVATE KEY")}}";
                const string End = "{{FakeSecrets.End("RSA PRIVATE KEY")}}";
                bool IsKey(string pem) => pem.StartsWith(Begin) && pem.TrimEnd().EndsWith(End);
                const string Template = Begin + "\n...\n" + End;
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Ignores_public_keys_and_certificates()
    {
        var source = $$"""
            class C
            {
                const string PublicKey = "{{FakeSecrets.PemBlock("PUBLIC KEY").Replace("\n", "\\n")}}";
                const string Certificate = "{{FakeSecrets.PemBlock("CERTIFICATE").Replace("\n", "\\n")}}";
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Skips_generated_code_by_default()
    {
        var source = $$"""
            // <auto-generated/>
            class Settings
            {
                const string Key = "{{RsaKey}}";
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Scans_generated_code_when_the_editorconfig_option_asks_for_it()
    {
        var source = $$"""
            // <auto-generated/>
            class Settings
            {
                const string Key = [|"{{RsaKey}}"|];
            }
            """;

        await Verify.VerifyAsync(source, "pipeline_security.analyze_generated_code = true\n");
    }

    [Fact]
    public async Task Is_suppressed_by_pragma()
    {
        var source = $$"""
            class C
            {
            #pragma warning disable PSF1001 // test fixture
                const string Key = "{{RsaKey}}";
            #pragma warning restore PSF1001
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Test_projects_can_silence_the_rule()
    {
        var source = $$"""
            class C
            {
                const string Key = "{{RsaKey}}";
            }
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\npipeline_security.secrets.test_project_severity = none\n"));
        await test.RunAsync();
    }
}
