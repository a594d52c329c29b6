#!/usr/bin/env bash
# Restores a corpus of real packages into a temporary packages folder and verifies it three ways (see Program.cs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet run -c Release --project "$here/SignatureVerification.csproj" -- "$@"
