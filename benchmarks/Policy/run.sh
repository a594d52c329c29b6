#!/usr/bin/env bash
# Runs the policy gate benchmarks (short job: 2-core machines; in process, because the generated project would inherit
# the repository's central pins). Reads the real advisories in tests/Advisories/osv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dotnet run -c Release -m:1 --project "$root/benchmarks/Policy/PipelineSecurity.Policy.Benchmarks.csproj" -- \
  --filter '*PolicyGateBenchmarks*' --job short --inProcess --artifacts "$root/artifacts/benchmarks" "$@"
