# The determined reader: as each officer account of the 20,000-student demo,
# collect every count released to it (every org page of its scope, whose JSON
# twin carries the cells of the page and its CSV downloads) and try to solve
# for each blanked count from everything shown, exactly (tests/crawl/reader.py,
# rational Gauss-Jordan elimination). No blanked count may be recovered and no
# mean of a blanked cell may be shown elsewhere.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"
. "$ATTAIN_ROOT/tests/crawl/setup.sh"
cleanup() { crawl_cleanup "$T/d.db" "$T/d.db-wal" "$T/d.db-shm"; }
trap cleanup EXIT

crawl_db "$T/d.db" && ok "analysed demo ready" || { notok "analysed demo ready"; exit 1; }
n=$(sqlite3 "$T/d.db" "SELECT count(*) FROM release_cell WHERE run_id = (SELECT max(run_id) FROM release_cell)")
if [ "${n:-0}" -gt 0 ]; then ok "the release analysis blanked $n cells"; else notok "the release analysis blanked cells"; fi
crawl_serve "$T/d.db" && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
trap cleanup EXIT # web_start set its own
if python3 "$CRAWL_DIR/reader.py" --base "$BASE" --db "$T/d.db" --password "$CRAWL_PW" \
	state district block cluster >"$T/reader.out" 2>&1; then
	ok "no blanked count recoverable by any officer"
else
	notok "no blanked count recoverable by any officer"
fi
sed 's/^/# /' "$T/reader.out"
blanked=$(sed -n 's/^state: .* \([0-9]*\) blanked.*/\1/p' "$T/reader.out")
if [ "${blanked:-0}" -gt 0 ]; then ok "the state officer's pages blank $blanked cells"; else notok "the state officer's pages blank cells"; fi
