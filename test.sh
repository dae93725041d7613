#!/usr/bin/env bash
# Installs what is missing, builds, checks formatting, runs every test project, and ends with one line
# counted from the test results (TRX):
#   tests: N passed, N failed, N skipped
# Exits non-zero when the build, the format check or any test failed, or a test run crashed.
# Options: --no-format skips the format check; --filter EXPR passes a 'dotnet test' filter, e.g.
#   ./test.sh --filter "FullyQualifiedName~Storage"
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
# shellcheck source=scripts/prerequisites.sh
source "$root/scripts/prerequisites.sh"

check_format=1
filter=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --no-format) check_format=0 ;;
    --filter)
      [ "$#" -ge 2 ] || { kumo_say "--filter needs an expression, e.g. --filter \"FullyQualifiedName~Storage\""; exit 2; }
      filter=(--filter "$2"); shift ;;
    *) kumo_say "unknown option '$1': use --no-format or --filter EXPR"; exit 2 ;;
  esac
  shift
done

kumo_test_prerequisites
kumo_install_test_clients "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
problems=()

echo "== build (Release)"
if ! dotnet build Kumo.slnx -c Release -nologo -v quiet; then
  kumo_say "the build failed; see above."
  echo "tests: 0 passed, 0 failed, 0 skipped"
  exit 1
fi
touch "$root/artifacts/.kumo-release-build"

if [ "$check_format" -eq 1 ]; then
  echo "== dotnet format --verify-no-changes"
  if ! dotnet format Kumo.slnx --verify-no-changes --no-restore -v quiet; then
    problems+=("formatting differs from .editorconfig: run 'dotnet format Kumo.slnx' and commit the result")
  fi
fi

# Counts the results of one TRX file with the given outcome.
count_outcome() {
  grep -o '<UnitTestResult [^>]*outcome="[A-Za-z]*"' "$1" 2>/dev/null | grep -c "outcome=\"$2\"" || true
}

aborted=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  grep -q 'Microsoft.NET.Test.Sdk' "$project" || continue
  echo "== $name"
  trx="$results/$name.trx"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" --blame-hang-timeout 10m "${filter[@]}"
  status=$?
  if [ "$status" -ne 0 ] && [ "$(count_outcome "$trx" Failed)" -eq 0 ]; then
    # A non-zero exit with no failed test: the test host crashed, hung or aborted.
    problems+=("$name: the test run failed without a failed test result (crashed, hung or aborted); see its output above")
    aborted=$((aborted + 1))
  fi
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  passed=$((passed + $(count_outcome "$trx" Passed)))
  failed=$((failed + $(count_outcome "$trx" Failed) + $(count_outcome "$trx" Error) + $(count_outcome "$trx" Timeout) + $(count_outcome "$trx" Aborted)))
  skipped=$((skipped + $(count_outcome "$trx" NotExecuted)))
done

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  problems+=("no test ran${filter[*]:+ (does the filter match any test?)}")
fi

# Names the failed tests again at the end, where a reader of only the last lines (a CI log's tail) sees them.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"' "$trx" 2>/dev/null \
    | sed -n 's/.*testName="\([^"]*\)".*/  failed: \1/p' | sed 's/&quot;/"/g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g'
done

for problem in "${problems[@]}"; do
  kumo_say "$problem"
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "${#problems[@]}" -eq 0 ]
