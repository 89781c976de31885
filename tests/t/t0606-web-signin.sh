# Sessions and sign-in: a password change ends the account's other
# sessions (the web change keeps the browser it was made from; the
# command line's ends them all); failed sign-ins slow the next attempt
# down per account and per (account, address) pair instead of locking the
# account; an administrator unlocks; the delays and changes are audited.
# The server's clock is fixed (ATTAIN_NOW): time passing is played by
# moving the recorded failures back, as a clock moving forward would.
# Addresses come through a trusted proxy's X-Forwarded-For (the loopback
# address is the proxy), and once from another loopback address.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
ATTAIN_NOW=2025-11-03T09:00:00Z web_start "$DB" --no-warm --trusted-proxy 127.0.0.1
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }

audit() { # ARGS...: the audit log, after the writer's next commit
	sleep 0.3
	"$A" --db "$DB" audit --limit 1000 "$@"
}
me() { # JAR: status of /api/me
	curl -s -o /dev/null -w '%{http_code}' -b "$1" "$BASE/api/me"
}
signin() { # JAR USER PASSWORD ADDRESS: status; headers in $T/head
	rm -f "$1"
	curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' -c "$1" \
		-H "X-Forwarded-For: $4" --data-urlencode "username=$2" \
		--data-urlencode "password=$3" "$BASE/api/login"
}
retry_after() {
	sed -n 's/^Retry-After: \([0-9]*\).*/\1/p' "$T/head" | tr -d '\r'
}
passes() { # SECONDS: time passes for the sign-in throttle
	sqlite3 "$DB" "UPDATE web_login_failure SET at = at - $1"
}
csrf_of() { curl -s -b "$1" "$BASE/api/me" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p'; }
change() { # JAR CURRENT NEW REPEAT: status of the password change
	curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' -b "$1" \
		-H "X-CSRF-Token: $(csrf_of "$1")" --data-urlencode "current=$2" \
		--data-urlencode "new=$3" --data-urlencode "repeat=$4" "$BASE/api/me/password"
}

# ---- a password change ends the account's other sessions ----
J1="$T/jar.b1" J2="$T/jar.b2" J3="$T/jar.b3"
expect_eq "$(signin "$J1" teacher1 pw-teacher1-1 10.1.0.1)" 200 "browser 1 signs in"
expect_eq "$(signin "$J2" teacher1 pw-teacher1-1 10.1.0.2)" 200 "browser 2 signs in as the same account"
expect_eq "$(signin "$J3" teacher3 pw-teacher3-1 10.1.0.2)" 200 "another account signs in"
expect_eq "$(me "$J2")" 200 "browser 2's session works"
expect_eq "$(change "$J1" wrong-password brandnew-1 brandnew-1)" 422 "a wrong current password changes nothing"
expect_grep '"error":"The current password is wrong."' "$T/body" "and says so"
expect_eq "$(change "$J1" pw-teacher1-1 short short)" 422 "a new password under 8 characters is refused"
expect_eq "$(change "$J1" pw-teacher1-1 brandnew-1 brandnew-2)" 422 "two different new passwords are refused"
expect_eq "$(me "$J2")" 200 "refused changes leave browser 2 signed in"
expect_eq "$(change "$J1" pw-teacher1-1 brandnew-1 brandnew-1)" 303 "browser 1 changes the password"
expect_grep 'Location: /api/me/password?saved=1' "$T/head" "and is sent to the form's twin"
expect_eq "$(me "$J2")" 401 "browser 2's session has ended"
expect_eq "$(me "$J1")" 200 "browser 1's session stays"
expect_eq "$(me "$J3")" 200 "another account's session stays"
curl -s -b "$J1" "$BASE/me/password?saved=1" >"$T/body"
expect_grep 'Every other session of your account has been signed out' "$T/body" "the page says what happened"
if grep -q 'brandnew' "$T/body"; then notok "the form never shows a password"; else ok "the form never shows a password"; fi
expect_eq "$(signin "$J2" teacher1 pw-teacher1-1 10.1.0.2)" 401 "the old password no longer signs in"
expect_eq "$(signin "$J2" teacher1 brandnew-1 10.1.0.2)" 200 "the new one does"
audit --action passwd --user teacher1 >"$T/audit"
expect_grep "passwd  *account:teacher1  *127.0.0.1  *other sessions ended: 1" "$T/audit" "the change is audited with the sessions it ended"
expect_grep "passwd-failed  *account:teacher1" "$T/audit" "and the wrong current password too"

# the command line's change (a reset) ends every session of the account
expect_eq "$(me "$J1")$(me "$J2")" 200200 "two sessions before the reset"
expect_rc 0 "user passwd resets the password" -- env ATTAIN_NOW=2025-11-03T09:05:00Z "$A" --db "$DB" user passwd teacher1 --password pw-teacher1-2
expect_grep "every session of the account ended" "$T/out" "and says the sessions ended"
expect_eq "$(me "$J1")$(me "$J2")" 401401 "both sessions have ended"
expect_eq "$(me "$J3")" 200 "another account's session stays"
audit --action passwd --since 2025-11-03T09:05:00Z >"$T/audit"
expect_grep "passwd  *account:teacher1  *cli  *sessions ended: 2" "$T/audit" "the reset is audited as the command line's"

# ---- 30 wrong passwords for one account from one address ----
# Each refused attempt (429) says how long to wait; that much time passes
# and the attempt is made again, until 30 wrong passwords were checked.
P=10.2.0.1
fails=0 delays="" refused=0 tries=0
while [ "$fails" -lt 30 ] && [ "$tries" -lt 200 ]; do
	tries=$((tries + 1))
	got=$(signin "$T/jar.x" principal1 "wrong-$fails" "$P")
	case $got in
	401) fails=$((fails + 1)); delays="$delays $(retry_after)" ;;
	429) refused=$((refused + 1)); passes "$(retry_after)" ;;
	*) echo "# unexpected $got"; break ;;
	esac
done
expect_eq "$fails" 30 "30 wrong passwords were checked"
[ "$refused" -ge 25 ] && ok "attempts during a delay were refused unchecked ($refused)" ||
	notok "attempts during a delay were refused unchecked ($refused)"
echo "# waits after each failure:$delays"
expect_eq "$(echo $delays | cut -d' ' -f1-12)" "1 2 4 8 16 32 64 128 256 512 900 900" \
	"the wait starts at the 3rd failure and doubles up to 15 minutes"
expect_eq "$(echo $delays | tr ' ' '\n' | sort -n | tail -n1)" 900 "and never passes 15 minutes"
w=$(echo $delays | tr ' ' '\n' | awk 'p != "" && $1 < p { bad = 1 } { p = $1 } END { print bad + 0 }')
expect_eq "$w" 0 "the waits never shrink"

# just after the 30th failure: another address waits only the account's
# delay (at most a minute), another account at the same address not at all
expect_eq "$(signin "$T/jar.p" principal1 pw-principal1-1 10.2.0.9)" 429 "the owner at another address waits"
wait_other=$(retry_after)
[ "$wait_other" -ge 1 ] && [ "$wait_other" -le 60 ] && ok "for at most a minute ($wait_other s)" ||
	notok "for at most a minute ($wait_other s)"
expect_eq "$(signin "$T/jar.a" admin pw-admin-1 "$P")" 200 "another account at the same address signs in at once"
passes $((wait_other - 1))
expect_eq "$(signin "$T/jar.p" principal1 pw-principal1-1 10.2.0.9)" 429 "a second before the delay ends: still waiting"
passes 1
expect_eq "$(signin "$T/jar.p" principal1 pw-principal1-1 10.2.0.9)" 200 "after the delay the owner signs in from the other address"
expect_eq "$(me "$T/jar.p")" 200 "with a working session"
expect_eq "$(signin "$T/jar.x" principal1 pw-principal1-1 "$P")" 429 "the guessing address still waits, right password or not"
[ "$(retry_after)" -gt 60 ] && ok "its own, longer delay ($(retry_after) s)" || notok "its own, longer delay ($(retry_after) s)"

# a real second address (no proxy in between) counts as its own pair
got=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.2 -c "$T/jar.i" \
	-H "X-Forwarded-For: $P" --data-urlencode "username=principal1" \
	--data-urlencode "password=pw-principal1-1" "$BASE/api/login")
expect_eq "$got" 200 "from 127.0.0.2 the owner signs in: its forwarded address is not believed"
audit --user principal1 --action login >"$T/audit"
expect_grep "login  *account:principal1  *127.0.0.2 " "$T/audit" "the sign-in is audited with the real peer"

# an administrator unlocks
expect_rc 0 "user unlock" -- "$A" --db "$DB" user unlock principal1
expect_grep "unlocked principal1" "$T/out" "says so"
expect_eq "$(signin "$T/jar.x" principal1 pw-principal1-1 "$P")" 200 "the guessing address may sign in at once after the unlock"
expect_rc 1 "unlocking an unknown account fails" -- "$A" --db "$DB" user unlock nobody

# the delays are audited and the log filters them
audit --action login --target principal1 >"$T/audit"
expect_eq "$(grep -c ' login-failed ' "$T/audit")" 30 "30 failed sign-ins audited"
expect_grep "login-failed  *account:principal1  *$P  *next attempt in 900 s" "$T/audit" "with the wait each started"
expect_grep "login-delayed  *account:principal1  *10.2.0.9  *retry in $wait_other s" "$T/audit" "refusals during a delay audited"
audit --action unlock >"$T/audit"
expect_grep "unlock  *account:principal1  *cli  *failed sign-ins forgotten: 30" "$T/audit" "the unlock audited"
audit --kind account --target admin --action login >"$T/audit"
expect_eq "$(grep -c 'account:admin' "$T/audit")" 1 "filters combine: the admin's one sign-in"

# ---- HTTPS as a trusted proxy reports it ----
curl -s -o /dev/null -D "$T/head" -H "X-Forwarded-Proto: https" -H "X-Forwarded-For: 10.3.0.1" \
	--data-urlencode "username=admin" --data-urlencode "password=pw-admin-1" "$BASE/api/login"
expect_grep '^Set-Cookie: attain_session=.*; Secure' "$T/head" "the proxy's https makes the cookie Secure"
expect_grep '^Strict-Transport-Security: max-age=31536000' "$T/head" "and the answer carries HSTS"
curl -s -o /dev/null -D "$T/head" --interface 127.0.0.2 -H "X-Forwarded-Proto: https" \
	--data-urlencode "username=admin" --data-urlencode "password=pw-admin-1" "$BASE/api/login"
if grep -qi 'Strict-Transport\|; Secure' "$T/head"; then notok "another peer's X-Forwarded-Proto is ignored"; else
	ok "another peer's X-Forwarded-Proto is ignored"; fi
curl -s -o /dev/null -D "$T/head" --data-urlencode "username=admin" --data-urlencode "password=pw-admin-1" "$BASE/api/login"
if grep -qi 'Strict-Transport\|; Secure' "$T/head"; then notok "plain HTTP: no Secure, no HSTS"; else
	ok "plain HTTP: no Secure, no HSTS"; fi

web_alive && ok "server still running" || notok "server still running"
