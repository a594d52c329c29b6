using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Json;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

/// <summary>The policy rows of issue 12: odd files where the policy belongs, huge one-line policies, bytes that are not UTF-8.</summary>
[Collection(TimingCollection.Name)]
public sealed class HostilePolicyInputTests
{
    /// <summary>A generated deny list on one line: 65,000 entries of 4 tokens each (about 260,000 tokens, under the 1 MiB cap).</summary>
    internal static byte[] OneLineDenyList(int entries)
    {
        var json = new StringBuilder("{\"version\":1,\"packages\":{\"denied\":[");
        for (var i = 0; i < entries; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"id\":\"P").Append(i).Append("\"}");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}}").ToString());
    }

    [Fact]
    public void A_one_line_policy_of_260k_tokens_is_read_in_well_under_a_second()
    {
        var bytes = OneLineDenyList(65_000);
        Assert.True(bytes.Length < 1024 * 1024);
        PositionedJsonReader.Read(bytes); // warm-up: JIT

        var watch = Stopwatch.StartNew();
        var root = (JsonObjectNode)PositionedJsonReader.Read(bytes);
        var elapsed = watch.Elapsed;

        var denied = (JsonArrayNode)((JsonObjectNode)root.Properties[1].Value).Properties[0].Value;
        Assert.Equal(65_000, denied.Items.Count);
        Assert.Equal(new TextPosition(1, bytes.Length - 3 - ("{\"id\":\"P64999\"}".Length - 1)), denied.Items[^1].Position);
        // Was minutes (each token's column found by rescanning the line); the bound is generous for a shared CI core.
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"reading took {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void The_whole_policy_parse_of_a_260k_token_line_is_fast_too()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Combine("pipeline-security.json");
        File.WriteAllBytes(path, OneLineDenyList(65_000));

        var watch = Stopwatch.StartNew();
        var policy = PolicyFileParser.Load(path);

        Assert.NotNull(policy.Packages);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"parsing took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Invalid_utf8_is_PSF6001_at_its_position()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n  \"version\": 1,\n  \"mode\": \"au?dit\"\n}");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;

        var invalid = Assert.Throws<PolicyFileException>(() => PolicyFileParser.Parse("pipeline-security.json", bytes));

        var error = Assert.Single(invalid.Errors);
        Assert.Equal(new TextPosition(3, 14), error.Position);
        Assert.Contains("not UTF-8", error.Message);
        var diagnostic = Assert.Single(PolicyGate.PolicyErrors(invalid));
        Assert.Equal(BuildDiagnosticIds.PolicyFileInvalid, diagnostic.Code);
        Assert.Equal(3, diagnostic.Line);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // UTF-16 surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // beyond U+10FFFF
    [InlineData(new byte[] { 0xE2, 0x82 })] // truncated
    public void Every_kind_of_malformed_utf8_is_caught(byte[] sequence)
    {
        var bytes = Encoding.UTF8.GetBytes("{\"version\":1,\"mode\":\"").Concat(sequence).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        var error = Assert.Single(Assert.Throws<PolicyFileException>(() => PolicyFileParser.Parse("p.json", bytes)).Errors);
        Assert.Equal(new TextPosition(1, 22), error.Position);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_a_syntax_error_not_a_crash()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"version\":1,\"mode\":\"\\uD800\"}");

        var error = Assert.Single(Assert.Throws<PolicyFileException>(() => PolicyFileParser.Parse("p.json", bytes)).Errors);
        Assert.Equal(new TextPosition(1, 21), error.Position);
    }

    [Fact]
    public void Valid_non_ascii_text_still_reads()
    {
        var policy = PolicyFileParser.Parse("p.json", Encoding.UTF8.GetBytes("{\"version\":1,\"packages\":{\"denied\":[{\"id\":\"A\",\"reason\":\"é€😀\"}]}}"));

        Assert.NotNull(policy.Packages);
    }

    [Fact]
    public void A_policy_path_that_is_a_fifo_fails_the_read_task_at_once_with_PSF0010()
    {
        if (!HostileFiles.HasFifos)
        {
            return;
        }

        using var temp = new TemporaryDirectory();
        var fifo = HostileFiles.MakeFifo(temp.Combine("pipeline-security.json"));

        var error = RunReadTask(fifo);

        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, error.Code);
        Assert.Equal(fifo, error.File);
    }

    [Fact]
    public void A_policy_path_linked_to_dev_zero_fails_with_PSF0010_not_out_of_memory()
    {
        if (!File.Exists(HostileFiles.EndlessDevice))
        {
            return;
        }

        using var temp = new TemporaryDirectory();
        var link = HostileFiles.MakeSymbolicLink(temp.Combine("pipeline-security.json"), HostileFiles.EndlessDevice);

        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, RunReadTask(link).Code);
    }

    [Fact]
    public void A_directory_where_the_policy_belongs_is_an_error_not_silence()
    {
        using var temp = new TemporaryDirectory();
        var folder = Directory.CreateDirectory(temp.Combine("pipeline-security.json")).FullName;

        var error = RunReadTask(folder);

        Assert.Equal(BuildDiagnosticIds.InputNotRegularFile, error.Code);
        Assert.Contains("a directory", error.Message);
    }

    [Fact]
    public void A_policy_over_the_cap_names_the_property_and_the_property_raises_the_cap()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Combine("pipeline-security.json");
        File.WriteAllBytes(path, OneLineDenyList(80_000)); // about 1.3 MiB

        Assert.Equal(BuildDiagnosticIds.InputTooLarge, RunReadTask(path).Code);

        var engine = new RecordingBuildEngine();
        var task = new ReadPipelineSecurityPolicy { BuildEngine = engine, PolicyFile = path, InputLimits = "PipelineSecurityPolicyFileMaxBytes=4194304" };
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
    }

    private static Microsoft.Build.Framework.BuildErrorEventArgs RunReadTask(string policyFile)
    {
        var engine = new RecordingBuildEngine();
        var task = new ReadPipelineSecurityPolicy { BuildEngine = engine, PolicyFile = policyFile };
        var watch = Stopwatch.StartNew();

        Assert.False(task.Execute());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        return Assert.Single(engine.Errors);
    }
}
