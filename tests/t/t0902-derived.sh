# Byte-identical analysis output: every derived table of the analysed
# 20,000-student demo (seed 7, tests/crawl/setup.sh), exported, put in a
# canonical order without run ids and wall-clock columns, and hashed
# (tests/crawl/derived-digest.sh), against tests/fixtures/derived-20k.digest.
# A table listed in tests/crawl/derived-expected-changes.txt may differ.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"
. "$ATTAIN_ROOT/tests/crawl/setup.sh"
trap 'crawl_cleanup "$T/d.db" "$T/d.db-wal" "$T/d.db-shm"' EXIT

FIX="$ATTAIN_ROOT/tests/fixtures/derived-20k.digest"
EXP="$ATTAIN_ROOT/tests/crawl/derived-expected-changes.txt"
crawl_db "$T/d.db" && ok "analysed demo ready" || { notok "analysed demo ready"; exit 1; }
if "$CRAWL_DIR/derived-digest.sh" "$T/d.db" "$CRAWL_BIN" >"$T/digest" 2>"$T/digest.err"; then
	ok "every derived table exported and hashed"
else
	notok "every derived table exported and hashed"; sed 's/^/# /' "$T/digest.err" | head
	exit 1
fi
expected() { grep -v '^#' "$EXP" | awk '{ print $1 }' | grep -qx "$1"; }
while read -r name rows sha; do
	case "$name" in '#'* | '') continue ;; esac
	got=$(awk -v t="$name" '$1 == t { print $2 " " $3 }' "$T/digest")
	if [ "$got" = "$rows $sha" ]; then
		ok "$name: identical ($rows rows)"
	elif expected "$name"; then
		ok "$name: changed as expected (${got:-gone}; was $rows rows)"
	elif [ -z "$got" ]; then
		notok "$name: no longer exported"
	else
		notok "$name: differs (now ${got%% *} rows, was $rows)"
	fi
done <"$FIX"
while read -r name rows sha; do
	grep -q "^$name " "$FIX" && continue
	if expected "$name"; then ok "$name: new table, as expected"
	else notok "$name: new derived table not in the digest ($rows rows)"; fi
done <"$T/digest"
