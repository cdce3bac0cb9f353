#!/usr/bin/env python3
"""Read an x86_64 relocatable object (a .ko) with nothing but struct, so
that the tests do not check klp-convert with the libelf it is built on.

usage:
  elfcheck.py loader FILE
      The checks the kernel's loader makes on a module's ELF before
      anything else (kernel/module/main.c elf_validity_*(), as of 6.14;
      6.12 lacks the symbol string table and extended modversion ones):
      section headers and contents in the file, a section name table
      that ends with a NUL, every sh_name in it, exactly one SHT_SYMTAB,
      its string table starting and ending with a NUL, every st_name in
      it, and extended modversions as both arrays with a name per CRC.
      Prints "FAIL: why" per broken rule, or one "loader: ok" line.
  elfcheck.py dump FILE [--annotated NAME]...
      What must not change when klp-convert converts FILE, one line per
      fact, to compare the input's dump with the output's: each
      section's name, type, flags, linked section (by name), sh_info,
      entry size, alignment, size and a hash of its bytes; each
      relocation of a loaded section (offset, type, symbol, addend); the
      symbols. Left out: what the conversion adds or removes by design,
      i.e. the annotation sections, the .klp.rela sections, the
      relocations in loaded sections against the annotated NAMEs (they
      move to .klp.rela) and a relocation section left empty by that
      move, the symbols defined in annotation sections and the
      annotated ones (renamed .klp.sym.*), and the bytes of the symbol
      and string tables (rebuilt). Elsewhere .klp.sym.<obj>.NAME,N
      prints as NAME.
  elfcheck.py expect CONFIG KBUILD_DIR FILE
      The sections that Inputs/objtool/livepatch-objtool.c gets from a
      kernel with this .config: "present NAME" or "MISSING NAME" for
      each; then, for each SHF_LINK_ORDER section, whether it links to a
      code section and all its relocations point into that section.
  elfcheck.py corrupt FILE OUT WHAT
      FILE with one table broken as WHAT says: strtab-first (the symbol
      string table's first byte not NUL), strtab-last (a byte that is
      not NUL added at its end), shstrtab-last (the same for the section
      name table), ext-names-short (__version_ext_names one name short).
      The table moves to the end of the file; nothing else changes.
"""
import hashlib
import struct
import sys

SHT_SYMTAB, SHT_STRTAB, SHT_RELA, SHT_NOBITS, SHT_REL = 2, 3, 4, 8, 9
SHF_ALLOC, SHF_EXECINSTR, SHF_INFO_LINK, SHF_LINK_ORDER = 0x2, 0x4, 0x40, 0x80
SHN_UNDEF, SHN_LORESERVE, SHN_ABS, SHN_COMMON, SHN_LIVEPATCH = 0, 0xff00, 0xfff1, 0xfff2, 0xff20
ANNOTATION = ".klp.module_relocs."

R_X86_64 = {0: "NONE", 1: "64", 2: "PC32", 4: "PLT32", 10: "32", 11: "32S", 24: "PC64"}


class Section:
    pass


class Elf:
    def __init__(self, path):
        self.path = path
        self.data = open(path, "rb").read()
        d = self.data
        if d[:4] != b"\x7fELF" or d[4] != 2 or d[5] != 1:
            raise SystemExit("%s: not a little-endian ELF64 file" % path)
        (self.e_type, self.e_machine, _, _, _, self.e_shoff, _, _, _, _,
         self.e_shentsize, self.e_shnum, self.e_shstrndx) = struct.unpack_from("<HHIQQQIHHHHHH", d, 16)
        self.sections = []
        for i in range(self.e_shnum):
            s = Section()
            s.idx = i
            (s.name_off, s.type, s.flags, s.addr, s.offset, s.size, s.link, s.info,
             s.align, s.entsize) = struct.unpack_from("<IIQQQQIIQQ", d, self.e_shoff + 64 * i)
            self.sections.append(s)
        shstr = self.sections[self.e_shstrndx]
        for s in self.sections:
            s.name = self.cstr(shstr, s.name_off)
        self.symtab = next((s for s in self.sections if s.type == SHT_SYMTAB), None)
        self.symbols = []
        if self.symtab:
            strtab = self.sections[self.symtab.link]
            for i in range(self.symtab.size // 24):
                name, info, other, shndx, value, size = struct.unpack_from(
                    "<IBBHQQ", d, self.symtab.offset + 24 * i)
                self.symbols.append({"name": self.cstr(strtab, name), "st_name": name,
                                     "bind": info >> 4, "type": info & 0xf, "other": other,
                                     "shndx": shndx, "value": value, "size": size})

    def bytes(self, s):
        return b"" if s.type == SHT_NOBITS else self.data[s.offset:s.offset + s.size]

    def cstr(self, s, off):
        b = self.bytes(s)
        if off >= len(b):
            return "<out of bounds>"
        end = b.find(b"\0", off)
        return b[off:end if end >= 0 else len(b)].decode("latin-1")

    def find(self, name, alloc=False):
        for s in self.sections:
            if s.name == name and (not alloc or s.flags & SHF_ALLOC):
                return s
        return None

    def relocs(self, s):
        out = []
        for i in range(s.size // 24):
            off, info, addend = struct.unpack_from("<QQq", self.data, s.offset + 24 * i)
            out.append((off, info & 0xffffffff, info >> 32, addend))
        return out

    def sym_label(self, i):
        sym = self.symbols[i]
        if sym["type"] == 3 and sym["shndx"] < len(self.sections):  # STT_SECTION
            return self.sections[sym["shndx"]].name
        return sym["name"]


# --- loader ---------------------------------------------------------------

def loader(path):
    fails = loader_fails(path)
    for f in fails:
        print("FAIL: %s: %s" % (path, f))
    if not fails:
        e = Elf(path)
        print("loader: ok (%d sections, %d symbols)" % (e.e_shnum, len(e.symbols)))
    return 1 if fails else 0


def loader_fails(path):
    """What the loader would refuse PATH for, one string per rule broken."""
    e = Elf(path)
    fails = []
    if e.e_type != 1:
        fails.append("not ET_REL")
    if e.e_shentsize != 64:
        fails.append("e_shentsize %d" % e.e_shentsize)
    if e.sections[0].type or e.sections[0].size or e.sections[0].addr:
        fails.append("section 0 is not SHT_NULL with no size and address")
    for s in e.sections[1:]:
        if s.type != SHT_NOBITS and s.offset + s.size > len(e.data):
            fails.append("section [%d] %s runs past the end of the file" % (s.idx, s.name))
    if not 0 < e.e_shstrndx < e.e_shnum:
        fails.append("e_shstrndx %d" % e.e_shstrndx)
    shstr = e.bytes(e.sections[e.e_shstrndx])
    if not shstr or shstr[-1] != 0:
        fails.append("section name table is empty or does not end with a NUL")
    if shstr[:1] != b"\0":
        fails.append("section name table does not start with a NUL (gABI)")
    for s in e.sections[1:]:
        if s.type and s.name_off >= len(shstr):
            fails.append("section [%d]: sh_name %d out of bounds" % (s.idx, s.name_off))
    symtabs = [s for s in e.sections if s.type == SHT_SYMTAB]
    if len(symtabs) != 1:
        fails.append("%d SHT_SYMTAB sections" % len(symtabs))
    else:
        st = symtabs[0]
        if not 0 < st.link < e.e_shnum:
            fails.append("symbol table sh_link %d" % st.link)
        else:
            strtab = e.bytes(e.sections[st.link])
            if not strtab:
                fails.append("empty symbol string table")
            elif strtab[0] != 0:
                fails.append("symbol string table missing leading NUL")
            elif strtab[-1] != 0:
                fails.append("symbol string table isn't NUL terminated")
            for i, sym in enumerate(e.symbols):
                if sym["st_name"] >= len(strtab):
                    fails.append("symbol %d: st_name %d out of bounds" % (i, sym["st_name"]))
    crcs = e.find("__version_ext_crcs", alloc=True)
    names = e.find("__version_ext_names", alloc=True)
    if bool(crcs) != bool(names):
        fails.append("extended version crc+name presence does not match")
    elif crcs:
        left = e.bytes(names)
        for _ in range(crcs.size // 4):
            nul = left.find(b"\0")
            if nul < 0:
                fails.append("more extended version crcs than names")
                break
            left = left[nul + 1:]
    return fails


# --- dump -------------------------------------------------------------------

def plain_name(name):
    """.klp.sym.<obj>.<name>,<pos> -> <name>."""
    if name.startswith(".klp.sym."):
        rest = name[len(".klp.sym."):]
        return rest[rest.index(".") + 1:rest.rindex(",")]
    return name


def dump(path, annotated):
    for line in dump_lines(path, annotated):
        print(line)
    return 0


def dump_lines(path, annotated):
    """The lines "dump" prints (real-modules.py compares them too)."""
    out = []
    e = Elf(path)
    secname = lambda i: e.sections[i].name if 0 < i < e.e_shnum else str(i)
    skip = lambda s: (s.name.startswith(ANNOTATION) or s.name.startswith(".rela" + ANNOTATION)
                      or s.name.startswith(".klp.rela."))
    strtabs = {e.e_shstrndx, e.symtab.link}

    def in_annotation(sym):
        return 0 < sym["shndx"] < SHN_LORESERVE and e.sections[sym["shndx"]].name.startswith(ANNOTATION)

    def converted(sym):
        return sym["name"] in annotated or sym["name"].startswith(".klp.sym.")

    for s in e.sections[1:]:
        if skip(s):
            continue
        info = secname(s.info) if s.type in (SHT_RELA, SHT_REL) or s.flags & SHF_INFO_LINK else ""
        line = "section %s type=%d flags=%#x link=%s info=%s entsize=%d align=%d" % (
            s.name, s.type, s.flags, secname(s.link) if s.link else "-", info, s.entsize, s.align)
        if s.type == SHT_RELA:
            relocs = reloc_lines(e, s, in_annotation, converted)
            # A relocation section the move empties goes (kbuild writes no empty ones).
            if relocs is not None:
                out.append(line)
                out.extend(relocs)
        elif s.type in (SHT_REL, SHT_SYMTAB) or s.idx in strtabs:
            out.append(line)
        else:
            out.append(line + " size=%d sha256=%s" % (s.size, hashlib.sha256(e.bytes(s)).hexdigest()))
    for sym in e.symbols[1:]:
        if in_annotation(sym) or converted(sym):
            continue
        shndx = sym["shndx"]
        where = secname(shndx) if 0 < shndx < SHN_LORESERVE else "shndx=%#x" % shndx
        out.append("symbol %s type=%d bind=%d other=%d %s value=%#x size=%d" % (
            sym["name"] if sym["type"] != 3 else "(section)", sym["type"], sym["bind"],
            sym["other"], where, sym["value"], sym["size"]))
    return out


def reloc_lines(e, s, in_annotation, converted):
    """The relocations of S that stay, or None when the move takes them all."""
    loaded = e.sections[s.info].flags & SHF_ALLOC
    out, moved = [], 0
    for off, typ, symi, addend in e.relocs(s):
        sym = e.symbols[symi]
        if loaded and converted(sym):
            moved += 1
            continue
        if in_annotation(sym):
            continue
        out.append("  %s+%#x R_X86_64_%s %s %+#x" % (e.sections[s.info].name, off,
                                                    R_X86_64.get(typ, typ),
                                                    plain_name(e.sym_label(symi)), addend))
    return None if moved and not out else out


# --- expect -----------------------------------------------------------------

def config_set(path):
    out = set()
    for line in open(path):
        if line.startswith("CONFIG_") and line.rstrip().endswith("=y"):
            out.add(line.split("=")[0][len("CONFIG_"):])
    return out


def expect(config, kbuild, path):
    import os
    cfg = config_set(config)
    want = [".text", "__jump_table"]
    if "UNWINDER_ORC" in cfg:
        want += [".orc_unwind", ".orc_unwind_ip"]
    if cfg & {"RETPOLINE", "MITIGATION_RETPOLINE"}:
        want.append(".retpoline_sites")
    if cfg & {"RETHUNK", "MITIGATION_RETHUNK"}:
        want.append(".return_sites")
    if cfg & {"CALL_DEPTH_TRACKING", "MITIGATION_CALL_DEPTH_TRACKING"}:
        want.append(".call_sites")
    if {"HAVE_STATIC_CALL_INLINE", "PREEMPT_DYNAMIC"} <= cfg:
        want.append(".static_call_sites")
    if "X86_KERNEL_IBT" in cfg:
        want.append(".ibt_endbr_seal")
    if "CALL_PADDING" in cfg:
        want.append("__patchable_function_entries")
    # kbuild skips BTF for external modules when the headers lack vmlinux.
    if "DEBUG_INFO_BTF_MODULES" in cfg and os.path.exists(os.path.join(kbuild, "vmlinux")):
        want.append(".BTF")
    e = Elf(path)
    names = {s.name for s in e.sections}
    for w in want:
        print("%s %s" % ("present" if w in names else "MISSING", w))
    for s in e.sections:
        if not s.flags & SHF_LINK_ORDER:
            continue
        target = e.sections[s.link] if 0 < s.link < e.e_shnum else None
        bad = []
        if not target or not target.flags & SHF_EXECINSTR:
            bad.append("links to %s, not code" % (target.name if target else s.link))
        rela = [r for r in e.sections if r.type == SHT_RELA and r.info == s.idx]
        n = 0
        for r in rela:
            for off, typ, symi, addend in e.relocs(r):
                n += 1
                if e.symbols[symi]["shndx"] != s.link:
                    bad.append("+%#x points into %s" % (off, e.sym_label(symi)))
        print("link-order %s -> %s: %d entries, %s" % (
            s.name, target.name if target else "?", n, "FAIL: " + "; ".join(bad) if bad else "ok"))
    return 1 if any(w not in names for w in want) else 0


# --- corrupt ----------------------------------------------------------------

def corrupt(path, out, what):
    e = Elf(path)
    d = bytearray(e.data)
    if what.startswith("strtab"):
        s = e.sections[e.symtab.link]
    elif what == "shstrtab-last":
        s = e.sections[e.e_shstrndx]
    elif what == "ext-names-short":
        s = e.find("__version_ext_names")
    else:
        raise SystemExit("corrupt: unknown WHAT %s" % what)
    body = bytearray(e.bytes(s))
    if what == "strtab-first":
        body[0] = ord("x")
    elif what == "ext-names-short":
        body = body[:body.rstrip(b"\0").rfind(b"\0") + 1]
    else:
        body += b"x"
    off = len(d)
    d += body
    hdr = e.e_shoff + 64 * s.idx
    struct.pack_into("<Q", d, hdr + 24, off)
    struct.pack_into("<Q", d, hdr + 32, len(body))
    open(out, "wb").write(d)
    return 0


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "loader" and len(argv) == 3:
        return loader(argv[2])
    if cmd == "dump" and len(argv) >= 3:
        annotated, rest = set(), argv[3:]
        while rest[:1] == ["--annotated"] and len(rest) >= 2:
            annotated.add(rest[1])
            rest = rest[2:]
        if rest:
            raise SystemExit(__doc__)
        return dump(argv[2], annotated)
    if cmd == "expect" and len(argv) == 5:
        return expect(argv[2], argv[3], argv[4])
    if cmd == "corrupt" and len(argv) == 5:
        return corrupt(argv[2], argv[3], argv[4])
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
