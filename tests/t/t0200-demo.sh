# attain demo: usage errors, refusal to overwrite data, --force, the
# manifest beside the database, determinism through `info --checksums`,
# integrity and foreign keys of the generated database.
. "$ATTAIN_ROOT/tests/lib.sh"

expect_rc 2 "--students not a number" -- "$A" --db "$T/d.db" demo --students abc
expect_grep "students 'abc'" "$T/err" "the bad value is named"
expect_eq "$(wc -l <"$T/err")" "2" "one error line and the usage line"
expect_rc 2 "--students too small" -- "$A" --db "$T/d.db" demo --students 5
expect_rc 2 "--students without a value" -- "$A" --db "$T/d.db" demo --students
expect_rc 2 "--students with trailing junk" -- "$A" --db "$T/d.db" demo --students=300x
expect_rc 2 "--years out of range" -- "$A" --db "$T/d.db" demo --years 9
expect_rc 2 "--seed negative" -- "$A" --db "$T/d.db" demo --seed -3
expect_rc 2 "--password too short" -- "$A" --db "$T/d.db" demo --password ab
expect_rc 2 "unknown flag" -- "$A" --db "$T/d.db" demo --frobnicate
expect_grep "unknown option '--frobnicate'" "$T/err" "the unknown flag is named"
expect_rc 2 "stray argument" -- "$A" --db "$T/d.db" demo extra
if [ -e "$T/d.db" ]; then notok "usage errors create no database"; else ok "usage errors create no database"; fi

expect_rc 0 "small demo" -- "$A" --db "$T/d.db" demo --as-of 2026-01-15 --students 1500 --seed 3 --password s3cret-pw
expect_grep "demo password (all accounts): s3cret-pw" "$T/out" "the password is printed once"
expect_eq "$(grep -c s3cret-pw "$T/out")" "1" "only once"
expect_grep "truth manifest: $T/d.db.truth.json" "$T/out" "the manifest is named"
expect_grep '"format": "attain-demo-truth"' "$T/d.db.truth.json" "manifest written beside the database"
expect_grep '"gap_sd": 0.4' "$T/d.db.truth.json" "manifest holds the planted gap"
if [ -e "$T/d.db.demo-tmp" ]; then notok "scratch file removed"; else ok "scratch file removed"; fi

"$A" --db "$T/d.db" info >"$T/info" 2>&1
expect_grep "data version:   1" "$T/info" "one data-version bump"
expect_rc 0 "check passes on the demo" -- "$A" --db "$T/d.db" check --quiet
expect_grep "integrity: ok" "$T/out" "integrity and foreign keys ok"
expect_grep "missing" "$T/out" "some schools have not submitted"

expect_rc 1 "refuses a non-empty database" -- "$A" --db "$T/d.db" demo --as-of 2026-01-15 --students 1500
expect_grep "is not empty (use --force" "$T/err" "says why and what to do"
expect_eq "$(wc -l <"$T/err")" "1" "one line"
"$A" --db "$T/d.db" info --checksums >"$T/sum1"
expect_rc 0 "--force replaces it" -- "$A" --db "$T/d.db" demo --as-of 2026-01-15 --students 1500 --seed 3 --force
"$A" --db "$T/d.db" info >"$T/info" 2>&1
expect_grep "data version:   2" "$T/info" "the data version continues"
"$A" --db "$T/d.db" info --checksums >"$T/sum2"
# meta holds the data version, so compare every other table
grep -v '^meta ' "$T/sum1" >"$T/s1"
grep -v '^meta ' "$T/sum2" >"$T/s2"
if cmp -s "$T/s1" "$T/s2"; then ok "same seed, same tables"; else
	notok "same seed, same tables"; diff "$T/s1" "$T/s2" | sed 's/^/# /' | head
fi

expect_rc 0 "another seed" -- "$A" --db "$T/e.db" demo --as-of 2026-01-15 --students 1500 --seed 4
"$A" --db "$T/e.db" info --checksums | grep -v '^meta ' >"$T/s3"
if cmp -s "$T/s1" "$T/s3"; then notok "another seed, other data"; else ok "another seed, other data"; fi
expect_eq "$(grep '^student ' "$T/s1" | awk '{print $2}')" "1500" "exactly the students asked for"

: >"$T/empty.db"
expect_rc 0 "an empty file is not data: no --force needed" -- "$A" --db "$T/empty.db" demo --as-of 2026-01-15 --students 300
printf 'not a database at all, just text that is long enough to be read as a header......' >"$T/bad.db"
expect_rc 1 "a file that is not a database" -- "$A" --db "$T/bad.db" demo --as-of 2026-01-15 --students 300
expect_rc 2 "info rejects unknown flags" -- "$A" --db "$T/d.db" info --nope

# --- the demo's latest academic year holds its day (today or --as-of) -----
expect_rc 2 "--as-of not a date" -- "$A" --db "$T/f.db" demo --as-of 2027-02-30 --students 300
expect_grep "as-of must be a date" "$T/err" "the bad date is refused"
expect_rc 0 "a demo as of 2028-03-31" -- "$A" --db "$T/f.db" demo --as-of 2028-03-31 --students 300 --years 2
expect_eq "$(sqlite3 "$T/f.db" "SELECT group_concat(code || ' ' || start_date || ' ' || end_date, ';') FROM (SELECT * FROM academic_year ORDER BY start_date)")" \
	"2026-27 2026-04-01 2027-03-31;2027-28 2027-04-01 2028-03-31" "31 March closes the year that began the April before"
expect_rc 0 "a demo as of 2028-04-01" -- "$A" --db "$T/g.db" demo --as-of 2028-04-01 --students 300 --years 1
expect_eq "$(sqlite3 "$T/g.db" "SELECT code FROM academic_year")" "2028-29" "1 April opens the next"
expect_rc 0 "a demo on the clock's day" -- env ATTAIN_TODAY=2031-11-20 "$A" --db "$T/h.db" demo --students 300 --years 1
expect_eq "$(sqlite3 "$T/h.db" "SELECT code FROM academic_year")" "2031-32" "without --as-of, the year holding today"
# a demo as of 2026-01-15 is the 2025-26 demo every fixed-date test uses:
# the same tables as the one made on that day by the clock
expect_rc 0 "the demo on 2026-01-15 by the clock" -- env ATTAIN_TODAY=2026-01-15 "$A" --db "$T/i.db" demo --students 1500 --seed 3
"$A" --db "$T/i.db" info --checksums | grep -v '^meta ' >"$T/s4"
if cmp -s "$T/s1" "$T/s4"; then ok "--as-of and the clock make the same demo"; else
	notok "--as-of and the clock make the same demo"; diff "$T/s1" "$T/s4" | sed 's/^/# /' | head
fi
