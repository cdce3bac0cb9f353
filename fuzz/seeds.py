#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets from the test fixtures.

usage: seeds.py SRC_ROOT OUT_DIR [CC]

OUT_DIR/<target>/ gets one file per seed: the C fixtures of test/convert
and test/symbols compiled as kernel-module objects (and converted, when
klp-convert is on PATH; test/symbols' also compressed with xz, gzip and
zstd, for the ELF loader's decompressor), the symbol files of the test suites and their
indexes (when klp-symbols is on PATH), and the command lines and compile
commands of test/annotate/flags.test.
"""
import glob
import gzip
import lzma
import os
import shutil
import subprocess
import sys

KCC_FLAGS = ["-c", "-O2", "-g", "-mcmodel=kernel", "-fno-pic", "-ffunction-sections",
             "-fdata-sections", "-fno-asynchronous-unwind-tables"]


def put(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def objects(src, out, cc):
    """Compile the fixtures; yields (name, bytes). A fixture that does not compile is skipped."""
    work = os.path.join(out, ".objs")
    os.makedirs(work, exist_ok=True)
    sources = sorted(glob.glob(os.path.join(src, "test/convert/*.c")) +
                     glob.glob(os.path.join(src, "test/convert/Inputs/*.c")) +
                     glob.glob(os.path.join(src, "test/symbols/Inputs/elf/*.c")))
    for c in sources:
        name = os.path.basename(os.path.dirname(c)) + "-" + os.path.basename(c)[:-2]
        obj = os.path.join(work, name + ".o")
        r = subprocess.run([cc] + KCC_FLAGS + ["-I", os.path.join(src, "headers"), c, "-o", obj],
                           capture_output=True)
        if r.returncode:
            continue
        yield name + ".o", open(obj, "rb").read()
        conv = os.path.join(work, name + ".ko")
        if shutil.which("klp-convert") and not subprocess.run(
                ["klp-convert", obj, conv], capture_output=True).returncode:
            yield name + ".converted.ko", open(conv, "rb").read()
    shutil.rmtree(work)


def compressed(name, data):
    """A module object compressed as CONFIG_MODULE_COMPRESS_* installs it: xz, gzip, zstd."""
    yield name + ".xz", lzma.compress(data, check=lzma.CHECK_CRC32)
    yield name + ".gz", gzip.compress(data, mtime=0)
    if shutil.which("zstd"):
        r = subprocess.run(["zstd", "-q", "-c"], input=data, capture_output=True)
        if not r.returncode:
            yield name + ".zst", r.stdout


def text_files(src, patterns):
    for pat in patterns:
        for path in sorted(glob.glob(os.path.join(src, pat))):
            rel = os.path.relpath(path, src).replace("/", "-")
            yield rel, open(path, "rb").read()


def annotate_flags(lp="/tmp/mod/lp.c"):
    """The harness's format: a mode byte, NUL-separated arguments, two NULs, a file."""
    kbuild = ("cmd_/tmp/mod/lp.o := gcc-12 -Wp,-MMD,/tmp/mod/.lp.o.d -nostdinc -I./inc "
              "-fconserve-stack -mindirect-branch=thunk-extern -mpreferred-stack-boundary=3 "
              "-DKBUILD_MODNAME='\"lp\"' -D'TAG=\"a\\#b\"' -c -o /tmp/mod/lp.o " + lp +
              "\n\nsource_/tmp/mod/lp.o := " + lp + "\n")
    compdb = ('[{"directory": "/tmp/kdir", "file": "%s", "arguments": ["gcc-12", '
              '"-Wp,-MMD,/tmp/mod/.lp.o.d", "-I./inc", "-DKBUILD_MODNAME=\\"lp\\"", '
              '"-mrecord-mcount", "-c", "-o", "/tmp/mod/lp.o", "%s"]}]\n' % (lp, lp))
    seeds = {
        "dashdash": (0, ["--kallsyms", "k", "-C", "/tmp/kdir", lp, "--", "-I./inc",
                         "-DKBUILD_MODNAME=\"lp\"", "-fconserve-stack", "-o", "x.o"], ""),
        "checker": (0, ["--kallsyms=k", "-D__linux__", "-Wbitwise", "--arch=x86",
                        "-Wp,-MMD,/tmp/.lp.o.d", "-nostdinc", "-I", "./inc", "-include",
                        "a.h", lp], ""),
        "modes": (0, ["--fix", "--check", "--diff", "-v", "--kernel", "/nonexistent",
                      "--symvers=s", "--system-map", "m", "--vmlinux", "v", "--ko", "k",
                      "--modules", "d", "--origin", "o.c", "--object", "x.o", lp], ""),
        "kbuild-cmd": (1, [lp], kbuild),
        "kbuild-cmd-opt": (2, ["--kernel", "/nonexistent", lp], kbuild),
        "savedcmd": (1, ["-C", "/tmp", lp], kbuild.replace("cmd_", "savedcmd_", 1)),
        "compdb": (3, [lp], compdb),
    }
    for name, (mode, args, text) in seeds.items():
        yield name, bytes([mode]) + b"\0".join(a.encode() for a in args) + b"\0\0" + text.encode()


def indexes(src, out):
    """Symbol indexes, as klp-symbols writes them, of the symbol fixtures (needs it on PATH)."""
    if not shutil.which("klp-symbols"):
        return
    inputs = {
        "basic": ["-k", "test/symbols/Inputs/basic.kallsyms", "-s", "test/symbols/Inputs/basic.symvers"],
        "annotate": ["-k", "test/annotate/Inputs/kallsyms", "-s", "test/annotate/Inputs/symvers"],
    }
    for name, args in inputs.items():
        cache = os.path.join(out, ".index-" + name)
        args = [a if a.startswith("-") else os.path.join(src, a) for a in args]
        env = dict(os.environ, KLP_SYMDB_CACHE=cache)
        if subprocess.run(["klp-symbols"] + args + ["stats"], env=env, capture_output=True).returncode:
            continue
        for f in glob.glob(os.path.join(cache, "*.idx")):
            yield name + ".idx", open(f, "rb").read()
        shutil.rmtree(cache)


def main():
    src, out = sys.argv[1], sys.argv[2]
    cc = sys.argv[3] if len(sys.argv) > 3 else "cc"
    for name, data in objects(src, out, cc):
        put(out, "convert", name, data)
        put(out, "elfsyms", name, data)
        # The ELF loader decompresses what its magic bytes say is compressed.
        if name.startswith("elf-"):
            for zname, zdata in compressed(name, data):
                put(out, "elfsyms", zname, zdata)
    for name, data in text_files(src, ["test/*/Inputs/*symvers*", "test/annotate/Inputs/symvers"]):
        put(out, "symvers", name, data)
    for name, data in text_files(src, ["test/*/Inputs/*kallsyms*", "test/annotate/Inputs/kallsyms"]):
        if name.endswith(".awk"):
            continue
        put(out, "kallsyms", name, data)
        put(out, "system-map", name, data)
    for name, data in indexes(src, out):
        put(out, "symdb-index", name, data)
    for name, data in annotate_flags():
        put(out, "annotate-flags", name, data)
    for t in sorted(os.listdir(out)):
        print("%s: %d seeds" % (t, len(os.listdir(os.path.join(out, t)))))


if __name__ == "__main__":
    main()
