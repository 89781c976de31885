"""known.py FOUND KNOWN [NOUN]: compare what a check found with what is
known, as test lines.

FOUND has one finding a line, "KEY<TAB>details". KNOWN has one known
finding a line, "KEY<TAB>why" (lines starting with # are comments; every
key needs its explanation). Prints "ok - known NOUN: KEY" for a known
finding, "not ok - new NOUN: KEY  details" for one the file does not list,
and "ok - no longer occurs: KEY" for a listed one that was not found (prune
the file when a fix lands). Exit status 0 unless a line is malformed.
"""
import sys


def read(path, need_why):
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, _, rest = line.partition("\t")
            if need_why and not rest.strip():
                sys.exit("%s:%d: no explanation for %s" % (path, n, key))
            out[key.strip()] = rest.strip()
    return out


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: known.py FOUND KNOWN [NOUN]")
    noun = sys.argv[3] if len(sys.argv) == 4 else "finding"
    found = read(sys.argv[1], False)
    known = read(sys.argv[2], True)
    still = 0
    for key in sorted(found):
        if key in known:
            print("# known %s: %s" % (noun, key))
            still += 1
        else:
            print("not ok - new %s: %s  %s" % (noun, key, found[key]))
    print("ok - %d known %s findings still occur (%s)"
          % (still, noun, sys.argv[2].rsplit("/", 1)[-1]))
    for key in sorted(known):
        if key not in found:
            print("ok - no longer occurs (remove it from %s): %s"
                  % (sys.argv[2].rsplit("/", 1)[-1], key))


if __name__ == "__main__":
    main()
