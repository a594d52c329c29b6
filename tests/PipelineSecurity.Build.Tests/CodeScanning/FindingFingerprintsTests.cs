using System;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.CodeScanning;
using Xunit;

namespace PipelineSecurity.Build.Tests.CodeScanning;

public sealed class FindingFingerprintsTests
{
    private static readonly SourceRoot Root = new("/repo");

    private static ScanFinding Finding(string rule, string file, int line, string identity) =>
        new(rule, FindingLevel.Warning, "message", file, line, 5) { IdentityText = identity };

    [Fact]
    public void A_finding_keeps_its_fingerprint_when_lines_move_and_whitespace_changes()
    {
        var before = FindingFingerprints.Assign(new[] { Finding("PSF2001", "/repo/src/Http.cs", 10, "(a, b, c, d) => true") }, Root, null).Single();
        var after = FindingFingerprints.Assign(new[] { Finding("PSF2001", "/repo/src/Http.cs", 42, "(a, b,\n    c, d)   =>  true") }, Root, null).Single();

        Assert.Equal(before.Fingerprint, after.Fingerprint);
        Assert.Matches("^[0-9a-f]{32}:1$", before.Fingerprint);
    }

    [Fact]
    public void Rule_path_identity_and_key_each_change_the_fingerprint()
    {
        string Of(ScanFinding finding, string? key = null) => FindingFingerprints.Assign(new[] { finding }, Root, key).Single().Fingerprint!;
        var reference = Of(Finding("PSF2001", "/repo/src/Http.cs", 1, "x => true"));

        Assert.NotEqual(reference, Of(Finding("PSF2002", "/repo/src/Http.cs", 1, "x => true")));
        Assert.NotEqual(reference, Of(Finding("PSF2001", "/repo/src/Other.cs", 1, "x => true")));
        Assert.NotEqual(reference, Of(Finding("PSF2001", "/repo/src/Http.cs", 1, "x => false")));
        Assert.NotEqual(reference, Of(Finding("PSF2001", "/repo/src/Http.cs", 1, "x => true"), key: "team secret"));
    }

    [Fact]
    public void Identical_findings_in_a_file_are_numbered_in_file_order_and_survive_moves_together()
    {
        var findings = new[] { Finding("PSF2043", "/repo/Program.cs", 16, "false"), Finding("PSF2043", "/repo/Program.cs", 15, "false") };

        var assigned = FindingFingerprints.Assign(findings, Root, null);

        Assert.EndsWith(":2", assigned[0].Fingerprint);
        Assert.EndsWith(":1", assigned[1].Fingerprint);
        var moved = FindingFingerprints.Assign(findings.Select(f => f with { StartLine = f.StartLine + 7 }).ToArray(), Root, null);
        Assert.Equal(assigned.Select(f => f.Fingerprint), moved.Select(f => f.Fingerprint));
    }

    [Fact]
    public void A_rotated_secret_at_the_same_place_is_a_new_finding()
    {
        // The region of a secret finding is the literal holding it: a new value there is not the baselined finding.
        var first = "\"ghp_" + new string('a', 36) + "\"";
        var second = "\"ghp_" + new string('b', 36) + "\"";

        var fingerprints = new[] { first, second }
            .Select(value => FindingFingerprints.Assign(new[] { Finding("PSF1002", "/repo/a.cs", 3, value) }, Root, null).Single().Fingerprint)
            .ToArray();

        Assert.NotEqual(fingerprints[0], fingerprints[1]);
    }

    [Fact]
    public void Without_an_identity_the_message_is_used_and_paths_outside_the_root_stay_absolute()
    {
        var finding = new ScanFinding("PSF6005", FindingLevel.Error, "Package A has GHSA-1", "/elsewhere/a.csproj", 0, 0);

        Assert.Equal("/elsewhere/a.csproj", Root.Relative(finding.File));
        Assert.NotNull(FindingFingerprints.Assign(new[] { finding }, Root, null).Single().Fingerprint);
    }

    [Theory]
    [InlineData("  a \t b\r\n c  ", "a b c")]
    [InlineData("", "")]
    [InlineData("x", "x")]
    public void Normalize_collapses_whitespace(string text, string expected) => Assert.Equal(expected, FindingFingerprints.Normalize(text));
}
