#!/usr/bin/env python3
"""The klp-tools benchmarks, as ratios measured in one run.

usage: bench.py BIN_DIR OUT.md [-n RUNS] [-p PART[,PART...]] [-b BASELINE_BIN_DIR] [-k]

Each figure is the median of RUNS runs (default 5); the two commands of a
ratio run alternately, so a busy machine slows both alike. Needs the
cached Debian kernel (scripts/kernel-fetch; $KLP_KERNEL_DIR), gcc-12,
clang-LLVM and objcopy. Writes the tables to OUT.md and prints them.
PART: annotate, convert, symbols, whole (default: all; convert builds on
annotate's module, whole on convert's). BASELINE_BIN_DIR:
another build's bin directory (the code before a change), whose lookups
through the index run alternately with this build's, for a before/after
table in the same run. -k: keep the page cache (dropping it, as root,
slows everyone else on a shared machine): no cold-cache figures.
"""
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNITS = [  # name, source: small to large by preprocessed size
    ("livepatch-cmdline", "examples/livepatch-cmdline/livepatch-cmdline.c"),
    ("klp_consoles", "test/annotate/Inputs/kernel/klp_consoles.c"),
    ("refs", "test/annotate/Inputs/kernel/refs/refs.c"),
]
SCALES = [1000, 10000, 100000]


def run(cmd, ok=(0,), **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode not in ok:
        sys.exit("bench: %s: exit %d\n%s" % (" ".join(cmd), r.returncode, r.stderr[-2000:]))
    return r


def timed(cmd, ok=(0,), prepare=None, after=None, **kw):
    if prepare:
        prepare()
    t = time.perf_counter()
    run(cmd, ok, **kw)
    t = time.perf_counter() - t
    if after:
        after()
    return t


def preamble_clear(cache):
    shutil.rmtree(os.path.join(cache, "preamble"), ignore_errors=True)


def preamble_wait(cache):
    """Until the builder a cold run left behind is done: it holds its entry's lock."""
    import fcntl
    import glob
    for _ in range(600):
        locks = glob.glob(os.path.join(cache, "preamble", "*.lock"))
        if locks:
            break
        time.sleep(0.01)
    for lock in locks:
        with open(lock) as f:
            fcntl.flock(f, fcntl.LOCK_EX)


def medians(runs, *jobs):
    """jobs: (cmd, kwargs) pairs, run in turn RUNS times; their medians."""
    times = [[] for _ in jobs]
    for _ in range(runs):
        for k, (cmd, kw) in enumerate(jobs):
            times[k].append(timed(cmd, **kw))
    return [statistics.median(t) for t in times]


def module_dir(work, name, src):
    d = os.path.join(work, name)
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(TOP, src), os.path.join(d, name + ".c"))
    with open(os.path.join(d, "Kbuild"), "w") as f:
        f.write("obj-m += %s.o\n" % name)
    return d


def kbuild(d):
    run([os.path.join(TOP, "scripts/kbuild-module"), d])


def parse_command(bin_dir, env, c):
    """The directory and flags klp-annotate parses C with (its -v note)."""
    r = run([os.path.join(bin_dir, "klp-annotate"), "-v", "--check", "--kernel",
             env["KLP_KBUILD_DIR"], "--kallsyms", env["KLP_KALLSYMS"], c], ok=(0, 1))
    for line in r.stderr.splitlines():
        if ": note: parsing " in line and " from " in line and " with: " in line:
            rest = line.split(" from ", 1)[1]
            directory, flags = rest.split(" with: ", 1)
            return directory, flags.split()
    sys.exit("bench: klp-annotate -v printed no parse command for %s" % c)


def bench_annotate(bin_dir, env, work, runs, clang):
    rows = []
    for name, src in UNITS:
        d = module_dir(work, name, src)
        kbuild(d)
        c = os.path.join(d, name + ".c")
        directory, flags = parse_command(bin_dir, env, c)
        syntax = [clang, "-fsyntax-only"] + flags + [c]
        pre = run([clang, "-E"] + flags + [c], cwd=directory).stdout.count("\n")
        annotate = [os.path.join(bin_dir, "klp-annotate"), "--check", "--kernel",
                    env["KLP_KBUILD_DIR"], "--kallsyms", env["KLP_KALLSYMS"], c]
        # As on an author's machine: the index exists after the first run.
        cache = os.path.join(work, "annotate-cache")
        indexed = dict(os.environ, KLP_SYMDB_CACHE=cache, KLP_PREAMBLE_CACHE="off")
        no_index = dict(os.environ, KLP_SYMDB_CACHE="off")
        # The preamble cache (on, as by default): cold is a run that finds
        # none and leaves its builder behind (timed without it, waited for
        # after); warm, a run after that.
        cached = dict(os.environ, KLP_SYMDB_CACHE=cache, KLP_PREAMBLE_CACHE="on")
        run(annotate, ok=(0, 1), env=indexed)
        ta, tn, tcold, twarm, tc = medians(
            runs, (annotate, {"ok": (0, 1), "env": indexed}),
            (annotate, {"ok": (0, 1), "env": no_index}),
            (annotate, {"ok": (0, 1), "env": cached, "prepare": lambda: preamble_clear(cache),
                        "after": lambda: preamble_wait(cache)}),
            (annotate, {"ok": (0, 1), "env": cached}),
            (syntax, {"cwd": directory}))
        rows.append((name, pre, ta, tn, tc, tcold, twarm))
    return rows


def bench_convert(bin_dir, env, work, runs):
    """klp-convert vs objcopy on a real annotated module, then on generated ones."""
    d = os.path.join(work, "klp_consoles")
    c = os.path.join(d, "klp_consoles.c")
    run([os.path.join(bin_dir, "klp-annotate"), "--fix", "--kernel", env["KLP_KBUILD_DIR"],
         "--kallsyms", env["KLP_KALLSYMS"], c], ok=(0, 1))
    kbuild(d)
    ko = os.path.join(d, "klp_consoles.ko")
    out = os.path.join(work, "out.ko")
    conv = [os.path.join(bin_dir, "klp-convert"), ko, out]
    conv_sv = [os.path.join(bin_dir, "klp-convert"), "--symvers", env["KLP_SYMVERS"], ko, out]
    objcopy = ["objcopy", ko, out]
    tconv, tsv, tobj = medians(max(runs, 11), (conv, {}), (conv_sv, {}), (objcopy, {}))
    real = [("klp_consoles.ko (%d KiB)" % (os.path.getsize(ko) // 1024), tconv, tsv, tobj)]

    scale = []
    for n in SCALES:
        s = os.path.join(work, "gen%d.s" % n)
        o = os.path.join(work, "gen%d.o" % n)
        with open(s, "w") as f:
            f.write(run([sys.executable, os.path.join(TOP, "bench/gen-module.py"), str(n)]).stdout)
        run(["cc", "-c", s, "-o", o])
        tc, to = medians(runs, ([os.path.join(bin_dir, "klp-convert"), o, out], {}),
                         (["objcopy", o, out], {}))
        scale.append((n, tc, to))
    return real, scale


def drop_caches():
    """Empty the page cache (root only): the first run after a boot or a package update."""
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3\n")


def can_drop_caches():
    return "-k" not in sys.argv and os.access("/proc/sys/vm/drop_caches", os.W_OK)


def bench_symbols(bin_dir, env, work, runs):
    """Each input set: a full load, a load that writes the index, a lookup through it
    (which checks the inputs vmlinux comes from), a name in every object (all inputs)."""
    ks = os.path.join(bin_dir, "klp-symbols")
    nko = sum(f.endswith(".ko") for _, _, fs in os.walk(env["KLP_MODULES_DIR"]) for f in fs)
    cache = os.path.join(work, "symdb-cache")
    inputs = [
        ("kallsyms", ["-k", env["KLP_KALLSYMS"]]),
        ("Module.symvers", ["-s", env["KLP_SYMVERS"]]),
        ("kallsyms + %d modules' .ko" % nko, ["-k", env["KLP_KALLSYMS"], "-m", env["KLP_MODULES_DIR"]]),
        ("--kernel-dir (unpacked packages: kallsyms, %d .ko, Module.symvers)" % nko,
         ["-K", os.environ["KLP_KERNEL_DIR"]]),
    ]
    no_index = dict(os.environ, KLP_SYMDB_CACHE="off")
    indexed = dict(os.environ, KLP_SYMDB_CACHE=cache)
    rows = []
    for name, args in inputs:
        lookup = [ks] + args + ["sympos", "vmlinux", "c_next"]
        find = [ks] + args + ["find", "c_next"]
        tfull, = medians(runs, (lookup, {"env": no_index, "ok": (0, 1)}))
        twrite, = medians(runs, (lookup, {"env": indexed, "ok": (0, 1),
                                          "prepare": lambda: shutil.rmtree(cache, True)}))
        # The index is there now: every run reads it.
        tused, tfind = medians(max(runs, 11), (lookup, {"env": indexed, "ok": (0, 1)}),
                               (find, {"env": indexed, "ok": (0, 1)}))
        tcold = None
        if can_drop_caches():
            tcold, = medians(3, (lookup, {"env": indexed, "ok": (0, 1), "prepare": drop_caches}))
        size = sum(os.path.getsize(os.path.join(cache, f)) for f in os.listdir(cache))
        rows.append((name, tfull, twrite, tused, tfind, tcold, size))
        shutil.rmtree(cache, True)
    return rows


def bench_symbols_baseline(bin_dir, base_dir, env, work, runs):
    """Lookups through the index, this build's and BASE_DIR's alternately, each
    with its own cache (their index formats may differ)."""
    rows = []
    inputs = [
        ("kallsyms + modules' .ko", ["-k", env["KLP_KALLSYMS"], "-m", env["KLP_MODULES_DIR"]]),
        ("--kernel-dir", ["-K", os.environ["KLP_KERNEL_DIR"]]),
    ]
    for name, args in inputs:
        jobs = []
        for k, d in enumerate((base_dir, bin_dir)):
            e = dict(os.environ, KLP_SYMDB_CACHE=os.path.join(work, "symdb-cache-%d" % k))
            ks = os.path.join(d, "klp-symbols")
            run([ks] + args + ["stats"], env=e)
            jobs.append(([ks] + args + ["sympos", "vmlinux", "c_next"], {"env": e}))
            jobs.append(([ks] + args + ["find", "c_next"], {"env": e}))
        # Base and this build take turns, lookup then find: the same load on
        # both. Milliseconds apart on a shared machine: many runs.
        n = max(runs, 31)
        tb, tbf, ta, taf = medians(n, *jobs)
        rows.append((name, n, tb, ta, tbf, taf))
    return rows


def bench_whole(bin_dir, env, work, runs):
    """scripts/livepatch-build (kbuild, annotate --fix, kbuild, convert) vs kbuild alone."""
    name, src = UNITS[1]
    path_env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"],
                    KLP_SYMDB_CACHE=os.path.join(work, "whole-cache"))
    fresh = os.path.join(work, "whole")
    annotated = os.path.join(work, "klp_consoles", "klp_consoles.c")

    def copy(source):
        def prepare():
            shutil.rmtree(fresh, ignore_errors=True)
            module_dir(work, "whole", src)
            os.rename(os.path.join(fresh, "whole.c"), os.path.join(fresh, name + ".c"))
            with open(os.path.join(fresh, "Kbuild"), "w") as f:
                f.write("obj-m += %s.o\n" % name)
            if source:
                shutil.copy(source, os.path.join(fresh, name + ".c"))
        return prepare

    whole = [os.path.join(TOP, "scripts/livepatch-build"), fresh]
    alone = [os.path.join(TOP, "scripts/kbuild-module"), fresh]
    cache = path_env["KLP_SYMDB_CACHE"]

    def first():
        copy(None)()
        preamble_clear(cache)

    # The symbol index is built once, before: every run below has it.
    copy(None)()
    run(whole, env=path_env)
    cold, new, again, tk = [], [], [], []
    for _ in range(runs):
        # A first build: the source not annotated, no preamble cache yet.
        cold.append(timed(whole, prepare=first, after=lambda: preamble_wait(cache), env=path_env))
        # The same, the cache kept: step 1 parses lines it has not seen
        # (no klp_reloc.h yet), step 2 the source as fixed, which it has.
        new.append(timed(whole, prepare=copy(None), after=lambda: preamble_wait(cache), env=path_env))
        # Every build after the first: the source annotated, edited below
        # its #include lines.
        again.append(timed(whole, prepare=copy(annotated), after=lambda: preamble_wait(cache),
                           env=path_env))
        tk.append(timed(alone, prepare=copy(annotated)))
    return [statistics.median(t) for t in (cold, new, again)], statistics.median(tk)


def machine():
    cpu = "unknown"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return "%s, %d CPUs (nproc), %s, %s" % (cpu, os.cpu_count(), platform.platform(),
                                            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def option(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def main():
    bin_dir, out = os.path.abspath(sys.argv[1]), sys.argv[2]
    runs = int(option("-n", 5))
    parts = set(option("-p", "annotate,convert,symbols,whole").split(","))
    if "whole" in parts:
        parts.add("convert")
    if "convert" in parts:
        parts.add("annotate")
    base = option("-b", None)
    base = os.path.abspath(base) if base else None
    env = dict(os.environ)
    llvm = os.environ.get("KLP_LLVM_VERSION", "14")
    clang = shutil.which("clang-" + llvm) or sys.exit("bench: clang-%s not found" % llvm)
    work = tempfile.mkdtemp(prefix="klp-bench.")
    load_before = load_average()
    ann = real = scale = syms = syms_base = tw = tk = None
    try:
        if "annotate" in parts:
            ann = bench_annotate(bin_dir, env, work, runs, clang)
        if "convert" in parts:
            real, scale = bench_convert(bin_dir, env, work, runs)
        if "symbols" in parts:
            syms = bench_symbols(bin_dir, env, work, runs)
            if base:
                syms_base = bench_symbols_baseline(bin_dir, base, env, work, runs)
        if "whole" in parts:
            tw, tk = bench_whole(bin_dir, env, work, runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    L = []
    L.append("Machine: %s. Kernel: Debian %s (%s). Median of %d runs (convert on the real "
             "module, a lookup through the index: of %d); the two sides of each ratio ran "
             "alternately in the same run. Load average (1, 5, 15 min) before: %s; after: %s."
             % (machine(), env.get("KLP_KVER", "?"), env.get("KLP_DEB_VERSION", "?"), runs,
                max(runs, 11), load_before, load_average()))
    L.append("")
    tables(L, llvm, ann, real, scale, syms, syms_base, base, tw, tk)
    text = "\n".join(L) + "\n"
    with open(out, "w") as f:
        f.write(text)
    sys.stdout.write(text)


def tables(L, llvm, ann, real, scale, syms, syms_base, base, tw, tk):
    if ann:
        table_annotate(L, llvm, ann)
    if real:
        table_convert(L, real, scale)
    if syms:
        table_symbols(L, syms, syms_base, base)
    if tw:
        table_whole(L, tw, tk)


def table_annotate(L, llvm, ann):
    L.append("### klp-annotate vs clang-%s -fsyntax-only (same unit, same flags; target <= 1.10x)" % llvm)
    L.append("")
    L.append("| unit | preprocessed lines | klp-annotate --check | clang -fsyntax-only | ratio | klp-annotate without the index | ratio |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, pre, ta, tn, tc, _, _ in ann:
        L.append("| %s | %d | %.3f s | %.3f s | %.2fx | %.3f s | %.2fx |"
                 % (name, pre, ta, tc, ta / tc, tn, tn / tc))
    L.append("")
    L.append("The columns above with KLP_PREAMBLE_CACHE=off. With the preamble cache "
             "(issue 13; cold <= 1.10x, warm <= 0.3x):")
    L.append("")
    L.append("| unit | clang -fsyntax-only | cold: no cache yet, builder left running | ratio | warm | ratio |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, pre, ta, tn, tc, tcold, twarm in ann:
        L.append("| %s | %.3f s | %.3f s | %.2fx | %.3f s | %.2fx |"
                 % (name, tc, tcold, tcold / tc, twarm, twarm / tc))
    L.append("")


def table_convert(L, real, scale):
    L.append("### klp-convert vs objcopy IN OUT (target <= 1.5x)")
    L.append("")
    L.append("| module | klp-convert | with --symvers | objcopy | ratio | ratio with --symvers |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, tc, tsv, to in real:
        L.append("| %s | %.1f ms | %.1f ms | %.1f ms | %.2fx | %.2fx |"
                 % (name, tc * 1e3, tsv * 1e3, to * 1e3, tc / to, tsv / to))
    L.append("")
    L.append("Generated modules (bench/gen-module.py: N relocations to N/8 annotated symbols):")
    L.append("")
    L.append("| relocations | klp-convert | per relocation | per added relocation | objcopy | ratio |")
    L.append("| ---: | ---: | ---: | ---: | ---: | ---: |")
    prev = None
    for n, tc, to in scale:
        # Linear means a constant cost per relocation added from one size to the next.
        added = "%.2f us" % ((tc - prev[1]) / (n - prev[0]) * 1e6) if prev else "-"
        L.append("| %d | %.1f ms | %.2f us | %s | %.1f ms | %.2fx |"
                 % (n, tc * 1e3, tc / n * 1e6, added, to * 1e3, tc / to))
        prev = (n, tc)
    L.append("")


def table_symbols(L, syms, syms_base, base):
    L.append("### Symbol database: a lookup run (klp-symbols INPUTS sympos vmlinux c_next; target <= 10 ms through the index)")
    L.append("")
    L.append("| inputs | no index (full load) | first run (load, write index) | through the index | find c_next through the index (every input checked) | same lookup, page cache dropped | index size |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, tfull, twrite, tused, tfind, tcold, size in syms:
        L.append("| %s | %.0f ms | %.0f ms | %.1f ms | %.1f ms | %s | %.1f MB |"
                 % (name, tfull * 1e3, twrite * 1e3, tused * 1e3, tfind * 1e3,
                    "%.0f ms" % (tcold * 1e3) if tcold is not None else "not measured (-k, or not root)",
                    size / 1e6))
    L.append("")
    if not syms_base:
        return
    L.append("Through the index, before (%s) and after (this build), alternating in one run; "
             "medians of %d runs:" % (base, syms_base[0][1]))
    L.append("")
    L.append("| inputs | sympos vmlinux c_next: before | after | ratio | find c_next: before | after | ratio |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _, tb, ta, tbf, taf in syms_base:
        L.append("| %s | %.1f ms | %.1f ms | %.2fx | %.1f ms | %.1f ms | %.2fx |"
                 % (name, tb * 1e3, ta * 1e3, ta / tb, tbf * 1e3, taf * 1e3, taf / tbf))
    L.append("")


def table_whole(L, tw, tk):
    L.append("### Source to loadable .ko (target <= 1.2x kbuild alone)")
    L.append("")
    L.append("| | time | ratio |")
    L.append("| --- | ---: | ---: |")
    cold, new, again = tw
    L.append("| scripts/kbuild-module alone, on the annotated source | %.2f s | 1.00x |" % tk)
    for what, t in (("scripts/livepatch-build, a source without annotations, no preamble cache", cold),
                    ("the same, with the preamble cache of the runs before", new),
                    ("scripts/livepatch-build, the annotated source (every build after the first)", again)):
        L.append("| %s | %.2f s | %.2fx |" % (what, t, t / tk))


if __name__ == "__main__":
    main()
