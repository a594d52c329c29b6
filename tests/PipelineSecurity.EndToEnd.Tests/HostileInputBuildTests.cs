using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>
/// The rows of issue 12 that only a real build shows: what the package hands to the compiler (a FIFO, a dangling link
/// and a binary file named like configuration), an SBOM path that is a dangling link, a directory named like the policy,
/// and two builds of one project at once. The other rows are task-level tests in PipelineSecurity.Build.Tests.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class HostileInputBuildTests
{
    private const string Project = "App/App.csproj";
    private readonly PackageFixture _package;

    public HostileInputBuildTests(PackageFixture package) => _package = package;

    [Fact]
    public void Unreadable_configuration_files_are_left_out_of_the_compilation_and_odd_output_and_policy_paths_are_handled()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // mkfifo and POSIX links
        }

        using var consumer = WriteApp(ConsumerWorkspace.Empty(_package));
        // A FIFO (the compiler used to hang on it), a dangling link (CS2001), an encrypted file (CS2015), and real text.
        MakeFifo(consumer.PathOf("App", "appsettings.Development.json"));
        File.CreateSymbolicLink(consumer.PathOf("App", "appsettings.Staging.json"), consumer.PathOf("App", "secrets", "staging.json"));
        var encrypted = new byte[4096];
        new Random(12).NextBytes(encrypted);
        encrypted[100] = 0;
        File.WriteAllBytes(consumer.PathOf("App", "appsettings.json"), encrypted);
        consumer.WriteFile("App/appsettings.Production.json", "{\n  \"ConnectionStrings\": {\n    \"Shop\": \"Server=sql;Database=Shop;User Id=app;Password=" + "Qm7vT2pL" + "x9Rk4wZ8;\"\n  }\n}\n");

        var watch = Stopwatch.StartNew();
        var build = consumer.Build(Project);

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("CS2015", build.Output);
        Assert.DoesNotContain("CS2001", build.Output);
        Assert.Matches(new Regex(@"appsettings\.Production\.json\(3,\d+\): warning PSF1003"), build.Output);
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(4), $"the build took {watch.Elapsed}");

        // An SBOM path that is a dangling link does not make the SBOM target look up to date: it is replaced.
        var sbom = consumer.PathOf("App", "bin", "Debug", "net10.0", "pipeline-security", "sbom.cdx.json");
        Assert.True(File.Exists(sbom), build.ToString());
        File.Delete(sbom);
        File.CreateSymbolicLink(sbom, consumer.PathOf("elsewhere", "sbom.cdx.json"));
        var second = consumer.Build(Project);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Null(new FileInfo(sbom).LinkTarget);
        Assert.Contains("\"bomFormat\"", File.ReadAllText(sbom));

        // A directory named like the policy file does not switch the gate off in silence.
        Directory.CreateDirectory(consumer.PathOf("pipeline-security.json"));
        var third = consumer.Build(Project);
        Assert.NotEqual(0, third.ExitCode);
        Assert.Matches(new Regex(@"pipeline-security\.json\s*: error PSF0010: .*is a directory, not a regular file"), third.Output);
    }

    [Fact]
    public async Task Two_builds_of_one_project_at_once_both_pass_with_the_policy_gate_reading_the_error_log()
    {
        using var consumer = WriteApp(ConsumerWorkspace.Empty(_package));
        consumer.WriteFile("pipeline-security.json", "{ \"version\": 1, \"mode\": \"enforce\" }\n");
        var first = consumer.Build(Project);
        Assert.True(first.ExitCode == 0, first.ToString());

        for (var round = 1; round <= 2; round++)
        {
            // A changed source makes both compilers run, and write the same error log, at the same time.
            consumer.WriteFile("App/Greeter.cs", $"namespace App {{ public static class Greeter {{ public static string Hello() => \"hello {round}\"; }} }}\n");
            var builds = Enumerable.Range(1, 2)
                .Select(i => Task.Run(() => BuildAlongside(consumer, $"concurrent-{round}-{i}")))
                .ToArray();
            foreach (var build in await Task.WhenAll(builds))
            {
                Assert.True(build.ExitCode == 0, build.ToString());
                Assert.DoesNotMatch(new Regex(@"error PSF(0001|0004|6010)"), build.Output);
            }
        }
    }

    private static ConsumerWorkspace WriteApp(ConsumerWorkspace consumer)
    {
        consumer.WriteFile(Project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageFixture.PackageId}" Version="$(PipelineSecurityVersion)" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        consumer.WriteFile("App/Greeter.cs", "namespace App { public static class Greeter { public static string Hello() => \"hello\"; } }\n");
        return consumer;
    }

    /// <summary>A build of the workspace's project with its own binary log, safe to run beside another.</summary>
    private CommandResult BuildAlongside(ConsumerWorkspace consumer, string name) =>
        DotNetCli.Run(
            consumer.Root,
            new[]
            {
                "build", Project, "--no-restore", "-tl:off", "-nologo", "-nodeReuse:false",
                "-p:PipelineSecurityVersion=" + _package.Version,
                "-p:PipelineSecurityPolicyToday=" + PackageFixture.Today,
                "-bl:" + consumer.PathOf("logs", name + ".binlog"),
            },
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = _package.Packages });

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path }, UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
