# Access matrix: every route in the route table x every role x an
# in-scope and an out-of-scope target (tests/fixtures/web/matrix.txt).
# Asserts each status and that no body shows a name or code outside the
# role's scope.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"
MATRIX="$WEBFX/matrix.txt"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
ok "fixture builds"

# Every route of the table appears in the matrix.
"$A" serve --routes >"$T/routes"
nroutes=$(wc -l <"$T/routes")
[ "$nroutes" -ge 9 ] && ok "route table lists $nroutes routes" || notok "route table lists routes ($nroutes)"
while read -r name method pattern flags; do
	if grep -q "^$name " "$MATRIX"; then ok "route $name is in the matrix"; else
		notok "route $name ($method $pattern) is missing from the access matrix"; fi
	# every role appears for every route that needs sign-in
	case " $flags " in *" auth "*)
		for role in anon forged; do
			grep -q "^$name  *$role " "$MATRIX" && ok "route $name checked as $role" ||
				notok "route $name not checked as $role"
		done ;;
	esac
done <"$T/routes"

web_start "$T/w.db"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }

for u in admin officer_b1 officer_b2 principal1 principal3 teacher1 teacher3 \
	parent1 parent2 student1 student41 lapsed; do
	web_login "$u"
	grep -q attain_session "$T/jar.$u" && ok "$u signs in" || notok "$u signs in"
done
sqlite3 "$T/w.db" "UPDATE web_session SET expires_at = 1 WHERE account_id =
  (SELECT id FROM account WHERE username = 'lapsed')"
cp "$T/jar.lapsed" "$T/jar.expired"
# a well-formed but made-up session token
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tattain_session\t%s\n' \
	"$(printf '%064d' 7)" >"$T/jar.forged"
: >"$T/jar.anon"

# forbidden NAME... : strings never to appear in this role's bodies
range() { # prefix from to
	i=$2
	while [ "$i" -le "$3" ]; do printf '%s%04d\n' "$1" "$i"; i=$((i + 1)); done
}
forbidden() {
	case $1 in
	anon | forged | expired) printf 'Kid0\nSTU0\n' ;;
	officer_b1) printf 'Kid0\nSTU0\nHill Block\nPine Cluster\nGamma School\n' ;;
	officer_b2) printf 'Kid0\nSTU0\nRiver Block\nMango Cluster\nAlpha School\nBeta School\n' ;;
	principal1) range Kid 21 60; range STU 21 60; printf 'Beta School\nGamma School\n' ;;
	principal3) range Kid 1 40; range STU 1 40; printf 'Alpha School\nBeta School\n' ;;
	teacher1) range Kid 21 60; range STU 21 60; printf '5C Mathematics\n5A Language\nGamma School\n' ;;
	teacher3) range Kid 1 40; range STU 1 40; printf 'Alpha School\n' ;;
	parent1) range Kid 3 60; range STU 3 60; printf '5A Mathematics\n' ;;
	parent2) range Kid 1 40; range STU 1 40; range Kid 42 60; printf '5C Mathematics\n' ;;
	student1) range Kid 2 60; range STU 2 60; printf '5A Mathematics\n' ;;
	student41) range Kid 1 40; range STU 1 40; range Kid 42 60 ;;
	*) : ;;
	esac
}
for role in anon forged expired admin officer_b1 officer_b2 principal1 principal3 \
	teacher1 teacher3 parent1 parent2 student1 student41; do
	forbidden "$role" >"$T/forbid.$role"
done

rows=0
while read -r route role method path want; do
	case "$route" in '#'* | '') continue ;; esac
	rows=$((rows + 1))
	jar="$T/jar.$role"
	got=$(curl -s -o "$T/body" -w '%{http_code}' -b "$jar" -X "$method" "$BASE$path")
	if [ "$got" = "$want" ]; then ok "$role $method $path -> $want"; else
		notok "$role $method $path -> $got (wanted $want)"; head -c 300 "$T/body" | sed 's/^/# /'; fi
	if [ -s "$T/forbid.$role" ] && grep -F -f "$T/forbid.$role" "$T/body" >"$T/leak"; then
		notok "$role $path shows nothing out of scope: $(head -c 200 "$T/leak")"
	fi
done <"$MATRIX"
[ "$rows" -ge 100 ] && ok "matrix has $rows rows" || notok "matrix has $rows rows"

# In-scope pages do show their people (the leak check is not vacuous).
curl -s -b "$T/jar.teacher1" "$BASE/classes/CL1A" >"$T/body"
expect_grep "Kid0007" "$T/body" "teacher sees a student of their class"
curl -s -b "$T/jar.parent1" "$BASE/students/STU0002" >"$T/body"
expect_grep "Kid0002 Fam0002" "$T/body" "parent sees their second child"
curl -s -b "$T/jar.officer_b1" "$BASE/api/orgs/B1" >"$T/body"
expect_grep '"view":"aggregate"' "$T/body" "officer sees aggregates"
expect_grep 'Alpha School' "$T/body" "officer sees the schools under the block"

# Views of named student data are audited (who, what, from where).
sleep 0.5 # the server commits queued audit entries every 50 ms
"$A" --db "$T/w.db" audit --user teacher1 >"$T/audit"
expect_grep "view .*student:STU0001 .*127.0.0.1" "$T/audit" "student view audited with address"
expect_grep "view .*class:CL1A" "$T/audit" "class view audited"
"$A" --db "$T/w.db" audit --user parent1 --target STU0002 >"$T/audit"
expect_grep "parent1" "$T/audit" "parent's view audited"

# Forms without the CSRF token write nothing: logout without it keeps the
# session; with it the session ends.
curl -s -o /dev/null -b "$T/jar.teacher1" -X POST "$BASE/logout"
got=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.teacher1" "$BASE/api/me")
expect_eq "$got" 200 "logout without CSRF token leaves the session"
tok=$(web_csrf teacher1)
got=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.teacher1" -d "csrf=$tok" "$BASE/logout")
expect_eq "$got" 303 "logout with the token"
got=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.teacher1" "$BASE/api/me")
expect_eq "$got" 401 "the session is gone after logout"
got=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.teacher3" -H "X-CSRF-Token: $(printf '%032d' 0)" -X POST "$BASE/logout")
expect_eq "$got" 403 "a wrong CSRF header is refused"

web_alive && ok "server still running" || notok "server still running"
