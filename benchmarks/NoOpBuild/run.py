#!/usr/bin/env python3
"""No-op and full-rebuild cost of PipelineSecurity on a generated multi-project solution with 100+ real packages.

Packs the package from this repository, generates two identical solutions (``with/`` references PipelineSecurity.Analyzers
from every project through Directory.Build.props and has a policy file; ``without/`` does not), restores both into one
temporary packages folder (NUGET_PACKAGES) from the machine's package sources, then in one run, interleaved:

  * no-op builds: ``dotnet build`` of the unchanged solution (restore included, as a developer runs it);
  * full rebuilds: ``dotnet build --no-incremental``.

Each build is a fresh ``dotnet`` process with node reuse and the compiler server off, so its CPU time (user + sys of the
process tree, from the kernel's child accounting) holds all the work. Prints medians of wall and CPU time, the ratios
with/without and the added wall time per project.

With --servers, builds run as a developer's do by default: MSBuild node reuse and the compiler server on (warm after
the first build). Their work then happens in long-lived processes that are nobody's children, so CPU time is read
machine-wide from /proc/stat (every core, user + nice + system + irq): run it on a quiet machine.

With --against COMMIT, a third solution (``before/``) references the package packed from that commit of this
repository, and is interleaved with the other two: what a change did, measured in the same run.

With --own-packages, every project also references a package of its own (one its graph already holds, so the graph is
the same), as most projects of a real solution do: otherwise ``with/`` alone pays what the SDK does for a project's
first PackageReference, which any package would add.

With --no-policy, ``with/`` has no policy file: the package with its defaults, as most projects use it (no policy gate;
the upload SARIF is then written by its own target).

With --web, the last project is an ASP.NET Core application (Microsoft.NET.Sdk.Web: a minimal API, appsettings files and
a wwwroot) that references every other project, as a solution's web front end does.

Usage: run.py [--projects 10] [--files 5] [--large] [--noop 7] [--rebuild 3] [--work DIR] [--reuse] [--servers]
              [--against COMMIT] [--own-packages] [--web] [--no-policy]
"""
import argparse
import glob
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VERSION = "0.1.0-noopbench"
AGAINST_VERSION = "0.1.0-noopbefore"

# ASP.NET Core 2.3 on netstandard2.0 plus two popular packages: about 120 signed packages in every project's graph.
PACKAGES = [
    ("Microsoft.AspNetCore", "2.3.0"),
    ("Microsoft.AspNetCore.Mvc", "2.3.0"),
    ("Newtonsoft.Json", "13.0.3"),
    ("Serilog", "4.2.0"),
]


def machine_cpu_seconds():
    """CPU time spent by the whole machine so far (all cores), from the first line of /proc/stat."""
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def run(args, cwd, env, check=True):
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine_before = machine_cpu_seconds()
    result = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter() - started
    if SERVERS:
        # Node reuse and the compiler server: the work is done in processes that outlive the build.
        time.sleep(0.2)
        cpu = machine_cpu_seconds() - machine_before
    else:
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout[-6000:])
        raise SystemExit(f"failed ({result.returncode}): {' '.join(args)} in {cwd}")
    return wall, cpu, result.stdout


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# A project's source files: the default is 5 small classes, a worst case in which fixed costs per project dominate;
# --files N --large gives N files of about 110 lines each (repositories, LINQ, an HTTP client, hashing, AES, PBKDF2,
# JSON), closer to the projects of a real solution.
SMALL_SERVICE = """namespace {ns};

public sealed class Service{f}
{{
    private readonly System.Collections.Generic.Dictionary<string, int> counts = new();

    public string Describe(object value) => Newtonsoft.Json.JsonConvert.SerializeObject(value);

    public int Count(string key)
    {{
        counts.TryGetValue(key, out var count);
        counts[key] = count + 1;
        return count + 1;
    }}
}}
"""

SERVICE = """using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace {ns}.Area{f};

public sealed record Item{f}(int Id, string Name, decimal Price, IReadOnlyList<string> Tags);

public sealed class Item{f}Repository
{{
    private readonly Dictionary<int, Item{f}> items = new();
    private const string TableName = "items_{f}";
    private const string Description = "Repository of catalogue items for file {f}; holds up to 10,000 entries.";

    public Item{f}? Find(int id) => items.TryGetValue(id, out var item) ? item : null;

    public IEnumerable<Item{f}> Search(string text, decimal maxPrice) =>
        items.Values
            .Where(i => i.Name.Contains(text, StringComparison.OrdinalIgnoreCase) && i.Price <= maxPrice)
            .OrderBy(i => i.Price)
            .ThenBy(i => i.Name, StringComparer.Ordinal)
            .Take(50);

    public void Upsert(Item{f} item)
    {{
        if (string.IsNullOrWhiteSpace(item.Name))
        {{
            throw new ArgumentException("Name is required", nameof(item));
        }}

        items[item.Id] = item;
    }}

    public string Describe() => $"{{TableName}}: {{items.Count}} items, {{Description}}";

    public string Export() => JsonConvert.SerializeObject(items.Values.OrderBy(i => i.Id), Formatting.Indented);
}}

public sealed class Item{f}Client
{{
    private static readonly Uri Catalogue = new("https://catalogue.contoso.com/api/v{f}/");
    private readonly HttpClient http;

    public Item{f}Client(HttpClient http)
    {{
        this.http = http;
        this.http.BaseAddress = Catalogue;
        this.http.Timeout = TimeSpan.FromSeconds(30);
    }}

    public async Task<Item{f}?> GetAsync(int id, CancellationToken cancellationToken)
    {{
        using var response = await http.GetAsync($"items/{{id}}", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {{
            return null;
        }}

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return JsonConvert.DeserializeObject<Item{f}>(text);
    }}

    public TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt) + Random.Shared.Next(0, 50));
}}

public static class Item{f}Protector
{{
    public static byte[] Fingerprint(string payload) => SHA256.HashData(Encoding.UTF8.GetBytes(payload));

    public static string CacheKey(string url) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(url)));

    public static (byte[] Iv, byte[] Cipher) Encrypt(byte[] key, byte[] plaintext)
    {{
        using var aes = Aes.Create();
        aes.Key = key;
        aes.GenerateIV();
        using var encryptor = aes.CreateEncryptor();
        return (aes.IV, encryptor.TransformFinalBlock(plaintext, 0, plaintext.Length));
    }}

    public static byte[] DeriveKey(string password, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
}}
"""


CI_WORKFLOW = """name: ci
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-dotnet@v4
        with:
          dotnet-version: 8.0.x
      - run: dotnet build Bench.sln -c Release
      - run: dotnet test Bench.sln -c Release --no-build
"""


def generate(folder, projects, feed, with_package, version=VERSION, own_packages=False, web=False, policy=True,
             central=False, repository_folders=0, advisories=0):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    sources = f'<add key="bench-feed" value="{feed}" />' if with_package else ""
    # The machine's own package sources serve the corpus; the local feed serves the freshly packed package.
    write(os.path.join(folder, "nuget.config"), f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    {sources}
  </packageSources>
</configuration>
""")
    pinned_version = "" if central else f' Version="{version}"'
    reference = (f'<PackageReference Include="PipelineSecurity.Analyzers"{pinned_version} PrivateAssets="all" />'
                 if with_package else "")
    # The package packed here is not signed (nuget.org's is): accepted as a team accepts its own unsigned build, so that
    # every project does not warn PSF5002 about it.
    unsigned = ("<PipelineSecurityUnsignedPackagesAllowed>PipelineSecurity.Analyzers</PipelineSecurityUnsignedPackagesAllowed>"
                if with_package else "")
    write(os.path.join(folder, "Directory.Build.props"), f"""<Project>
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
    <!-- The registry serves some versions only; the nearest is fine for a corpus. Old ASP.NET Core packages carry advisories. -->
    <NoWarn>$(NoWarn);NU1603;NU1605;NU1902;NU1903;NU1904;CS1591</NoWarn>
    <NuGetAudit>false</NuGetAudit>
    <ImportDirectoryPackagesProps>{'true' if central else 'false'}</ImportDirectoryPackagesProps>
    {unsigned}
  </PropertyGroup>
  <ItemGroup>
    {reference}
  </ItemGroup>
</Project>
""")
    write(os.path.join(folder, "Directory.Build.targets"), "<Project />\n")
    if central:
        # Central package management: every version in Directory.Packages.props, none in the projects.
        pinned = PACKAGES + ([("PipelineSecurity.Analyzers", version)] if with_package else [])
        versions = "\n    ".join(f'<PackageVersion Include="{p}" Version="{v}" />' for p, v in pinned)
        write(os.path.join(folder, "Directory.Packages.props"), f"""<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    {versions}
  </ItemGroup>
</Project>
""")

    def package_reference(package, version_):
        return f'<PackageReference Include="{package}" />' if central else f'<PackageReference Include="{package}" Version="{version_}" />'

    if with_package and policy:
        document = {
            "version": 1,
            "mode": "audit",
            "packages": {"denied": [{"id": "Newtonsoft.Json", "versions": "(, 13.0.1)", "reason": "GHSA-5crp-9r3c-p9vr"}]},
            "licenses": {"allowed": ["MIT", "Apache-2.0"], "unknown": "allow"},
            "analyzers": {"enforce": True},
        }
        if advisories:
            write_advisory_database(os.path.join(folder, "advisories"), advisories)
            document["advisories"] = {"database": "advisories"}
        write(os.path.join(folder, "pipeline-security.json"), json.dumps(document, indent=2))
    names = [f"Bench.P{i:02d}" for i in range(projects)]
    for i, name in enumerate(names):
        items = []
        if i == 0:
            items += [package_reference(p, v) for p, v in PACKAGES]
        else:
            items.append(f'<ProjectReference Include="../{names[0]}/{names[0]}.csproj" />')
            if own_packages:
                # A package of its own, as most projects of a real solution have; already in the graph through the first
                # project, so the graph stays the same.
                package, version_ = PACKAGES[2 + i % 2]
                items.append(package_reference(package, version_))
        is_web = web and i == len(names) - 1 and i > 0
        if is_web:
            # The front end references every library, not only the first.
            items += [f'<ProjectReference Include="../{n}/{n}.csproj" />' for n in names[1:-1]]
            write_web_application(os.path.join(folder, name), names[0])
        write(os.path.join(folder, name, name + ".csproj"), f"""<Project Sdk="{'Microsoft.NET.Sdk.Web' if is_web else 'Microsoft.NET.Sdk'}">
  <ItemGroup>
    {' '.join(items)}
  </ItemGroup>
</Project>
""")
        for f in range(FILES):
            write(os.path.join(folder, name, f"Service{f}.cs"), (SERVICE if LARGE else SMALL_SERVICE).format(ns=name, f=f))
    write_repository_content(folder, repository_folders)
    # The solution is a repository of its own, as users keep theirs, with a CI workflow: the repository-level check
    # (PSF7xxx) walks this repository, not the one the benchmark happens to sit in.
    write(os.path.join(folder, ".github", "workflows", "ci.yml"), CI_WORKFLOW)
    if subprocess.run(["git", "init", "-q", folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        os.makedirs(os.path.join(folder, ".git"), exist_ok=True)
    run(["dotnet", "new", "sln", "-n", "Bench", "-o", ".", "--format", "sln"], folder, ENV)
    run(["dotnet", "sln", "Bench.sln", "add"] + [os.path.join(n, n + ".csproj") for n in names], folder, ENV)
    return names


def write_advisory_database(folder, count):
    """An offline advisory database of COUNT OSV records in the GitHub advisory database's layout
    (github-reviewed/YEAR/MONTH/ID/ID.json, a folder per record), made from the real records under tests/Advisories."""
    samples = [json.load(open(path)) for path in sorted(glob.glob(os.path.join(ROOT, "tests", "Advisories", "osv", "*.json")))]
    for i in range(count):
        record = dict(samples[i % len(samples)])
        record["id"] = f"GHSA-{i:04x}-bnch-{i % 997:04x}"
        record["aliases"] = []
        path = os.path.join(folder, "github-reviewed", str(2018 + i % 7), f"{1 + (i // 7) % 12:02d}", record["id"])
        write(os.path.join(path, record["id"] + ".json"), json.dumps(record))


def write_repository_content(folder, count):
    """Folders beside the solution that hold no project, as most repositories have (documentation, scripts, a front
    end's sources, deployment files): the repository-level check walks them on every build."""
    areas = ["docs", "tools", "web/src", "deploy"]
    for i in range(count):
        # Up to ten folders per level: docs/area03/topic07/page2/, about four levels deep as real trees are.
        path = os.path.join(folder, areas[i % len(areas)], f"area{i // 100:02d}", f"topic{(i // 10) % 10:02d}", f"page{i % 10}")
        write(os.path.join(path, "README.md"), f"# Page {i}\n")
        write(os.path.join(path, "index.ts" if "web" in path else "notes.txt"), f"export const page = {i};\n")


def write_web_application(folder, library):
    """A minimal API over the first library's services, with the files a web project carries."""
    write(os.path.join(folder, "Program.cs"), f"""using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<{library}.Service0>();
var app = builder.Build();
app.UseStaticFiles();
app.MapGet("/health", () => "ok");
app.Run();
""")
    write(os.path.join(folder, "appsettings.json"), json.dumps({
        "Logging": {"LogLevel": {"Default": "Information", "Microsoft.AspNetCore": "Warning"}},
        "AllowedHosts": "*",
        "ConnectionStrings": {"Orders": "Server=orders-db;Database=Orders;Integrated Security=true"},
    }, indent=2))
    write(os.path.join(folder, "appsettings.Development.json"), json.dumps(
        {"Logging": {"LogLevel": {"Default": "Debug"}}}, indent=2))
    write(os.path.join(folder, "wwwroot", "index.html"), "<!doctype html><title>Bench</title><link rel=stylesheet href=css/site.css>\n")
    write(os.path.join(folder, "wwwroot", "css", "site.css"), "body { font-family: sans-serif; }\n")
    write(os.path.join(folder, "wwwroot", "js", "site.js"), "console.log('bench');\n")


def median(values):
    return statistics.median(values) if values else float("nan")


def bootstrap_interval(values, rounds=2000):
    """95 % percentile-bootstrap interval of the median of values (a fixed seed: the same samples give the same interval)."""
    if len(values) < 2:
        return float("nan"), float("nan")
    generator = random.Random(11)
    medians = sorted(statistics.median(generator.choices(values, k=len(values))) for _ in range(rounds))
    return medians[int(0.025 * rounds)], medians[int(0.975 * rounds) - 1]


parser = argparse.ArgumentParser()
parser.add_argument("--projects", type=int, default=10)
parser.add_argument("--files", type=int, default=5, help="source files per project")
parser.add_argument("--large", action="store_true", help="files of about 110 lines of realistic code instead of 15-line classes")
parser.add_argument("--noop", type=int, default=7, help="no-op builds per configuration")
parser.add_argument("--rebuild", type=int, default=3, help="full rebuilds per configuration")
parser.add_argument("--work", default=os.path.join(ROOT, "artifacts", "benchmarks", "NoOpBuild"))
parser.add_argument("--reuse", action="store_true", help="reuse the packed package, solutions and packages of an earlier run in --work")
parser.add_argument("--own-packages", action="store_true",
                    help="every project references a package of its own (one already in its graph), as in most solutions")
parser.add_argument("--web", action="store_true", help="the last project is an ASP.NET Core application referencing all the others")
parser.add_argument("--central", action="store_true", help="central package management: the versions in Directory.Packages.props")
parser.add_argument("--no-policy", action="store_true", help="no pipeline-security.json: the package's defaults, as most projects use it")
parser.add_argument("--servers", action="store_true", help="node reuse and the compiler server on, as developers build (CPU read machine-wide)")
parser.add_argument("--repository-folders", type=int, default=0, metavar="N",
                    help="N more folders in the repository beside the solution (documentation, scripts, a front end), as real repositories have")
parser.add_argument("--advisories", type=int, default=0, metavar="N",
                    help="the policy names an offline advisory database of N OSV records (GitHub's layout, a folder each)")
parser.add_argument("--against", metavar="COMMIT", help="also build a solution with the package packed from COMMIT of this repository ('before')")
options = parser.parse_args()
SERVERS = options.servers
FILES = options.files
LARGE = options.large

work = os.path.abspath(options.work)
packages = os.path.join(work, "packages")
feed = os.path.join(work, "feed")
ENV = dict(os.environ, NUGET_PACKAGES=packages, MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_TELEMETRY_OPTOUT="1",
           DOTNET_NOLOGO="1", UseSharedCompilation="false", NUGET_CERT_REVOCATION_MODE="offline")
ENV.pop("ContinuousIntegrationBuild", None)
ENV.pop("CI", None)
if SERVERS:
    ENV.pop("MSBUILDDISABLENODEREUSE", None)
    ENV.pop("UseSharedCompilation", None)

# The solutions' layout: --reuse keeps an earlier run's solutions only when they were generated the same way.
layout = (f"projects={options.projects} files={FILES} large={LARGE} own-packages={options.own_packages} web={options.web}"
          f" policy={not options.no_policy} central={options.central} repository-folders={options.repository_folders}"
          f" advisories={options.advisories}")
layout_marker = os.path.join(work, ".layout")
reuse = (options.reuse and all(os.path.isdir(os.path.join(work, c)) for c in ("with", "without", "packages"))
         and os.path.isfile(layout_marker) and open(layout_marker).read().strip() == layout)
if not reuse:
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(feed)
    run(["dotnet", "pack", os.path.join(ROOT, "nuget", "PipelineSecurity.Package.csproj"), "-c", "Release", "-o", feed,
         f"-p:PipelineSecurityVersion={VERSION}", "-tl:off", "-nologo"], ROOT, dict(ENV, NUGET_PACKAGES=os.path.join(work, "pack-packages")))
    shutil.rmtree(os.path.join(work, "pack-packages"), ignore_errors=True)

solutions = {}
for config in ("without", "with"):
    folder = os.path.join(work, config)
    solutions[config] = folder
    if not reuse:
        generate(folder, options.projects, feed, config == "with", own_packages=options.own_packages, web=options.web,
                 policy=not options.no_policy, central=options.central, repository_folders=options.repository_folders, advisories=options.advisories)
        run(["dotnet", "restore", "Bench.sln", "-nologo"], folder, ENV)
write(layout_marker, layout + "\n")

CONFIGS = ["without", "with"]
fresh = set() if reuse else set(CONFIGS)
if options.against:
    # The package as it was at COMMIT, packed from a worktree of this repository; its solution is rebuilt unless --reuse
    # finds one made from the same commit.
    commit = subprocess.run(["git", "rev-parse", options.against], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    folder = os.path.join(work, "before")
    solutions["before"] = folder
    CONFIGS.append("before")
    marker = os.path.join(folder, ".against")
    if not (reuse and os.path.isfile(marker) and open(marker).read().strip() == commit):
        source = os.path.join(work, "before-source")
        subprocess.run(["git", "worktree", "remove", "--force", source], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        run(["git", "worktree", "add", "--detach", source, commit], ROOT, ENV)
        try:
            run(["dotnet", "pack", os.path.join(source, "nuget", "PipelineSecurity.Package.csproj"), "-c", "Release", "-o", feed,
                 f"-p:PipelineSecurityVersion={AGAINST_VERSION}", "-tl:off", "-nologo"], source,
                dict(ENV, NUGET_PACKAGES=os.path.join(work, "pack-packages")))
        finally:
            run(["git", "worktree", "remove", "--force", source], ROOT, ENV, check=False)
            shutil.rmtree(os.path.join(work, "pack-packages"), ignore_errors=True)
        # A package of that version extracted by an earlier run may hold another commit's build.
        shutil.rmtree(os.path.join(packages, "pipelinesecurity.analyzers", AGAINST_VERSION), ignore_errors=True)
        generate(folder, options.projects, feed, True, AGAINST_VERSION, own_packages=options.own_packages, web=options.web,
                 policy=not options.no_policy, central=options.central, repository_folders=options.repository_folders, advisories=options.advisories)
        write(marker, commit + "\n")
        run(["dotnet", "restore", "Bench.sln", "-nologo"], folder, ENV)
        fresh.add("before")

graph = json.load(open(os.path.join(solutions["with"], "Bench.P01", "obj", "project.assets.json")))
package_count = sum(1 for l in graph["libraries"].values() if l["type"] == "package")
print(f"Solution: {options.projects} projects of {FILES} {'large' if LARGE else 'small'} files, {package_count} packages in each project's graph "
      f"(PipelineSecurity.Analyzers included in 'with'), "
      f"{'every project with a package of its own' if options.own_packages else 'only the first project with packages of its own'}; "
      f"{'the last one an ASP.NET Core application referencing all the others; ' if options.web else ''}"
      f"{'no policy file; ' if options.no_policy else ''}"
      f"{'central package management; ' if options.central else ''}"
      f"{f'{options.repository_folders} more folders in the repository; ' if options.repository_folders else ''}"
      f"{f'an advisory database of {options.advisories} records; ' if options.advisories else ''}"
      f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}", flush=True)

common = ["-nologo", "-tl:off", "-clp:NoSummary", "-v:q"] + ([] if SERVERS else ["-p:UseSharedCompilation=false"])
results = {(kind, config): [] for kind in ("noop", "rebuild") for config in CONFIGS}
# Warm-up: the first build of each (writes bin/ and obj/, fills the verdict store), then one no-op build each.
for config in CONFIGS:
    if config in fresh:
        run(["dotnet", "build", "Bench.sln"] + common, solutions[config], ENV)
time.sleep(2.5)  # let the files restore wrote settle past the stamp margin (a real no-op build comes later than restore)
for config in CONFIGS:
    run(["dotnet", "build", "Bench.sln"] + common, solutions[config], ENV)

for round_ in range(max(options.noop, options.rebuild)):
    order = CONFIGS if round_ % 2 == 0 else CONFIGS[::-1]
    if round_ < options.noop:
        for config in order:
            wall, cpu, _ = run(["dotnet", "build", "Bench.sln"] + common, solutions[config], ENV)
            results[("noop", config)].append((wall, cpu))
            print(f"  sample: no-op   {config:<8} wall {wall:6.2f} s  CPU {cpu:6.2f} s", flush=True)
    if round_ < options.rebuild:
        for config in order:
            wall, cpu, _ = run(["dotnet", "build", "Bench.sln", "--no-incremental"] + common, solutions[config], ENV)
            results[("rebuild", config)].append((wall, cpu))
            print(f"  sample: rebuild {config:<8} wall {wall:6.2f} s  CPU {cpu:6.2f} s", flush=True)
        # The build after a rebuild re-runs the gate (new error log); keep the next no-op build a no-op.
        for config in order:
            run(["dotnet", "build", "Bench.sln"] + common, solutions[config], ENV)

# One no-op build of 'with' at normal verbosity with a performance summary: where the remaining time goes.
_, _, summary = run(["dotnet", "build", "Bench.sln", "-nologo", "-tl:off", "-v:n", "-clp:PerformanceSummary"] + common[4:],
                    solutions["with"], ENV)
if SERVERS:
    run(["dotnet", "build-server", "shutdown"], work, ENV, check=False)
with open(os.path.join(work, "noop-with-performance-summary.log"), "w") as f:
    f.write(summary)

print(f"Medians (no-op: {options.noop} builds each, full rebuild: {options.rebuild} each), interleaved; "
      f"{'node reuse and compiler server on, CPU machine-wide' if SERVERS else 'fresh processes, CPU of the process tree'}; load average after {os.getloadavg()[0]:.1f}")
print(f"{'build':<12} {'config':<8} {'wall s':>7} {'CPU s':>7}  samples (wall s)")
for kind in ("noop", "rebuild"):
    for config in CONFIGS:
        samples = results[(kind, config)]
        print(f"{kind:<12} {config:<8} {median([s[0] for s in samples]):7.2f} {median([s[1] for s in samples]):7.2f}  "
              + " ".join(f"{s[0]:.2f}" for s in samples))
for kind in [k for k in ("noop", "rebuild") if results[(k, "without")]]:
    for base, config in [("without", c) for c in CONFIGS[1:]] + ([("before", "with")] if "before" in CONFIGS else []):
        w0 = median([s[0] for s in results[(kind, base)]])
        w1 = median([s[0] for s in results[(kind, config)]])
        c0 = median([s[1] for s in results[(kind, base)]])
        c1 = median([s[1] for s in results[(kind, config)]])
        label = f"{kind}" if (base, config) == ("without", "with") else f"{kind} ({config} against {base})"
        print(f"{label}: wall ratio {w1 / w0:.3f}, CPU ratio {c1 / c0:.3f}, added wall {1000 * (w1 - w0) / options.projects:.0f} ms per project, "
              f"added CPU {1000 * (c1 - c0) / options.projects:.0f} ms per project")
        # The same round's builds as a pair (they ran back to back): robust to the machine's drift over the run.
        pairs = list(zip(results[(kind, base)], results[(kind, config)]))
        low, high = bootstrap_interval([b[0] / a[0] for a, b in pairs])
        print(f"{label}, paired by round ({len(pairs)} pairs): median wall ratio {median([b[0] / a[0] for a, b in pairs]):.3f} "
              f"(95 % interval {low:.3f}-{high:.3f}), median CPU ratio {median([b[1] / a[1] for a, b in pairs]):.3f}, "
              f"added wall {1000 * median([b[0] - a[0] for a, b in pairs]) / options.projects:.0f} ms per project")
for line in summary.splitlines():
    # Only the summary's own lines ("   12 ms  Name   10 calls"), not the build's messages that name a target.
    if re.match(r"\s+\d+ ms\s+\S+\s+\d+ calls", line) and any(name in line for name in (
            "VerifyPackageIntegrity", "EnforcePipelineSecurityPolicy", "GenerateSbom", "WritePackageReport", "ReadPipelineSecurityPolicy")):
        print("  task time (no-op build of 'with', summed over projects):", line.strip())
