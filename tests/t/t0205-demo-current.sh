# The demo is current on the day it is made for (attain demo --as-of, the
# clock otherwise): a demo made for a school day of 2027-28 has that year
# as its latest, and its teacher, following links from the start page,
# opens the register of that day and saves it.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

DB="$T/d.db"
DAY=2027-11-10 # a Wednesday of 2027-28, after the Diwali break
expect_rc 0 "a demo made for $DAY" -- "$A" --db "$DB" demo --as-of "$DAY" --students 300 --years 2 --password pw-demo-1
expect_eq "$(sqlite3 "$DB" "SELECT code FROM academic_year ORDER BY start_date DESC LIMIT 1")" 2027-28 "its latest year holds the day"
ATTAIN_TODAY=$DAY web_start "$DB"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
curl -s -o /dev/null -c "$T/jar" --data "username=teacher&password=pw-demo-1" "$BASE/login"
# href="..." values of the page in $T/body whose text contains $1
link() { grep -o "href=\"[^\"]*$1[^\"]*\"" "$T/body" | head -n1 | sed 's/^href="//; s/"$//; s/&amp;/\&/g'; }
get() { curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar" "$BASE$1"; }
expect_eq "$(get /)" 200 "the teacher's start page"
class=$(link "/classes/")
[ -n "$class" ] && ok "links to a class ($class)" || notok "links to a class"
expect_eq "$(get "$class")" 200 "the class page"
reg=$(link "/register")
[ -n "$reg" ] && ok "links to the register ($reg)" || notok "links to the register"
expect_eq "$(get "$reg")" 200 "the register opens (not 400: the day is in the demo's year)"
expect_grep "value=\"$DAY\"" "$T/body" "for $DAY"
stu=$(grep -o 'name="m_[^"]*"' "$T/body" | head -n1 | sed 's/name="//; s/"$//')
[ -n "$stu" ] && ok "with its students ($stu)" || notok "with its students"
csrf=$(curl -s -b "$T/jar" "$BASE/api/me" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
ver=$(sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' "$T/body" | head -n1)
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar" --data "date=$DAY&version=${ver:-0}&$stu=A&csrf=$csrf" "$BASE${reg%%\?*}")
expect_eq "$code" 303 "the register saves"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM register_taken WHERE date = '$DAY'")" 1 "the register is taken for $DAY"
