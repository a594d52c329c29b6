#!/usr/bin/env bash
# Runs the CI-definition check benchmarks (short job: 2-core machines; in process, because the generated project would
# inherit the repository's central pins). The repository of 200 workflows is generated under the temp folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dotnet run -c Release -m:1 --project "$root/benchmarks/Pipelines/PipelineSecurity.Pipelines.Benchmarks.csproj" -- \
  --filter '*PipelineCheckBenchmarks*' --job short --inProcess --artifacts "$root/artifacts/benchmarks" "$@"
