#!/usr/bin/env bash
# No-op and full-rebuild cost of PipelineSecurity on a generated 10-project solution with 100+ packages (see run.py).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/run.py" "$@"
