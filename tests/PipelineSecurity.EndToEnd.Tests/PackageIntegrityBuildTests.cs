using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using PipelineSecurity.EndToEnd.Tests.Infrastructure;
using PipelineSecurity.Tests.Shared;
using Xunit;

namespace PipelineSecurity.EndToEnd.Tests;

/// <summary>Package-cache integrity in a real consumer build: a dll replaced in the packages folder after restore fails the build.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageIntegrityBuildTests
{
    private readonly PackageFixture _package;

    public PackageIntegrityBuildTests(PackageFixture package) => _package = package;

    [Fact]
    public void A_tampered_packages_folder_fails_the_build_until_a_clean_restore()
    {
        using var consumer = ConsumerWorkspace.UsingNewtonsoft(_package, "<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>");
        // A packages folder of the test's own: the test tampers with it.
        var packages = consumer.PathOf("packages");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        CommandResult Build() => consumer.Run("build", "Consumer/Consumer.csproj", new[] { "-m:1" }, environment);

        var clean = Build();
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.DoesNotMatch(new Regex(@"error PSF5\d{3}"), clean.Output);
        Assert.True(File.Exists(consumer.PathOf("Consumer", "packages.lock.json")));

        var newtonsoft = Path.Combine(packages, "newtonsoft.json", "13.0.3");
        File.WriteAllText(Path.Combine(newtonsoft, "lib", "net6.0", "Newtonsoft.Json.dll"), "not the real assembly");
        var tampered = Build();

        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Matches(new Regex(@"Newtonsoft\.Json\.dll(\(\d+,\d+\))?\s*: error PSF5011: Package Newtonsoft\.Json 13\.0\.3 was modified in the packages folder after restore"), tampered.Output);

        Directory.Delete(newtonsoft, recursive: true);
        var restored = Build();

        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.DoesNotMatch(new Regex(@"error PSF5\d{3}"), restored.Output);
    }
}
