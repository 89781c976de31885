#!/bin/sh
# tools/src-includes.sh FILE... - the modules of src/ that C files outside
# src/ (unit tests, fuzzers) include: NAME for each quoted #include of
# src/NAME.h, following the includes of their own helper files (a test's
# fixture header, bench/oulad_ews.c), each found beside the file that
# includes it, as the compiler finds them. One name a line, sorted. The
# Makefiles link each test and fuzzer with the layers of these modules
# (layers.mk).
seen=""
visit() {
	for h in $(sed -n 's/^[ 	]*#[ 	]*include[ 	]*"\([^"]*\)".*/\1/p' "$1"); do
		p="$(dirname "$1")/$h"
		if [ -f "$p" ]; then
			case " $seen " in
			*" $p "*) ;;
			*)
				seen="$seen $p"
				visit "$p"
				;;
			esac
		elif [ -f "src/$h" ]; then
			h=${h##*/}
			echo "${h%.h}"
		fi
	done
}
for f in "$@"; do
	visit "$f"
done | sort -u
