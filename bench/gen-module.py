#!/usr/bin/env python3
"""Write an assembly livepatch module with N relocations to annotated symbols.

usage: gen-module.py N > module.s

N/8 distinct kernel symbols (half for vmlinux, half for a module named
"target"), each annotated by a KLP_SYMPOS() record, referenced N times in
total from 64 data sections, plus N/8 references to an exported symbol that
stay where they are. Assemble with "cc -c module.s": klp-convert then has
N relocations to move and N/8 records to pair.
"""
import sys


def main():
    n = int(sys.argv[1])
    nsyms = max(2, n // 8)
    out = ['\t.section .modinfo,"a"', '\t.asciz "license=GPL"', '\t.asciz "livepatch=Y"']
    for obj in ("vmlinux", "target"):
        out.append('\t.section .klp.module_relocs.%s,"aw"' % obj)
        for i in range(nsyms):
            if (i % 2 == 0) == (obj == "vmlinux"):
                out.append("\t.quad ksym_%d\n\t.long %d" % (i, 1 + i % 3))
    per_sec = (n + 63) // 64
    for s in range(64):
        out.append('\t.section .data.refs_%d,"aw"' % s)
        for k in range(s * per_sec, min(n, (s + 1) * per_sec)):
            out.append("\t.quad ksym_%d" % (k % nsyms))
            if k % 8 == 0:
                out.append("\t.quad exported_helper")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
