#!/usr/bin/env python3
"""Apply clang's parseable fix-it lines, as an editor would.

    apply-fixits.py DIAGNOSTICS FILE

Reads every 'fix-it:"FILE":{L1:C1-L2:C2}:"TEXT"' line for FILE (columns in
bytes, 1-based, as clang prints them), unescapes TEXT the way clang
escapes it (\\n, \\t, \\", \\\\, octal \\NNN), and rewrites FILE with all of
them, applied from the end so earlier positions stay valid. Fix-its that
are alternatives of one error share a range; only the first one for a
range counts, as an editor applies one quick fix.
"""
import re
import sys

FIXIT = re.compile(r'^fix-it:"((?:[^"\\]|\\.)*)":\{(\d+):(\d+)-(\d+):(\d+)\}:"((?:[^"\\]|\\.)*)"$')


def unescape(s):
    out = bytearray()
    i = 0
    b = s.encode()
    while i < len(b):
        c = b[i]
        if c == 0x5C and i + 1 < len(b):
            n = b[i + 1]
            if n == ord("n"):
                out.append(10)
                i += 2
            elif n == ord("t"):
                out.append(9)
                i += 2
            elif 0x30 <= n <= 0x37:
                out.append(int(b[i + 1:i + 4], 8))
                i += 4
            else:
                out.append(n)
                i += 2
        else:
            out.append(c)
            i += 1
    return bytes(out)


def offset(lines, line, col):
    return sum(len(l) for l in lines[:line - 1]) + col - 1


def main():
    diags, path = sys.argv[1:]
    text = open(path, "rb").read()
    lines = text.splitlines(keepends=True)
    edits = []
    for line in open(diags, encoding="utf-8", errors="surrogateescape"):
        m = FIXIT.match(line.rstrip("\n"))
        if not m or m.group(1) != path:
            continue
        l1, c1, l2, c2 = map(int, m.group(2, 3, 4, 5))
        edits.append((offset(lines, l1, c1), offset(lines, l2, c2), unescape(m.group(6))))
    seen, kept = set(), []
    for i, (a, b, t) in enumerate(edits):
        if (a, b) in seen and a != b:
            continue
        seen.add((a, b))
        kept.append((a, b, i, t))
    # From the end; at one offset, later insertions first so the first ends first.
    for a, b, _, t in sorted(kept, key=lambda e: (e[0], e[2]), reverse=True):
        text = text[:a] + t + text[b:]
    open(path, "wb").write(text)
    print("applied %d fix-its" % len(kept))


if __name__ == "__main__":
    main()
