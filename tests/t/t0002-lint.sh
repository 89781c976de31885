# Static checks: cppcheck finds nothing in src/, and every C file is laid
# out as .clang-format says.
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
