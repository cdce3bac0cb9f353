#!/usr/bin/env python3
"""Write a damaged copy of a 64-bit little-endian ELF file, for loader tests.

usage: corrupt-elf.py MODE IN OUT
  symname   a symbol's name offset points past the string table
  shndx     a symbol's section index is past the section table
  entsize   the symbol table's entry size is wrong
  strlink   the symbol table links to no string table
  truncate  the file stops in the middle of the symbol table
  symoff    the symbol table's data lies past the end of the file
  shoff     the section table lies past the end of the file
"""
import struct
import sys


def sections(data):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    for i in range(shnum):
        off = shoff + i * shentsize
        name, stype, flags, addr, offset, size, link, info, align, entsize = \
            struct.unpack_from("<IIQQQQIIQQ", data, off)
        yield i, off, stype, offset, size


def symtab(data):
    for i, off, stype, offset, size in sections(data):
        if stype == 2:  # SHT_SYMTAB
            return off, offset, size
    sys.exit("no symbol table")


def main():
    mode, src, dst = sys.argv[1:]
    data = bytearray(open(src, "rb").read())
    hdr, offset, size = symtab(data)
    last = offset + size - 24          # the last symbol: a global, named
    if mode == "symname":
        struct.pack_into("<I", data, last, 0xFFFFFF)
    elif mode == "shndx":
        struct.pack_into("<H", data, last + 6, 0x7FF0)
    elif mode == "entsize":
        struct.pack_into("<Q", data, hdr + 0x38, 7)
    elif mode == "strlink":
        struct.pack_into("<I", data, hdr + 0x28, 0xFFFF)
    elif mode == "truncate":
        data = data[:offset + size // 2]
    elif mode == "symoff":
        struct.pack_into("<Q", data, hdr + 0x18, len(data) - 10)
    elif mode == "shoff":
        struct.pack_into("<Q", data, 0x28, len(data) + 4096)
    else:
        sys.exit("unknown mode " + mode)
    open(dst, "wb").write(data)


main()
