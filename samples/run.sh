#!/usr/bin/env bash
# Packs PipelineSecurity.Analyzers from this checkout and builds the sample with it, the way a user's build would run.
# Findings are printed by the build; the outputs' paths are listed at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts="$root/artifacts"

dotnet pack "$root/nuget/PipelineSecurity.Package.csproj" -c Release -o "$artifacts/packages" -nologo -v:q

# A packages folder of the sample's own, so that each run restores the package just packed.
export NUGET_PACKAGES="$artifacts/sample-packages"
rm -rf "$NUGET_PACKAGES/pipelinesecurity.analyzers"

mkdir -p "$artifacts/logs"
dotnet build "$root/samples/ContosoShop.sln" -nologo -nodeReuse:false -clp:NoSummary \
  -bl:"$artifacts/logs/sample.binlog" "$@"

echo
echo "PipelineSecurity outputs:"
find "$root/samples" -path '*/pipeline-security/*' -type f | sort | sed "s|^$root/|  |"
echo "  artifacts/logs/sample.binlog (MSBuild binary log)"
