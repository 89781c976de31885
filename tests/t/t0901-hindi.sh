# Hindi pages without English: every demo account set to Hindi (`attain
# user lang`), the crawl (tests/crawl/crawl.py --lang hi) fetches every page
# it reaches as HTML, the report cards and plans as HTML and PDF, and runs
# the CLI reports as Hindi text; tests/crawl/hindi.py lists every run of
# English words that is not a proper name, a code, a number or an allowed
# token (tests/crawl/allow-english.txt), by page or report and by kind
# (data stored in English, or a label with its state in po/hi.po). Each
# must be known (tests/crawl/known-english.txt); a known one that no
# longer occurs is named so the file is pruned.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"
. "$ATTAIN_ROOT/tests/crawl/setup.sh"
cleanup() { crawl_cleanup "$T/d.db" "$T/d.db-wal" "$T/d.db-shm" "$T/crawl"; }
trap cleanup EXIT
start=$(date +%s)

crawl_db "$T/d.db" && ok "analysed demo ready" || { notok "analysed demo ready"; exit 1; }
users=$(sqlite3 "$T/d.db" "SELECT username FROM account ORDER BY id")
bad=0
for u in $users; do
	"$CRAWL_BIN" --db "$T/d.db" user lang "$u" hi >/dev/null 2>"$T/lang.err" || bad=$((bad + 1))
done
expect_eq "$bad" 0 "every demo account set to Hindi"
[ "$bad" -eq 0 ] || { sed 's/^/# /' "$T/lang.err"; exit 1; }
crawl_serve "$T/d.db" && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
trap cleanup EXIT # web_start set its own
pdf=""
command -v pdftotext >/dev/null 2>&1 && pdf=--pdf
[ -n "$pdf" ] || echo "# pdftotext not installed (poppler-utils): PDF reports not read"
if python3 "$CRAWL_DIR/crawl.py" --base "$BASE" --db "$T/d.db" --bin "$CRAWL_BIN" \
	--password "$CRAWL_PW" --today "$CRAWL_TODAY" --out "$T/crawl" --lang hi \
	--media html,report-html $pdf >"$T/crawl.out" 2>&1; then
	ok "$(cat "$T/crawl.out")"
else
	notok "the crawl ran"; sed 's/^/# /' "$T/crawl.out" | tail -n 20; exit 1
fi
n_en=$(grep -l '<html lang="en"' "$T"/crawl/raw/*.html 2>/dev/null | wc -l)
expect_eq "$n_en" 0 "every HTML answer is <html lang=\"hi\">"

# the template the code marks now, to tell a stale catalogue from a string
# the code never marked
xgettext --from-code=UTF-8 -k_ -kN_ -o "$T/attain.pot" "$ATTAIN_ROOT"/src/*.c 2>"$T/xgettext.err" ||
	{ notok "xgettext makes a template"; sed 's/^/# /' "$T/xgettext.err"; exit 1; }
if python3 "$CRAWL_DIR/hindi.py" --crawl "$T/crawl" --db "$T/d.db" --po "$ATTAIN_ROOT/po/hi.po" \
	--pot "$T/attain.pot" --details "$T/details" >"$T/found" 2>"$T/hindi.err"; then
	ok "English words listed ($(tail -n 1 "$T/hindi.err" | sed 's/^# //'))"
else
	notok "English words listed"; sed 's/^/# /' "$T/hindi.err" | tail; exit 1
fi
python3 "$CRAWL_DIR/known.py" "$T/found" "$CRAWL_DIR/known-english.txt" English >"$T/verdict" ||
	{ notok "known-english.txt is readable"; cat "$T/verdict"; exit 1; }
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) notok "${line#not ok - }" ;;
	*) echo "$line" ;;
	esac
done <"$T/verdict"
echo "# $(($(date +%s) - start)) s"
