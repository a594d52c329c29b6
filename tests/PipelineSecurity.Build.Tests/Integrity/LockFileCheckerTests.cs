using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Integrity.LockFiles;
using PipelineSecurity.Build.Restore;
using Xunit;

namespace PipelineSecurity.Build.Tests.Integrity;

/// <summary>The lock-file check against a real restore and its real lock file, and edited copies of it.</summary>
public sealed class LockFileCheckerTests : IClassFixture<LockFileCheckerTests.Fixture>
{
    private readonly Fixture fixture;

    public LockFileCheckerTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture : IDisposable
    {
        internal RestoredConsumer Consumer { get; } = RestoredConsumer.Create();

        public void Dispose() => Consumer.Dispose();
    }

    private RestoredConsumer Consumer => fixture.Consumer;

    private System.Collections.Generic.IReadOnlyList<IntegrityFinding> Check(string lockFileText)
    {
        var path = Consumer.Combine("edited-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, lockFileText);
        return CheckFile(path, require: false);
    }

    private System.Collections.Generic.IReadOnlyList<IntegrityFinding> CheckFile(string path, bool require, Func<string, string, string?>? cachedHash = null) =>
        LockFileChecker.Check(new LockFileRequest(RestoredGraph.Read(Consumer.AssetsFile).Assets, path, require, cachedHash ?? ((_, _) => null)));

    private string LockText => File.ReadAllText(Consumer.LockFile);

    [Fact]
    public void The_lock_file_restore_wrote_agrees_with_restore_and_the_cache()
    {
        var assets = RestoredGraph.Read(Consumer.AssetsFile).Assets;
        var hashes = assets.Libraries.ToDictionary(l => IntegrityResult.Key(l.Name!, l.Version!.ToNormalizedString()), l => l.Sha512);

        Assert.Empty(CheckFile(Consumer.LockFile, require: true, (id, version) => hashes[IntegrityResult.Key(id, version)]));
    }

    [Fact]
    public void A_missing_lock_file_is_an_error_only_when_required_and_names_the_property()
    {
        var missing = Consumer.Combine("no-such", "packages.lock.json");

        Assert.Empty(CheckFile(missing, require: false));
        var finding = Assert.Single(CheckFile(missing, require: true));
        Assert.Equal(BuildDiagnosticIds.LockFileMissing, finding.Code);
        Assert.Contains("RestorePackagesWithLockFile", finding.Message);
        Assert.Contains("RestoreLockedMode", finding.Message);
    }

    [Fact]
    public void A_pinned_version_that_differs_from_restore_is_reported_at_its_line()
    {
        var edited = LockText.Replace("\"resolved\": \"4.2.0\"", "\"resolved\": \"4.1.0\"");

        var finding = Assert.Single(Check(edited));

        Assert.Equal(BuildDiagnosticIds.LockFileOutOfDate, finding.Code);
        Assert.Contains("Serilog 4.1.0", finding.Message);
        Assert.Equal(LineOf(edited, "\"Serilog\""), finding.Line);
    }

    [Fact]
    public void A_package_missing_from_or_extra_in_the_lock_file_is_reported()
    {
        var withoutSerilog = Regex.Replace(LockText, ",\\s*\"Serilog\": \\{[^}]*\\}", "");
        var withExtra = LockText.Replace("\"Serilog\": {", "\"Contoso.Extra\": { \"type\": \"Transitive\", \"resolved\": \"1.0.0\", \"contentHash\": \"AAAA\" },\n      \"Serilog\": {");

        Assert.Contains("does not pin", Assert.Single(Check(withoutSerilog)).Message);
        Assert.Contains("Contoso.Extra 1.0.0", Assert.Single(Check(withExtra)).Message);
    }

    [Fact]
    public void A_content_hash_that_differs_from_restore_or_from_the_cache_is_reported()
    {
        var hash = Regex.Match(LockText, "\"contentHash\": \"([^\"]+)\"").Groups[1].Value;
        var edited = LockText.Replace(hash, "x" + hash.Substring(1));

        Assert.Equal(BuildDiagnosticIds.LockFileOutOfDate, Assert.Single(Check(edited)).Code);
        var cacheMismatch = Assert.Single(CheckFile(Consumer.LockFile, false, (id, _) => id == RealPackages.AuthorSignedId ? "different" : null));
        Assert.Equal(BuildDiagnosticIds.LockFileContentHashMismatch, cacheMismatch.Code);
        Assert.Equal("Newtonsoft.Json", cacheMismatch.PackageId);
    }

    [Fact]
    public void A_floating_requested_version_is_a_warning()
    {
        var edited = LockText.Replace("\"requested\": \"[13.0.3, )\"", "\"requested\": \"13.*\"");

        var finding = Assert.Single(Check(edited));

        Assert.Equal(BuildDiagnosticIds.LockFileFloatingVersion, finding.Code);
        Assert.False(finding.IsError);
    }

    [Fact]
    public void A_target_the_lock_file_lacks_is_reported()
    {
        var edited = LockText.Replace("\"net10.0\"", "\"net8.0\"");

        var codes = Check(edited).Select(f => f.Code).Distinct().ToArray();

        Assert.Equal(new[] { BuildDiagnosticIds.LockFileOutOfDate }, codes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"version\": 1, \"dependencies\": { \"net10.0\": { \"Serilog\": ")]
    [InlineData("{ \"version\": 99, \"dependencies\": {} }")]
    [InlineData("{ \"version\": 1, \"dependencies\": { \"net10.0\": { \"Serilog\": { \"resolved\": 4 } } } }")]
    [InlineData("{ \"version\": 1, \"dependencies\": { \"not a framework!\": {} } }")]
    [InlineData("[1, 2, 3]")]
    public void A_malformed_lock_file_is_a_coded_error(string text)
    {
        var finding = Assert.Single(Check(text));

        Assert.Equal(BuildDiagnosticIds.LockFileUnreadable, finding.Code);
        Assert.True(finding.IsError);
    }

    [Fact]
    public void A_binary_lock_file_is_a_coded_error()
    {
        var path = Consumer.Combine("binary.lock.json");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 13)).ToArray());

        Assert.Equal(BuildDiagnosticIds.LockFileUnreadable, Assert.Single(CheckFile(path, require: false)).Code);
    }

    private static int LineOf(string text, string needle) =>
        text.Substring(0, text.IndexOf(needle, StringComparison.Ordinal)).Count(c => c == '\n') + 1;
}
