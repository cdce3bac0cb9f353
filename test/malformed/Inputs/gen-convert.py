#!/usr/bin/env python3
"""Write the malformed klp-convert inputs from base.o.

usage: gen-convert.py BASE.o OUT_DIR

base.o is base.c built as a kernel module object (x86_64):
  gcc -c -O2 -mcmodel=kernel -fno-pic -ffunction-sections -fdata-sections \\
      -fno-asynchronous-unwind-tables -I../../../headers base.c -o base.o
Each input is base.o with one defect, named for it. The files are checked
in; run this again only to add a case (then check the new expectations in
convert.test by hand).
"""
import os
import struct
import sys

EHDR = "<16sHHIQQQIHHHHHH"
SHDR = "<IIQQQQIIQQ"
SYM = "<IBBHQQ"
RELA = "<QQq"
SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_RELA, SHT_NOBITS, SHT_GROUP, SHT_SYMTAB_SHNDX = 1, 2, 3, 4, 8, 17, 18


class Obj:
    def __init__(self, data):
        self.d = bytearray(data)
        e = struct.unpack_from(EHDR, self.d, 0)
        self.shoff, self.shentsize, self.shnum, self.shstrndx = e[6], e[11], e[12], e[13]

    def shdr_off(self, i):
        return self.shoff + i * self.shentsize

    def shdr(self, i):
        return list(struct.unpack_from(SHDR, self.d, self.shdr_off(i)))

    def set_shdr(self, i, field, value):
        names = ["name", "type", "flags", "addr", "offset", "size", "link", "info", "align", "entsize"]
        h = self.shdr(i)
        h[names.index(field)] = value
        struct.pack_into(SHDR, self.d, self.shdr_off(i), *h)

    def name(self, i):
        strtab = self.shdr(self.shstrndx)
        off = strtab[4] + self.shdr(i)[0]
        return self.d[off:self.d.index(0, off)].decode()

    def sec(self, name):
        for i in range(self.shnum):
            if self.name(i) == name:
                return i
        raise KeyError(name)

    def sym_off(self, idx):
        st = self.shdr(self.sec(".symtab"))
        return st[4] + idx * st[9]

    def sym_index(self, name):
        st = self.shdr(self.sec(".symtab"))
        strtab = self.shdr(st[6])
        for k in range(st[5] // st[9]):
            s = struct.unpack_from(SYM, self.d, st[4] + k * st[9])
            off = strtab[4] + s[0]
            if self.d[off:self.d.index(0, off)].decode() == name:
                return k
        raise KeyError(name)

    def set_sym(self, name, field, value):
        names = ["name", "info", "other", "shndx", "value", "size"]
        off = self.sym_off(self.sym_index(name))
        s = list(struct.unpack_from(SYM, self.d, off))
        s[names.index(field)] = value
        struct.pack_into(SYM, self.d, off, *s)

    def rela_off(self, sec, k):
        h = self.shdr(self.sec(sec))
        return h[4] + k * h[9]

    def set_rela(self, sec, k, offset=None, sym=None, type=None, addend=None):
        off = self.rela_off(sec, k)
        r_offset, info, r_addend = struct.unpack_from(RELA, self.d, off)
        r_sym, r_type = info >> 32, info & 0xffffffff
        if offset is not None:
            r_offset = offset
        if sym is not None:
            r_sym = sym
        if type is not None:
            r_type = type
        if addend is not None:
            r_addend = addend
        struct.pack_into(RELA, self.d, off, r_offset, (r_sym << 32) | r_type, r_addend)

    def replace(self, old, new):
        """Same-length text replacement, in one place only."""
        assert len(old) == len(new) and self.d.count(old) == 1, old
        i = self.d.index(old)
        self.d[i:i + len(old)] = new

    def set_ehdr(self, off, fmt, value):
        struct.pack_into(fmt, self.d, off, value)


def cases(base):
    def obj():
        return Obj(base)

    # Not an object at all.
    yield "empty", b""
    yield "text", b"this is not an ELF object\n"
    yield "ar-archive", b"!<arch>\n" + base[:64]
    # Truncated.
    yield "trunc-ident", base[:16]
    yield "trunc-ehdr", base[:40]
    yield "trunc-before-shdrs", base[:obj().shoff]
    yield "trunc-mid-shdrs", base[:obj().shoff + 5 * 64 + 10]
    yield "trunc-last-byte", base[:-1]

    # ELF header.
    o = obj(); o.d[4] = 1; yield "class32", o.d                 # ELFCLASS32
    o = obj(); o.d[4] = 7; yield "class-invalid", o.d
    o = obj(); o.d[5] = 2; yield "big-endian", o.d              # ELFDATA2MSB
    o = obj(); o.d[5] = 0; yield "data-invalid", o.d
    o = obj(); o.set_ehdr(18, "<H", 183); yield "machine-aarch64", o.d
    o = obj(); o.set_ehdr(18, "<H", 0); yield "machine-none", o.d
    o = obj(); o.set_ehdr(16, "<H", 2); yield "type-exec", o.d
    o = obj(); o.set_ehdr(16, "<H", 3); yield "type-dyn", o.d
    o = obj(); o.set_ehdr(16, "<H", 4); yield "type-core", o.d
    o = obj(); o.set_ehdr(40, "<Q", len(base) + 4096); yield "shoff-past-end", o.d
    o = obj(); o.set_ehdr(40, "<Q", 0xfffffffffffff000); yield "shoff-huge", o.d
    o = obj(); o.set_ehdr(58, "<H", 32); yield "shentsize-wrong", o.d
    o = obj(); o.set_ehdr(60, "<H", 0); o.set_ehdr(40, "<Q", 0); yield "no-sections", o.d
    o = obj(); o.set_ehdr(60, "<H", 1); yield "only-null-section", o.d
    o = obj(); o.set_ehdr(60, "<H", 0xfeff); yield "shnum-absurd", o.d
    o = obj(); o.set_ehdr(62, "<H", 0); yield "shstrndx-zero", o.d
    o = obj(); o.set_ehdr(62, "<H", 200); yield "shstrndx-out-of-range", o.d
    o = obj(); o.set_ehdr(62, "<H", o.sec(".text.patched_show")); yield "shstrndx-not-strtab", o.d
    o = obj(); o.set_ehdr(62, "<H", 0xffff); yield "shstrndx-xindex", o.d  # SHN_XINDEX, sh_link of [0] is 0

    # Section headers.
    o = obj(); o.set_shdr(o.sec(".text.patched_show"), "offset", len(base) + 100)
    yield "section-offset-past-end", o.d
    o = obj(); o.set_shdr(o.sec(".modinfo"), "size", 1 << 40); yield "section-size-absurd", o.d
    o = obj(); i = o.sec(".symtab"); o.set_shdr(i, "size", o.shdr(i)[5] + 4096)
    yield "symtab-past-end", o.d
    o = obj(); o.set_shdr(o.sec(".symtab"), "entsize", 0); yield "symtab-entsize-zero", o.d
    o = obj(); o.set_shdr(o.sec(".symtab"), "link", 0); yield "symtab-no-strtab", o.d
    o = obj(); o.set_shdr(o.sec(".symtab"), "link", 99); yield "symtab-link-out-of-range", o.d
    o = obj(); o.set_shdr(o.sec(".symtab"), "link", o.sec(".text.patched_show"))
    yield "symtab-link-not-strtab", o.d
    o = obj(); o.set_shdr(o.sec(".symtab"), "type", SHT_PROGBITS); yield "no-symtab", o.d
    o = obj(); o.set_shdr(o.sec(".comment"), "type", SHT_SYMTAB); yield "two-symtabs", o.d
    o = obj(); o.set_shdr(o.sec(".comment"), "type", SHT_SYMTAB_SHNDX); yield "symtab-shndx", o.d
    o = obj(); o.set_shdr(o.sec(".strtab"), "size", 0); yield "strtab-empty", o.d
    o = obj(); o.set_shdr(o.sec(".modinfo"), "name", 0xfffff); yield "section-name-out-of-range", o.d
    o = obj(); o.set_shdr(o.sec(".rela.text.patched_show"), "info", 77); yield "rela-info-out-of-range", o.d
    o = obj(); o.set_shdr(o.sec(".rela.text.patched_show"), "link", o.sec(".strtab"))
    yield "rela-link-not-symtab", o.d
    o = obj(); o.set_shdr(o.sec(".rela.text.patched_show"), "offset", 0x10)
    yield "rela-overlaps-ehdr", o.d                             # garbage relocations
    o = obj(); i = o.sec(".rela.text.patched_show"); o.set_shdr(i, "offset", len(base) - 8)
    yield "rela-past-end", o.d
    o = obj(); o.set_shdr(o.sec(".comment"), "type", SHT_GROUP); yield "group-garbage", o.d
    o = obj(); o.set_shdr(o.sec(".klp.module_relocs.vmlinux"), "type", SHT_NOBITS)
    yield "records-nobits", o.d

    # Symbols.
    o = obj(); o.set_sym("patched_show", "shndx", 300); yield "sym-shndx-out-of-range", o.d
    o = obj(); o.set_sym("patched_show", "shndx", 0xffff); yield "sym-shndx-xindex", o.d
    o = obj(); o.set_sym("patched_show", "name", 0xfffffff); yield "sym-name-out-of-range", o.d
    o = obj(); o.replace(b"\0core_helper\0", b"\0core,helper\0"); yield "sym-name-comma", o.d

    # Relocations.
    o = obj(); o.set_rela(".rela.text.patched_show", 0, sym=4000); yield "reloc-sym-out-of-range", o.d
    o = obj(); o.set_rela(".rela.text.patched_show", 1, offset=0x1000); yield "reloc-offset-past-section", o.d
    o = obj(); o.set_rela(".rela.text.patched_show", 1, offset=0xfffffffffffffffe)
    yield "reloc-offset-wraps", o.d
    o = obj(); o.set_rela(".rela.text.patched_show", 1, type=42); yield "reloc-type-unknown", o.d
    o = obj(); o.set_rela(".rela.text.patched_show", 1, offset=0); yield "reloc-target-not-zero", o.d

    # Annotation records and their relocations.
    o = obj(); o.set_rela(".rela.klp.module_relocs.vmlinux", 1, offset=0x10)
    yield "record-past-section", o.d
    o = obj(); o.set_rela(".rela.klp.module_relocs.vmlinux", 1, offset=0xfffffffffffffffc)
    yield "record-offset-wraps", o.d
    o = obj(); o.set_rela(".rela.klp.module_relocs.vmlinux", 0, sym=0); yield "record-no-symbol", o.d
    o = obj(); o.set_rela(".rela.klp.module_relocs.vmlinux", 0, type=2); yield "record-reloc-type", o.d
    o = obj(); o.set_rela(".rela.klp.module_relocs.vmlinux", 0, addend=8); yield "record-addend", o.d
    o = obj(); o.set_rela(".rela.klp.module_relocs.vmlinux", 0, sym=o.sym_index("patched_show"))
    yield "record-defined-symbol", o.d
    o = obj(); o.set_rela(".rela.klp.module_relocs.ext4", 0, sym=o.sym_index("core_helper"))
    yield "record-twice", o.d
    o = obj(); o.set_shdr(o.sec(".rela.klp.module_relocs.vmlinux"), "type", SHT_PROGBITS)
    yield "records-without-relocs", o.d
    o = obj(); o.replace(b".klp.module_relocs.ext4\0", b".klp.module_relocs.ex-4\0")
    yield "record-objname-dash", o.d
    o = obj(); o.replace(b".klp.module_relocs.ext4\0", b".klp.module_relocs.\0xt4\0")
    yield "record-objname-empty", o.d

    # The module itself.
    o = obj(); o.replace(b"livepatch=Y", b"livepatcX=Y"); yield "no-livepatch-tag", o.d

    # Found by fuzzing: the writer padded the output to a corrupt alignment.
    o = obj(); o.set_shdr(o.sec(".rela.data.helper_ptr"), "align", 1 << 30)
    yield "section-align-huge", o.d
    o = obj(); o.set_shdr(o.sec(".data.helper_ptr"), "align", 24); yield "section-align-not-pow2", o.d
    # Found by fuzzing: the tag check read on past the end of .modinfo.
    o = obj(); o.set_shdr(o.sec(".modinfo"), "size", 0x14); yield "modinfo-tag-cut", o.d


def main():
    base, out = open(sys.argv[1], "rb").read(), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for n, (name, data) in enumerate(cases(base), 1):
        with open(os.path.join(out, "%02d-%s.o" % (n, name)), "wb") as f:
            f.write(bytes(data))


if __name__ == "__main__":
    main()
