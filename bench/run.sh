#!/usr/bin/env bash
# Builds Kumo in Release and runs the cold-start benchmark, writing docs/benchmarks.md.
# Options are passed on to Kumo.Bench: --rounds N (cold starts per runtime and side), --warm N.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/prerequisites.sh
source scripts/prerequisites.sh
kumo_test_prerequisites
dotnet build Kumo.slnx -c Release -nologo -v quiet
exec artifacts/bin/Kumo.Bench/release/Kumo.Bench --markdown docs/benchmarks.md "$@"
