# The page language per account, under concurrency: two Hindi accounts (a
# parent and a block officer) and two English ones (a parent and another
# block officer) load their pages and printed reports in four parallel
# loops against one server (the ASan build, several threads). Every Hindi
# answer is <html lang="hi"> with Devanagari msgstrs from po/hi.po; every
# English answer is lang="en" with no Devanagari at all. Then: the
# language is set by `attain user lang` / `user add --lang`, changed by the
# user on /me/lang (remembered), overridden for one request by ?lang=, and
# the sign-in page follows the browser's Accept-Language.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
expect_rc 0 "user lang sets a language" -- "$A" --db "$DB" user lang parent1 hi
expect_rc 0 "user lang for the officer" -- "$A" --db "$DB" user lang officer_b1 hi
expect_rc 2 "a language without a catalogue is refused" -- "$A" --db "$DB" user lang parent2 fr
expect_rc 1 "an unknown account is an error" -- "$A" --db "$DB" user lang nobody hi
expect_rc 0 "user add --lang" -- "$A" --db "$DB" user add teacher9 --role teacher \
	--scope class:CL1A --password pw-teacher9-1 --lang hi
got=$(sqlite3 "$DB" "SELECT group_concat(username || '=' || lang, ' ') FROM account
  WHERE username IN ('parent1', 'parent2', 'officer_b1', 'teacher9') ORDER BY username")
expect_eq "$got" "officer_b1=hi parent1=hi parent2=en teacher9=hi" "languages stored on the accounts"
"$A" --db "$DB" user list >"$T/list"
expect_grep '^parent1  *parent  *hi ' "$T/list" "user list shows the language"

# peer pairs: one inside block B1, one whose leader school is in B2
sqlite3 "$DB" "INSERT INTO analysis_run(id, started_at, finished_at, data_version, analyses, status)
  VALUES (900, '2026-01-01', '2026-01-01', 1, 'peer', 'done');
INSERT INTO peer_pair(run_id, subject_id, leader_org_id, partner_org_id, rank, distance, same_block, leader_va, leader_lo, partner_va, partner_hi)
  VALUES (900, 1, 8, 7, 1, 0.5, 1, 0.42, 0.11, -0.37, -0.08), (900, 1, 9, 7, 2, 0.7, 0, 0.51, 0.2, -0.37, -0.08);"
"$A" --db "$DB" report plan --org B1 --lang en --format csv >"$T/cli-plan.csv" 2>/dev/null
expect_grep 'Gamma School' "$T/cli-plan.csv" "the CLI plan names the leader school in another block"

web_start "$DB" --threads 4
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in parent1 parent2 officer_b1 officer_b2 teacher9; do web_login "$u"; done

DEVA=$(printf '\340\244')  # first bytes of U+0900..U+093F
DEVA2=$(printf '\340\245') # U+0940..U+097F
has_deva() { LC_ALL=C grep -q -e "$DEVA" -e "$DEVA2" "$1"; }

# loop USER N PATH...: N rounds over the paths, each answer kept
loop() {
	u=$1; rounds=$2; shift 2
	i=0
	while [ $i -lt "$rounds" ]; do
		k=0
		for p in "$@"; do
			curl -s -b "$T/jar.$u" -o "$T/ans.$u.$i.$k" "$BASE$p"
			k=$((k + 1))
		done
		i=$((i + 1))
	done
}
R=12
loop parent1 $R /students/STU0002 /students/STU0001/report /me &
p1=$!
loop officer_b1 $R /orgs/B1 /orgs/B1/plan /orgs/C1/plan &
p2=$!
loop parent2 $R /students/STU0041 /students/STU0041/report /me &
p3=$!
loop officer_b2 $R /orgs/B2 /orgs/B2/plan /orgs/C2/plan &
p4=$!
wait $p1 $p2 $p3 $p4

# check USER LANG: every answer of USER is in LANG
check() {
	u=$1; want=$2
	bad=0; total=0
	for f in "$T"/ans.$u.*; do
		total=$((total + 1))
		if ! grep -q "<html lang=\"$want\"" "$f"; then
			bad=$((bad + 1)); echo "# $f: not lang=$want: $(head -c 120 "$f")"
			continue
		fi
		if [ "$want" = hi ]; then
			has_deva "$f" || { bad=$((bad + 1)); echo "# $f: no Devanagari"; }
		else
			has_deva "$f" && { bad=$((bad + 1)); echo "# $f: Devanagari in an English page"; }
		fi
	done
	[ "$total" -eq $((R * 3)) ] && [ "$bad" -eq 0 ] &&
		ok "$u: $total concurrent answers all in '$want'" ||
		notok "$u: $bad of $total answers not in '$want'"
}
check parent1 hi
check officer_b1 hi
check parent2 en
check officer_b2 en

# Specific msgstrs of po/hi.po on each kind of page (and the msgids on the
# English ones).
expect_grep 'साइन आउट' "$T/ans.parent1.0.0" "parent's student page: 'Sign out' in Hindi"
expect_grep 'अगले कदम' "$T/ans.parent1.0.0" "parent's student page: 'Next steps' in Hindi"
expect_grep 'parent1 · अभिभावक' "$T/ans.parent1.0.0" "the role in the page header in Hindi"
expect_grep 'रिपोर्ट कार्ड: Kid0001 Fam0001' "$T/ans.parent1.0.1" "report card title in Hindi"
expect_grep 'आपका खाता' "$T/ans.parent1.0.2" "account page in Hindi"
expect_grep 'शैक्षणिक योजना: River Block' "$T/ans.officer_b1.0.1" "block plan in Hindi"
expect_grep 'शैक्षणिक योजना' "$T/ans.officer_b1.0.0" "officer's org page links the plan in Hindi"
expect_grep 'Report card: Kid0041 Fam0041' "$T/ans.parent2.0.1" "English report card"
expect_grep 'Academic plan: Hill Block' "$T/ans.officer_b2.0.1" "English block plan"
expect_grep 'Sign out' "$T/ans.officer_b2.0.0" "English org page"

# dates and numbers in the page's language; the API keeps ISO dates
curl -s -b "$T/jar.parent1" "$BASE/students/STU0001" >"$T/d-hi"
expect_grep '31 मार्च 2026' "$T/d-hi" "goal due date in Hindi on the parent's page"
curl -s -b "$T/jar.parent1" "$BASE/students/STU0001?lang=en" >"$T/d-en"
expect_grep '31 March 2026' "$T/d-en" "and in English with ?lang=en"
curl -s -b "$T/jar.parent1" "$BASE/api/students/STU0001" >"$T/d-api"
expect_grep '"due_date":"2026-03-31"' "$T/d-api" "the API keeps the ISO date"

# the web plan names only schools in the officer's scope
curl -s -b "$T/jar.officer_b2" "$BASE/orgs/B1/plan" -o /dev/null
curl -s -b "$T/jar.officer_b1" "$BASE/orgs/B1/plan?lang=en" >"$T/wplan"
expect_grep "<td>Alpha School</td><td>Beta School</td>" "$T/wplan" "the web plan lists the pair inside the block"
if grep -q 'Gamma School' "$T/wplan"; then notok "the web plan leaves out the school in another block"
else ok "the web plan leaves out the school in another block"; fi
expect_grep '1 pairs with a school outside this area are left out' "$T/wplan" "and says so"

# the API and PDF follow the account too
curl -s -b "$T/jar.parent1" "$BASE/api/students/STU0001/report" >"$T/card.json"
expect_grep '"lang":"hi"' "$T/card.json" "JSON report card says lang hi"
curl -s -b "$T/jar.parent1" -D "$T/card.hdr" -o "$T/card.pdf" "$BASE/students/STU0001/report.pdf"
expect_grep 'filename="STU0001.pdf"' "$T/card.hdr" "the PDF is a download named by the code"
pdftotext "$T/card.pdf" "$T/card.txt" 2>/dev/null
expect_grep 'रिपोर्ट कार्ड' "$T/card.txt" "PDF report card from the web is in Hindi"

# ?lang= overrides for one request, and is not remembered
curl -s -b "$T/jar.parent2" "$BASE/students/STU0041?lang=hi" >"$T/o1"
expect_grep '<html lang="hi"' "$T/o1" "?lang=hi gives a Hindi page"
has_deva "$T/o1" && ok "?lang=hi page has Hindi text" || notok "?lang=hi page has Hindi text"
curl -s -b "$T/jar.parent2" "$BASE/students/STU0041" >"$T/o2"
expect_grep '<html lang="en"' "$T/o2" "the next page is English again"
curl -s -b "$T/jar.parent2" "$BASE/students/STU0041?lang=xx" >"$T/o3"
expect_grep '<html lang="en"' "$T/o3" "an unknown ?lang= is ignored"

# the user changes it on /me/lang: remembered on the account
tok=$(web_csrf parent2)
curl -s -b "$T/jar.parent2" "$BASE/me/lang" >"$T/form"
expect_grep 'name="lang" value="hi"' "$T/form" "the language form offers Hindi"
got=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.parent2" -d "lang=hi" "$BASE/me/lang")
expect_eq "$got" 403 "saving without the CSRF token is refused"
got=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.parent2" -d "csrf=$tok&lang=fr" "$BASE/me/lang")
expect_eq "$got" 400 "an unknown language is refused"
got=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.parent2" -d "csrf=$tok&lang=hi" "$BASE/me/lang")
expect_eq "$got" 303 "saving the language"
expect_eq "$(sqlite3 "$DB" "SELECT lang FROM account WHERE username = 'parent2'")" hi "stored on the account"
curl -s -b "$T/jar.parent2" "$BASE/students/STU0041" >"$T/o4"
expect_grep '<html lang="hi"' "$T/o4" "later pages are Hindi"
expect_grep 'साइन आउट' "$T/o4" "with Hindi text"
curl -s -b "$T/jar.teacher9" "$BASE/classes/CL1A" >"$T/o5"
expect_grep '<html lang="hi"' "$T/o5" "an account added with --lang hi gets Hindi pages"

# anonymous pages follow Accept-Language
curl -s -H 'Accept-Language: hi-IN,hi;q=0.9,en;q=0.8' "$BASE/login" >"$T/l1"
expect_grep '<html lang="hi"' "$T/l1" "sign-in page in Hindi for a Hindi browser"
curl -s -H 'Accept-Language: fr-FR,en;q=0.5' "$BASE/login" >"$T/l2"
expect_grep '<html lang="en"' "$T/l2" "and English otherwise"

# hostile language values: never a crash, never a path outside the
# catalogues, always a page in a known language
long=$(head -c 6000 /dev/zero | tr '\0' 'h')
bad=0
for al in "$long" ',,,;;;---' '../../../etc/passwd' 'hi%00' '-hi' ';q=1,hi' 'HI-in' '*'; do
	got=$(curl -s -o "$T/h" -w '%{http_code}' -H "Accept-Language: $al" "$BASE/login")
	if [ "$got" != 200 ] || ! grep -q -e '<html lang="en"' -e '<html lang="hi"' "$T/h"; then
		bad=$((bad + 1)); echo "# Accept-Language '$al' -> $got"; fi
done
for q in 'lang=../hi' 'lang=' 'lang=hi&lang=en' "lang=$long" 'lang=%ff'; do
	got=$(curl -s -o "$T/h" -w '%{http_code}' -b "$T/jar.parent2" "$BASE/me?$q")
	case "$got" in 200 | 400 | 414) ;; *) bad=$((bad + 1)); echo "# ?$q -> $got" ;; esac
done
expect_eq "$bad" 0 "hostile language values are answered safely"
curl -s -H 'Accept-Language: HI-in' "$BASE/login" >"$T/l3"
expect_grep '<html lang="hi"' "$T/l3" "language tags are matched without case"

web_alive && ok "server still running" || notok "server still running"
