#!/usr/bin/env bash
# Build-time overhead of the PipelineSecurity analyzers on a large generated solution, measured in one run:
#   none           no analyzer at all (the .NET SDK's own analyzers are off in every configuration)
#   all            every PipelineSecurity rule
#   secrets        only Security.Secrets rules   (Security.Configuration set to none in a global config)
#   configuration  only Security.Configuration rules (Security.Secrets set to none)
#   sdk            no PipelineSecurity analyzer, the .NET SDK's analyzers on (the default of a new project)
#   sdk-all        the SDK's analyzers and every PipelineSecurity rule: the marginal cost in a default project
# After one warm-up build, each configuration is built REPS times with --no-incremental, interleaved; the script reports
# medians of the build's CPU time (the main figure: robust to other load), its wall time and the compiler task's time.
# Every project also gets a large web.config and appsettings.json as AdditionalFiles (CONFIG_KB each, default 2048), so
# the configuration-file rules (ConfigurationFileAnalyzer, SecretInConfigurationFileAnalyzer) are measured too.
# Usage: benchmarks/BuildOverhead/run.sh [projects=2] [files-per-project=100] [reps=3] [config-kb=2048]   (about 6 minutes on 2 idle cores)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
projects="${1:-2}"
files="${2:-100}"
reps="${3:-3}"
config_kb="${4:-2048}"
work="$root/artifacts/benchmarks/BuildOverhead"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build "$root/src/PipelineSecurity.Analyzers/PipelineSecurity.Analyzers.csproj" -c Release -m:1 -nologo -v:q -clp:NoSummary >/dev/null
analyzer="$(find "$root/src/PipelineSecurity.Analyzers/bin/Release" "$root/artifacts" -name PipelineSecurity.Analyzers.dll -path '*Release*' 2>/dev/null | head -1)"
[ -f "$analyzer" ] || { echo "analyzer dll not found" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/configs"
python3 "$here/generate.py" "$work" "$projects" "$files"
python3 "$here/generate_config.py" "$work/config" "$config_kb"
cat > "$work/Directory.Build.props" <<PROPS
<Project>
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <EnableNETAnalyzers>false</EnableNETAnalyzers>
    <EnableNETAnalyzers Condition="\$(BenchConfig.StartsWith('sdk'))">true</EnableNETAnalyzers>
    <!-- A stand-alone solution: not the repository's central package management. -->
    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
    <GenerateDocumentationFile>false</GenerateDocumentationFile>
    <NoWarn>\$(NoWarn);CS1591;CA5351;SYSLIB0021</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <AdditionalFiles Include="$work/config/web.config;$work/config/appsettings.json" />
  </ItemGroup>
  <ItemGroup Condition="'\$(BenchConfig)' != 'none' and '\$(BenchConfig)' != 'sdk'">
    <Analyzer Include="$analyzer" />
    <GlobalAnalyzerConfigFiles Include="$work/configs/\$(BenchConfig.Replace('sdk-', '')).globalconfig" />
  </ItemGroup>
</Project>
PROPS
printf 'is_global = true\n' > "$work/configs/all.globalconfig"
printf 'is_global = true\ndotnet_analyzer_diagnostic.category-Security.Configuration.severity = none\n' > "$work/configs/secrets.globalconfig"
printf 'is_global = true\ndotnet_analyzer_diagnostic.category-Security.Secrets.severity = none\n' > "$work/configs/configuration.globalconfig"
echo "<Project />" > "$work/Directory.Build.targets"
(cd "$work" && dotnet new sln -n Bench -o . --format sln >/dev/null && dotnet sln Bench.sln add Bench.P*/*.csproj >/dev/null)
dotnet restore "$work/Bench.sln" -v:q -nologo >/dev/null

configs=(none all secrets configuration sdk sdk-all)
build() { # config -> "wall_ms cpu_ms csc_ms findings"
  # The compiler runs in-process of the build (no compiler server), so the build's CPU time (user + sys of the process
  # and the compiler it waits for) includes the analyzers. CPU time is far less sensitive than wall time to other
  # load on the machine; both are reported.
  local log="$work/last-$1.log" start end cpu csc findings
  local TIMEFORMAT='%3U %3S'
  start=$(date +%s%N)
  cpu=$( { time dotnet build "$work/Bench.sln" --no-restore --no-incremental -m:1 -nodeReuse:false -nologo \
      -p:UseSharedCompilation=false -p:BenchConfig="$1" -clp:PerformanceSummary -v:m > "$log"; } 2>&1 | awk '{printf "%d", ($1 + $2) * 1000}')
  end=$(date +%s%N)
  csc=$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$log" | tail -1 | awk '{print $1}' || true)
  findings=$( (grep -oE '[^ ]+\([0-9]+,[0-9]+\): warning PSF[0-9]{4}' "$log" || true) | sort -u | wc -l)
  echo "$(( (end - start) / 1000000 )) $cpu ${csc:-0} $findings"
}

echo "Solution: $projects projects x $files files ($(find "$work" -name '*.cs' | wc -l) C# files, $(cat "$work"/Bench.P*/*.cs | wc -l) lines); $reps repetitions"
echo "Configuration files per project: web.config $(wc -c < "$work/config/web.config") bytes, appsettings.json $(wc -c < "$work/config/appsettings.json") bytes"
build none >/dev/null   # warm-up: disk cache, JIT of MSBuild
declare -A walls cpus cscs finds
for ((r = 1; r <= reps; r++)); do
  for c in "${configs[@]}"; do
    read -r wall cpu csc found < <(build "$c")
    walls[$c]+="$wall "; cpus[$c]+="$cpu "; cscs[$c]+="$csc "; finds[$c]=$found
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.1f%%", (a-b)*100/b}'; }
echo
echo "Medians of $reps builds; overhead against 'none' (sdk-all: against 'sdk')."
printf '%-14s %10s %9s %10s %9s %10s %9s %9s\n' configuration "CPU (ms)" overhead "wall (ms)" overhead "Csc (ms)" overhead findings
for c in "${configs[@]}"; do
  base=none; [[ $c == sdk* ]] && base=sdk
  u=$(echo "${cpus[$c]}" | median); w=$(echo "${walls[$c]}" | median); k=$(echo "${cscs[$c]}" | median)
  bu=$(echo "${cpus[$base]}" | median); bw=$(echo "${walls[$base]}" | median); bk=$(echo "${cscs[$base]}" | median)
  printf '%-14s %10s %9s %10s %9s %10s %9s %9s\n' "$c" "$u" "$(pct "$u" "$bu")" "$w" "$(pct "$w" "$bw")" "$k" "$(pct "$k" "$bk")" "${finds[$c]}"
done
echo "All samples (CPU ms): $(for c in "${configs[@]}"; do printf '%s=[%s] ' "$c" "${cpus[$c]% }"; done)"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Per-analyzer execution time, from the compiler's own report (one build with every rule).
dotnet build "$work/Bench.sln" --no-restore --no-incremental -m:1 -nodeReuse:false -nologo -p:UseSharedCompilation=false -p:BenchConfig=all -p:ReportAnalyzer=true -v:d -clp:PerformanceSummary > "$work/report-analyzer.log"
echo
echo "Analyzer execution time reported by the compiler (ReportAnalyzer, all rules, summed over projects):"
grep -E '\(PSF[0-9]{4}(, PSF[0-9]{4})*\)\s*$' "$work/report-analyzer.log" \
  | awk '{t = ($1 == "<0.001") ? 0 : $1; name = $3; for (i = 4; i <= NF; i++) name = name " " $i; sum[name] += t}
         END {for (n in sum) printf "  %7.3f s  %s\n", sum[n], n}' | sort -rn

# The same accounting in a default project (the SDK's analyzers on too): the compiler's first touch of the compilation's
# symbols is charged to whichever analyzer looks up a type first, which is then not always one of ours.
dotnet build "$work/Bench.sln" --no-restore --no-incremental -m:1 -nodeReuse:false -nologo -p:UseSharedCompilation=false -p:BenchConfig=sdk-all -p:ReportAnalyzer=true -v:d -clp:PerformanceSummary > "$work/report-analyzer-sdk-all.log"
echo
for log in report-analyzer report-analyzer-sdk-all; do
  ours=$( { grep -E '^\s+[0-9.<]+\s+[0-9<]+\s+PipelineSecurity\.Analyzers, Version' "$work/$log.log" || true; } | awk '{s += ($1 == "<0.001") ? 0 : $1} END {printf "%.3f", s}')
  sdk=$( { grep -E '^\s+[0-9.<]+\s+[0-9<]+\s+Microsoft\.CodeAnalysis\.(CSharp\.)?NetAnalyzers, Version' "$work/$log.log" || true; } | awk '{s += ($1 == "<0.001") ? 0 : $1} END {printf "%.3f", s}')
  csc=$( { grep -E '^\s+[0-9]+ ms\s+Csc\s' "$work/$log.log" || true; } | awk '{s += $1} END {printf "%.3f", s / 1000}')
  echo "$log: PipelineSecurity.Analyzers ${ours} s, SDK analyzers ${sdk} s, Csc ${csc} s (compiler's accounting, summed over projects)"
done
