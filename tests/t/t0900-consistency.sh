# One figure, one value: the crawl (tests/crawl/crawl.py) walks every page,
# JSON twin, CSV table and report of the 20,000-student demo as every demo
# account, and runs the CLI reports of the same targets; figures.py groups
# the figures it saw by concept, entity and qualifiers (the mapping
# tests/crawl/figures.tsv) and lists every pair of places whose values
# differ after the rounding each shows, or whose population labels differ.
# Each must be a known one (tests/crawl/known-disagreements.txt, with its
# cause); a known one that no longer occurs is named so the file is pruned.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"
. "$ATTAIN_ROOT/tests/crawl/setup.sh"
cleanup() { crawl_cleanup "$T/d.db" "$T/d.db-wal" "$T/d.db-shm" "$T/crawl" "$T/occ.tsv"; }
trap cleanup EXIT
start=$(date +%s)

crawl_db "$T/d.db" && ok "analysed demo ready" || { notok "analysed demo ready"; exit 1; }
crawl_serve "$T/d.db" && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
trap cleanup EXIT # web_start set its own
if python3 "$CRAWL_DIR/crawl.py" --base "$BASE" --db "$T/d.db" --bin "$CRAWL_BIN" \
	--password "$CRAWL_PW" --today "$CRAWL_TODAY" --out "$T/crawl" >"$T/crawl.out" 2>&1; then
	ok "$(cat "$T/crawl.out")"
else
	notok "the crawl ran"; sed 's/^/# /' "$T/crawl.out" | tail -n 20; exit 1
fi

# every account signed in and every page with a JSON twin was reached
python3 - "$T/crawl/manifest.jsonl" "$CRAWL_BIN" >"$T/cover" <<'PY'
import json, subprocess, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
ok = {(r["route"]) for r in recs if r["status"] in (200, 303)}
routes = subprocess.run([sys.argv[2], "serve", "--routes"], capture_output=True,
                        text=True).stdout.split("\n")
api = [f[0] for f in (l.split() for l in routes) if len(f) > 2 and
       f[1] == "GET" and "api" in f[3:]]
print(" ".join(sorted(set(api) - ok)) or "-")
print(" ".join(sorted({r["account"] for r in recs if r["medium"] == "html"})))
bad = sorted({"%s %s %d" % (r["account"], r["url"], r["status"]) for r in recs
              if r["status"] not in (0, 200, 303)})
print("; ".join(bad) or "-")
PY
expect_eq "$(sed -n 1p "$T/cover")" "-" "every page route with a JSON twin was reached"
expect_eq "$(sed -n 2p "$T/cover")" "admin block cluster district parent principal state student teacher" \
	"every demo account walked its pages"
echo "# answers other than 200 (links to pages the account may not open): $(sed -n 3p "$T/cover")"

if python3 "$CRAWL_DIR/figures.py" --crawl "$T/crawl" --db "$T/d.db" --details "$T/details" \
	--occurrences "$T/occ.tsv" >"$T/found" 2>"$T/figures.err"; then
	ok "figures compared ($(tail -n 1 "$T/figures.err" | sed 's/^# //'))"
else
	notok "figures compared"; sed 's/^/# /' "$T/figures.err" | tail; exit 1
fi
python3 "$CRAWL_DIR/known.py" "$T/found" "$CRAWL_DIR/known-disagreements.txt" disagreement >"$T/verdict" ||
	{ notok "known-disagreements.txt is readable"; cat "$T/verdict"; exit 1; }
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) notok "${line#not ok - }"
		key=$(printf '%s' "${line#not ok - new disagreement: }" | sed 's/  .*//')
		grep -F -A 4 "== $key (" "$T/details" | sed 's/^/# /' ;;
	*) echo "$line" ;;
	esac
done <"$T/verdict"
echo "# $(($(date +%s) - start)) s"
