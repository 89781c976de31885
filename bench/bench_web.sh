#!/bin/sh
# Web benchmark: wrk against the officer (district), principal (school)
# and teacher (class) pages of the 100,000-student demo, 32 connections for
# 20 s each, after the server has warmed its page cache. Reports
# requests/s, p50/p99 latency and errors per page, with the static
# stylesheet measured in the same run as the baseline (the server's floor),
# and appends a section to bench/RESULTS.md. Targets: zero errors, p99
# under 100 ms.
#   BENCH_WEB_DB=FILE   use this demo database (default bench/out/web-demo.db,
#                       generated and analysed when absent)
#   BENCH_WEB_SECONDS   seconds per page (default 20)
set -eu
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench_web: wrk is not installed (scripts/install-deps.sh --bench)"; exit 1; }
DB="${BENCH_WEB_DB:-bench/out/web-demo.db}"
SECS="${BENCH_WEB_SECONDS:-20}"
THREADS="${BENCH_WEB_THREADS:-$(nproc)}"
PW=bench-web
mkdir -p bench/out
if [ ! -f "$DB" ]; then
	./attain --db "$DB" demo --students 100000 --seed 1 --password "$PW" >/dev/null
	./attain --db "$DB" analyze >/dev/null
else
	./attain --db "$DB" user passwd state --password "$PW" >/dev/null
	for u in district principal teacher; do
		./attain --db "$DB" user passwd "$u" --password "$PW" >/dev/null
	done
fi
out=$(mktemp -d)
./attain --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" >"$out/serve.out" 2>"$out/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$out"' EXIT
i=0
while ! grep -q "cache warm" "$out/serve.out"; do
	sleep 1
	i=$((i + 1))
	[ $i -lt 600 ] || { echo "bench_web: server did not warm up"; exit 1; }
done
port=$(sed -n 's/^serving http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$out/serve.out")
base="http://127.0.0.1:$port"
warm=$(sed -n 's/^cache warm: //p' "$out/serve.out")

cookie() { # USER -> session cookie value
	curl -s -o /dev/null -c "$out/jar.$1" -d "username=$1" -d "password=$PW" "$base/login"
	awk '$6 == "attain_session" {print $7}' "$out/jar.$1"
}
first_code() { # JSON on stdin -> first "code" value
	grep -o '"code":"[^"]*"' | head -n 1 | cut -d'"' -f4
}
off=$(cookie district)
pri=$(cookie principal)
tea=$(cookie teacher)
district=$(curl -s -H "Cookie: attain_session=$off" "$base/api/" | first_code)
school=$(curl -s -H "Cookie: attain_session=$pri" "$base/api/" | first_code)
class=$(curl -s -H "Cookie: attain_session=$tea" "$base/api/" | first_code)

run() { # NAME COOKIE PATH
	curl -s -o "$out/page" -w '%{http_code} %{size_download}' -H "Cookie: attain_session=$2" "$base$3" >"$out/code"
	read -r code size <"$out/code" || true
	wrk -t 2 -c 32 -d "${SECS}s" --latency -H "Cookie: attain_session=$2" "$base$3" >"$out/wrk.$1" 2>&1
	rps=$(awk '/^Requests\/sec/ {print $2}' "$out/wrk.$1")
	p50=$(awk '$1 == "50%" {print $2}' "$out/wrk.$1")
	p99=$(awk '$1 == "99%" {print $2}' "$out/wrk.$1")
	non2xx=$(awk '/Non-2xx/ {print $5}' "$out/wrk.$1")
	sockerr=$(awk '/Socket errors/ {s = 0; for (i = 4; i <= NF; i += 2) s += $i; print s}' "$out/wrk.$1")
	errors=$(( ${non2xx:-0} + ${sockerr:-0} ))
	printf '| %s | `%s` | %s | %s | %s | %s | %s | %s |\n' "$1" "$3" "$code" \
		"$size" "$rps" "$p50" "$p99" "$errors" >>"$out/table"
	echo "$1 $3: $code, $size bytes, $rps req/s, p50 $p50, p99 $p99, errors $errors"
}
: >"$out/table"
run baseline "$tea" /style.css
run officer "$off" "/orgs/$district"
run principal "$pri" "/orgs/$school"
run teacher "$tea" "/classes/$class"
base_rps=$(awk -F'|' 'NR == 1 {gsub(/ /, "", $6); print $6}' "$out/table")

{
	echo
	echo "## Web pages under load (bench/bench_web.sh, $(date -u +%Y-%m-%d))"
	echo
	echo "wrk, 2 threads, 32 connections, ${SECS} s per page, against \`attain serve"
	echo "--threads $THREADS\` on the 100,000-student demo ($(basename "$DB")), after the page"
	echo "cache warmed ($warm). Each request is a signed-in page view"
	echo "with its session check and (principal, teacher) an audit entry. Baseline:"
	echo "the static stylesheet through the same server, measured in the same run."
	echo
	echo "| page | path | status | bytes | requests/s | p50 | p99 | errors |"
	echo "|---|---|---|---|---|---|---|---|"
	cat "$out/table"
	echo
	awk -F'|' -v b="$base_rps" 'NR > 1 {gsub(/ /, "", $2); gsub(/ /, "", $6);
		printf "%s%s at %.2f of the baseline rate", (NR > 2 ? "; " : "Ratios: "), $2, $6 / b}
		END {print "."}' "$out/table"
} >>bench/RESULTS.md
tail -n 12 bench/RESULTS.md
