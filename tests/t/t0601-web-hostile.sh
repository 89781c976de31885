# Hostile input against the request path and every form: oversized headers
# and bodies, bad UTF-8, path traversal, SQL and HTML injection, and a
# seeded random mix. No crash (the server is the ASan build), no 500, no
# unescaped output.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
# a student whose name is markup, and one whose name is a spreadsheet formula
sqlite3 "$T/w.db" "INSERT INTO student(id, code, given_name, family_name) VALUES
 (61, 'STU0061', '<script>alert(1)</script>', '\"><img src=x onerror=alert(2)>'),
 (62, 'X&Y\"<z>', '=HYPERLINK(\"http://evil\")', 'Formula');
 INSERT INTO placement VALUES (61, 2, 7, 5), (62, 2, 7, 5);
 INSERT INTO enrolment(class_id, student_id) VALUES (1, 61), (1, 62);"
web_start "$T/w.db"
[ -n "$PORT" ] && ok "server started" || { notok "server started"; exit 1; }
web_login teacher1
J="$T/jar.teacher1"

code() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }

# oversized header and body
big=$(head -c 100000 /dev/zero | tr '\0' a)
got=$(code -H "X-Big: $big" "$BASE/login")
case $got in 4*) ok "100 KB header refused ($got)" ;; *) notok "100 KB header refused ($got)" ;; esac
got=$(code -b "attain_session=$big" "$BASE/api/me")
case $got in 4*) ok "100 KB cookie refused ($got)" ;; *) notok "100 KB cookie refused ($got)" ;; esac
head -c 200000 /dev/zero | tr '\0' b >"$T/bigbody"
got=$(code --data-binary "@$T/bigbody" "$BASE/login")
expect_eq "$got" 413 "200 KB body refused"
long=$(head -c 5000 /dev/zero | tr '\0' c)
got=$(code -b "$J" "$BASE/orgs/$long")
expect_eq "$got" 414 "5 KB path refused"

# path traversal
for p in '/../../etc/passwd' '/orgs/../../../etc/passwd' '/style.css/..' \
	'/orgs/%2e%2e/%2e%2e/etc/passwd' '/orgs//SCH1' '/./login' '/orgs/.%2e/x' \
	'/orgs/SCH1%00.csv' '/orgs/a%5c..%5cb'; do
	got=$(code --path-as-is -b "$J" "$BASE$p")
	case $got in 400 | 404) ok "traversal $p refused ($got)" ;;
	*) notok "traversal $p refused ($got)" ;; esac
	grep -q 'root:' "$T/body" && notok "traversal $p leaks a file"
done

# bad UTF-8 in the path, query and forms
got=$(code -b "$J" "$BASE/orgs/%ff%fe")
expect_eq "$got" 400 "bad UTF-8 in the path"
got=$(code "$BASE/login?next=%c0%af")
expect_eq "$got" 400 "overlong UTF-8 in the query"
got=$(code -d 'username=%ff%fe&password=x' "$BASE/login")
expect_eq "$got" 400 "bad UTF-8 in the sign-in form"
got=$(code -d 'username=a%00b&password=x' "$BASE/login")
expect_eq "$got" 400 "NUL in the sign-in form"
got=$(code -b "$J" -d 'csrf=%ed%a0%80' "$BASE/logout")
expect_eq "$got" 400 "surrogate in the logout form"

# SQL injection attempts are plain (unknown) codes or wrong passwords
for p in "/api/orgs/SCH1'%20OR%20'1'='1" "/api/students/STU0001'--" \
	"/api/classes/x%22%20OR%201=1" "/api/students/%25" "/api/orgs/%27%3B%20DROP%20TABLE%20student%3B--"; do
	got=$(code -b "$J" "$BASE$p")
	expect_eq "$got" 404 "injection $p is not found"
done
got=$(code --data-urlencode "username=admin' --" --data-urlencode "password=x' OR '1'='1" "$BASE/api/login")
expect_eq "$got" 401 "injection in the sign-in form fails to sign in"
n=$(sqlite3 "$T/w.db" "SELECT count(*) FROM student")
expect_eq "$n" 62 "no table was harmed"

# HTML injection: names from the data are escaped in HTML, JSON and CSV
got=$(code -b "$J" "$BASE/classes/CL1A")
expect_eq "$got" 200 "class page with hostile names"
grep -q '<script>alert' "$T/body" && notok "raw script from data in HTML" || ok "no raw script from data in HTML"
grep -q '<img src=x' "$T/body" && notok "raw img from data in HTML" || ok "no raw markup from data in HTML"
expect_grep '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/body" "the name is shown escaped"
expect_grep 'href="/students/X%26Y%22%3Cz%3E"' "$T/body" "a hostile code is escaped in links"
got=$(code -b "$J" "$BASE/api/classes/CL1A")
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$T/body" &&
	ok "JSON with hostile names parses" || notok "JSON with hostile names parses"
got=$(code -b "$J" "$BASE/classes/CL1A/students.csv")
expect_grep "\"'=HYPERLINK" "$T/body" "CSV guards a formula"
got=$(code -b "$J" "$BASE/students/X%26Y%22%3Cz%3E")
expect_eq "$got" 200 "a hostile code is a usable address"
grep -q '<z>' "$T/body" && notok "raw code in the student page" || ok "hostile code escaped on its page"

# seeded random requests: methods, paths from hostile fragments, bodies
tok=$(web_csrf teacher1)
awk -v seed=6 -v tok="$tok" 'BEGIN {
	srand(seed)
	split("GET POST HEAD PUT DELETE OPTIONS", M, " ")
	split("/ /login /logout /me /orgs /classes /students /api /style.css " \
	      "SCH1 CL1A STU0001 .. . %2e%2e %00 %ff %c3%28 <x-inj> %3Cx-inj%3E " \
	      "\x27 %27 ; -- .csv grades.csv students.csv api orgs %25 %20 ? & = # " \
	      "%e2%82%ac %f0%9f%98%80 a*b ~ {} [] @ :", F, " ")
	nf = 0; for (k in F) nf++
	for (i = 0; i < 400; i++) {
		m = M[1 + int(rand() * 6)]
		p = ""
		k = 1 + int(rand() * 5)
		for (j = 0; j < k; j++) {
			f = F[1 + int(rand() * nf)]
			p = p (rand() < 0.7 ? "/" : "") f
		}
		if (substr(p, 1, 1) != "/") p = "/" p
		b = ""
		if (m == "POST") {
			k = int(rand() * 4)
			for (j = 0; j < k; j++)
				b = b (j ? "&" : "") F[1 + int(rand() * nf)] "=" F[1 + int(rand() * nf)]
			if (rand() < 0.5) b = b "&csrf=" tok
		}
		printf "%s\t%s\t%s\n", m, p, b
	}
}' >"$T/reqs"
bad=0
total=0
while IFS="$(printf '\t')" read -r m p b; do
	total=$((total + 1))
	if [ "$m" = HEAD ]; then
		got=$(curl -s -o "$T/body" -w '%{http_code}' --path-as-is -I -b "$J" "$BASE$p")
	elif [ -n "$b" ]; then
		got=$(curl -s -o "$T/body" -w '%{http_code}' --path-as-is -X "$m" -b "$J" --data-binary "$b" "$BASE$p")
	else
		got=$(curl -s -o "$T/body" -w '%{http_code}' --path-as-is -X "$m" -b "$J" "$BASE$p")
	fi
	case $got in
	000 | 5*) bad=$((bad + 1)); echo "# $m $p [$b] -> $got" ;;
	esac
	if grep -q '<x-inj>' "$T/body"; then
		bad=$((bad + 1)); echo "# unescaped marker: $m $p [$b]"
	fi
done <"$T/reqs"
expect_eq "$bad" 0 "$total random hostile requests: no crash, no 5xx, nothing unescaped"
web_alive && ok "server survived" || notok "server survived"
got=$(code -b "$J" "$BASE/api/me")
expect_eq "$got" 200 "server still answers"
