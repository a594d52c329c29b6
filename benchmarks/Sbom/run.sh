#!/usr/bin/env bash
# SBOM benchmark: our GenerateSbom target against the CycloneDX dotnet tool, on the same restored project (a copy of
# samples/: an ASP.NET Core app with a project reference and real packages, plus SourceLink as a build-only package). Prints time ratios, component counts and a
# field-coverage comparison side by side.
#
#   benchmarks/Sbom/run.sh [runs]        (default 5 runs of each; needs python3 for the comparison)
#
# Timings:
#   ours, target   the PipelineSecurityGenerateSbom target as the build pays it (MSBuild's -clp:PerformanceSummary),
#                  first call in a fresh MSBuild process: includes loading and JIT-compiling the task and NuGet's readers
#   ours, warm     the same target once the task is loaded (every later project of a build, and every build on a reused
#                  MSBuild node): (time of 11 calls in one process - time of 1 call) / 10
#   ours, process  a whole `dotnet msbuild -t:PipelineSecurityGenerateSbom` process (start-up and evaluation included)
#   tool           a whole `dotnet-CycloneDX` process, default options (it runs its own restore)
#   tool, -dpr     the same with its restore turned off (--disable-package-restore)
# Every run writes a new file, so incrementality never skips our target.
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/pipeline-security-sbom-bench.XXXXXX")"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
# MSBuild reads environment variables as properties: the sample picks the packed version up from here, also in the
# tool's own restore.
export PipelineSecurityVersion="$version"
export NUGET_PACKAGES="$work/packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

echo "Packing PipelineSecurity.Analyzers $version ..."
dotnet pack "$root/nuget/PipelineSecurity.Package.csproj" -c Release -o "$work/feed" -p:PipelineSecurityVersion="$version" -nologo -v:q -tl:off >/dev/null

mkdir -p "$work/consumer"
(cd "$root/samples" && find . -type f ! -path '*/bin/*' ! -path '*/obj/*' ! -name NuGet.config -exec cp --parents {} "$work/consumer" \;)
cat > "$work/consumer/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="bench" value="$work/feed" />
  </packageSources>
</configuration>
XML
project="$work/consumer/ContosoShop/ContosoShop.csproj"
# Plus a build-time-only package with dependencies of its own, as most repositories have (PrivateAssets=all): both
# tools should mark it and what only it brings in as excluded.
sed -i '0,/<ItemGroup>/s|<ItemGroup>|<ItemGroup>\n    <PackageReference Include="Microsoft.SourceLink.GitHub" Version="8.0.0" PrivateAssets="all" />|' "$project"

echo "Restoring and building the consumer once (not timed) ..."
dotnet build "$project" -p:PipelineSecurityVersion="$version" -nologo -v:q -tl:off -nodeReuse:false >/dev/null

echo "Installing the CycloneDX dotnet tool 6.3.1 ..."
dotnet tool install CycloneDX --version 6.3.1 --tool-path "$work/tools" >/dev/null
tool="$work/tools/dotnet-CycloneDX"

# Driver for the warm measurement: the same target on the same project, 11 times in one process (distinct output files).
calls=11
{
  echo '<Project><ItemGroup>'
  for c in $(seq 1 $calls); do echo "<Sbom Include=\"$project\" AdditionalProperties=\"PipelineSecuritySbomFile=\$(OutFolder)/warm-$c.cdx.json\" />"; done
  echo '</ItemGroup><Target Name="Run"><MSBuild Projects="@(Sbom)" Targets="PipelineSecurityGenerateSbom" BuildInParallel="false" /></Target></Project>'
} > "$work/warm.proj"
target_ms() { awk '/Target Performance Summary/ {t=1} t && $3 == "PipelineSecurityGenerateSbom" {print $1; exit}'; }

now_ms() { date +%s%3N; }
ours_target=() ours_process=() ours_warm=() tool_default=() tool_norestore=()
for i in $(seq 1 "$runs"); do
  start=$(now_ms)
  log=$(dotnet msbuild "$project" -t:PipelineSecurityGenerateSbom -p:PipelineSecurityVersion="$version" \
        -p:PipelineSecuritySbomFile="$work/out/ours-$i.cdx.json" -nologo -tl:off -nodeReuse:false -clp:PerformanceSummary)
  ours_process+=($(( $(now_ms) - start )))
  one="$(echo "$log" | target_ms)"
  ours_target+=("$one")
  many="$(dotnet msbuild "$work/warm.proj" -t:Run -p:OutFolder="$work/out/run-$i" -nologo -tl:off -nodeReuse:false -m:1 -clp:PerformanceSummary | target_ms)"
  ours_warm+=("$(( (many - one) / (calls - 1) ))")

  start=$(now_ms)
  "$tool" "$project" -o "$work/out" -fn "tool-$i.cdx.json" -F Json -spv 1.6 -ipr --set-nuget-purl >"$work/tool.log" 2>&1 || { cat "$work/tool.log"; exit 1; }
  tool_default+=($(( $(now_ms) - start )))

  start=$(now_ms)
  "$tool" "$project" -o "$work/out" -fn "tool-dpr-$i.cdx.json" -F Json -spv 1.6 -ipr --set-nuget-purl -dpr >"$work/tool.log" 2>&1 || { cat "$work/tool.log"; exit 1; }
  tool_norestore+=($(( $(now_ms) - start )))
done

python3 - "$work/out/ours-1.cdx.json" "$work/out/tool-1.cdx.json" "${ours_target[*]}" "${ours_warm[*]}" "${ours_process[*]}" "${tool_default[*]}" "${tool_norestore[*]}" <<'PY'
import json, statistics, sys
ours_path, tool_path = sys.argv[1], sys.argv[2]
times = {name: [max(float(v), 1.0) for v in arg.split()] for name, arg in zip(
    ["ours, target", "ours, warm", "ours, process", "tool", "tool, -dpr"], sys.argv[3:8])}
median = {name: statistics.median(values) for name, values in times.items()}

print(f"\nTimes over {len(times['tool'])} runs (median ms, and every run; warm values under 1 ms count as 1):")
for name, values in times.items():
    print(f"  {name:<14} {median[name]:>8.0f}   {' '.join(f'{v:.0f}' for v in values)}")
print("Ratios (tool / ours):")
for tool in ["tool", "tool, -dpr"]:
    for ours in ["ours, target", "ours, warm", "ours, process"]:
        print(f"  {tool:<11} / {ours:<14} {median[tool] / median[ours]:6.1f}x")

ours, theirs = json.load(open(ours_path)), json.load(open(tool_path))
def comps(doc): return doc.get("components", [])
def edges(doc): return sum(len(d.get("dependsOn", [])) for d in doc.get("dependencies", []))
def has(field):
    def check(c):
        if field == "authors": return bool(c.get("authors") or c.get("author"))
        if field == "licenses": return bool(c.get("licenses"))
        if field == "vcs": return any(r.get("type") == "vcs" for r in c.get("externalReferences", []))
        if field == "website": return any(r.get("type") == "website" for r in c.get("externalReferences", []))
        if field == "SHA-512": return any(h.get("alg") == "SHA-512" for h in c.get("hashes", []))
        if field == "tfm": return any("targetFramework" in p.get("name", "") or "framework" in p.get("name", "").lower() for p in c.get("properties", []))
        return field in c and c[field] not in (None, "", [])
    return check
def pct(doc, field):
    items = comps(doc)
    n = sum(1 for c in items if has(field)(c))
    return f"{n}/{len(items)}"

print("\nContent (ours | CycloneDX tool):")
print(f"  {'components':<26} {len(comps(ours)):>7} | {len(comps(theirs))}")
print(f"  {'dependency entries':<26} {len(ours.get('dependencies', [])):>7} | {len(theirs.get('dependencies', []))}")
print(f"  {'dependency edges':<26} {edges(ours):>7} | {edges(theirs)}")
for scope in ["required", "excluded"]:
    print(f"  {'scope ' + scope:<26} {sum(1 for c in comps(ours) if c.get('scope') == scope):>7} | {sum(1 for c in comps(theirs) if c.get('scope') == scope)}")
print("Field coverage (components having it):")
for field in ["purl", "SHA-512", "licenses", "description", "authors", "copyright", "website", "vcs", "scope", "tfm"]:
    print(f"  {field:<26} {pct(ours, field):>7} | {pct(theirs, field)}")
print(f"  {'metadata.timestamp':<26} {str('timestamp' in ours.get('metadata', {})):>7} | {'timestamp' in theirs.get('metadata', {})}")
print(f"  {'metadata.component.version':<26} {ours['metadata']['component'].get('version', '-'):>7} | {theirs['metadata'].get('component', {}).get('version', '-')}")

tool_scope = {c.get("purl"): c.get("scope", "required") for c in comps(theirs)}
differ = [f"{c['name']} (ours {c.get('scope')}, tool {tool_scope[c['purl']]})" for c in comps(ours)
          if c.get("purl") in tool_scope and c.get("scope", "required") != tool_scope[c["purl"]]]
print("Scope differences:", ", ".join(differ) or "none")
ours_refs = {c.get("purl") for c in comps(ours)}
tool_refs = {c.get("purl") for c in comps(theirs)}
only_ours, only_tool = sorted(p for p in ours_refs - tool_refs if p), sorted(p for p in tool_refs - ours_refs if p)
print("Components only in ours:", ", ".join(only_ours) or "none")
print("Components only in the tool's:", ", ".join(only_tool) or "none")
both = {c["purl"]: c for c in comps(ours) if c.get("purl") in tool_refs}
tool_by = {c["purl"]: c for c in comps(theirs) if c.get("purl") in both}
same_hash = sum(1 for p, c in both.items()
                if {h["content"].lower() for h in c.get("hashes", []) if h["alg"] == "SHA-512"} ==
                   {h["content"].lower() for h in tool_by[p].get("hashes", []) if h["alg"] == "SHA-512"})
print(f"Shared components with the same SHA-512: {same_hash}/{len(both)}")
PY
