#!/usr/bin/env bash
# Builds Kumo in Release and runs the benchmark set, rewriting docs/benchmarks.md above its marker line:
#   1. the keep-alive simulator on a small synthetic trace (bench/Kumo.Bench.Simulator);
#   2. bench/Kumo.Bench.Load, which starts real `kumo up` servers (pre-warmed pools on, then off), deploys the
#      functions of bench/functions through the Lambda API and measures the five figures of issue 8, each with a
#      baseline from the same run.
# Options are passed on to Kumo.Bench.Load: --figures 1,2,… --cold-rounds N --warm-calls N --throughput-seconds N
# --scale-out N --idle-sandboxes N (see 'Kumo.Bench.Load all --help'). Exits non-zero only when something failed,
# never on a missed target. About 12 minutes on a 2-core machine.
set -euo pipefail
started="$(date +%s)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/prerequisites.sh
source scripts/prerequisites.sh
kumo_test_prerequisites
if [ "$(id -u)" -ne 0 ]; then
  kumo_say "the benchmark starts kumo up, whose sandboxes need root (runc creates their namespaces and cgroups): run it as root, e.g. sudo bench/run.sh"
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== build (Release)"
dotnet build Kumo.slnx -c Release -nologo -v quiet
touch artifacts/.kumo-release-build

echo "== keep-alive simulator (small trace)"
simulator_args=(synthetic --functions 300 --days 2 --seed 1)
simulator_report="$(mktemp)"
trap 'rm -f "$simulator_report"' EXIT
artifacts/bin/Kumo.Bench.Simulator/release/Kumo.Bench.Simulator "${simulator_args[@]}" >"$simulator_report"

echo "== end-to-end figures (Kumo.Bench.Load)"
artifacts/bin/Kumo.Bench.Load/release/Kumo.Bench.Load all \
  --markdown docs/benchmarks.md \
  --command "bench/run.sh${*:+ $*}" \
  --script-started "$started" \
  --simulator-report "$simulator_report" \
  --simulator-command "dotnet run --project bench/Kumo.Bench.Simulator -c Release -- ${simulator_args[*]}" \
  "$@"
