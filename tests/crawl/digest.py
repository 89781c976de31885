"""digest.py NAME < CSV: print "NAME ROWS SHA256" for one exported table.

The canonical form (see derived-digest.sh): columns naming the analysis run
or measuring the wall clock are dropped, the header is kept, the rows are
sorted as tuples of their text fields (the exported text, so a change of
the last printed digit of a number is a change), and the result is written
with the csv module's quoting and "\n" line ends before hashing.
"""
import csv
import hashlib
import io
import sys

DROP_EXACT = {"run_id", "seconds", "duration", "started_at", "finished_at"}


def dropped(name):
    return name in DROP_EXACT or name.endswith("_at")


def digest(name, src):
    rows = csv.reader(src)
    header = next(rows, None)
    if header is None:
        return "%s 0 -" % name
    keep = [i for i, h in enumerate(header) if not dropped(h)]
    body = sorted(tuple(r[i] if i < len(r) else "" for i in keep) for r in rows)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([header[i] for i in keep])
    w.writerows(body)
    h = hashlib.sha256(out.getvalue().encode("utf-8")).hexdigest()
    return "%s %d %s" % (name, len(body), h)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: digest.py NAME < CSV")
    sys.stdin.reconfigure(newline="")
    print(digest(sys.argv[1], sys.stdin))
