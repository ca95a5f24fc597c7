#!/usr/bin/env bash
# Load test of the search page against a 100,000-service directory, side by side with two cost-free pages: a
# signed-in page that renders only the layout (/Account/AccessDenied) and the sign-in page. wrk on loopback.
# Run by hand: tools/load-test.sh [services] [seconds per run] [rounds]. Needs Debian's wrk (installed when missing)
# and the local dotnet-counters tool (restored here). GC settings are taken from the environment (DOTNET_gcServer…).
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-100000}; seconds=${2:-10}; rounds=${3:-6}
db=/tmp/pn-load-$services.db; port=5099; password='Load-Test-Passw0rd!'; base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
dotnet tool restore >/dev/null
# Outside Development the app needs its own family-matching key; the same one for the seed and the server.
export Families__MatchKey='load-test-family-match-key-not-a-secret'

dotnet build -c Release src/PartnerNetwork.Web >/dev/null
app=src/PartnerNetwork.Web/bin/Release/net10.0/PartnerNetwork.Web.dll
if [ ! -f "$db" ]; then
  (cd src/PartnerNetwork.Web && dotnet "../../$app" seed --services "$services" --schools 3000 --ConnectionStrings:Sqlite "Data Source=$db")
fi
(cd src/PartnerNetwork.Web && ASPNETCORE_ENVIRONMENT=Production Demo__Enabled=true Demo__Password="$password" Logging__LogLevel__Default=Warning \
  Api__Public=true Api__RequestsPerMinute=100000000 Api__NdjsonRequestsPerMinute=100000000 \
  exec dotnet "../../$app" --urls "$base" --ConnectionStrings:Sqlite "Data Source=$db" >/tmp/pn-load.log 2>&1) &
server=$!
trap 'kill $server 2>/dev/null' EXIT
# Ready means the database answers and the search index is built.
started=$(date +%s.%N)
for _ in $(seq 120); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ] && break; sleep 0.5; done
printf 'ready after %.1f s (index built before ready)\n' "$(echo "$(date +%s.%N) - $started" | bc)"

# A fresh session per run: an old cookie would be re-validated against the security stamp on every request.
sign_in() {
  local jar token; jar=$(mktemp)
  token=$(curl -s -c "$jar" "$base/Account/SignIn" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "Input.Email=agent@demo.local" --data-urlencode "Input.Password=$password" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/Account/SignIn"
  # HttpOnly cookies (the sign-in one) are written as "#HttpOnly_host" lines.
  sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s=%s; ", $6, $7 }'
  rm -f "$jar"
}

names=(search-text search-evenings layout sign-in)
declare -A url=(
  [search-text]="$base/Catalogue?q=aide+alimentaire&c=food-security&km=25"
  [search-evenings]="$base/Catalogue?c=homework-help&km=25&evenings=true"
  [layout]="$base/Account/AccessDenied"
  [sign-in]="$base/Account/SignIn"
)
cookie=$(sign_in)
status=$(curl -s -H "Cookie: $cookie" -o /dev/null -w '%{http_code}' "${url[search-text]}")
[ "$status" = 200 ] || { echo "search answered $status, not 200: sign-in failed" >&2; exit 1; }

# Warm-up: JIT, tiered compilation and caches, not measured.
for name in "${names[@]}"; do wrk -t2 -c16 -d5s -H "Cookie: $cookie" "${url[$name]}" >/dev/null; done

declare -A rps p99s
out=$(mktemp)
for round in $(seq "$rounds"); do
  for name in "${names[@]}"; do
    cookie=$(sign_in)
    wrk -t2 -c16 -d"${seconds}s" --latency -H "Cookie: $cookie" "${url[$name]}" >"$out"
    rps[$name]+="$(awk '/Requests\/sec/ { print $2 }' "$out") "
    p99s[$name]+="$(awk '$1 == "99%" { print $2 }' "$out") "
  done
  echo "round $round done"
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo
echo "| page | requests/s, median of $rounds (min–max) | p99 per round |"
echo "|---|---|---|"
for name in "${names[@]}"; do
  values=${rps[$name]}
  printf '| %s | %s (%s–%s) | %s |\n' "$name" "$(echo "$values" | median)" "$(echo "$values" | tr ' ' '\n' | grep -v '^$' | sort -g | head -1)" \
    "$(echo "$values" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1)" "${p99s[$name]}"
done
echo
# Ratios per round (the rounds interleave, so each compares pages measured a few seconds apart).
for search in search-text search-evenings; do
  read -ra s <<<"${rps[$search]}"; read -ra l <<<"${rps[layout]}"; read -ra i <<<"${rps[sign-in]}"
  ratios_layout=""; ratios_signin=""
  for k in "${!s[@]}"; do
    ratios_layout+="$(echo "scale=2; ${s[$k]} / ${l[$k]}" | bc) "
    ratios_signin+="$(echo "scale=2; ${s[$k]} / ${i[$k]}" | bc) "
  done
  echo "$search / layout page per round: $ratios_layout"
  echo "$search / sign-in page per round: $ratios_signin"
done

# Allocation per search request: the runtime's allocated-bytes counter over a run, divided by the requests served.
cookie=$(sign_in)
pid=$(pgrep -f "PartnerNetwork.Web.dll --urls $base" | head -1)
counters=/tmp/pn-load-counters.csv; rm -f "$counters"
dotnet dotnet-counters collect -p "$pid" --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' \
  --refresh-interval 1 --format csv -o "$counters" --duration "00:00:$(printf '%02d' $((seconds + 4)))" >/dev/null 2>&1 &
collector=$!
sleep 2
wrk -t2 -c16 -d"${seconds}s" -H "Cookie: $cookie" "${url[search-text]}" >"$out"
wait $collector || true
requests=$(awk '/requests in/ { print $1 }' "$out")
allocated=$(awk -F, 'NR > 1 && $3 ~ /total_allocated/ { sum += $NF } END { printf "%.0f", sum }' "$counters")
echo "allocated during the search run: $((allocated / 1024 / 1024)) MB for $requests requests = $((allocated / requests / 1024)) KB per search request"
echo "resident memory after the runs: $(( $(awk '/VmRSS/ { print $2 }' "/proc/$pid/status") / 1024 )) MB (GC: DOTNET_gcServer=${DOTNET_gcServer:-default} DOTNET_GCgen0size=${DOTNET_GCgen0size:-default} DOTNET_GCConserveMemory=${DOTNET_GCConserveMemory:-default})"

# The HSDS read API on the same directory (public for this run, rate limit lifted): a page of 50, then the ndjson stream.
api="$base/api/hsds/services?per_page=50"
wrk -t2 -c16 -d5s "$api" >/dev/null
wrk -t2 -c16 -d"${seconds}s" --latency "$api" >"$out"
echo "API per_page=50 under load: $(awk '/Requests\/sec/ { print $2 }' "$out") requests/s, p99 $(awk '$1 == "99%" { print $2 }' "$out")"
for _ in $(seq 50); do curl -s -o /dev/null -w '%{time_starttransfer}\n' "$api"; done | sort -g | awk '{ v[NR] = $1 } END { printf "API per_page=50 one at a time: median %.1f ms to first byte, p95 %.1f ms\n", v[25] * 1000, v[48] * 1000 }'
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status"; }
before=$(rss); peak=$before
curl -s -o /tmp/pn-load-services.ndjson -w '%{time_starttransfer} %{time_total} %{size_download}\n' "$base/api/hsds/services?format=ndjson" >"$out" &
stream=$!
while kill -0 $stream 2>/dev/null; do now=$(rss); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.2; done
read -r first total size <"$out"
printf 'ndjson stream of every service: first byte after %.2f s, %d lines (%d MB) in %.1f s; resident memory %d MB before, at most %d MB during\n' \
  "$first" "$(wc -l </tmp/pn-load-services.ndjson)" "$((size / 1024 / 1024))" "$total" "$before" "$peak"
rm -f /tmp/pn-load-services.ndjson
