#!/bin/sh
# tools/check-layers.sh - the layer rule of layers.mk, checked over every
# src/*.c and src/*.h: each file belongs to exactly one layer; a quoted
# #include names a header of the file's own layer or of a layer it uses
# (USES_), never one above or a sibling; a private header NAME_internal.h
# is included only by files named NAME*; a system header listed in a
# layer's ONLY_ is included by that layer alone. Prints each problem as
# "FILE:LINE: what" and exits 1 when there is one (0 when none, 2 when the
# table cannot be read). Run by tests/t/t0002-lint.sh and `make lint`.
set -u
cd "$(dirname "$0")/.." || exit 2
table=$(make -s --no-print-directory -f layers.mk layer-table) || exit 2
{
	printf '%s\n' "$table"
	for f in src/*.c src/*.h; do echo "file $f"; done
} | awk '
function base(p) { sub(/.*\//, "", p); return p }
function stem(p) { p = base(p); sub(/\.[ch]$/, "", p); return p }
# does name n match the layers.mk pattern p (% matches any rest)?
function match_pat(n, p) {
	if (p ~ /%$/)
		return substr(n, 1, length(p) - 1) == substr(p, 1, length(p) - 1)
	return n == p
}
function layer_of(n,   i, l) {
	l = ""
	for (i = 1; i <= npat; i++)
		if (match_pat(n, pat[i]))
			l = l (l == "" ? "" : " ") play[i]
	return l
}
function problem(where, what) { print where ": " what; bad++ }
NR == FNR {
	if ($1 == "uses") { u = $0; sub(/^uses [^ ]* ?/, "", u); uses[$2] = u }
	else if ($1 == "module") { npat++; pat[npat] = $3; play[npat] = $2 }
	else if ($1 == "only") { nonly++; opat[nonly] = $3; olay[nonly] = $2 }
	else if ($1 == "file") {
		l = layer_of(stem($2))
		if (l == "")
			problem($2, "belongs to no layer (add it to a LAYER_ list in layers.mk)")
		else if (l ~ / /)
			problem($2, "belongs to two layers (" l "): see layers.mk")
	}
	next
}
FNR == 1 {
	me = stem(FILENAME)
	lay = layer_of(me)
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	h = $0
	sub(/^[^"]*"/, "", h)
	sub(/".*/, "", h)
	hs = stem(h)
	if (hs ~ /_internal$/) {
		pre = hs
		sub(/_internal$/, "", pre)
		if (substr(me, 1, length(pre)) != pre)
			problem(FILENAME ":" FNR, "includes \"" h "\", private to " pre "*")
	}
	hl = layer_of(hs)
	if (lay == "" || lay ~ / / || hl == "" || hl ~ / / || hl == lay)
		next
	if (index(" " uses[lay] " ", " " hl " ") == 0)
		problem(FILENAME ":" FNR, "includes \"" h "\" of layer " hl ", above or beside layer " lay " (which uses " (uses[lay] == "" ? "no other layer" : uses[lay]) ")")
}
/^[ \t]*#[ \t]*include[ \t]*</ {
	h = $0
	sub(/^[^<]*</, "", h)
	sub(/>.*/, "", h)
	for (i = 1; i <= nonly; i++)
		if (match_pat(h, opat[i]) && olay[i] != lay)
			problem(FILENAME ":" FNR, "includes <" h ">, which only layer " olay[i] " may include")
}
END { exit bad ? 1 : 0 }
' - src/*.c src/*.h
