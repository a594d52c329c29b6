using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy;
using PipelineSecurity.Build.Policy.Advisories;
using PipelineSecurity.Build.Policy.Json;
using PipelineSecurity.Build.Tests.Infrastructure;
using Xunit;

namespace PipelineSecurity.Build.Tests.Policy;

/// <summary>
/// Random and mutated inputs for the two readers of user-supplied JSON, from a fixed seed: the only exceptions allowed
/// are the coded ones (<see cref="PolicyFileException"/> → PSF6001, <see cref="OsvDatabaseException"/> → PSF6009).
/// A failure prints the seed's case number and the input, so it can be replayed.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class PolicyAndAdvisoryFuzzTests
{
    private const int Seed = 20261204;

    private static readonly string[] Fragments =
    {
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\uD800", "\\uDFFF", "null", "true", "false", "-0", "1e999", "0.0000001",
        "\"version\"", "\"packages\"", "\"denied\"", "\"allowed\"", "\"versions\"", "\"[1.0,2.0)\"", "\"(,\"", "\"*\"", "\"?\"",
        "\"licenses\"", "\"MIT OR\"", "\"(Apache-2.0 AND\"", "\"WITH\"", "\"exceptions\"", "\"expires\"", "\"2026-02-30\"",
        "\"affected\"", "\"ranges\"", "\"events\"", "\"introduced\"", "\"fixed\"", "\"0\"", "\"last_affected\"", "\"limit\"",
        "\"ECOSYSTEM\"", "\"SEMVER\"", "\"ecosystem\"", "\"NuGet\"", "\"name\"", "\"id\"", "\"withdrawn\"", "/*", "*/", "//",
        "\n", "\r", "\t", " ", "\u00e9", "\ud83d\ude00", new string('[', 70), new string('9', 400),
    };

    private static readonly byte[][] PolicySeeds =
    {
        Utf8("""
            {
              "$schema": "pipeline-security.schema.json",
              "version": 1,
              "mode": "enforce",
              "packages": {
                "denied": [ { "id": "Newtonsoft.Json", "versions": "(, 13.0.1)", "reason": "GHSA-5crp-9r3c-p9vr" }, "BouncyCastle" ],
                "allowed": [ "Microsoft.*", "System.*", "Serilog*", "Newtonsoft.Json" ]
              },
              "licenses": { "allowed": ["MIT", "Apache-2.0", "BSD-3-Clause"], "denied": ["GPL-3.0-only"], "unknown": "warn" },
              "advisories": { "database": "eng/advisories", "severity": "moderate", "useNuGetAudit": true },
              "signatures": { "required": "repository", "trustedRepositories": ["0E5F38F57DC1BCC806D8494F4F90FBCEDD988B46760709CBEEC6F4219AA6157D"] },
              "lockFile": { "required": true },
              "sbom": { "enabled": true },
              "analyzers": { "enforce": true },
              "exceptions": [
                { "advisory": "GHSA-8g4q-xg66-9fp4", "package": "System.Text.Json", "justification": "no untrusted JSON", "owner": "a@b.example", "expires": "2026-12-31" },
                { "rule": "PSF1001", "path": "tests/**/Fixtures/*.cs", "justification": "test keys", "owner": "b@b.example", "expires": "2027-03-31" }
              ]
            }
            """),
        Utf8("{ \"version\": 1 }"),
        Utf8("// comment\n{ \"version\": 1, \"licenses\": { \"allowed\": [\"MIT OR Apache-2.0\", \"GPL-2.0-only WITH Classpath-exception-2.0\"] }, }"),
        HostilePolicyInputTests.OneLineDenyList(50),
    };

    [Fact]
    public void The_policy_reader_throws_only_its_coded_error_on_random_and_mutated_input()
    {
        var random = new Random(Seed);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 5000; i++)
        {
            var input = i % 5 == 0 ? RandomBytes(random) : Mutate(random, PolicySeeds[random.Next(PolicySeeds.Length)]);
            try
            {
                PolicyFileParser.Parse("pipeline-security.json", input);
            }
            catch (PolicyFileException coded)
            {
                Assert.All(coded.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            }
            catch (Exception other)
            {
                Assert.Fail($"case {i} (seed {Seed}): {other.GetType().Name}: {other.Message}\ninput (base64): {Convert.ToBase64String(input)}");
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"5000 cases took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void The_osv_reader_throws_only_its_coded_error_on_random_and_mutated_input()
    {
        var seeds = Directory.GetFiles(PolicyTestFiles.AdvisoryFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        var versions = new[] { "0.0.1", "1.0.0", "4.7.2", "8.0.0-preview.1", "13.0.1", "99.0.0" }.Select(NuGetVersion.Parse).ToArray();
        var random = new Random(Seed);
        var watch = Stopwatch.StartNew();
        var parsed = 0;
        for (var i = 0; i < 3000; i++)
        {
            var input = i % 5 == 0 ? RandomBytes(random) : Mutate(random, seeds[random.Next(seeds.Length)]);
            try
            {
                if (OsvDatabaseReader.Parse(input, "fuzz.json") is { } advisory)
                {
                    parsed++;
                    var database = new OsvDatabase(new[] { advisory });
                    foreach (var package in advisory.Affected)
                    {
                        foreach (var version in versions)
                        {
                            database.Match(package.Name, version);
                        }
                    }
                }
            }
            catch (OsvDatabaseException coded)
            {
                Assert.Equal("fuzz.json", coded.File);
            }
            catch (Exception other)
            {
                Assert.Fail($"case {i} (seed {Seed}): {other.GetType().Name}: {other.Message}\ninput (base64): {Convert.ToBase64String(input)}");
            }
        }

        Assert.True(parsed > 100, $"only {parsed} mutated records parsed: the mutations are too destructive to exercise the reader");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"3000 cases took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void The_policy_reader_costs_the_same_whether_the_tokens_are_on_one_line_or_many()
    {
        // Positions used to be found by rescanning the token's line: quadratic in the length of a line. The same tokens
        // on one line or one per line now cost the same (allocation and GC dominate both, equally).
        var oneLine = HostilePolicyInputTests.OneLineDenyList(64_000);
        var manyLines = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(oneLine).Replace("},{", "},\n{"));
        var ratio = Best(() => PositionedJsonReader.Read(oneLine)) / Best(() => PositionedJsonReader.Read(manyLines));
        Assert.True(ratio < 3, $"one line took {ratio:0.0} times as long as many lines");
    }

    [Fact]
    public void The_osv_reader_takes_time_linear_in_the_record_size()
    {
        // 16 times the input must cost far less than 16² times the time.
        var record = Encoding.UTF8.GetString(File.ReadAllBytes(Directory.GetFiles(PolicyTestFiles.AdvisoryFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal).First()));
        var smallRecord = Utf8(WithManyVersions(record, 2_000));
        var largeRecord = Utf8(WithManyVersions(record, 32_000));
        var ratio = Best(() => OsvDatabaseReader.Parse(largeRecord, "a.json")) / Best(() => OsvDatabaseReader.Parse(smallRecord, "a.json"));
        Assert.True(ratio < 64, $"16x the versions took {ratio:0} times as long");
    }

    private static string WithManyVersions(string record, int count)
    {
        var list = string.Join(",", Enumerable.Range(0, count).Select(i => $"\"1.{i / 100}.{i % 100}\""));
        var at = record.IndexOf("\"package\"", StringComparison.Ordinal);
        return record.Substring(0, at) + "\"versions\": [" + list + "], " + record.Substring(at);
    }

    private static double Best(Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        return Math.Max(best, 0.05);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        if (random.Next(2) == 0)
        {
            // Mostly printable: gets past the first byte more often.
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(32 + (bytes[i] % 95));
            }
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var mutations = 1 + random.Next(6);
        for (var m = 0; m < mutations; m++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16)));
                    break;
                case 3 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(64));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.InsertRange(at, Utf8(Fragments[random.Next(Fragments.Length)]));
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
