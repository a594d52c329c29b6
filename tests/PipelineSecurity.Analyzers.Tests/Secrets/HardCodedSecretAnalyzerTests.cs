using System.Threading.Tasks;
using PipelineSecurity.Analyzers.Secrets;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<PipelineSecurity.Analyzers.Secrets.HardCodedSecretAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Secrets;

public sealed class HardCodedSecretAnalyzerTests
{
    private static readonly string GitHubToken = FakeSecrets.GitHub();
    private static readonly string Password = FakeSecrets.Password();
    private static readonly string Random32 = FakeSecrets.Alnum(32, 40);

    [Fact]
    public async Task Reports_a_provider_token_with_a_redacted_message()
    {
        var source = $$"""
            class C
            {
                const string Token = {|#0:"{{GitHubToken}}"|};
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(RuleIds.ProviderToken).WithLocation(0)
                .WithArguments("GitHub personal access token", GitHubToken.Substring(0, 4) + "… (40 characters)"));
    }

    [Fact]
    public async Task Reports_tokens_in_every_kind_of_literal()
    {
        var source = $$""""
            using System;

            [AttributeUsage(AttributeTargets.All)]
            class ApiAttribute : Attribute { public ApiAttribute(string key) { } public string? Token { get; set; } }

            [Api({|PSF1002:"{{GitHubToken}}"|}, Token = {|PSF1002:"{{FakeSecrets.GitLab()}}"|})]
            class C
            {
                string verbatim = {|PSF1002:@"{{FakeSecrets.StripeLive()}}"|};
                string raw = {|PSF1002:"""{{FakeSecrets.SendGrid()}}"""|};
                ReadOnlySpan<byte> Utf8 => {|PSF1002:"{{FakeSecrets.NuGet()}}"u8|};
                string Interpolated(int id) => $"{{FakeSecrets.SlackWebhook()}}?id={id}";

                void M(string name, string? key = {|PSF1002:"{{FakeSecrets.GoogleApiKey()}}"|})
                {
                    var list = new[] { {|PSF1002:"{{FakeSecrets.Npm()}}"|} };
                    var anonymous = new { Key = {|PSF1002:"{{FakeSecrets.OpenAIProject()}}"|} };
                    var arm = name switch { "prod" => {|PSF1002:"{{FakeSecrets.Anthropic()}}"|}, _ => "" };
                    Use(value: {|PSF1002:"{{FakeSecrets.EntraClientSecret()}}"|});
                }

                static void Use(string value) { }
            }
            """";

        // The interpolated string's constant part is reported too.
        source = source.Replace("$\"" + FakeSecrets.SlackWebhook() + "?id={id}\"", "$\"{|PSF1002:" + FakeSecrets.SlackWebhook() + "?id=|}{id}\"");
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_token_folded_from_literal_pieces_under_a_key_name_once()
    {
        var body = FakeSecrets.Alnum(32, 74);
        var source = $$"""
            class PaymentGateway
            {
                private const string LiveKey = {|PSF1002:"sk_" + "live_" + "{{body.Substring(0, 12)}}" + "{{body.Substring(12)}}"|};
                private const string ApiKey = {|PSF1002:"sk_" + "live_" + "{{body.Substring(0, 12)}}" + "{{body.Substring(12)}}"|};
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_token_folded_from_a_constant_concatenation_once()
    {
        var token = FakeSecrets.AwsAccessKeyId();
        var source = $$"""
            class C
            {
                const string Prefix = "{{token.Substring(0, 10)}}";
                const string Key = {|PSF1002:Prefix + "{{token.Substring(10)}}"|};
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_token_folded_through_parentheses_qualified_constants_and_constant_interpolation()
    {
        // The syntax pre-filter lets through every '+' tree that can be a constant string: names, member accesses,
        // parentheses and constant interpolated strings. A numeric or char operand, or a call, makes it non-constant.
        var token = FakeSecrets.AwsAccessKeyId();
        var source = $$"""
            static class Parts
            {
                public const string Head = "{{token.Substring(0, 6)}}";
                public const string Tail = "{{token.Substring(12)}}";
            }

            class C
            {
                const string Middle = "{{token.Substring(6, 6)}}";
                const string Key = {|PSF1002:Parts.Head + (Middle + Parts.Tail)|};
                const string Interpolated = {|PSF1002:$"{Parts.Head}{Middle}" + Parts.Tail|};
                string NotConstant(int n) => Parts.Head + n + Parts.Tail;
                string NotConstantEither() => Parts.Head + 'x'.ToString() + Parts.Tail;
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_constant_once_where_it_is_declared_not_where_it_is_used()
    {
        var source = $$"""
            class C
            {
                const string Key = {|PSF1002:"{{FakeSecrets.StripeLive()}}"|};
                const string Header = "Bearer " + Key;
                string Other => Key + "/suffix";
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_connection_string_passwords_and_url_credentials()
    {
        var source = $$"""
            class C
            {
                const string Sql = {|#0:"Server=db;Database=Shop;User Id=app;Password={{Password}};"|};
                const string Mongo = {|PSF1003:"mongodb+srv://app:{{Random32}}@cluster0.contoso.net/orders"|};
                const string Git = {|PSF1004:"https://deploy:{{Random32}}@git.contoso.com/shop.git"|};
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(RuleIds.ConnectionStringPassword).WithLocation(0).WithArguments("connection string password", "Xk9#… (14 characters)"));
    }

    [Fact]
    public async Task Reports_generic_secrets_given_to_secret_names()
    {
        var source = $$"""
            using System.Collections.Generic;
            using System.Data.SqlClient;
            using System.Net;
            using System.Net.Http;
            using System.Net.Http.Headers;

            class Options { public string? ClientSecret { get; set; } public string? Name { get; set; } }

            class C
            {
                private const string ApiKey = {|#0:"{{Random32}}"|};
                private static readonly string dbPassword = {|PSF1005:"{{Password}}"|};
                public string AccessToken { get; } = {|PSF1005:"{{Random32}}"|};
                string GetSigningKey() => {|PSF1005:"{{Random32}}"|};

                void M(HttpClient client)
                {
                    var options = new Options { ClientSecret = {|PSF1005:"{{Random32}}"|}, Name = "{{Random32}}" };
                    var credential = new NetworkCredential("app", {|PSF1005:"{{Password}}"|});
                    var settings = new Dictionary<string, string> { ["Password"] = {|PSF1005:"{{Password}}"|} };
                    var more = new Dictionary<string, string> { { "ApiKey", {|PSF1005:"{{Random32}}"|} } };
                    settings["client_secret"] = {|PSF1005:"{{Random32}}"|};
                    client.DefaultRequestHeaders.Add("Authorization", {|PSF1005:"Bearer {{Random32}}"|});
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", {|PSF1005:"{{Random32}}"|});
                    var anonymous = new { Token = {|PSF1005:"{{Random32}}"|} };
                }
            }
            """;

        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(RuleIds.GenericSecret).WithLocation(0).WithArguments("ApiKey", Random32.Substring(0, 4) + "… (32 characters)"));
    }

    [Fact]
    public async Task Names_a_value_after_the_member_a_switch_arm_conditional_or_return_belongs_to()
    {
        var source = $$"""
            class C
            {
                string GetApiKey(string environment) => environment switch
                {
                    "prod" => {|PSF1005:"{{Random32}}"|},
                    _ => "",
                };

                string ClientSecret
                {
                    get { return true ? {|PSF1005:"{{Password}}"|} : ""; }
                }

                string GetDisplayName() => "{{Random32}}";
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_secrets_in_attributes_collections_comparisons_switches_and_tuples()
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;

            sealed class ApiKeyAttribute : Attribute { public ApiKeyAttribute(string value) { } }

            class Options { public List<string> AllowedKeys { get; } = new(); }

            [ApiKey({|PSF1005:"{{Random32}}"|})]
            class Controller
            {
                static readonly Dictionary<string, string> Settings = new()
                {
                    { "Search:AdminKey", {|PSF1005:"{{FakeSecrets.Alnum(32, 41)}}"|} },
                    { "Search:Endpoint", "https://contoso.search.windows.net" },
                };

                static readonly string[] ApiKeys = [{|PSF1005:"{{FakeSecrets.Alnum(32, 42)}}"|}];

                Options Configure() => new Options { AllowedKeys = { {|PSF1005:"{{FakeSecrets.Alnum(32, 43)}}"|} } };

                bool IsValidApiKey(string presented) => presented == {|PSF1005:"{{FakeSecrets.Alnum(32, 44)}}"|};

                bool Check(string presentedToken) => string.Equals(presentedToken, {|PSF1005:"{{FakeSecrets.Alnum(32, 45)}}"|}, StringComparison.Ordinal);

                bool CheckPassword(string candidate) => candidate.Equals({|PSF1005:"{{Password}}"|});

                string ApiKey
                {
                    get => Environment.MachineName switch
                    {
                        "prod" => {|PSF1005:"{{FakeSecrets.Alnum(32, 46)}}"|},
                        _ => "",
                    };
                }

                static string ApiKeyFor(string environment) => environment switch
                {
                    "prod" => {|PSF1005:"{{FakeSecrets.Alnum(32, 47)}}"|},
                    _ => "",
                };

                void Tuples()
                {
                    (string User, string Password) admin = ("admin", {|PSF1005:"{{FakeSecrets.Alnum(20, 48)}}"|});
                    var (user, password) = ("operator", {|PSF1005:"{{FakeSecrets.Alnum(20, 49)}}"|});
                    var logins = new List<(string Name, string Password)> { ("svc", {|PSF1005:"{{FakeSecrets.Alnum(20, 50)}}"|}) };
                    var form = new[] { ("grant_type", "client_credentials"), ("client_secret", {|PSF1005:"{{FakeSecrets.Alnum(32, 55)}}"|}) };
                    var pair = new KeyValuePair<string, string>("api_key", {|PSF1005:"{{FakeSecrets.Alnum(32, 56)}}"|});
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Ignores_look_alikes_of_those_contexts()
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;

            sealed class RouteAttribute : Attribute { public RouteAttribute(string template) { } }

            class Options { public List<string> AllowedKeys { get; } = new(); public List<string> Tags { get; } = new(); }

            [Route("api/keys/{id}")]
            class Controller
            {
                static readonly Dictionary<string, string> Settings = new() { { "Search:IndexName", "{{Random32}}" } };
                static readonly string[] KnownCommands = ["{{Random32}}"];

                Options Configure() => new Options { AllowedKeys = { "Name", "Email", "X-Correlation-Id" }, Tags = { "{{Random32}}" } };

                bool IsAdmin(string role) => role == "Administrator";
                bool IsValidApiKey(string presented) => presented == "";
                bool Matches(string etag) => etag == "{{Random32}}";
                bool SameOrder(string orderId) => string.Equals(orderId, "{{Random32}}", StringComparison.Ordinal);
                bool ValidateToken(Options response) => response.Tags.Count == 1 && response.Tags[0] == "{{Random32}}";

                static string Region(string environment) => environment switch { "prod" => "{{Random32}}", _ => "" };

                void Tuples()
                {
                    (string Name, string Sku) product = ("Widget", "{{Random32}}");
                    var (user, password) = ("operator", "changeme");
                }
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_a_generated_key_under_a_vendors_key_name_but_not_keys_that_are_places_in_data()
    {
        var source = $$"""
            class Settings
            {
                const string FastlyKey = {|PSF1005:"{{FakeSecrets.Alnum(32, 71)}}"|};
                const string PartitionKey = "{{FakeSecrets.Alnum(32, 72)}}";
                const string CacheKey = "{{FakeSecrets.Alnum(32, 73)}}";
                const string ThumbnailFileKey = "d41d8cd98f00b204e9800998ecf8427e";
                const string WeatherKey = "Weather.Forecast.Default";
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reads_formats_held_inside_a_string_and_reports_each_secret_where_it_is()
    {
        var source = $$""""
            class C
            {
                const string Search = {|PSF1004:"https://contoso.search.windows.net/indexes/orders/docs?api-version=2023-11-01&api-key={{FakeSecrets.Alnum(32, 51)}}"|};
                const string Redis = {|PSF1005:"redis-server --port 6380 --requirepass {{Password}}"|};
                const string MySql = {|PSF1005:"mysqldump -u backup -p{{Password}} shop"|};
                const string Json = {|PSF1005:"{\"name\":\"orders\",\"clientSecret\":\"{{FakeSecrets.Alnum(32, 52)}}\"}"|};
                const string Xml = {|PSF1005:"<add key=\"Stripe:ApiKey\" value=\"{{FakeSecrets.Alnum(32, 53)}}\" />"|};

                string Env = """
                    ASPNETCORE_ENVIRONMENT=Production
                    LOG_LEVEL=info
                    SMTP_PASSWORD={|PSF1005:{{FakeSecrets.Alnum(24, 54)}}|}
                    """;

                string Verbatim = @"[smtp]
            host = mail.contoso.com
            token = {|PSF1002:{{GitHubToken}}|}
            ";
            }
            """";

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Ignores_look_alikes_of_formats_inside_strings()
    {
        var source = $$""""
            class C
            {
                const string Docs = "https://contoso.search.windows.net/indexes/orders/docs?api-version=2023-11-01&search=*";
                const string Cli = "dotnet nuget push app.nupkg --api-key $NUGET_API_KEY --source https://api.nuget.org/v3/index.json";
                const string Prompt = "mysql -u root -p shop";
                const string Json = "{\"name\":\"orders\",\"tokenEndpoint\":\"https://login.contoso.com/oauth2/token\"}";
                const string Help = "--password=<password>  the password to use";
                const string Template = "SMTP_PASSWORD=${SMTP_PASSWORD}";
                const string Swagger = @"JWT Authorization header using the Bearer scheme.
                      Example: 'Bearer 12345abcdef'";

                string Env = """
                    ASPNETCORE_ENVIRONMENT=Production
                    SMTP_PASSWORD=
                    CACHE_KEY={{Random32}}
                    """;
            }
            """";

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Reports_an_AWS_secret_access_key_under_its_name()
    {
        var source = $$"""
            class C
            {
                const string AwsSecretAccessKey = {|PSF1002:"{{FakeSecrets.AwsSecretAccessKey()}}"|};
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Ignores_the_traps()
    {
        var source = $$"""
            using System;
            using System.Text.RegularExpressions;

            class C
            {
                const string Password1 = "changeme";
                const string ApiKey = "<your-key>";
                const string ApiKey2 = "YOUR_API_KEY";
                const string Token = "${GITHUB_TOKEN}";
                const string Token2 = "%GITHUB_TOKEN%";
                const string Secret = "{0}";
                const string Secret2 = "xxxxxxxxxxxxxxxx";
                const string Secret3 = "****************";
                const string Empty = "";
                const string PasswordPrompt = "Enter your password";
                const string PasswordHash = "{{FakeSecrets.Hex(64)}}";
                const string PasswordResetUrl = "https://contoso.com/reset?token=abc";
                const string ClientId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
                const string Sha256 = "{{FakeSecrets.Hex(64, 3)}}";
                const string AccessKeyId = "AKIA" + "IOSFODNN7EXAMPLE";
                const string AwsSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY";
                static readonly Regex TokenPattern = new Regex("^gh[pousr]_[A-Za-z0-9]{36}$");
                const string TokenRegex = @"ghp_[A-Za-z0-9]{36}";
                const string PasswordResourceKey = "Login_Password";
                const string LocalDb = "Server=(localdb)\\mssqllocaldb;Database=Shop;Trusted_Connection=True;";
                const string Integrated = "Data Source=localhost;Initial Catalog=Shop;Integrated Security=SSPI";

                string FromEnvironment() => Environment.GetEnvironmentVariable("API_KEY") ?? "";
                string FromConfig(System.Collections.Generic.IDictionary<string, string> config) => config["ClientSecret"];
                string Name => "{{Random32}}";
            }
            """;

        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Extra_secret_words_and_the_allow_list_come_from_editorconfig()
    {
        var source = $$"""
            class C
            {
                const string DevicePin = {|PSF1005:"{{Random32}}"|};
                const string Token = "{{GitHubToken}}";
            }
            """;

        await Verify.VerifyAsync(
            source,
            "pipeline_security.secrets.extra_secret_words = pin, otp\n"
            + "pipeline_security.secrets.allowed_values = ghp_*\n");
    }

    [Fact]
    public async Task The_entropy_threshold_comes_from_editorconfig()
    {
        const string Source = """
            class C
            {
                const string ApiKey = {|PSF1005:"abcd1234abcd1234"|};
            }
            """;

        await Verify.VerifyAsync(Source);
        await Verify.VerifyAsync(Source.Replace("{|PSF1005:", "").Replace("|}", ""), "pipeline_security.PSF1005.min_entropy = 3.5\n");
    }

    [Fact]
    public async Task Test_projects_can_lower_the_severity()
    {
        var source = $$"""
            class C
            {
                const string Token = {|#0:"{{GitHubToken}}"|};
            }
            """;
        var test = new Verify.Test { TestCode = source };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\npipeline_security.secrets.test_project_severity = suggestion\n"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(RuleIds.ProviderToken).WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
            .WithArguments("GitHub personal access token", GitHubToken.Substring(0, 4) + "… (40 characters)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Skips_generated_code_by_default_and_scans_it_on_request()
    {
        var source = $$"""
            // <auto-generated/>
            class Settings
            {
                const string Token = "{{GitHubToken}}";
            }
            """;

        await Verify.VerifyAsync(source);
        await Verify.VerifyAsync(source.Replace("\"" + GitHubToken + "\"", "{|PSF1002:\"" + GitHubToken + "\"|}"), "pipeline_security.analyze_generated_code = true\n");
    }

    [Fact]
    public async Task Is_suppressed_by_pragma()
    {
        var source = $$"""
            class C
            {
            #pragma warning disable PSF1002 // test fixture
                const string Token = "{{GitHubToken}}";
            #pragma warning restore PSF1002
            }
            """;

        await Verify.VerifyAsync(source);
    }
}
