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
done

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
printf 'this is not a database, just some text that is long enough to look like a header......................................................' >"$T/bad.db"
expect_rc 1 "a file that is not a database is bad input" -- "$A" --db "$T/bad.db" info
expect_grep "bad.db" "$T/err" "the bad file is named"
