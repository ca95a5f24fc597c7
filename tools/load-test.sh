#!/usr/bin/env bash
# Load test of the search page against a 100,000-service directory, beside the sign-in page, with wrk on loopback.
# Run by hand: tools/load-test.sh [services] [seconds]. Needs Debian's wrk (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-100000}; seconds=${2:-20}
db=/tmp/pn-load-$services.db; port=5099; password='Load-Test-Passw0rd!'
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

dotnet build -c Release src/PartnerNetwork.Web >/dev/null
app=src/PartnerNetwork.Web/bin/Release/net10.0/PartnerNetwork.Web.dll
if [ ! -f "$db" ]; then
  (cd src/PartnerNetwork.Web && dotnet "../../$app" seed --services "$services" --schools 3000 --ConnectionStrings:Sqlite "Data Source=$db")
fi
(cd src/PartnerNetwork.Web && ASPNETCORE_ENVIRONMENT=Production Demo__Enabled=true Demo__Password="$password" Logging__LogLevel__Default=Warning \
  dotnet "../../$app" --urls "http://127.0.0.1:$port" --ConnectionStrings:Sqlite "Data Source=$db" >/tmp/pn-load.log 2>&1) &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done

jar=$(mktemp)
token=$(curl -s -c "$jar" "http://127.0.0.1:$port/Account/SignIn" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "Input.Email=agent@demo.local" --data-urlencode "Input.Password=$password" \
  --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$port/Account/SignIn"
# HttpOnly cookies (the sign-in one) are written as "#HttpOnly_host" lines.
cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s=%s; ", $6, $7 }')
# Warm the index (built at the first search) and check the session really is signed in.
status=$(curl -s -H "Cookie: $cookie" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/Catalogue?q=devoirs")
[ "$status" = 200 ] || { echo "search answered $status, not 200: sign-in failed" >&2; exit 1; }

run() { echo "== $1"; wrk -t2 -c16 -d"${seconds}s" --latency -H "Cookie: $cookie" "$2" | grep -E "Requests/sec|  99%|Non-2xx"; }
run "search: text + one need, 25 km around the agent's school" "http://127.0.0.1:$port/Catalogue?q=aide+alimentaire&c=food-security&km=25"
run "search: nearest, one need, 25 km, evenings" "http://127.0.0.1:$port/Catalogue?c=homework-help&km=25&evenings=true"
run "sign-in page" "http://127.0.0.1:$port/Account/SignIn"
