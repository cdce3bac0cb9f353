#!/usr/bin/env python3
"""Write damaged copies of a symbol index (symbols/index.c's format).

usage: corrupt-index.py INDEX OUT_DIR

Each copy breaks one thing the reader must not trust: the header's
ranges, the string offsets, the record links (backwards, to itself, past
the end), the object ranges, the hash tables (full, out-of-range values).
"header-*" copies are refused when mapped; "record-*" copies pass those
checks (nothing reads every record at open), and must only never make a
query read out of bounds or loop.
"""
import os
import struct
import sys

HDR = "<8sIIQQ"
RANGES = ["key", "deps", "warnings", "objs", "syms", "names", "clones", "exports",
          "export_names", "strings"]
SYM = struct.Struct("<Q9I4s")      # addr; name file obj sympos count load_sympos load_count next next_clone; type+pad
OBJ = struct.Struct("<6I")
SLOT = struct.Struct("<3I")
EXPORT = struct.Struct("<5I")
DEP = struct.Struct("<IIQQQqqqq")


def header(d):
    magic, ver, order, size, nexp = struct.unpack_from(HDR, d, 0)
    r, off = {}, struct.calcsize(HDR)
    for n in RANGES:
        r[n] = list(struct.unpack_from("<QQ", d, off)) + [off]
        off += 16
    return r


def set_range(d, r, name, off=None, nr=None):
    d = bytearray(d)
    o, n, at = r[name]
    struct.pack_into("<QQ", d, at, o if off is None else off, n if nr is None else nr)
    return d


def records(d, r, name, st):
    o, n, _ = r[name]
    return [(o + i * st.size) for i in range(n)]


def patch_each(d, r, name, st, field, value):
    d = bytearray(d)
    for at in records(d, r, name, st):
        vals = list(st.unpack_from(d, at))
        vals[field] = value(vals[field], at) if callable(value) else value
        st.pack_into(d, at, *vals)
    return d


def main():
    src, out = sys.argv[1], sys.argv[2]
    d = open(src, "rb").read()
    r = header(d)
    os.makedirs(out, exist_ok=True)
    v = {}
    for n in (0, 8, 40, struct.calcsize(HDR) + 16 * len(RANGES) - 1, len(d) // 2, len(d) - 1):
        v["truncated-%d" % n] = d[:n]
    v["bad-magic"] = b"KLPSYMDX" + d[8:]
    v["bad-version"] = d[:8] + struct.pack("<I", 99) + d[12:]
    v["byte-swapped"] = d[:12] + struct.pack(">I", 0x01020304) + d[16:]
    v["size-lies"] = d[:16] + struct.pack("<Q", len(d) + 8) + d[24:]
    for name in RANGES:
        v[name + "-past-end"] = set_range(d, r, name, off=len(d) + 8)
        v[name + "-misaligned"] = set_range(d, r, name, off=r[name][0] + 4)
        v[name + "-huge"] = set_range(d, r, name, nr=(1 << 62))
    v["names-not-power-of-two"] = set_range(d, r, "names", nr=r["names"][1] - 1)
    v["names-empty-table"] = set_range(d, r, "names", nr=0)
    v["strings-unterminated"] = set_range(d, r, "strings", nr=r["strings"][1] - 1)
    # Records: strings, objects and links that point nowhere or backwards.
    v["sym-name-out-of-range"] = patch_each(d, r, "syms", SYM, 1, 0x7ffffff0)
    v["sym-file-out-of-range"] = patch_each(d, r, "syms", SYM, 2, 0x7ffffff0)
    v["sym-obj-out-of-range"] = patch_each(d, r, "syms", SYM, 3, 0xfffffff0)
    v["sym-obj-wrong"] = patch_each(d, r, "syms", SYM, 3, 0)
    v["sym-count-zero"] = patch_each(d, r, "syms", SYM, 5, 0)
    v["sym-sympos-past-count"] = patch_each(d, r, "syms", SYM, 4, 1000)
    v["sym-count-huge"] = patch_each(d, r, "syms", SYM, 5, 0xffffffff)
    v["sym-next-to-self"] = patch_each(d, r, "syms", SYM, 8,
                                       lambda x, at: (at - r["syms"][0]) // SYM.size + 1)
    v["sym-next-backwards"] = patch_each(d, r, "syms", SYM, 8, 1)
    v["sym-next-past-end"] = patch_each(d, r, "syms", SYM, 8, 0xffffffff)
    v["sym-clone-backwards"] = patch_each(d, r, "syms", SYM, 9, 1)
    v["obj-first-past-end"] = patch_each(d, r, "objs", OBJ, 2, 0xfffffff0)
    v["obj-nr-past-end"] = patch_each(d, r, "objs", OBJ, 3, 0xfffffff0)
    v["obj-name-out-of-range"] = patch_each(d, r, "objs", OBJ, 0, 0x7ffffff0)
    v["obj-same-name"] = patch_each(d, r, "objs", OBJ, 0, lambda x, at: struct.unpack_from(
        "<I", d, r["objs"][0])[0])
    v["obj-overlapping"] = patch_each(d, r, "objs", OBJ, 2, 0)
    for table in ("names", "clones", "export_names"):
        v[table + "-val-past-end"] = patch_each(d, r, table, SLOT, 2,
                                                lambda x, at: 0xffffffff if x else 0)
        v[table + "-key-out-of-range"] = patch_each(d, r, table, SLOT, 1, 0x7ffffff0)
        # No empty slot: a lookup of a missing name must still stop.
        v[table + "-full"] = patch_each(d, r, table, SLOT, 2, lambda x, at: x or 1)
    v["export-strings-out-of-range"] = patch_each(d, r, "exports", EXPORT, 2, 0x7ffffff0)
    v["export-name-mismatch"] = patch_each(d, r, "exports", EXPORT, 0, 0)
    v["warning-out-of-range"] = set_range(d, r, "warnings", off=r["strings"][0],
                                          nr=min(4, r["strings"][1] // 4))
    for name, data in v.items():
        # Damage the header's checks catch, or damage only the records show.
        kind = "record" if name.split("-")[0] in ("sym", "obj", "export", "warning") or \
            name.endswith(("-val-past-end", "-key-out-of-range", "-full")) else "header"
        with open(os.path.join(out, kind + "-" + name), "wb") as f:
            f.write(bytes(data))
    print("%d damaged indexes" % len(v))


if __name__ == "__main__":
    main()
