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
