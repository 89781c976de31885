# Data entry at real sizes and at its limits: a full markbook of 60
# students x 40 items saved over HTTP with every value landing; a whole
# school's marks (2,000 students) pasted at once, and refused whole for
# one bad line; every form limit (body, fields, field length, per route)
# taken exactly and refused one past it with 413 naming the limit and
# nothing saved; a scaled total kept and flagged when an item is
# corrected, then confirmed.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
sqlite3 "$DB" <"$WEBFX/scale.sql"
ATTAIN_TODAY=2025-11-03 web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in teacher1 principal1; do web_login "$u"; done
TOK1=$(web_csrf teacher1)
TOKP=$(web_csrf principal1)

sum_db() {
	for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE type = 'table'
	    AND name NOT IN ('audit', 'web_session', 'web_login_failure') ORDER BY name"); do
		echo "[$t]"
		sqlite3 "$DB" "SELECT * FROM \"$t\" ORDER BY 1, 2"
	done | sha256sum | cut -c1-16
}
# post USER PATH FILE [extra curl args]: status; answer in $T/body
post() {
	u=$1; p=$2; f=$3; shift 3
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.$u" "$@" --data-binary "@$f" "$BASE$p"
}
version() { curl -s -b "$T/jar.$1" "$BASE$2" | sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' | head -n1; }

# ---- a full markbook: 60 students x 40 items, every value lands ----
# mkbook NAME ITEMS: create an ad hoc assessment for CL1W, echo its code
mkbook() {
	items=$(awk -v n="$2" 'BEGIN { for (j = 1; j <= n; j++) printf "I%d 5\n", j }')
	curl -s -o /dev/null -w '%{redirect_url}' -b "$T/jar.teacher1" --data "csrf=$TOK1&name=$1&kind=diagnostic&date=2025-11-03" \
		--data-urlencode "items=$items" "$BASE/classes/CL1W/marks" | sed 's|.*/marks/||'
}
# the form a browser posts for it: every cell typed, as on the page
grid_body() {
	awk -v tok="$1" -v ver="$2" -v ni="$3" 'BEGIN {
		printf "csrf=%s&version=%s", tok, ver
		for (j = 0; j < ni; j++) printf "&q%d=I%d&p%d=", j, j + 1, j
		for (i = 0; i < 60; i++) {
			printf "&s%d=STU%04d", i, 1001 + i
			for (j = 0; j < ni; j++) printf "&o%d_%d=&c%d_%d=%d", i, j, i, j, (i * 7 + j * 3) % 6
		}
	}'
}
for ni in 12 40; do
	code=$(mkbook "Diagnostic $ni" "$ni")
	[ -n "$code" ] && ok "an assessment with $ni items is created ($code)" || notok "assessment with $ni items"
	v=$(version teacher1 "/classes/CL1W/marks/$code")
	grid_body "$TOK1" "$v" "$ni" >"$T/grid"
	fields=$(tr '&' '\n' <"$T/grid" | wc -l)
	got=$(post teacher1 "/classes/CL1W/marks/$code" "$T/grid")
	expect_eq "$got" 303 "a 60 x $ni markbook ($fields fields, $(wc -c <"$T/grid") bytes) saves"
	aid=$(sqlite3 "$DB" "SELECT id FROM assessment WHERE code = '$code'")
	expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM item_response r JOIN item i ON i.id = r.item_id
	  WHERE i.assessment_id = $aid AND r.points = ((r.student_id - 1001) * 7 + (i.seq - 1) * 3) % 6")" \
		"$((60 * ni))" "every one of the $((60 * ni)) values landed in its cell"
	expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM result r WHERE r.assessment_id = $aid AND r.score =
	  (SELECT sum(points) FROM item_response x JOIN item i ON i.id = x.item_id
	   WHERE i.assessment_id = $aid AND x.student_id = r.student_id)")" 60 "and every total is the sum of its items"
done
curl -s -b "$T/jar.teacher1" -H "X-CSRF-Token: $TOK1" "$BASE/api/classes/CL1W/marks/$code" >"$T/mb.json"
expect_grep '"total":"sum"' "$T/mb.json" "the markbook's JSON says its total is the sum of the items"
# Saving the same form again changes nothing, and says so.
v=$(version teacher1 "/classes/CL1W/marks/$code")
grid_body "$TOK1" "$v" 40 >"$T/grid"
got=$(post teacher1 "/api/classes/CL1W/marks/$code" "$T/grid" -H "X-CSRF-Token: $TOK1")
expect_eq "$got" 200 "the JSON save answers 200"
expect_grep '"saved":true,"version":[0-9]*,"cells":2400,"changed":0' "$T/body" "a second identical save changes no cell, and says so"

# Row and column numbers far beyond the form's fields are ignored.
v=$(version teacher1 "/classes/CL1W/marks/$code")
printf 'csrf=%s&version=%s&s9999999=STU1001&q9999999=I1&c9999999_9999999=1&k9999999=1' "$TOK1" "$v" >"$T/f"
got=$(post teacher1 "/classes/CL1W/marks/$code" "$T/f")
expect_eq "$got" 303 "a form numbering its rows in the millions saves nothing of them"

# ---- every form limit: at it is taken, one past it is 413 and nothing saved ----
# pad FILE BYTES: append a field "zz=aaa..." so that FILE is exactly BYTES long
pad() {
	have=$(wc -c <"$1")
	need=$(($2 - have - 4))
	printf '&zz=' >>"$1"
	head -c "$need" /dev/zero | tr '\0' a >>"$1"
}
# many N: a form of N fields
many() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%sf%d=1", i ? "&" : "", i }'; }
v=$(version teacher1 "/classes/CL1W/marks/$code")
# markbook: 2 MiB body
printf 'csrf=%s&version=%s' "$TOK1" "$v" >"$T/f"
for k in $(seq 1 32); do printf '&y%d=' "$k" >>"$T/f"; head -c 65000 /dev/zero | tr '\0' b >>"$T/f"; done
pad "$T/f" 2097152
before=$(sum_db)
got=$(post teacher1 "/classes/CL1W/marks/$code" "$T/f")
expect_eq "$got" 303 "markbook: a body of exactly 2 MiB is taken"
printf 'b' >>"$T/f"
before=$(sum_db)
got=$(post teacher1 "/api/classes/CL1W/marks/$code" "$T/f" -H "X-CSRF-Token: $TOK1")
expect_eq "$got" 413 "markbook: 2 MiB and a byte is refused"
expect_eq "$(sum_db)" "$before" "nothing saved"
expect_grep '"limit":"body","max":2097152,"saved":false' "$T/body" "naming the body limit in JSON"
before=$(sum_db)
got=$(post teacher1 "/classes/CL1W/marks/$code" "$T/f" -H 'Expect:')
expect_eq "$got" 413 "and as a page, the body sent without waiting"
expect_eq "$(sum_db)" "$before" "nothing saved"
expect_grep "at most 2 MiB" "$T/body" "the page names the limit"
# markbook: 50,000 fields
v=$(version teacher1 "/classes/CL1W/marks/$code")
{ printf 'csrf=%s&version=%s&' "$TOK1" "$v"; many 49998; } >"$T/f"
got=$(post teacher1 "/classes/CL1W/marks/$code" "$T/f")
expect_eq "$got" 303 "markbook: 50,000 fields are taken"
v=$(version teacher1 "/classes/CL1W/marks/$code")
{ printf 'csrf=%s&version=%s&' "$TOK1" "$v"; many 49999; } >"$T/f"
before=$(sum_db)
got=$(post teacher1 "/api/classes/CL1W/marks/$code" "$T/f" -H "X-CSRF-Token: $TOK1")
expect_eq "$got" 413 "markbook: 50,001 fields are refused"
expect_eq "$(sum_db)" "$before" "nothing saved"
expect_grep '"limit":"fields","max":50000' "$T/body" "naming the field-count limit"
# markbook: one field of 64 KiB
{ printf 'csrf=%s&version=%s&p0=' "$TOK1" "$v"; head -c 65536 /dev/zero | tr '\0' 1; } >"$T/f"
got=$(post teacher1 "/classes/CL1W/marks/$code" "$T/f")
case $got in 303 | 422) ok "markbook: a 64 KiB field is read ($got)" ;; *) notok "markbook: a 64 KiB field is read ($got)" ;; esac
printf 1 >>"$T/f"
before=$(sum_db)
got=$(post teacher1 "/api/classes/CL1W/marks/$code" "$T/f" -H "X-CSRF-Token: $TOK1")
expect_eq "$got" 413 "markbook: a field of 64 KiB and a byte is refused"
expect_eq "$(sum_db)" "$before" "nothing saved"
expect_grep '"limit":"field","max":65536' "$T/body" "naming the field-length limit"
# every other form: 64 KiB, 256 fields, 16 KiB a field (the behaviour form)
B=/classes/CL1W/behaviour
printf 'csrf=%s&student=STU1001&kind=positive&category=help&points=1&date=2025-11-03' "$TOK1" >"$T/f"
for k in 1 2 3 4; do printf '&x%d=' "$k" >>"$T/f"; head -c 16000 /dev/zero | tr '\0' c >>"$T/f"; done
pad "$T/f" 65536
got=$(post teacher1 $B "$T/f")
expect_eq "$got" 303 "a small form of exactly 64 KiB is taken"
printf c >>"$T/f"
before=$(sum_db)
got=$(post teacher1 "$B" "$T/f")
expect_eq "$got" 413 "64 KiB and a byte is refused"
expect_eq "$(sum_db)" "$before" "nothing saved"
{ printf 'csrf=%s&' "$TOK1"; many 255; } >"$T/f"
got=$(post teacher1 $B "$T/f")
expect_eq "$got" 422 "256 fields are read (and the form refused for what it says)"
{ printf 'csrf=%s&' "$TOK1"; many 256; } >"$T/f"
before=$(sum_db)
got=$(post teacher1 $B "$T/f")
expect_eq "$got" 413 "257 fields are refused"
expect_eq "$(sum_db)" "$before" "nothing saved"
expect_grep "at most 256" "$T/body" "naming the limit"
{ printf 'csrf=%s&student=STU1001&kind=positive&category=help&points=1&date=2025-11-03&note=' "$TOK1"; head -c 16384 /dev/zero | tr '\0' d; } >"$T/f"
got=$(post teacher1 $B "$T/f")
expect_eq "$got" 422 "a 16 KiB note is read (and refused as longer than a note may be)"
printf d >>"$T/f"
before=$(sum_db)
got=$(post teacher1 $B "$T/f")
expect_eq "$got" 413 "a field of 16 KiB and a byte is refused"
expect_eq "$(sum_db)" "$before" "nothing saved"
expect_grep "at most 16 KiB in one field" "$T/body" "naming the limit"
# the school's pasted marks: 4 MiB, 64 fields
printf 'csrf=%s&marks=' "$TOKP" >"$T/f"
head -c 4194000 /dev/zero | tr '\0' ' ' >>"$T/f"
pad "$T/f" 4194304
got=$(post principal1 /orgs/SCH1/marks/A25M "$T/f")
expect_eq "$got" 422 "school marks: a body of exactly 4 MiB is read (and has no marks)"
printf ' ' >>"$T/f"
before=$(sum_db)
got=$(post principal1 /api/orgs/SCH1/marks/A25M "$T/f" -H "X-CSRF-Token: $TOKP")
expect_eq "$got" 413 "school marks: 4 MiB and a byte is refused"
expect_eq "$(sum_db)" "$before" "nothing saved"
expect_grep '"limit":"body","max":4194304' "$T/body" "naming the limit"
{ printf 'csrf=%s&' "$TOKP"; many 64; } >"$T/f"
before=$(sum_db)
got=$(post principal1 /orgs/SCH1/marks/A25M "$T/f")
expect_eq "$got" 413 "school marks: 65 fields are refused"
expect_eq "$(sum_db)" "$before" "nothing saved"

# ---- a whole school's marks pasted at once ----
awk 'BEGIN { printf "student\tQ1\tQ2\tQ3\tQ4\n"; for (i = 1001; i <= 3000; i++)
	printf "STU%04d\t%d\t%d\t%d\t%d\n", i, i % 11, (i * 3) % 11, (i * 7) % 11, 10 - i % 11 }' >"$T/paste"
before=$(sum_db)
sed -n 1500p "$T/paste" >"$T/line"
sed '1500s/\t[0-9]*$/\t11/' "$T/paste" >"$T/paste.bad"
curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.principal1" --data "csrf=$TOKP" \
	--data-urlencode "marks@$T/paste.bad" "$BASE/orgs/SCH1/marks/A25M" >"$T/code"
expect_eq "$(cat "$T/code")" 422 "one mark above its maximum among 2,000 lines: refused"
expect_grep "outside 0 to 10" "$T/body" "naming the bad mark"
expect_eq "$(sum_db)" "$before" "and nothing of the other 1,999 lines is saved"
t0=$(date +%s)
curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.principal1" -H "X-CSRF-Token: $TOKP" \
	--data-urlencode "marks@$T/paste" "$BASE/api/orgs/SCH1/marks/A25M" >"$T/code"
t1=$(date +%s)
expect_eq "$(cat "$T/code")" 200 "2,000 students' marks pasted at once are saved ($(wc -c <"$T/paste") bytes, $((t1 - t0)) s)"
expect_grep '"saved":true,"students":2000,"cells":8000,"changed":8000,"totals":2000' "$T/body" "and the answer says what changed"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM item_response r JOIN item i ON i.id = r.item_id
  WHERE i.assessment_id = 2 AND r.student_id > 1000 AND r.points = CASE i.seq
  WHEN 1 THEN r.student_id % 11 WHEN 2 THEN (r.student_id * 3) % 11
  WHEN 3 THEN (r.student_id * 7) % 11 ELSE 10 - r.student_id % 11 END")" 8000 "every pasted mark landed"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM result WHERE assessment_id = 2 AND student_id > 1000
  AND score = student_id % 11 + (student_id * 3) % 11 + (student_id * 7) % 11 + 10 - student_id % 11")" 2000 \
	"every total is the sum of its items"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM class_save WHERE kind = 'markbook' AND target_id = 2 AND class_id IN (10, 11)")" 2 \
	"each class it changed records a save (older forms become stale)"

# ---- a scaled total: correcting an item keeps it and flags it ----
v=$(version teacher1 /classes/CL1A/marks/A25S)
got=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.teacher1" \
	--data "csrf=$TOK1&version=$v&s0=STU0001&q0=S3&o0_0=0&c0_0=1" "$BASE/classes/CL1A/marks/A25S")
expect_eq "$got" 303 "one item of a scaled assessment is corrected"
expect_eq "$(sqlite3 "$DB" "SELECT score FROM result WHERE assessment_id = 9 AND student_id = 1")" "272.0" \
	"the scaled total 272/600 is kept, not replaced by the items' sum"
expect_eq "$(sqlite3 "$DB" "SELECT items_sum FROM result_review WHERE assessment_id = 9 AND student_id = 1")" "1.0" \
	"and flagged for review, with the items' sum beside it"
curl -s -b "$T/jar.teacher1" "$BASE/classes/CL1A/marks/A25S?saved=1&changed=1&flagged=1" >"$T/page"
expect_grep "to review" "$T/page" "the markbook shows the total to review"
expect_grep "1 scaled totals kept and marked to review" "$T/page" "and the save said so"
curl -s -b "$T/jar.teacher1" "$BASE/api/classes/CL1A/marks/A25S" >"$T/mb.json"
expect_grep '"student":"STU0001","total":272,"review":true' "$T/mb.json" "the markbook's JSON flags it"
curl -s -b "$T/jar.teacher1" "$BASE/api/students/STU0001" >"$T/stu.json"
expect_grep '"review"' "$T/stu.json" "the student's record shows the flag"
v=$(version teacher1 /classes/CL1A/marks/A25S)
got=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.teacher1" \
	--data "csrf=$TOK1&version=$v&s0=STU0001&q0=&o0_0=272&c0_0=272&k0=1" "$BASE/classes/CL1A/marks/A25S")
expect_eq "$got" 303 "ticking the total to keep it saves"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM result_review")" 0 "and clears the flag"
v=$(version teacher1 /classes/CL1A/marks/A25S)
got=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.teacher1" \
	--data "csrf=$TOK1&version=$v&s0=STU0002&q0=S1&q1=&o0_0=&c0_0=1&o0_1=300&c0_1=310" "$BASE/classes/CL1A/marks/A25S")
expect_eq "$got" 303 "an item and the scaled total saved together"
expect_eq "$(sqlite3 "$DB" "SELECT score || ':' || (SELECT count(*) FROM result_review) FROM result
  WHERE assessment_id = 9 AND student_id = 2")" "310.0:0" "take the typed total, with nothing to review"
web_alive && ok "server still running" || notok "server still running"
