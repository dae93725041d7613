#!/usr/bin/env bash
# Installs what is missing, builds, checks formatting, runs every test project, and ends with one line:
#   tests: N passed, N failed, N skipped
# Exits non-zero when anything failed. Options: --no-format skips the format check (quicker while editing);
# any other argument is passed to 'dotnet test' as a filter, e.g. ./test.sh "FullyQualifiedName~Storage".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
# shellcheck source=scripts/prerequisites.sh
source "$root/scripts/prerequisites.sh"
kumo_test_prerequisites

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
check_format=1
filter=()
for argument in "$@"; do
  case "$argument" in
    --no-format) check_format=0 ;;
    *) filter=(--filter "$argument") ;;
  esac
done

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "== build (Release)"
if ! dotnet build Kumo.slnx -c Release -nologo -v quiet; then
  kumo_say "the build failed; see above."
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
touch "$root/artifacts/.kumo-release-build"

format_failed=0
if [ "$check_format" -eq 1 ]; then
  echo "== dotnet format --verify-no-changes"
  if ! dotnet format Kumo.slnx --verify-no-changes --no-restore -v quiet; then
    kumo_say "formatting differs from .editorconfig; run 'dotnet format Kumo.slnx' and commit the result."
    format_failed=1
  fi
fi

aborted=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  grep -q 'Microsoft.NET.Test.Sdk' "$project" || continue
  echo "== $name"
  if ! dotnet test "$project" -c Release --no-build -nologo \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
        --results-directory "$results" "${filter[@]}"; then
    if [ ! -f "$results/$name.trx" ] || ! grep -q 'outcome="Failed"' "$results/$name.trx"; then
      kumo_say "$name: the test run failed without a failed test (crashed or aborted); counted as one failure."
      aborted=$((aborted + 1))
    fi
  fi
done

count() {
  cat "$results"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*outcome="[A-Za-z]*"' | grep -c "outcome=\"$1\"" || true
}
passed=$(count Passed)
failed=$(( $(count Failed) + aborted + format_failed ))
skipped=$(count NotExecuted)

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
