# Form entry holds names and codes to the character rule of imports
# (docs/PRIVACY.md, "Input hygiene"): a direction control or an invisible
# character in a name field is refused with 422 naming the field and the
# character, in HTML and JSON, and nothing is saved; free text (a note, a
# survey answer) keeps Hindi with its joiners and the direction marks but
# not an override; a query argument is held to the same rule; a password
# is a secret, held to no rule beyond UTF-8 without NUL.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
ATTAIN_TODAY=2025-11-03 web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
for u in teacher1 principal1 student1; do
	web_login "$u"
done

# Checksum of every data table (not the audit log or sessions).
sum_db() {
	for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE type = 'table'
	    AND name NOT IN ('audit', 'web_session', 'web_login_failure') ORDER BY name"); do
		echo "[$t]"
		sqlite3 "$DB" "SELECT * FROM \"$t\" ORDER BY 1, 2"
	done | sha256sum | cut -c1-16
}
# post USER PATH BODY: status code with the session's CSRF token; body in $T/body
post() {
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.$1" \
		--data "$3&csrf=$(web_csrf "$1")" "$BASE$2"
}

RLO=%E2%80%AE  # U+202E RIGHT-TO-LEFT OVERRIDE
ZWSP=%E2%80%8B # U+200B ZERO WIDTH SPACE
RLM=%E2%80%8F  # U+200F RIGHT-TO-LEFT MARK
# Akshay with a visible half KA: A KA VIRAMA ZWJ SSA YA
AKSHAY=%E0%A4%85%E0%A4%95%E0%A5%8D%E2%80%8D%E0%A4%B7%E0%A4%AF
BEH="student=STU0003&kind=negative&points=-1&date=2025-11-03"

before=$(sum_db)
got=$(post teacher1 /classes/CL1A/behaviour "$BEH&category=kind${RLO}ness")
expect_eq "$got" 422 "a behaviour category with U+202E is refused with 422"
expect_grep "The field &#39;category&#39; holds a character it may not hold: direction control U+202E" \
	"$T/body" "the page names the field and the character"
got=$(post teacher1 /api/classes/CL1A/behaviour "$BEH&category=kind${RLO}ness")
expect_eq "$got" 422 "the same through the JSON twin"
expect_grep '"status":422,"field":"category","character":"U+202E","saved":false' "$T/body" \
	"the JSON names the field and the character"
got=$(post teacher1 /classes/CL1A/marks "name=Qu${ZWSP}iz&kind=formative&date=2025-11-03&max=10")
expect_eq "$got" 422 "an assessment name with a zero-width space is refused"
expect_grep "&#39;name&#39;.*invisible character U+200B" "$T/body" "naming the name field"
got=$(post teacher1 /classes/CL1A/behaviour "$BEH&category=disruption&note=fine${RLO}")
expect_eq "$got" 422 "a note (free text) with an override is refused"
expect_grep "&#39;note&#39;" "$T/body" "naming the note field"
got=$(post student1 /surveys/SV1 "a1=4${RLO}")
expect_eq "$got" 422 "a survey answer with an override is refused"
got=$(post principal1 /surveys/new "title=Voice${RLM}&audience=student&anonymous=1&open=2025-11-01&close=2025-11-30&org=SCH1&qk1=likert&qt1=I+like+school")
expect_eq "$got" 422 "a survey title (a name) with a direction mark is refused"
expect_grep "&#39;title&#39;.*direction control U+200F" "$T/body" "naming the title field"
expect_eq "$(sum_db)" "$before" "nothing was saved by any refused form"

# A query argument is held to the rule of names too.
got=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.teacher1" "$BASE/classes/CL1A?x=a${RLO}b")
expect_eq "$got" 422 "a query argument with U+202E is refused with 422"
expect_grep "&#39;x&#39;" "$T/body" "naming the argument"

# Sign-in: a username is a name; a password is a secret.
got=$(curl -s -o "$T/body" -w '%{http_code}' --data "username=teacher1${RLO}&password=x" "$BASE/api/login")
expect_eq "$got" 422 "a username with U+202E is refused with 422"
got=$(curl -s -o "$T/body" -w '%{http_code}' --data "username=teacher1&password=x${RLO}${ZWSP}" "$BASE/api/login")
expect_eq "$got" 401 "a password with those characters is only a wrong password"

# Free text keeps Hindi with its joiners, a direction mark and line breaks;
# a name keeps a joiner after a virama.
got=$(post teacher1 /classes/CL1A/behaviour "$BEH&category=${AKSHAY}&note=${AKSHAY}${RLM}%0Aline+two")
expect_eq "$got" 303 "a Hindi category with ZWJ after a virama and a note with a mark are saved"
expect_eq "$(sqlite3 "$DB" "SELECT hex(category) || ' ' || hex(note) FROM behaviour_event WHERE date = '2025-11-03'")" \
	"E0A485E0A495E0A58DE2808DE0A4B7E0A4AF E0A485E0A495E0A58DE2808DE0A4B7E0A4AFE2808F0A6C696E652074776F" \
	"stored byte for byte"
web_alive && ok "server survived" || notok "server survived"
