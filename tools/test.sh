#!/usr/bin/env bash
# The whole test suite: installs what a fresh Debian machine lacks (Chromium for browser tests), builds, tests,
# and prints one plain "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium for the browser tests, and postgresql for the Web suite's second run on a real PostgreSQL server.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}…"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian's headless shell of the same Chromium (what Playwright uses for headless runs): the browser pass takes half the
# processor time with it. Without it (not installable here), the browser tests use the full browser, headless.
if [ ! -x /usr/bin/chromium-headless-shell ]; then
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1 \
    || { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium-headless-shell >/dev/null; } \
    || echo "chromium-headless-shell could not be installed; the browser tests use the full chromium"
fi

# The local tools (dotnet-ef, dotnet-counters) are for people; no test needs them, so a failed restore is not fatal.
dotnet tool restore >/dev/null || echo "dotnet tool restore failed; going on without the local tools"
results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
status=0
# Release: the suite's own CPU work (indicator suppression, coverage, seeding the province into each pass's template)
# runs optimised, as in production; the tests find the app's binaries under the configuration they were built in.
config=Release
dotnet build PartnerNetwork.sln -c "$config" -v q -nologo || exit $?
echo "== build ($SECONDS s) =="

# Four passes over three projects, side by side: together they keep both cores busy, so what shortens the run is less
# processor work in any pass. Each pass's output is printed when it ends, with its wall time (the trx files beside the
# logs have each test's).
run_pass() {
  local name=$1 code=0 started=$SECONDS; shift
  "$@" >"$results/$name.log" 2>&1 || code=$?
  echo "== $name pass (exit $code, $((SECONDS - started)) s) =="
  cat "$results/$name.log"
  return $code
}
# The SQLite passes share one template database (TestDatabaseTemplate), made once per run in the results folder.
export PN_TEST_TEMPLATE_DIR="$PWD/$results/template"
run_pass core dotnet test tests/PartnerNetwork.Core.Tests -c "$config" --no-build --logger "trx;LogFilePrefix=core" --results-directory "$results" "$@" &
core=$!
run_pass browser dotnet test tests/PartnerNetwork.Browser.Tests -c "$config" --no-build --logger "trx;LogFilePrefix=browser" --results-directory "$results" "$@" &
browser=$!
# The Web classes where the provider matters (trait Database=Both; README "Test it" says which and why) again, on a
# throwaway PostgreSQL cluster the tests start (PN_TEST_DATABASE=Postgres).
run_pass postgres env PN_TEST_DATABASE=Postgres dotnet test tests/PartnerNetwork.Web.Tests -c "$config" --no-build --filter "Database=Both&Timing!=Quiet" --logger "trx;LogFilePrefix=postgres" --results-directory "$results" "$@" &
postgres=$!
run_pass sqlite dotnet test tests/PartnerNetwork.Web.Tests -c "$config" --no-build --filter "Timing!=Quiet" --logger "trx;LogFilePrefix=sqlite" --results-directory "$results" "$@" || status=1
wait $core || status=1
wait $browser || status=1
wait $postgres || status=1
# Tests that compare timings (Trait Timing=Quiet) run alone once the machine is quiet, on both databases.
run_pass quiet-sqlite dotnet test tests/PartnerNetwork.Web.Tests -c "$config" --no-build --filter "Timing=Quiet" --logger "trx;LogFilePrefix=quiet-sqlite" --results-directory "$results" || status=1
run_pass quiet-postgres env PN_TEST_DATABASE=Postgres dotnet test tests/PartnerNetwork.Web.Tests -c "$config" --no-build --filter "Timing=Quiet" --logger "trx;LogFilePrefix=quiet-postgres" --results-directory "$results" || status=1

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters"); f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  t=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters"); e=$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
done
echo "== whole run: ${SECONDS} s =="
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ]; then echo "No test ran." >&2; exit 1; fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status although no test failed: look above for a fixture or class cleanup failure." >&2
fi
exit "$status"
