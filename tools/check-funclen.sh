#!/bin/sh
# tools/check-funclen.sh - no function in src/ over 150 lines, except the
# ones tools/long-functions.txt lists, each no longer than listed there.
# The list records the offenders of the day the limit was set and may only
# shrink: a function over the limit that is not listed, or longer than its
# listed figure, is a problem ("FILE:LINE: ..."; exit 1). A listed function
# now within the limit (split, or gone) is printed as "fixed: NAME ..." and
# one shorter than listed as "shorter: NAME ...", so the list is pruned.
# Functions are matched by name, wherever they have moved in src/.
# Run by tests/t/t0002-lint.sh and `make lint`.
set -u
cd "$(dirname "$0")/.." || exit 2
LIMIT=150
LIST=tools/long-functions.txt
awk -f tools/funclen.awk src/*.c | awk -v limit=$LIMIT -v list=$LIST '
NR == FNR {
	if ($0 !~ /^#/ && NF >= 2) { listed[$1] = $2; where[$1] = $3 }
	next
}
{
	name = $2; n = $3; loc = $1
	if (n <= limit)
		next
	seen[name] = 1
	if (!(name in listed)) {
		print loc " " name " has " n " lines (limit " limit "): split it"; bad++
	} else if (n > listed[name]) {
		print loc " " name " has " n " lines, more than the " listed[name] " listed in " list; bad++
	} else if (n < listed[name]) {
		print "shorter: " name " has " n " lines, listed at " listed[name] ": lower its figure in " list
	}
}
END {
	for (name in listed)
		if (!(name in seen))
			print "fixed: " name " (" where[name] ", listed at " listed[name] " lines) is now within " limit " lines: remove it from " list
	exit bad ? 1 : 0
}
' $LIST -
