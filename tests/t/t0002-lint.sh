# Static checks: cppcheck finds nothing in src/, every C file is laid out as
# .clang-format says, no include goes up a layer (layers.mk), the
# database API stays in its engine's file and no function grows over 150
# lines.
. "$ATTAIN_ROOT/tests/lib.sh"
cd "$ATTAIN_ROOT" || exit 1
if command -v cppcheck >/dev/null 2>&1; then
	if cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr -Isrc --suppress=missingIncludeSystem src >"$T/cppcheck.log" 2>&1; then
		ok "cppcheck: no warnings in src/"
	else
		notok "cppcheck: warnings in src/"; sed 's/^/# /' "$T/cppcheck.log" | head -n 20
	fi
fi
if command -v clang-format >/dev/null 2>&1; then
	if clang-format --dry-run -Werror src/*.c src/*.h tests/unit/*.c tests/unit/*.h >"$T/fmt.log" 2>&1; then
		ok "clang-format: every file is formatted"
	else
		notok "clang-format: files need 'make format'"; grep -o '^[^:]*' "$T/fmt.log" | sort -u | sed 's/^/# /' | head
	fi
fi
# Layers (layers.mk): every file of src/ in one layer, and no #include that
# goes up a layer or across to a sibling (tools/check-layers.sh).
if tools/check-layers.sh >"$T/layers.log" 2>&1; then
	ok "layers: every file of src/ in one layer, no include goes up a layer"
else
	notok "layers: files or includes that break the layers of layers.mk"
	sed 's/^/# /' "$T/layers.log" | head -n 40
fi
# The database engine stays behind the statement interface: sqlite3 only
# in src/store_sqlite.c, libpq only in src/store_pg.c
# (tools/check-engine.sh).
if tools/check-engine.sh >"$T/engine.log" 2>&1; then
	ok "engine: sqlite3 named only in store_sqlite.c, libpq only in store_pg.c"
else
	notok "engine: the database API used outside its engine's file"
	sed 's/^/# /' "$T/engine.log" | head -n 40
fi
# No function over 150 lines beyond those listed in tools/long-functions.txt,
# none of them longer than listed; each listed one since split gets an ok
# line telling to remove it from the list.
if tools/check-funclen.sh >"$T/funclen.log" 2>&1; then
	ok "functions: none over 150 lines beyond the $(grep -c '^[a-z_]' tools/long-functions.txt) listed, none grown"
else
	notok "functions over 150 lines, new or grown"
	grep -v -E '^(fixed|shorter): ' "$T/funclen.log" | sed 's/^/# /' | head -n 40
fi
grep -E '^(fixed|shorter): ' "$T/funclen.log" >"$T/funclen.ok"
while IFS= read -r line; do
	ok "functions: $line"
done <"$T/funclen.ok"
