# Labels: the names of coded things in the reader's language. Labels are
# imported as the `labels` kind (every problem named, re-import
# unchanged); a Hindi account's pages, JSON and report card show the
# Hindi label where there is one and the stored name where there is none,
# while an English account on the same server, asking the same pages in
# between, keeps the stored names (the query cache keeps each language's
# answers apart); a changed label shows on the next request.
. "$ATTAIN_ROOT/tests/lib.sh"
. "$ATTAIN_ROOT/tests/web_lib.sh"

web_fixture "$T/w.db" || { notok "fixture builds"; exit 1; }
DB="$T/w.db"
"$A" template labels >"$T/tpl"
expect_grep '^kind,code,lang,text$' "$T/tpl" "template labels prints the header"

cat >"$T/bad.csv" <<'EOF'
kind,code,lang,text
subject,MATH,hi,गणित
colour,MATH,hi,लाल
subject,MATH,hi,फिर से
class,CL1A,hi,
EOF
expect_rc 1 "a bad labels file is refused" -- "$A" --db "$DB" import --csv labels "$T/bad.csv"
expect_grep 'bad.csv:3:1: .*found .colour.' "$T/err" "an unknown kind is named by line and column"
expect_grep 'bad.csv:4:.*duplicate' "$T/err" "a label given twice is named"
expect_grep 'bad.csv:5:4: ' "$T/err" "an empty text is named"
got=$(sqlite3 "$DB" "SELECT count(*) FROM label")
expect_eq "$got" 0 "nothing was imported"

cat >"$T/labels.csv" <<'EOF'
kind,code,lang,text
subject,MATH,hi,गणित
class,CL1A,hi,5अ गणित
standard,M5.1,hi,1000 तक जोड़ और घटाव
assessment,A25M,hi,वार्षिक गणित 2025
band,proficient,hi,दक्ष
EOF
expect_rc 0 "labels import" -- "$A" --db "$DB" import --csv labels "$T/labels.csv"
expect_grep '5 inserted' "$T/out" "five labels inserted"
expect_rc 0 "labels re-import" -- "$A" --db "$DB" import --csv labels "$T/labels.csv"
expect_grep '0 inserted, 0 updated, 5 unchanged' "$T/out" "re-import changes nothing"
expect_rc 0 "user lang" -- "$A" --db "$DB" user lang parent1 hi

web_start "$DB" --threads 4
[ -n "$PORT" ] && ok "server started" || { notok "server started"; cat "$T/serve.err"; exit 1; }
web_login parent1
web_login student1

# the same pages in turn, a Hindi parent and an English student: each
# language's answer must stay its own
bad=0
for i in 1 2 3; do
	for p in /students/STU0001 /api/students/STU0001; do
		curl -s -b "$T/jar.parent1" -o "$T/hi.$i" "$BASE$p"
		curl -s -b "$T/jar.student1" -o "$T/en.$i" "$BASE$p"
		grep -q 'गणित' "$T/hi.$i" || bad=$((bad + 1))
		grep -q 'Mathematics' "$T/hi.$i" && bad=$((bad + 1))
		grep -q 'Mathematics' "$T/en.$i" || bad=$((bad + 1))
		grep -q 'गणित' "$T/en.$i" && bad=$((bad + 1))
	done
done
expect_eq "$bad" 0 "Hindi answers name the subject गणित, English ones Mathematics, asked in turn"
curl -s -b "$T/jar.parent1" -o "$T/student.hi" "$BASE/students/STU0001"
expect_grep '1000 तक जोड़ और घटाव' "$T/student.hi" "the outcome's Hindi label on the Hindi page"
expect_grep 'Multiply whole numbers' "$T/student.hi" "an outcome without a label keeps its stored name"
expect_grep 'वार्षिक गणित 2025' "$T/student.hi" "the assessment's Hindi label"
expect_grep 'दक्ष' "$T/student.hi" "the band's Hindi label"
curl -s -b "$T/jar.parent1" -o "$T/card.hi" "$BASE/students/STU0001/report"
expect_grep 'गणित' "$T/card.hi" "the Hindi report card names the subject in Hindi"

# a changed label is read on the next request (a new data version)
printf 'kind,code,lang,text\nsubject,MATH,hi,गणित विषय\n' >"$T/change.csv"
expect_rc 0 "a label changed" -- "$A" --db "$DB" import --csv labels "$T/change.csv"
curl -s -b "$T/jar.parent1" -o "$T/student2.hi" "$BASE/students/STU0001"
expect_grep 'गणित विषय' "$T/student2.hi" "the changed label is shown at once"

"$A" --db "$DB" report student --student STU0001 --lang hi --format text >"$T/card.txt" 2>"$T/card.err"
expect_grep 'गणित विषय' "$T/card.txt" "the CLI report card in Hindi names the subject in Hindi"
"$A" --db "$DB" report student --student STU0001 --lang en --format text >"$T/card-en.txt" 2>&1
expect_grep 'Mathematics' "$T/card-en.txt" "the English report card keeps the stored name"
