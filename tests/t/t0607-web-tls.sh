# HTTPS: `serve --tls-cert FILE --tls-key FILE` answers over TLS
# (libmicrohttpd with GnuTLS) with Secure cookies and HSTS on every
# answer, checked by curl against the test's own certificate (made here
# with openssl); plain HTTP is not answered on that port; a missing,
# unreadable or wrong key is refused with a message.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

command -v openssl >/dev/null || { notok "openssl is installed (scripts/install-deps.sh)"; exit 1; }
web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
mkcert() { # NAME: NAME.crt and NAME.key for 127.0.0.1 in $T
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$T/$1.key" -out "$T/$1.crt" -days 2 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 2>"$T/openssl.err"
}
mkcert site && ok "a certificate for 127.0.0.1" || { notok "a certificate for 127.0.0.1"; cat "$T/openssl.err"; exit 1; }
mkcert other || notok "a second certificate"

# refusals at start
expect_rc 2 "--tls-cert without --tls-key is a usage error" -- "$A" --db "$DB" serve --tls-cert "$T/site.crt"
expect_grep "go together" "$T/err" "saying the two go together"
expect_rc 1 "an unreadable key fails" -- "$A" --db "$DB" serve --listen 127.0.0.1:0 --tls-cert "$T/site.crt" --tls-key "$T/none.key"
expect_grep "cannot open" "$T/err" "naming the file"
expect_rc 1 "a key that is not the certificate's fails" -- "$A" --db "$DB" serve --listen 127.0.0.1:0 --tls-cert "$T/site.crt" --tls-key "$T/other.key"
expect_grep "with TLS" "$T/err" "saying TLS could not start"
expect_rc 2 "a trusted proxy that is no address is a usage error" -- "$A" --db "$DB" serve --listen 127.0.0.1:0 --trusted-proxy nowhere
expect_grep "not an IP address" "$T/err" "saying so"

# web_start reads "serving http://"; this server says https
: >"$T/serve.out"
"$A" --db "$DB" serve --listen 127.0.0.1:0 --no-warm --tls-cert "$T/site.crt" --tls-key "$T/site.key" \
	>"$T/serve.out" 2>"$T/serve.err" &
SRV_PID=$!
trap 'kill $SRV_PID 2>/dev/null; wait $SRV_PID 2>/dev/null' EXIT
i=0
while [ $i -lt 100 ]; do
	PORT=$(sed -n 's/^serving https:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$T/serve.out")
	[ -n "$PORT" ] && break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$PORT" ] && ok "serve says it serves https" || { notok "serve says it serves https"; cat "$T/serve.err"; exit 1; }
B="https://127.0.0.1:$PORT"
S="curl -s --cacert $T/site.crt"

got=$($S -o "$T/body" -D "$T/head" -w '%{http_code}' "$B/login")
expect_eq "$got" 200 "the sign-in page over HTTPS, the certificate verified"
expect_grep '^Strict-Transport-Security: max-age=31536000' "$T/head" "with HSTS"
expect_grep '^Set-Cookie: attain_login=.*; Secure' "$T/head" "its form cookie is Secure"
got=$($S -o /dev/null -D "$T/head" -w '%{http_code}' -c "$T/jar" \
	--data-urlencode "username=teacher1" --data-urlencode "password=pw-teacher1-1" "$B/api/login")
expect_eq "$got" 200 "signing in over HTTPS"
expect_grep '^Set-Cookie: attain_session=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure' \
	"$T/head" "the session cookie is HttpOnly, SameSite=Strict and Secure"
expect_grep '^#HttpOnly_127.0.0.1	FALSE	/	TRUE	' "$T/jar" "curl keeps it as a secure cookie"
got=$($S -o "$T/body" -D "$T/head" -w '%{http_code}' -b "$T/jar" "$B/classes/CL1A")
expect_eq "$got" 200 "a page with the session"
expect_grep 'Kid0007' "$T/body" "shows the class"
expect_grep '^Strict-Transport-Security' "$T/head" "every answer carries HSTS"
got=$($S -o /dev/null -D "$T/head" -w '%{http_code}' "$B/orgs/NOSUCH")
expect_grep '^Strict-Transport-Security' "$T/head" "an error answer too ($got)"
got=$(curl -s -o /dev/null -w '%{http_code}' "$B/login")
expect_eq "$got" 000 "a client that does not trust the certificate is refused"
got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/login")
case $got in 2* | 3*) notok "plain HTTP is not answered ($got)" ;; *) ok "plain HTTP is not answered ($got)" ;; esac
got=$($S -o /dev/null -w '%{http_code}' --tlsv1.2 --tls-max 1.2 "$B/login")
expect_eq "$got" 200 "TLS 1.2 is answered"
# the client offers TLS 1.1 (its own floor lowered): the server refuses
got=$($S -o /dev/null -w '%{http_code}' --tlsv1.1 --tls-max 1.1 \
	--ciphers 'DEFAULT@SECLEVEL=0' "$B/login")
expect_eq "$got" 000 "TLS 1.1 is refused"
kill -0 "$SRV_PID" 2>/dev/null && ok "server still running" || notok "server still running"
