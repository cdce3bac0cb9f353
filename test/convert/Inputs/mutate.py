#!/usr/bin/env python3
"""Run klp-convert on randomly corrupted copies of an object.

usage: mutate.py SEED COUNT INPUT WORKDIR

Each copy has 1 to 8 random bytes overwritten. klp-convert must answer
every one with exit 0 (the change was harmless) or 2 (a clean error), never
a crash, a sanitizer report or another status. Prints one summary line, and
the first failures in full.
"""
import os
import random
import subprocess
import sys


def main():
    seed, count, path, workdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    data = open(path, "rb").read()
    rng = random.Random(seed)
    src, out = os.path.join(workdir, "mutated.o"), os.path.join(workdir, "out.o")
    env = dict(os.environ, UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
    codes, bad = {}, 0
    for i in range(count):
        d = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            d[rng.randrange(len(d))] = rng.randrange(256)
        with open(src, "wb") as f:
            f.write(d)
        r = subprocess.run(["klp-convert", src, out], capture_output=True, text=True,
                           errors="replace", env=env)
        codes[r.returncode] = codes.get(r.returncode, 0) + 1
        if r.returncode not in (0, 2) or "runtime error" in r.stderr or "Sanitizer" in r.stderr:
            bad += 1
            keep = os.path.join(workdir, "failure-%d.o" % bad)
            os.rename(src, keep)
            print("FAIL %s: exit %d\n%s" % (keep, r.returncode, r.stderr[-3000:]))
            if bad >= 3:
                break
    print("mutated %d copies: %d exit 0, %d exit 2, %d failures"
          % (sum(codes.values()), codes.get(0, 0), codes.get(2, 0), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
