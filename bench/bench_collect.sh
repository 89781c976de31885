#!/bin/sh
# Data entry under load: 200 teachers saving the attendance register of a
# 40-student class at once, against a 100,000-student district (the demo
# when `attain demo` is available, else an equivalent district built here
# with SQL: 100 schools x 25 classes x 40 students). wrk drives 200
# connections for 20 s, each request a register save (POST with session
# cookie and CSRF token, 303 on success) for one of the 200 classes, with a
# few students marked absent or late. Baseline in the same run: the same
# 200 connections reading the register pages (GET), so the ratio is what
# the write path (one transaction rewriting 40 attendance blobs, the
# register_taken row, the data version) costs over the read path.
# Afterwards the database is checked: every save wrk saw answered 303 for is
# in register_taken.version (no lost saves), and every student of every
# class has a mark on the day. Appends a section to bench/RESULTS.md.
set -eu
cd "$(dirname "$0")/.." || exit 2
A="$PWD/attain"
OUT="$PWD/bench/out/collect"
mkdir -p "$OUT"
DB="$OUT/district.db"
N=${BENCH_STUDENTS:-100000}
CONN=${BENCH_CONNECTIONS:-200}
DUR=${BENCH_SECONDS:-20}
THREADS=${BENCH_SERVER_THREADS:-8}
command -v wrk >/dev/null || { echo "bench_collect: wrk is not installed (scripts/install-deps.sh --bench)" >&2; exit 1; }

if [ ! -s "$DB" ]; then
	rm -f "$DB" "$DB-wal" "$DB-shm"
	if "$A" demo --help >/dev/null 2>&1; then
		"$A" --db "$DB" demo --students "$N" --seed 7 >"$OUT/demo.log" 2>&1
		SOURCE="attain demo --students $N --seed 7"
	else
		"$A" --db "$DB" init >/dev/null
		sqlite3 "$DB" <<SQL
BEGIN;
INSERT INTO org_level(depth, name) VALUES (0, 'district'), (1, 'school');
INSERT INTO org(id, code, name, parent_id, level, is_school) VALUES (1, 'D', 'District', NULL, 'district', 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO org(id, code, name, parent_id, level, is_school)
SELECT 1 + i, printf('S%03d', i), printf('School %d', i), 1, 'school', 1 FROM n;
INSERT INTO academic_year(id, code, name, start_date, end_date) VALUES (1, 'Y', '2025-26', '2025-06-01', '2026-03-31');
INSERT INTO subject(id, code, name) VALUES (1, 'MATH', 'Mathematics');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ($N / 40) - 1)
INSERT INTO class(id, code, name, org_id, year_id, grade, subject_id)
SELECT i + 1, printf('K%05d', i + 1), printf('Class %d', i + 1), 2 + (i % 100), 1, 5, NULL FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $N - 1)
INSERT INTO student(id, code, given_name, family_name)
SELECT i + 1, printf('P%06d', i + 1), printf('Given%d', i + 1), printf('Family%d', i + 1) FROM n;
INSERT INTO enrolment(class_id, student_id) SELECT 1 + (id - 1) / 40, id FROM student;
INSERT INTO placement(student_id, year_id, org_id, grade)
SELECT s.id, 1, c.org_id, 5 FROM student s JOIN class c ON c.id = 1 + (s.id - 1) / 40;
INSERT INTO attendance(student_id, year_id, marks) SELECT id, 1, zeroblob(152) FROM student;
COMMIT;
SQL
		SOURCE="a district built with SQL: 100 schools x $((N / 4000)) classes x 40 students"
	fi
fi
SOURCE=${SOURCE:-"$(sqlite3 "$DB" "SELECT source FROM import_batch ORDER BY id LIMIT 1" 2>/dev/null || echo cached)"}
nstud=$(sqlite3 "$DB" "SELECT count(*) FROM student")

# 200 classes of about 40 students in the latest year, spread over the
# schools; a teacher account and a live session for each.
sqlite3 "$DB" "DELETE FROM web_session WHERE account_id IN (SELECT id FROM account WHERE username LIKE 'bench%');
  DELETE FROM account WHERE username LIKE 'bench%';"
year=$(sqlite3 "$DB" "SELECT id FROM academic_year ORDER BY start_date DESC LIMIT 1")
ystart=$(sqlite3 "$DB" "SELECT start_date FROM academic_year WHERE id = $year")
day=$(sqlite3 "$DB" "SELECT CAST(julianday(date('$ystart', '+64 days', 'weekday 1')) - julianday('$ystart') AS INTEGER)")
date=$(sqlite3 "$DB" "SELECT date('$ystart', '+$day days')")
# the classes closest to 40 students (ties spread over the schools)
sqlite3 "$DB" "SELECT id, code FROM (SELECT c.id, c.code,
  (SELECT count(*) FROM enrolment e WHERE e.class_id = c.id) AS k FROM class c
  WHERE c.year_id = $year) WHERE k >= 30
  ORDER BY abs(k - 40), (id * 7919) % 1000003 LIMIT $CONN" >"$OUT/classes"
ncls=$(wc -l <"$OUT/classes")
[ "$ncls" -eq "$CONN" ] || { echo "bench_collect: only $ncls classes of 30 or more students" >&2; exit 1; }
size=$(sqlite3 "$DB" "SELECT round(avg(k), 1) || ' (' || min(k) || '-' || max(k) || ')' FROM (SELECT
  (SELECT count(*) FROM enrolment e WHERE e.class_id = c.id) AS k FROM class c
  WHERE c.id IN ($(cut -d'|' -f1 "$OUT/classes" | paste -sd, -)))")
now=$(date +%s)
: >"$OUT/reqs"
: >"$OUT/gets"
k=0
sql="BEGIN;"
while IFS='|' read -r cid ccode; do
	k=$((k + 1))
	tok=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
	csrf=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
	th=$(printf '%s' "$tok" | b2sum -l 256 | cut -d' ' -f1)
	sql="$sql INSERT INTO account(username, pw_hash, role) VALUES ('bench$k', 'x', 'teacher');
	  INSERT INTO account_scope(account_id, class_id) VALUES (last_insert_rowid(), $cid);
	  INSERT INTO web_session(token_hash, account_id, csrf, address, created_at, last_seen, expires_at)
	  VALUES ('$th', (SELECT id FROM account WHERE username = 'bench$k'), '$csrf', '127.0.0.1', $now, $now, $now + 86400);"
	marks=$(sqlite3 "$DB" "SELECT group_concat('m_' || s.code || '=' || CASE abs(random()) % 3 WHEN 0 THEN 'A' WHEN 1 THEN 'L' ELSE 'E' END, '&')
	  FROM (SELECT s.code FROM enrolment e JOIN student s ON s.id = e.student_id WHERE e.class_id = $cid ORDER BY random() LIMIT 3) s")
	printf 'POST\t/classes/%s/register\tattain_session=%s\tcsrf=%s&date=%s&%s\n' "$ccode" "$tok" "$csrf" "$date" "$marks" >>"$OUT/reqs"
	printf 'GET\t/classes/%s/register?date=%s\tattain_session=%s\t\n' "$ccode" "$date" "$tok" >>"$OUT/gets"
done <"$OUT/classes"
sqlite3 "$DB" "$sql COMMIT;"
sqlite3 "$DB" "DELETE FROM register_taken; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null

cat >"$OUT/load.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  reqs = {}
  for line in io.lines(os.getenv("BENCH_REQS")) do
    local m, p, c, b = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    table.insert(reqs, {m, p, c, b})
  end
  i = math.random(#reqs)
  ok, bad = 0, 0
end
function request()
  i = i % #reqs + 1
  local r = reqs[i]
  local h = {["Cookie"] = r[3]}
  if r[1] == "POST" then h["Content-Type"] = "application/x-www-form-urlencoded" end
  return wrk.format(r[1], r[2], h, r[1] == "POST" and r[4] or nil)
end
function response(status, headers, body)
  if status == 303 or status == 200 then ok = ok + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
  local o, b = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format("RESULT ok=%d bad=%d neterr=%d secs=%.3f p50=%.2f p99=%.2f\n",
    o, b, e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

"$A" --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" >"$OUT/serve.out" 2>"$OUT/serve.err" &
SRV=$!
trap 'kill $SRV 2>/dev/null; wait $SRV 2>/dev/null' EXIT
i=0
PORT=
while [ $i -lt 100 ] && [ -z "$PORT" ]; do
	PORT=$(sed -n 's/^serving http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$OUT/serve.out")
	sleep 0.1
	i=$((i + 1))
done
[ -n "$PORT" ] || { echo "bench_collect: server did not start" >&2; cat "$OUT/serve.err" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"
rss_kb() { awk '/VmHWM/ {print $2}' "/proc/$SRV/status"; }

run() { # FILE -> RESULT line
	BENCH_REQS="$1" wrk -t 2 -c "$CONN" -d "${DUR}s" --timeout 10s -s "$OUT/load.lua" "$BASE" |
		grep '^RESULT'
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# uncontended single save, for scale
one=$(head -n1 "$OUT/reqs")
p1=$(echo "$one" | cut -f2); c1=$(echo "$one" | cut -f3); b1=$(echo "$one" | cut -f4)
lat1=$(for r in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -b "$c1" --data "$b1" "$BASE$p1"; done | sort -n | sed -n 3p)
sqlite3 "$DB" "DELETE FROM register_taken;"
v0=$(sqlite3 "$DB" "SELECT coalesce(sum(version), 0) FROM register_taken")
dv0=$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'data_version'")

GET=$(run "$OUT/gets")
POST=$(run "$OUT/reqs")
sleep 1
v1=$(sqlite3 "$DB" "SELECT coalesce(sum(version), 0) FROM register_taken")
dv1=$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'data_version'")
rss=$(rss_kb)
kill $SRV; wait $SRV 2>/dev/null || true
trap - EXIT

ok=$(field "$POST" ok); bad=$(field "$POST" bad); neterr=$(field "$POST" neterr)
secs=$(field "$POST" secs)
saved=$((v1 - v0))
versions=$((dv1 - dv0))
lost=$((ok > saved ? ok - saved : 0))
# every enrolled student of every benchmarked class has a mark on the day
unmarked=$(sqlite3 "$DB" "SELECT count(*) FROM enrolment e JOIN register_taken r ON r.class_id = e.class_id
  JOIN attendance a ON a.student_id = e.student_id AND a.year_id = $year
  JOIN student s ON s.id = e.student_id AND s.active = 1
  WHERE r.date = '$date' AND (e.start_date IS NULL OR e.start_date <= '$date')
  AND (e.end_date IS NULL OR e.end_date >= '$date')
  AND substr(hex(a.marks), ($day / 2) * 2 + 1 + (1 - $day % 2), 1) = '0'")
classes_taken=$(sqlite3 "$DB" "SELECT count(*) FROM register_taken WHERE date = '$date'")
rate=$(awk -v n="$ok" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
grate=$(awk -v n="$(field "$GET" ok)" -v s="$(field "$GET" secs)" 'BEGIN { printf "%.0f", n / s }')
ratio=$(awk -v a="$(field "$POST" p99)" -v b="$(field "$GET" p99)" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
echo "saves: $POST"
echo "reads: $GET"
echo "saved in db: $saved (data version +$versions), lost: $lost, unmarked students: $unmarked, classes: $classes_taken"

cat >>bench/RESULTS.md <<MD

## Data entry: 200 teachers saving registers at once (bench/bench_collect.sh)

$(date -u +%Y-%m-%d), $(nproc) cores shared, release build, \`attain serve --threads $THREADS\`, loopback.
Data: $SOURCE ($nstud students). $CONN teacher accounts with live sessions, one
class each (students per class: mean $size); wrk -t 2 -c $CONN -d ${DUR}s, every request a
register save for $date (POST with CSRF token, 3 students marked absent, late
or excused, the rest present; each save rewrites every student's attendance
blobs, the register_taken row and the data version in one transaction).
Baseline in the same run: the same connections reading the register pages.

| load | requests/s | p50 ms | p99 ms | non-2xx/3xx | socket errors |
|---|---|---|---|---|---|
| read register pages (baseline) | $grate | $(field "$GET" p50) | $(field "$GET" p99) | $(field "$GET" bad) | $(field "$GET" neterr) |
| save registers | $rate | $(field "$POST" p50) | $(field "$POST" p99) | $bad | $neterr |

Ratio save/read p99: ${ratio}x. One uncontended save (median of 5, curl): ${lat1} s.
Checked in the database afterwards: saves answered 303: $ok; register saves
recorded (sum of register_taken.version): $saved; data version +$versions; lost
saves: $lost; students of the saved classes without a mark on the day:
$unmarked; classes with a register: $classes_taken of $CONN. Server peak RSS: $((rss / 1024)) MiB.
MD
[ "$bad" -eq 0 ] && [ "$neterr" -eq 0 ] && [ "$lost" -eq 0 ] && [ "$unmarked" -eq 0 ]
