using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PipelineSecurity.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = PipelineSecurity.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<
    PipelineSecurity.Analyzers.Configuration.Files.ConfigurationFileAnalyzer>;

namespace PipelineSecurity.Analyzers.Tests.Configuration.Files;

public sealed class ConfigurationFileAnalyzerTests
{
    [Fact]
    public async Task Reports_insecure_web_config_settings_at_the_value()
    {
        var config = """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <connectionStrings>
                <add name="Shop" connectionString="{|PSF2005:Data Source=sql.contoso.com;Initial Catalog=Shop;Integrated Security=True;TrustServerCertificate=True|}" />
                <add name="Reports" connectionString="{|PSF2005:Server=reports;Database=R;Integrated Security=SSPI;Encrypt=False|}" />
              </connectionStrings>
              <appSettings>
                <add key="PaymentsApi" value="{|#1:http://payments.contoso.com/api/|}" />
              </appSettings>
              <system.web>
                <customErrors mode="{|#0:Off|}" />
                <compilation debug="{|PSF2051:true|}" targetFramework="4.8" />
                <trace enabled="true" localOnly="{|PSF2051:false|}" />
                <httpCookies httpOnlyCookies="{|PSF2052:false|}" requireSSL="{|PSF2052:false|}" />
                <authentication mode="Forms">
                  <forms loginUrl="~/Account/Login" requireSSL="{|PSF2052:false|}" protection="{|PSF2052:None|}" />
                </authentication>
                <sessionState cookieless="{|PSF2052:UseUri|}" />
                <pages validateRequest="{|PSF2053:false|}" enableViewStateMac="{|PSF2053:false|}" />
                <httpRuntime requestValidationMode="{|PSF2053:2.0|}" />
                <machineKey validation="{|#2:MD5|}" decryption="{|PSF2054:3DES|}" />
              </system.web>
              <system.webServer>
                <httpErrors errorMode="{|PSF2051:Detailed|}" />
                <aspNetCore processPath="dotnet" arguments=".\Shop.dll">
                  <environmentVariables>
                    <environmentVariable name="ASPNETCORE_ENVIRONMENT" value="{|PSF2051:Development|}" />
                  </environmentVariables>
                </aspNetCore>
              </system.webServer>
              <system.net>
                <mailSettings>
                  <smtp from="shop@contoso.com">
                    <network host="smtp.contoso.com" port="587" enableSsl="{|PSF2006:false|}" />
                  </smtp>
                </mailSettings>
              </system.net>
              <system.serviceModel>
                <client>
                  <endpoint address="{|PSF2049:http://billing.contoso.com/Billing.svc|}" binding="basicHttpBinding" contract="IBilling" />
                </client>
              </system.serviceModel>
            </configuration>
            """;
        await RunAsync(
            "/0/web.config",
            config,
            Verify.Diagnostic("PSF2051").WithLocation(0).WithArguments("customErrors mode=\"Off\"", "set mode=\"RemoteOnly\" (or \"On\") with a defaultRedirect error page"),
            Verify.Diagnostic("PSF2049").WithLocation(1).WithArguments("http://payments.contoso.com", "https"),
            Verify.Diagnostic("PSF2054").WithLocation(2).WithArguments("validation", "MD5"));
    }

    [Fact]
    public async Task Secure_and_default_web_config_settings_are_not_reported()
    {
        var config = """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">
              <!-- <customErrors mode="Off" /> was used while debugging the payment page -->
              <connectionStrings>
                <add name="Shop" connectionString="Server=tcp:shop.database.windows.net,1433;Database=Shop;Authentication=Active Directory Default;Encrypt=True;TrustServerCertificate=False" />
              </connectionStrings>
              <appSettings>
                <add key="LocalApi" value="http://localhost:5000/api" />
                <add key="Docs" value="http://www.example.com/docs" />
                <add key="Api" value="https://api.contoso.com" />
                <add key="Greeting" value="Visit http://contoso.com today" />
                <add key="ClientValidationEnabled" value="true" />
              </appSettings>
              <system.web>
                <customErrors mode="RemoteOnly" defaultRedirect="~/Error" />
                <compilation debug="false" targetFramework="4.8" />
                <trace enabled="true" />
                <trace enabled="false" localOnly="false" />
                <httpCookies httpOnlyCookies="true" requireSSL="true" />
                <authentication mode="Forms"><forms requireSSL="true" protection="All" /></authentication>
                <pages validateRequest="true" />
                <httpRuntime requestValidationMode="4.5" targetFramework="4.8" />
                <machineKey validation="HMACSHA256" decryption="AES" />
              </system.web>
              <system.webServer>
                <httpErrors errorMode="DetailedLocalOnly" />
                <aspNetCore processPath="dotnet">
                  <environmentVariables>
                    <environmentVariable name="ASPNETCORE_ENVIRONMENT" value="Production" />
                  </environmentVariables>
                </aspNetCore>
              </system.webServer>
            </configuration>
            """;
        await RunAsync("/0/web.config", config);
    }

    [Fact]
    public async Task NuGet_and_package_files_are_not_configuration_of_the_app()
    {
        var nuget = """
            <configuration>
              <packageSources><add key="internal" value="http://nuget.contoso.com/v3/index.json" /></packageSources>
              <appSettings><add key="x" value="http://feed.contoso.com" /></appSettings>
            </configuration>
            """;
        await RunAsync("/0/nuget.config", nuget);
    }

    [Fact]
    public async Task Reports_insecure_appsettings_json_values()
    {
        var json = """
            {
              // Comments and trailing commas are allowed, as Microsoft.Extensions.Configuration allows them.
              "DetailedErrors": {|#0:true|},
              "Kestrel": {
                "Endpoints": {
                  "Public": { "Url": "{|PSF2049:http://shop.contoso.com:80|}" },
                  "Internal": { "Url": "http://*:8080" },
                  "Local": { "Url": "http://localhost:5000" },
                },
                "EndpointDefaults": { "SslProtocols": [ "{|PSF2003:Tls11|}", "Tls12" ] }
              },
              "Authentication": {
                "Schemes": {
                  "Bearer": {
                    "Authority": "{|PSF2049:http://login.contoso.com|}",
                    "RequireHttpsMetadata": {|PSF2046:false|},
                    "ValidateIssuer": {|#1:false|},
                    "ValidateLifetime": "{|PSF2043:false|}"
                  }
                }
              },
              "ConnectionStrings": {
                "Shop": "{|PSF2005:Host=db.contoso.com;Database=shop;Username=app;SSL Mode=Disable|}"
              },
              "IdentityModel": { "ShowPII": {|PSF2051:true|} },
              "Cookie": { "SecurePolicy": "{|PSF2052:None|}", "HttpOnly": {|PSF2052:false|} },
              "Smtp": { "Host": "smtp.contoso.com", "EnableSsl": {|PSF2006:false|} },
              "Services": { "Catalog": { "BaseUrl": "{|PSF2049:ws://catalog.contoso.com/live|}" } }
            }
            """;
        await RunAsync(
            "/0/appsettings.json",
            json,
            Verify.Diagnostic("PSF2051").WithLocation(0).WithArguments("DetailedErrors = true", "set it only in appsettings.Development.json"),
            Verify.Diagnostic("PSF2043").WithLocation(1).WithArguments("ValidateIssuer"));
    }

    [Fact]
    public async Task Secure_appsettings_json_values_are_not_reported()
    {
        var json = """
            {
              "$schema": "http://json.schemastore.org/appsettings.json",
              "Logging": { "LogLevel": { "Default": "Information" } },
              "AllowedHosts": "*",
              "DetailedErrors": false,
              "Urls": "http://+:80;http://0.0.0.0:8080",
              "Kestrel": { "EndpointDefaults": { "SslProtocols": "Tls12, Tls13" } },
              "Authentication": { "Schemes": { "Bearer": { "Authority": "https://login.contoso.com", "RequireHttpsMetadata": true, "ValidateIssuer": true } } },
              "ConnectionStrings": { "Shop": "Server=(localdb)\\mssqllocaldb;Database=Shop;Trusted_Connection=True;" },
              "Help": "Read http://contoso.com/help before changing these values",
              "Namespace": "http://schemas.contoso.com/2024",
              "SampleApi": "http://api.example.com/v1",
              "Features": [ true, false, "http://localhost:7071/api" ]
            }
            """;
        await RunAsync("/0/appsettings.json", json);
    }

    [Fact]
    public async Task Development_files_are_reported_as_suggestions_not_silenced()
    {
        var json = """{ "DetailedErrors": {|#0:true|}, "Jwt": { "RequireHttpsMetadata": {|#1:false|} } }""";
        await RunAsync(
            "/0/appsettings.Development.json",
            json,
            Verify.Diagnostic("PSF2051").WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("DetailedErrors = true", "set it only in appsettings.Development.json"),
            Verify.Diagnostic("PSF2046").WithLocation(1).WithSeverity(DiagnosticSeverity.Info));

        var transform = """<configuration><system.web><compilation debug="{|#0:true|}" /></system.web></configuration>""";
        await RunAsync(
            "/0/Web.Debug.config",
            transform,
            Verify.Diagnostic("PSF2051").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("compilation debug=\"true\"", "set debug=\"false\" for deployed sites (a Release transform removes it)"));
    }

    [Fact]
    public async Task Files_marked_development_only_or_opted_out_by_metadata()
    {
        var json = """{ "DetailedErrors": {|#0:true|} }""";
        var test = new Verify.Test(ReferenceProfile.AspNetCore80) { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add(("/0/appsettings.Staging.json", json));
        test.TestState.AdditionalFiles.Add(("/0/appsettings.Production.json", """{ "DetailedErrors": true }"""));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [/0/appsettings.Staging.json]
            build_metadata.AdditionalFiles.PipelineSecurityDevelopmentOnly = true

            [/0/appsettings.Production.json]
            build_metadata.AdditionalFiles.PipelineSecurityScan = false
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("PSF2051").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
            .WithArguments("DetailedErrors = true", "set it only in appsettings.Development.json"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Debug_compilation_removed_by_the_release_transform_is_a_suggestion()
    {
        var test = new Verify.Test(ReferenceProfile.AspNetCore80) { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add(("/0/Web.config", """
            <configuration>
              <system.web>
                <compilation debug="{|#0:true|}" targetFramework="4.8" />
                <customErrors mode="{|#1:Off|}" />
              </system.web>
            </configuration>
            """));
        test.TestState.AdditionalFiles.Add(("/0/Web.Release.config", """
            <configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">
              <system.web>
                <compilation xdt:Transform="RemoveAttributes(debug)" />
              </system.web>
            </configuration>
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("PSF2051").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
            .WithArguments("compilation debug=\"true\"", "set debug=\"false\" for deployed sites (a Release transform removes it)"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("PSF2051").WithLocation(1)
            .WithArguments("customErrors mode=\"Off\"", "set mode=\"RemoteOnly\" (or \"On\") with a defaultRedirect error page"));
        await test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("/0/web.config", "<configuration><system.web><customErrors mode=\"Off")]
    [InlineData("/0/web.config", "<configuration><system.web><customErrors mode='Off' <<< <!-- unclosed")]
    [InlineData("/0/web.config", "<?xml <![CDATA[ <customErrors mode=\"Off\" />")]
    [InlineData("/0/web.config", "\0\0\0binary<customErrors mode=\"Off\" />")]
    [InlineData("/0/appsettings.json", "{ \"DetailedErrors\": tru")]
    [InlineData("/0/appsettings.json", "{ \"a\": \"unterminated, \"DetailedErrors\" ")]
    [InlineData("/0/appsettings.json", "]]]}}}:::,,,\"\\u12")]
    [InlineData("/0/appsettings.json", "/* never closed { \"DetailedErrors\": true }")]
    public async Task Malformed_files_never_throw(string path, string content) =>
        await RunAsync(path, content);

    [Fact]
    public async Task Deep_nesting_and_large_files_stay_bounded()
    {
        var deep = new string('[', 100_000) + "{\"DetailedErrors\": true}" + new string(']', 100_000);
        await RunAsync("/0/appsettings.json", deep);

        var large = new StringBuilder("<configuration><appSettings>");
        for (var i = 0; i < 60_000; i++)
        {
            large.Append("<add key=\"k").Append(i).Append("\" value=\"https://api").Append(i).Append(".contoso.com\" />\n");
        }

        large.Append("</appSettings><system.web><customErrors mode=\"{|PSF2051:Off|}\" /></system.web></configuration>");
        await RunAsync("/0/web.config", large.ToString());
    }

    private static async Task RunAsync(string path, string content, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test(ReferenceProfile.AspNetCore80) { TestCode = "class C { }" };
        test.TestState.AdditionalFiles.Add((path, content));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }
}
