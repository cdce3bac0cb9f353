#!/usr/bin/env python3
"""Run a tool on each malformed input and check that it fails cleanly.

usage: check.py [--in-place] DIR -- CMD ARG...

In CMD, {in} is the input and {out} an output path in a fresh empty
directory. With --in-place, {in} is a copy of the input in that directory
(so "klp-convert {in} {in}" converts in place).

Clean means: exit status 2, exactly one line on stderr (no sanitizer
report), nothing on stdout, the input byte for byte as it was, and no
file left beside the output (no output, no temp file). Prints, per input
in name order,

  NAME: exit STATUS: FIRST STDERR LINE (the input's path shown as INPUT)

then "FAIL NAME: why" for each broken rule, and a summary line.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile


def run_one(path, cmd, in_place):
    name = os.path.basename(path)
    before = hashlib.sha256(open(path, "rb").read()).hexdigest()
    work = tempfile.mkdtemp(prefix="klp-malformed.")
    try:
        inp = path
        if in_place:
            inp = os.path.join(work, name)
            shutil.copyfile(path, inp)
        out = os.path.join(work, "out")
        argv = [a.replace("{in}", inp).replace("{out}", out) for a in cmd]
        r = subprocess.run(argv, capture_output=True, text=True, errors="replace")
        err = r.stderr.replace(inp, "INPUT").splitlines()
        line = "%s: exit %d: %s" % (name, r.returncode, err[0] if err else "(no message)")
        fails = []
        if r.returncode != 2:
            fails.append("exit %d, expected 2" % r.returncode)
        if len(err) != 1:
            fails.append("%d lines on stderr, expected 1:\n  %s" % (len(err), "\n  ".join(err[:20])))
        if r.stdout:
            fails.append("wrote to stdout: %r" % r.stdout[:200])
        check = inp if in_place else path
        if hashlib.sha256(open(check, "rb").read()).hexdigest() != before:
            fails.append("the input changed")
        left = sorted(set(os.listdir(work)) - ({name} if in_place else set()))
        if left:
            fails.append("left files behind: %s" % " ".join(left))
        if not in_place and hashlib.sha256(open(path, "rb").read()).hexdigest() != before:
            fails.append("the input changed")
        return line, ["FAIL %s: %s" % (name, f) for f in fails]
    finally:
        shutil.rmtree(work)


def main():
    args = sys.argv[1:]
    in_place = "--in-place" in args
    if in_place:
        args.remove("--in-place")
    sep = args.index("--")
    directory, cmd = args[0], args[sep + 1:]
    names = sorted(os.listdir(directory))
    nfail = 0
    for name in names:
        line, fails = run_one(os.path.join(directory, name), cmd, in_place)
        print(line)
        for f in fails:
            print(f)
        nfail += bool(fails)
    print("%d inputs, %d failed cleanly, %d did not" % (len(names), len(names) - nfail, nfail))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
