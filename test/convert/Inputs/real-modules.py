#!/usr/bin/env python3
"""Convert real kernel modules as if every undefined symbol were annotated.

For each MODULE.ko (or .ko.xz, .ko.gz, .ko.zst: Debian's 6.12 kernels
ship every module compressed; it is decompressed into WORKDIR first):
link it with a small object holding livepatch=Y and a
KLP_MODULE_RELOC(vmlinux) block naming each of its undefined symbols,
convert the result, and account for every relocation: the ones against
those symbols in loaded sections must all be in .klp.rela sections, all
others must be where they were, nothing may be left undefined. All else
must be as it was (elfcheck.py's dump: sections with their links, bytes,
symbols), the loader's ELF checks must pass, and eu-elflint may complain
only about the livepatch extensions themselves.

usage: real-modules.py WORKDIR MODULE.ko[.xz|.gz|.zst]|@LISTFILE...
Prints "ok NAME moved=N kept=M link-order=L" or "FAIL NAME: why" per
module, then a summary line.
"""
import gzip
import lzma
import os
import re
import subprocess
import sys

# elfcheck.py beside this file; no __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import elfcheck  # noqa: E402

CC = os.environ.get("CC", "cc")
HEADERS = os.environ["KLP_HEADERS"]


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def relocs(path):
    """{rela section name: [(offset, type, symbol)]} from readelf -rW."""
    out, sec = {}, None
    for line in run("readelf", "-rW", path).splitlines():
        m = re.match(r"Relocation section '([^']+)'", line)
        if m:
            sec = out.setdefault(m.group(1), [])
            continue
        f = line.split()
        if sec is not None and len(f) >= 5 and re.fullmatch(r"[0-9a-f]{16}", f[0]):
            sec.append((int(f[0], 16), f[2], f[4]))
    return out


def sections(path):
    """{name: flags} from readelf -SW."""
    out = {}
    for line in run("readelf", "-SW", path).splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+(\S*)\s+\d+", line)
        if m:
            out[m.group(1)] = m.group(2) if not m.group(2).isdigit() else ""
    return out


def undefined(path):
    names = []
    for line in run("readelf", "-sW", path).splitlines():
        f = line.split()
        if len(f) == 8 and f[6] == "UND" and f[4] != "WEAK":
            names.append(f[7])
    return names


# What the kernel's module tools accept (CONFIG_MODULE_COMPRESS_*).
COMPRESSED = (".xz", ".gz", ".zst")


def module_name(path):
    """The module's file name without .ko and the compression suffix."""
    base = os.path.basename(path)
    for ext in COMPRESSED:
        if base.endswith(ext):
            base = base[:-len(ext)]
    if not base.endswith(".ko"):
        raise ValueError("%s: not a .ko, .ko.xz, .ko.gz or .ko.zst" % path)
    return base[:-3]


def plain_module(workdir, path):
    """PATH itself, or its decompressed copy in WORKDIR."""
    if path.endswith(".ko"):
        return path
    out = os.path.join(workdir, module_name(path) + "-plain.ko")
    if path.endswith(".xz"):
        data = lzma.open(path).read()
    elif path.endswith(".gz"):
        data = gzip.open(path).read()
    else:
        data = subprocess.run(["zstd", "-dc", path], check=True, capture_output=True).stdout
    with open(out, "wb") as f:
        f.write(data)
    return out


def base_of(rela):
    return rela[len(".rela"):]


def check(workdir, path):
    name = module_name(path)
    try:
        ko = plain_module(workdir, path)
    except (OSError, EOFError, lzma.LZMAError, subprocess.CalledProcessError) as e:
        return "FAIL %s: cannot decompress %s: %s" % (name, path, e)
    syms = sorted(set(undefined(ko)))
    if not syms:
        return "ok %s moved=0 kept=0 (no undefined symbols)" % name
    src = os.path.join(workdir, name + "-klp.c")
    with open(src, "w") as f:
        f.write('#include "klp_reloc.h"\n')
        f.write('static const char lp[] __attribute__((section(".modinfo"), used, aligned(1))) = "livepatch=Y";\n')
        for s in syms:
            f.write("extern char %s[];\n" % s)
        f.write("KLP_MODULE_RELOC(vmlinux) relocs[] = {\n")
        for s in syms:
            f.write("\tKLP_SYMPOS(%s, 0),\n" % s)
        f.write("};\n")
    obj, linked, conv = (os.path.join(workdir, name + x) for x in ("-klp.o", "-in.ko", "-out.ko"))
    run(CC, "-c", "-O2", "-mcmodel=kernel", "-fno-pic", "-I" + HEADERS, src, "-o", obj)
    run("ld", "-r", ko, obj, "-o", linked)

    r = subprocess.run(["klp-convert", linked, conv], capture_output=True, text=True)
    if r.returncode:
        return "FAIL %s: klp-convert exited %d: %s" % (name, r.returncode, r.stderr.strip())

    secs_in, rel_in = sections(linked), relocs(linked)
    secs_out, rel_out = sections(conv), relocs(conv)
    want_moved, want_kept = {}, {}
    for rsec, lst in rel_in.items():
        if rsec == ".rela.klp.module_relocs.vmlinux":
            continue
        loaded = "A" in secs_in.get(base_of(rsec), "")
        for off, typ, sym in lst:
            if loaded and sym in syms:
                want_moved.setdefault(".klp.rela.vmlinux." + base_of(rsec), []).append(
                    (off, typ, ".klp.sym.vmlinux.%s,0" % sym))
            else:
                want_kept.setdefault(rsec, []).append((off, typ, sym))
    got_moved = {s: l for s, l in rel_out.items() if s.startswith(".klp.rela.")}
    got_kept = {s: l for s, l in rel_out.items() if not s.startswith(".klp.rela.") and l}
    want_kept = {s: l for s, l in want_kept.items() if l}
    for d in (want_moved, got_moved, want_kept, got_kept):
        for s in d:
            d[s] = sorted(d[s])
    if got_moved != want_moved:
        diff = set(want_moved) ^ set(got_moved) or [s for s in want_moved if want_moved[s] != got_moved.get(s)]
        return "FAIL %s: moved relocations differ in %s" % (name, sorted(diff)[:3])
    if got_kept != want_kept:
        diff = set(want_kept) ^ set(got_kept) or [s for s in want_kept if want_kept[s] != got_kept.get(s)]
        return "FAIL %s: kept relocations differ in %s" % (name, sorted(diff)[:3])
    for s in got_moved:
        if "o" not in secs_out.get(s, "") or "A" not in secs_out.get(s, ""):
            return "FAIL %s: %s lacks SHF_ALLOC|SHF_RELA_LIVEPATCH" % (name, s)
    # Everything else as it was: sections with their sh_link/sh_info by
    # name (SHF_LINK_ORDER ones too) and bytes, the other relocations,
    # the symbols. The CRCs of the converted exports go by design.
    def unchanged(path, annotated):
        return [l for l in elfcheck.dump_lines(path, annotated) if "__version" not in l]
    before, after = unchanged(linked, set(syms)), unchanged(conv, set())
    if before != after:
        diff = next((b, a) for b, a in zip(before + [""], after + [""]) if b != a)
        return "FAIL %s: output differs from input: %r became %r" % (name, diff[0], diff[1])
    loader = elfcheck.loader_fails(conv)
    if loader:
        return "FAIL %s: the loader would refuse it: %s" % (name, loader[0])
    links = sum(1 for l in after if l.startswith("section ") and int(l.split("flags=")[1].split()[0], 16) & 0x80)

    left = undefined(conv)
    if left:
        return "FAIL %s: still undefined: %s" % (name, " ".join(left[:5]))
    if any(s.startswith(".klp.module_relocs") for s in secs_out):
        return "FAIL %s: annotation section left" % name

    # What eu-elflint already says about the input (a few Debian modules
    # have relocations it dislikes) is not ours; indices shift, so compare
    # the messages without numbers.
    def lint(path):
        out = subprocess.run(["eu-elflint", "--gnu-ld", path], capture_output=True, text=True).stdout
        return [(re.sub(r"[0-9]+", "N", l), l) for l in out.splitlines()]
    before = {norm for norm, _ in lint(linked)}
    expected = re.compile(r"(\.klp\.sym\..*: invalid section index"
                          r"|contains unknown flag\(s\) 0x100000"
                          r"|^$)")
    bad = [l for norm, l in lint(conv) if norm not in before and not expected.search(l)]
    if bad:
        return "FAIL %s: eu-elflint: %s" % (name, bad[0])
    return "ok %s moved=%d kept=%d link-order=%d" % (name, sum(map(len, got_moved.values())),
                                                      sum(map(len, got_kept.values())), links)


def main():
    workdir, mods = sys.argv[1], []
    for arg in sys.argv[2:]:
        if arg.startswith("@"):
            with open(arg[1:]) as f:
                mods += f.read().split()
        else:
            mods.append(arg)
    fails = moved = links = 0
    for ko in mods:
        line = check(workdir, ko)
        print(line)
        fails += line.startswith("FAIL")
        m = re.search(r"moved=(\d+)", line)
        moved += int(m.group(1)) if m else 0
        m = re.search(r"link-order=(\d+)", line)
        links += int(m.group(1)) if m else 0
    print("checked %d modules, %d failed, %d relocations moved, %d SHF_LINK_ORDER sections kept"
          % (len(mods), fails, moved, links))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
