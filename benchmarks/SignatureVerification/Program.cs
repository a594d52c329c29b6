using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Integrity;
using PipelineSecurity.Build.Integrity.Signatures;
using PipelineSecurity.Build.Restore;

// The corpus: a project whose restore graph holds 100+ real signed packages (ASP.NET Core 2.3 on netstandard2.0),
// restored by the real `dotnet restore` into a packages folder of its own.
var repoRoot = FindRepoRoot();
var work = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(Path.GetTempPath(), "pipeline-security-bench", "signatures");
var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
var packagesFolder = Path.Combine(work, "packages");
var corpus = Path.Combine(work, "corpus");
Directory.CreateDirectory(corpus);
File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />");
File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />");
File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), "<Project />");
// The machine's own NuGet sources (and the repository's nuget.config, when it has one) serve the corpus.
if (File.Exists(Path.Combine(repoRoot, "NuGet.config")))
{
    File.Copy(Path.Combine(repoRoot, "NuGet.config"), Path.Combine(work, "NuGet.config"), overwrite: true);
}
File.WriteAllText(Path.Combine(corpus, "corpus.csproj"), """
    <Project Sdk="Microsoft.NET.Sdk">
      <PropertyGroup>
        <TargetFramework>netstandard2.0</TargetFramework>
        <!-- The registry serves some versions only; the nearest is fine for a corpus. -->
        <NoWarn>NU1603;NU1605</NoWarn>
      </PropertyGroup>
      <ItemGroup>
        <PackageReference Include="Microsoft.AspNetCore" Version="2.3.14" />
        <PackageReference Include="Microsoft.AspNetCore.Mvc" Version="2.3.14" />
        <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
        <PackageReference Include="Serilog" Version="4.2.0" />
      </ItemGroup>
    </Project>
    """);
Run("dotnet", new[] { "restore", Path.Combine(corpus, "corpus.csproj"), "--packages", packagesFolder, "-m:1" });

var packages = RestoredGraph.Read(Path.Combine(corpus, "obj", "project.assets.json")).Packages;
var megabytes = packages.Sum(p => new FileInfo(p.NupkgPath).Length) / 1024.0 / 1024.0;
Console.WriteLine($"Corpus: {packages.Count} packages, {megabytes:F1} MB of .nupkg, in {packagesFolder}");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; revocation offline");
Console.WriteLine();

var verdicts = Path.Combine(work, "verdicts");
var results = new List<(string Name, double Seconds, double Cpu, string Note)>();

// First call in the process: includes JIT and loading NuGet's trust roots, as the first build on a machine would.
DeleteStore(verdicts);
var first = Time(() => Verify(signatures: true, cache: true, verdicts));
results.Add(("ours, first run in process (signatures + cache check, cold)", first.Seconds, first.Cpu, first.Note));

var coldAll = new List<double>();
var coldSignatures = new List<double>();
var warmAll = new List<double>();
var nugetVerify = new List<double>();
var coldAllCpu = new List<double>();
var coldSignaturesCpu = new List<double>();
var warmAllCpu = new List<double>();
var nugetVerifyCpu = new List<double>();
string verifyNote = "";
string coldNote = "", warmNote = "", signaturesNote = "";
for (var round = 0; round < rounds; round++)
{
    DeleteStore(verdicts);
    var cold = Time(() => Verify(signatures: true, cache: true, verdicts));
    coldAll.Add(cold.Seconds);
    coldAllCpu.Add(cold.Cpu);
    coldNote = cold.Note;
    var warm = Time(() => Verify(signatures: true, cache: true, verdicts));
    warmAll.Add(warm.Seconds);
    warmAllCpu.Add(warm.Cpu);
    warmNote = warm.Note;
    var signaturesOnly = Time(() => Verify(signatures: true, cache: false, verdictFile: null));
    coldSignatures.Add(signaturesOnly.Seconds);
    coldSignaturesCpu.Add(signaturesOnly.Cpu);
    signaturesNote = signaturesOnly.Note;
    var nuget = Time(() =>
    {
        var output = Run("dotnet", new[] { "nuget", "verify", "--all" }.Concat(packages.Select(p => p.NupkgPath)).ToArray(), allowFailure: true);
        return $"{CountOf(output, "Verifying ")} packages verified, {CountOf(output, ": error NU3")} errors, exit {LastExitCode}";
    });
    nugetVerify.Add(nuget.Seconds);
    nugetVerifyCpu.Add(nuget.Cpu + LastChildCpu);
    verifyNote = nuget.Note;
}

var nugetMedian = Median(nugetVerify);
var nugetCpuMedian = Median(nugetVerifyCpu);
results.Add(("ours, signatures only, no verdict cache (cold)", Median(coldSignatures), Median(coldSignaturesCpu), signaturesNote));
results.Add(("ours, signatures + cache check, cold verdict cache", Median(coldAll), Median(coldAllCpu), coldNote));
results.Add(("ours, signatures + cache check, warm verdict cache", Median(warmAll), Median(warmAllCpu), warmNote));
results.Add(("dotnet nuget verify --all (signatures only)", nugetMedian, nugetCpuMedian, verifyNote));

// Wall time depends on what else the machine runs; CPU time (user + system, of this process or of the child) much less.
Console.WriteLine($"Median of {rounds} rounds (first row: one run); load average before: {LoadAverage()}");
Console.WriteLine($"{"",-62} {"wall s",7} {"pkg/s",6} {"ratio",6} {"CPU s",7} {"ratio",6}  notes");
foreach (var (name, seconds, cpu, note) in results)
{
    Console.WriteLine($"{name,-62} {seconds,7:F2} {packages.Count / seconds,6:F0} {nugetMedian / seconds,5:F1}x {cpu,7:F2} {nugetCpuMedian / cpu,5:F1}x  {note}");
}

// Where a cold run's time goes, one phase at a time over the whole corpus, sequential (one core).
Console.WriteLine();
Console.WriteLine("Cold-run phases, sequential:");
Phase("SHA-512 of every .nupkg (the verdict key)", p => PipelineSecurity.Build.Integrity.PackageCache.PackageFileDigests.Sha512OfFile(p.NupkgPath));
Phase("signature verification (NuGet, offline revocation)", p => PackageSignatureChecker.Check(p, SignaturePolicy.Default));
Phase("content hash (NuGet, signature excluded)", p => { using var reader = new NuGet.Packaging.PackageArchiveReader(p.NupkgPath); return reader.GetContentHash(default); });
Phase("digest of every entry (decompress + SHA-256)", p => PipelineSecurity.Build.Integrity.PackageCache.PackageFileDigests.DigestsOfEntries(p.NupkgPath));

void Phase(string name, Func<RestoredPackage, object> action)
{
    var clock = Stopwatch.StartNew();
    foreach (var package in packages)
    {
        action(package);
    }

    Console.WriteLine($"  {name,-58} {clock.Elapsed.TotalSeconds,6:F2} s");
}

string Verify(bool signatures, bool cache, string? verdictFile)
{
    var result = PackageIntegrityVerifier.Verify(new IntegrityRequest(packages, signatures, cache, SignaturePolicy.Default, verdictFile, MaxParallelism: Math.Min(Environment.ProcessorCount, 4)));
    var errors = result.Findings.Where(f => f.IsError).GroupBy(f => f.Code).Select(g => $"{g.Key}x{g.Count()}");
    return $"{result.PackagesChecked} checked, {result.CacheHits} from cache, errors: [{string.Join(" ", errors)}], warnings: {result.Findings.Count(f => !f.IsError)}";
}

static void DeleteStore(string folder)
{
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, recursive: true);
    }
}

static (double Seconds, double Cpu, string Note) Time(Func<string> action)
{
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var note = action();
    var seconds = clock.Elapsed.TotalSeconds;
    return (seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, note);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static int CountOf(string text, string needle)
{
    var count = 0;
    for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + 1, StringComparison.Ordinal))
    {
        count++;
    }

    return count;
}

static string Run(string file, string[] arguments, bool allowFailure = false)
{
    var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    start.Environment["NUGET_CERT_REVOCATION_MODE"] = "offline";
    start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    var childrenBefore = ChildrenCpuSeconds();
    process.WaitForExit();
    LastExitCode = process.ExitCode;
    LastChildCpu = ChildrenCpuSeconds() - childrenBefore;
    if (process.ExitCode != 0 && !allowFailure)
    {
        throw new InvalidOperationException($"{file} {string.Join(" ", arguments.Take(4))} failed:\n{output.Result}{error.Result}");
    }

    return output.Result + error.Result;
}

static string FindRepoRoot()
{
    for (var folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
    {
        if (File.Exists(Path.Combine(folder, "PipelineSecurity.Analyzers.sln")))
        {
            return folder;
        }
    }

    throw new InvalidOperationException("Run from inside the repository.");
}

internal static partial class Program
{
    public static int LastExitCode;

    /// <summary>CPU seconds of the last child process and its descendants.</summary>
    public static double LastChildCpu;

    /// <summary>User + system CPU of this process's waited-for descendants (Linux /proc; 0 elsewhere).</summary>
    public static double ChildrenCpuSeconds()
    {
        if (!File.Exists("/proc/self/stat"))
        {
            return 0;
        }

        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
        // After the command name: field 3 is fields[0]; cutime and cstime are fields 16 and 17, in clock ticks (100 per second).
        return (long.Parse(fields[13]) + long.Parse(fields[14])) / 100.0;
    }
}
