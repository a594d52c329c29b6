using System;
using System.Linq;
using System.Text;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Checks;
using PipelineSecurity.Build.Policy.Json;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

public sealed class PolicyFileParserTests
{
    private static PolicyDocument Parse(string json) => PolicyFileParser.Parse("/repo/pipeline-security.json", Encoding.UTF8.GetBytes(json));

    private static PolicyError SingleError(string json)
    {
        var failure = Assert.Throws<PolicyFileException>(() => Parse(json));
        return Assert.Single(failure.Errors);
    }

    [Fact]
    public void Reads_every_section_of_a_complete_policy()
    {
        var policy = Parse("""
            {
              "$schema": "./pipeline-security.schema.json",
              "version": 1,
              "mode": "enforce",
              // comments and trailing commas are fine: people edit this file by hand
              "packages": {
                "denied": [ { "id": "Newtonsoft.*", "versions": "[, 13.0.1)", "reason": "GHSA-5crp" }, "BouncyCastle" ],
                "allowed": [ "Microsoft.*", { "id": "Serilog", "versions": "4.0.0" } ],
              },
              "licenses": { "allowed": ["MIT", "Apache-2.0 WITH LLVM-exception"], "denied": ["GPL-3.0-only"], "unknown": "deny" },
              "advisories": { "database": "advisories/osv", "severity": "high", "useNuGetAudit": false },
              "signatures": { "required": "author", "trustedAuthors": ["AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99"], "trustedRepositories": [] },
              "lockFile": { "required": true },
              "sbom": { "enabled": false },
              "analyzers": { "enforce": false },
              "exceptions": [
                { "package": "Newtonsoft.Json", "versions": "[12.0.3]", "justification": "pinned by vendor SDK", "owner": "team-a", "expires": "2027-01-31" },
                { "rule": "PSF1001", "path": "tests/**/*.cs", "justification": "test keys", "owner": "team-b", "expires": "2026-12-31" }
              ]
            }
            """);

        Assert.Equal(PolicyMode.Enforce, policy.Mode);
        Assert.Equal(2, policy.Packages.Denied.Count);
        Assert.True(policy.Packages.Denied[0].Matches("newtonsoft.json", NuGet.Versioning.NuGetVersion.Parse("12.0.3")));
        Assert.False(policy.Packages.Denied[0].Matches("Newtonsoft.Json", NuGet.Versioning.NuGetVersion.Parse("13.0.1")));
        Assert.Equal(2, policy.Packages.Allowed!.Count);
        Assert.Equal(UnknownLicenseAction.Deny, policy.Licenses!.Unknown);
        Assert.Equal("Apache-2.0 WITH LLVM-exception", policy.Licenses.Allowed![1].Expression.ToString());
        Assert.EndsWith("/repo/advisories/osv".Replace('/', System.IO.Path.DirectorySeparatorChar), policy.Advisories!.DatabasePath);
        Assert.Equal(AdvisorySeverity.High, policy.Advisories.MinimumSeverity);
        Assert.False(policy.Advisories.UseNuGetAudit);
        Assert.Equal("author", policy.Integrity.RequiredSignature);
        Assert.Equal(new string('A', 2) + "BBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899", Assert.Single(policy.Integrity.TrustedAuthors!));
        Assert.Empty(policy.Integrity.TrustedRepositories!);
        Assert.True(policy.Integrity.RequireLockFile);
        Assert.False(policy.Integrity.SbomEnabled);
        Assert.False(policy.Analyzers.Enforce);
        Assert.Equal(2, policy.Exceptions.Count);
        Assert.Equal(new DateTime(2027, 1, 31), policy.Exceptions[0].Expires);
        Assert.Equal(new TextPosition(17, 5), policy.Exceptions[0].Position);
    }

    [Fact]
    public void A_minimal_policy_audits_and_sets_no_requirement()
    {
        var policy = Parse("""{ "version": 1 }""");

        Assert.Equal(PolicyMode.Audit, policy.Mode);
        Assert.Empty(policy.Packages.Denied);
        Assert.Null(policy.Packages.Allowed);
        Assert.Null(policy.Licenses);
        Assert.Null(policy.Advisories);
        Assert.Null(policy.Integrity.RequiredSignature);
        Assert.Null(policy.Integrity.RequireLockFile);
        Assert.True(policy.Analyzers.Enforce);
        Assert.Empty(policy.Exceptions);
    }

    [Fact]
    public void An_unknown_key_is_an_error_at_its_line_and_column_with_a_suggestion()
    {
        var error = SingleError("{\n  \"version\": 1,\n  \"Mode\": \"enforce\"\n}");

        Assert.Equal(new TextPosition(3, 3), error.Position);
        Assert.Contains("unknown key 'Mode'", error.Message);
        Assert.Contains("did you mean 'mode'?", error.Message);
    }

    [Fact]
    public void A_misspelt_nested_key_lists_the_keys_that_exist()
    {
        var error = SingleError("{ \"version\": 1, \"licenses\": { \"allow\": [\"MIT\"] } }");

        Assert.Equal(new TextPosition(1, 31), error.Position);
        Assert.Contains("the keys are: allowed, denied, unknown", error.Message);
    }

    [Theory]
    [InlineData("{ \"version\": 1, \"mode\": true }", 1, 25, "'mode' must be one of \"audit\", \"enforce\", not a boolean")]
    [InlineData("{ \"version\": 1, \"mode\": \"strict\" }", 1, 25, "not \"strict\"")]
    [InlineData("{ \"version\": \"1\" }", 1, 14, "'version' must be the number 1")]
    [InlineData("{ \"version\": 2 }", 1, 14, "this PipelineSecurity reads version 1")]
    [InlineData("{ \"version\": 1, \"packages\": [] }", 1, 29, "'packages' must be an object, not an array")]
    [InlineData("{ \"version\": 1, \"packages\": { \"denied\": \"Foo\" } }", 1, 41, "'packages.denied' must be an array, not a string")]
    [InlineData("{ \"version\": 1, \"lockFile\": { \"required\": \"yes\" } }", 1, 43, "'lockFile.required' must be true or false, not a string")]
    [InlineData("{ \"version\": 1, \"advisories\": { \"severity\": \"medium\" } }", 1, 45, "must be one of \"low\", \"moderate\", \"high\", \"critical\"")]
    [InlineData("{ \"version\": 1, \"signatures\": { \"trustedAuthors\": [\"ABC\"] } }", 1, 52, "not a SHA-256 certificate fingerprint")]
    [InlineData("{ \"version\": 1, \"signatures\": { \"trustedRepositories\": [\"nuget|\"] } }", 1, 57, "is not a trusted repository")]
    public void A_wrong_type_or_value_is_an_error_at_the_value(string json, int line, int column, string expected)
    {
        var error = SingleError(json);

        Assert.Equal(new TextPosition(line, column), error.Position);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_bad_version_range_is_an_error_that_shows_the_syntax()
    {
        var error = SingleError("""{ "version": 1, "packages": { "denied": [ { "id": "A", "versions": "[2.0, 1.0" } ] } }""");

        Assert.Equal(new TextPosition(1, 68), error.Position);
        Assert.Contains("'[2.0, 1.0' is not a NuGet version range", error.Message);
        Assert.Contains("[1.0.0, 2.0.0)", error.Message);
    }

    [Fact]
    public void A_bad_package_id_and_a_bad_licence_are_both_reported()
    {
        var failure = Assert.Throws<PolicyFileException>(() => Parse("""{ "version": 1, "packages": { "denied": [ "Foo Bar" ] }, "licenses": { "denied": ["MIT AND"] } }"""));

        Assert.Equal(2, failure.Errors.Count);
        Assert.Contains("'Foo Bar' is not a package id", failure.Errors[0].Message);
        Assert.Contains("'MIT AND' is not an SPDX licence id or expression (a licence id is missing", failure.Errors[1].Message);
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("31/12/2026")]
    [InlineData("2026-12-31T00:00:00Z")]
    [InlineData("")]
    public void A_bad_expiry_date_is_an_error_at_the_date(string date)
    {
        var error = SingleError($$"""{ "version": 1, "exceptions": [ { "package": "A", "justification": "j", "owner": "o", "expires": "{{date}}" } ] }""");

        Assert.Equal(new TextPosition(1, 98), error.Position);
        Assert.Contains("is not a date: write it as YYYY-MM-DD", error.Message);
    }

    [Fact]
    public void An_exception_must_name_what_it_excuses_and_who_owns_it_until_when()
    {
        var failure = Assert.Throws<PolicyFileException>(() => Parse("""
            { "version": 1, "exceptions": [
              { "justification": "j", "owner": "o", "expires": "2026-12-31" },
              { "package": "A" },
              { "package": "A", "justification": " ", "owner": "o", "expires": "2026-12-31" },
              { "rule": "CA1001", "justification": "j", "owner": "o", "expires": "2026-12-31" },
              { "advisory": "GHSA-x", "path": "src/**", "versions": "1.0", "justification": "j", "owner": "o", "expires": "2026-12-31" }
            ] }
            """));

        var messages = failure.Errors.Select(e => $"{e.Position.Line}: {e.Message}").ToArray();
        Assert.Contains(messages, m => m.StartsWith("2: an exception must name what it excuses", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("3: an exception has no 'justification'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("3: an exception has no 'owner'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("3: an exception has no 'expires' date", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("4: 'justification' is empty", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("5: 'CA1001' is not a PipelineSecurity rule id", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("6: 'versions' needs a 'package'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("6: 'path' needs a 'rule'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_duplicate_key_is_an_error_not_a_silent_override()
    {
        var error = SingleError("{ \"version\": 1, \"mode\": \"audit\", \"mode\": \"enforce\" }");

        Assert.Equal(new TextPosition(1, 34), error.Position);
        Assert.Contains("'mode' appears twice", error.Message);
    }

    [Fact]
    public void A_missing_version_is_an_error()
    {
        Assert.Contains("'version' is missing", SingleError("{ \"mode\": \"audit\" }").Message);
    }

    [Theory]
    [InlineData("{ \"version\": 1,\n  \"mode\": \"audit\"\n  \"packages\": {} }", 3, 3)]
    [InlineData("{ \"version\": 1 } { }", 1, 18)]
    [InlineData("", 1, 1)]
    [InlineData("{ \"version\": 1, ", 1, 17)]
    public void Invalid_json_is_an_error_at_the_reader_position(string json, int line, int column)
    {
        var error = SingleError(json);

        Assert.StartsWith("not valid JSON", error.Message);
        Assert.Equal(new TextPosition(line, column), error.Position);
    }

    [Fact]
    public void Binary_garbage_and_hostile_nesting_are_errors_not_crashes()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        Assert.StartsWith("not valid JSON", Assert.Single(Assert.Throws<PolicyFileException>(() => PolicyFileParser.Parse("p.json", garbage)).Errors).Message);

        var deep = new string('[', 100_000);
        Assert.StartsWith("not valid JSON", SingleError(deep).Message);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var error = SingleError("{ \"version\": 1, \"packages\": { \"denied\": [ { \"id\": \"A\", \"reason\": \"é€\", \"x\": 1 } ] } }");

        Assert.Equal(new TextPosition(1, 72), error.Position);
    }

    [Fact]
    public void A_missing_or_oversized_file_is_an_error_too()
    {
        using var temp = new TemporaryDirectory();
        Assert.Contains("does not exist", Assert.Single(Assert.Throws<PolicyFileException>(() => PolicyFileParser.Load(temp.Combine("none.json"))).Errors).Message);

        var big = temp.Combine("big.json");
        System.IO.File.WriteAllText(big, "{\"version\":1,\"$schema\":\"" + new string('x', 1_100_000) + "\"}");
        var tooLarge = Assert.Throws<PipelineSecurity.Build.Infrastructure.InputRefusedException>(() => PolicyFileParser.Load(big));
        Assert.Equal("PSF0012", tooLarge.Code);
        Assert.Contains("PipelineSecurityPolicyFileMaxBytes", tooLarge.Message);
    }
}
