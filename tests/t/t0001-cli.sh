# CLI basics: help, usage errors, exit codes, --db and ATTAIN_DB.
. "$ATTAIN_ROOT/tests/lib.sh"

expect_rc 0 "attain --help exits 0" -- "$A" --help
expect_grep "Commands:" "$T/out" "--help lists commands"
expect_rc 2 "no command is a usage error" -- "$A"
expect_rc 2 "unknown command is a usage error" -- "$A" frobnicate
expect_grep "'frobnicate' is not a command" "$T/err" "unknown command named in the error"
expect_rc 2 "unknown global option" -- "$A" --bogus info
expect_rc 2 "--db without a value" -- "$A" --db
expect_rc 0 "--version" -- "$A" --version

for c in $("$A" --help | sed -n '/^Commands:/,$p' | awk 'NR>1{print $1}'); do
	expect_rc 0 "$c --help exits 0" -- "$A" "$c" --help
	expect_grep "usage: attain" "$T/out" "$c --help prints usage"
	# every command reads its options from its table before doing anything
	expect_rc 2 "$c: an unknown option is a usage error" -- "$A" --db "$T/none.db" "$c" --no-such-option
	expect_grep "attain: $c: unknown option '--no-such-option'" "$T/err" "$c names the unknown option"
done
if [ -e "$T/none.db" ]; then notok "usage errors create no database"; else ok "usage errors create no database"; fi
expect_rc 0 "demo --help" -- "$A" demo --help
expect_grep "^  --students N  *distinct students" "$T/out" "demo --help lists its options from the table"

expect_rc 1 "info on a missing database fails with 1" -- "$A" --db "$T/none.db" info
expect_grep "does not exist" "$T/err" "missing database is named"
expect_rc 0 "init creates the database" -- "$A" --db "$T/a.db" init
expect_rc 0 "init again is harmless" -- "$A" --db "$T/a.db" init
expect_rc 0 "info works" -- "$A" --db "$T/a.db" info
expect_grep "schema version" "$T/out" "info shows the schema version"
ATTAIN_DB="$T/a.db" expect_rc 0 "ATTAIN_DB selects the database" -- "$A" info
expect_grep "$T/a.db" "$T/out" "info names the ATTAIN_DB file"
expect_rc 2 "init takes no arguments" -- "$A" --db "$T/a.db" init extra
expect_rc 2 "check rejects unknown flags" -- "$A" --db "$T/a.db" check --nope
expect_rc 0 "check on a fresh database" -- "$A" --db "$T/a.db" check
expect_grep "integrity: ok" "$T/out" "check reports integrity"
expect_rc 0 "an option's value after =" -- "$A" --db "$T/a.db" audit --limit=5
expect_rc 2 "an option without its value" -- "$A" --db "$T/a.db" audit --user
expect_grep "option '--user' needs a value (NAME)" "$T/err" "the missing value is named"
expect_rc 2 "a number out of range" -- "$A" --db "$T/a.db" audit --limit 0
expect_grep "limit '0' is not a whole number of at least 1" "$T/err" "the bad number is named"
expect_rc 2 "a flag given a value" -- "$A" --db "$T/a.db" check --strict=yes
printf 'this is not a database, just some text that is long enough to look like a header......................................................' >"$T/bad.db"
expect_rc 1 "a file that is not a database is bad input" -- "$A" --db "$T/bad.db" info
expect_grep "bad.db" "$T/err" "the bad file is named"

# an infinite or NaN value in a derived table comes out as JSON null (JSON
# has neither) and as an empty CSV field, never as "inf"
"$A" --db "$T/inf.db" init >/dev/null 2>&1
sqlite3 "$T/inf.db" "INSERT INTO analysis_run(id, started_at, data_version, analyses, status) VALUES (1, '2026-01-01T00:00:00Z', 1, 'va', 'done');
 INSERT INTO va_group(run_id, model, group_kind, level, n, va, lo, hi) VALUES (1, 'regression', 'org', 'school', 3, 9e999, -9e999, 0.5)"
expect_rc 0 "export of infinite values as JSON" -- "$A" --db "$T/inf.db" export va_group --format json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))[0]; sys.exit(0 if r["va"] is None and r["lo"] is None and r["hi"] == 0.5 else 1)' "$T/out" &&
	ok "infinities are null, the JSON parses" || notok "infinities are null, the JSON parses"
expect_rc 0 "export of infinite values as CSV" -- "$A" --db "$T/inf.db" export va_group
expect_eq "$(sed -n 2p "$T/out" | tr -d '\r')" "1,regression,org,school,,,,,,3,,,,0.5,0" "infinities are empty CSV fields"
