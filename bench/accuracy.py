#!/usr/bin/env python3
"""klp-annotate's accuracy against gcc, on real units of the kernel.

usage: accuracy.py --bin DIR --source SRC --build BUILD --units FILE
                   --built FILE --out DIR [-j N] [--known FILE]
                   [--object] [--step NAME=SECONDS]...

Each unit of --units that kernel-build built (--built holds its "ok UNIT"
and "fail UNIT" lines) is treated as if it were a livepatch source:
klp-annotate --refs lists the kernel symbols it references and what each
needs. The truth is gcc's object for that unit: its undefined symbols,
classified here the way the kernel's loader would resolve them, from the
raw Module.symvers, /proc/kallsyms and .ko files (never through the
tools under test).

The kernel comes from the environment: KLP_SYMVERS, KLP_KALLSYMS,
KLP_MODULES_DIR and KLP_KVER (the kernel cache's env file). Writes
report.md and mismatches.tsv to --out, with each unit's raw outputs under
--out/units/, and prints the report.

Exit status: 0 when every miss, wrong, false-error and unit-fail is in the
known file, 1 otherwise (the new ones are printed last), 2 on a setup
error. Warnings and unknown truths never fail.
"""
import argparse
import concurrent.futures
import dataclasses
import datetime
import gzip
import lzma
import os
import re
import statistics
import struct
import subprocess
import sys
import time

# Error ids that are right about the reference (it does need an annotation
# in that object) but that no edit of the source can satisfy: the tool
# stops, as it must. They are detections, not false errors. The
# klp-module-* ones: a jump label or static call site on a module's key
# would need a klp relocation in a special section, which the kernel
# applies too early (docs/patch-guide.md, "Static keys and jump labels").
DETECTIONS = {"klp-undeclared", "klp-missing-klp-object",
              "klp-module-static-call", "klp-module-static-key"}

VERDICTS = {"exported", "defined", "sympos", "error", "warning", "weak", "optimised-away"}
FAILING = ("miss", "wrong", "false-error", "unit-fail")
CLASSES = ("ok", "miss", "wrong", "false-error", "detection", "warning", "unknown", "unit-fail")
TIMEOUT = 600  # seconds for one klp-annotate run

SHN_UNDEF = 0
SHF_ALLOC = 0x2
SHT_SYMTAB = 2
STB_LOCAL = 0
STB_WEAK = 2


def fail(msg):
    print("accuracy: error: " + msg, file=sys.stderr)
    sys.exit(2)


# ---- the kernel's symbols, read raw ------------------------------------


def load_symvers(path):
    """Exported name -> owner: 'vmlinux' or the module's name."""
    owners = {}
    with open(path) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4:
                continue
            owner = cols[2]
            if owner != "vmlinux":
                owner = module_name(os.path.basename(owner))
            owners[cols[1]] = owner
    return owners


def load_vmlinux_kallsyms(path):
    """Name -> [is_global, ...] in kallsyms order, vmlinux lines only.

    kallsyms_on_each_symbol(), which klp_find_object_symbol() walks for
    vmlinux, goes in the same order /proc/kallsyms prints. Module lines
    carry a [module] tag; so do bpf and ftrace entries.
    """
    syms = {}
    with open(path) as f:
        for line in f:
            cols = line.split()
            if len(cols) != 3:
                continue
            syms.setdefault(cols[2], []).append(cols[1].isupper())
    return syms


def module_name(name):
    return name.replace("-", "_")


def index_modules(root):
    """Module name ('-' as '_') -> path of its .ko (6.12's are .ko.xz)."""
    kos = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            for ext in (".ko", ".ko.xz", ".ko.gz"):
                if f.endswith(ext):
                    kos[module_name(f[:-len(ext)])] = os.path.join(dirpath, f)
    return kos


def read_module(path):
    if path.endswith(".xz"):
        return lzma.open(path).read()
    if path.endswith(".gz"):
        return gzip.open(path).read()
    with open(path, "rb") as f:
        return f.read()


def elf_sections(data, path):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("%s: not a little-endian ELF64 file" % path)
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    if shnum == 0:
        raise ValueError("%s: extended section numbering is not supported" % path)
    secs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = secs[shstrndx]
    names = [cstr(data, strtab[4] + s[0]) for s in secs]
    return secs, names


def cstr(data, off):
    return data[off:data.index(b"\0", off)].decode("utf-8", "replace")


def ko_symbols(path):
    """Name -> [is_global, ...] in the order kallsyms keeps a loaded module's symbols.

    kernel/module/kallsyms.c keeps a symbol after init when it is defined
    (not SHN_UNDEF, an index below e_shnum: SHN_ABS and friends are out),
    has a name, and lives in the per-cpu section or in an allocated
    section of the core layout. The loader clears SHF_ALLOC on .modinfo and
    __versions first, and puts ".init*" sections in the init layout
    (".exit*" stays core: CONFIG_MODULE_UNLOAD=y).
    """
    data = read_module(path)
    secs, names = elf_sections(data, path)
    pcpu = names.index(".data..percpu") if ".data..percpu" in names else -1
    core = [s[2] & SHF_ALLOC and n not in (".modinfo", "__versions") and not n.startswith(".init")
            for s, n in zip(secs, names)]
    syms = {}
    for symtab in (s for s in secs if s[1] == SHT_SYMTAB):
        strtab = secs[symtab[6]]
        for off in range(symtab[4], symtab[4] + symtab[5], 24):
            st_name, st_info, _, st_shndx, _, _ = struct.unpack_from("<IBBHQQ", data, off)
            if st_shndx == SHN_UNDEF or st_shndx >= len(secs) or not st_name:
                continue
            if st_shndx != pcpu and not core[st_shndx]:
                continue
            name = cstr(data, strtab[4] + st_name)
            syms.setdefault(name, []).append(st_info >> 4 != STB_LOCAL)
    return syms


class Kernel:
    """The target kernel's symbols: exports, vmlinux, and modules on demand."""

    def __init__(self, symvers, kallsyms, modules_dir):
        self.exports = load_symvers(symvers)
        self.vmlinux = load_vmlinux_kallsyms(kallsyms)
        self.kos = index_modules(modules_dir)
        self.modules = {}

    def symbols(self, obj):
        """Name -> occurrences in OBJ, or None when OBJ has no .ko here."""
        if obj == "vmlinux":
            return self.vmlinux
        if obj not in self.modules:
            ko = self.kos.get(obj)
            self.modules[obj] = ko_symbols(ko) if ko else None
        return self.modules[obj]


# ---- ground truth --------------------------------------------------------


@dataclasses.dataclass
class Truth:
    cls: str            # exported, sympos, weak-absent, unknown
    obj: str = "-"
    pos: int = -1
    note: str = ""

    def __str__(self):
        if self.cls == "sympos":
            s = "sympos %s %d" % (self.obj, self.pos)
        else:
            s = self.cls
        return s + (" (%s)" % self.note if self.note else "")


def undefined_symbols(path):
    """gcc's undefined symbols, as nm -u lists them: name -> weak ('w' rather than 'U')?

    Read from the object's symbol table here: nm is one process per unit,
    and a slow one to start on some machines.
    """
    with open(path, "rb") as f:
        data = f.read()
    secs, _ = elf_sections(data, path)
    refs = {}
    for symtab in (s for s in secs if s[1] == SHT_SYMTAB):
        strtab = secs[symtab[6]]
        for off in range(symtab[4] + 24, symtab[4] + symtab[5], 24):
            st_name, st_info, _, st_shndx, _, _ = struct.unpack_from("<IBBHQQ", data, off)
            if st_shndx == SHN_UNDEF and st_name:
                refs[cstr(data, strtab[4] + st_name)] = st_info >> 4 == STB_WEAK
    # The loader fills it in for every module; a livepatch has its own.
    refs.pop("__this_module", None)
    return refs


def sympos_in(kernel, obj, name):
    """What klp_find_object_symbol() needs to find the NAME a reference binds to in OBJ."""
    syms = kernel.symbols(obj)
    if syms is None:
        return Truth("unknown", obj, note="no %s.ko under the modules directory" % obj)
    occ = syms.get(name)
    if not occ:
        return Truth("unknown", obj, note="not in %s" % obj)
    # An undefined reference binds only to a global definition: its rank
    # among the same-named symbols is the sympos; 0 when the name is unique.
    globals_ = [i for i, g in enumerate(occ) if g]
    if not globals_:
        return Truth("unknown", obj, note="only local definitions in %s" % obj)
    note = "%d globals in %s" % (len(globals_), obj) if len(globals_) > 1 else ""
    return Truth("sympos", obj, 0 if len(occ) == 1 else globals_[0] + 1, note)


def classify(kernel, name, weak, own):
    owner = kernel.exports.get(name)
    if owner == "vmlinux":
        return Truth("exported", "vmlinux")
    if owner:
        # Policy: a module's export still gets KLP_SYMPOS in that module, so
        # the patch has no load-order dependency on it.
        return sympos_in(kernel, owner, name)
    t = sympos_in(kernel, own, name)
    if t.cls == "unknown" and weak:
        return Truth("weak-absent", note=t.note)
    return t


# ---- the unit ----------------------------------------------------------


@dataclasses.dataclass
class Ref:
    loc: str
    name: str
    verdict: str
    obj: str
    pos: str
    detail: str

    def __str__(self):
        return " ".join(c for c in (self.verdict, self.obj, self.pos, self.detail) if c != "-")


@dataclasses.dataclass
class Unit:
    unit: str
    kind: str = "?"             # vmlinux or module, from kbuild's command
    own: str = "?"              # the object it is part of: vmlinux or the module
    built: bool = False
    fail: str = ""              # why it is a unit-fail
    seconds: float = 0.0
    rc: int = 0
    refs: list = dataclasses.field(default_factory=list)      # the tool's lines
    unparsed: int = 0
    gcc: dict = dataclasses.field(default_factory=dict)       # name -> weak?
    truth: dict = dataclasses.field(default_factory=dict)     # name -> Truth
    judged: list = dataclasses.field(default_factory=list)    # (class, name, Ref|None, Truth|None)

    def count(self, cls):
        return sum(1 for j in self.judged if j[0] == cls)


def unit_paths(args, unit):
    d, f = os.path.split(unit)
    stem = f[:-2]
    return (os.path.join(args.source, d, stem + ".c"),
            os.path.join(args.build, d, "." + f + ".cmd"),
            os.path.join(args.build, unit))


def read_kind(cmd_file):
    """(kind, own object) from kbuild's saved command."""
    with open(cmd_file) as f:
        cmd = f.readline()
    m = re.search(r"-DKBUILD_MODNAME='\"([^\"]+)\"'", cmd)
    if re.search(r"(^|\s)-DMODULE(\s|$)", cmd):
        if not m:
            raise ValueError("%s: -DMODULE without KBUILD_MODNAME" % cmd_file)
        return "module", module_name(m.group(1))
    return "vmlinux", "vmlinux"


def parse_refs(text):
    refs, bad = [], 0
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) != 6 or cols[2] not in VERDICTS:
            bad += 1
            continue
        refs.append(Ref(*cols))
    return refs, bad


def run_tool(args, u, env):
    src, cmd, obj = unit_paths(args, u.unit)
    argv = [os.path.join(args.bin, "klp-annotate"), "--refs", "-C", args.build, "--cmd", cmd,
            "--symvers", env["KLP_SYMVERS"], "--kallsyms", env["KLP_KALLSYMS"],
            "--modules", env["KLP_MODULES_DIR"],
            # As a livepatch of this unit's code would: a klp_object for
            # the object it is built into.
            "--klp-object", u.own]
    if args.object:
        argv += ["--object", obj]
    if args.verbose:
        argv.append("-v")
    argv.append(src)
    t = time.perf_counter()
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           errors="replace", timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        u.seconds = time.perf_counter() - t
        u.fail = "klp-annotate timed out after %d s" % TIMEOUT
        return
    u.seconds = time.perf_counter() - t
    u.rc = r.returncode
    base = os.path.join(args.out, "units", u.unit[:-2])
    os.makedirs(os.path.dirname(base), exist_ok=True)
    with open(base + ".refs", "w") as f:
        f.write(r.stdout)
    with open(base + ".err", "w") as f:
        f.write(r.stderr)
    u.refs, u.unparsed = parse_refs(r.stdout)
    first = " / ".join(r.stderr.strip().splitlines()[:3]) or "no stderr"
    if r.returncode < 0 or r.returncode > 2:
        u.fail = "klp-annotate exit %d: %s" % (r.returncode, first)
    elif not u.refs and r.returncode == 2:
        u.fail = "klp-annotate exit 2, no lines: %s" % first


def is_detection(err, truth):
    """An error that names the right reference and object, and is right to stop."""
    if err.detail not in DETECTIONS or err.obj not in ("-", truth.obj):
        return False
    # The tool prints no object on errors: at least the kind must match.
    return truth.obj != "vmlinux" or not err.detail.startswith("klp-module-")


def judge(name, truth, lines):
    """One class for the name, and the tool's line that decided it."""
    first = lines[0] if lines else None
    errors = [r for r in lines if r.verdict == "error"]
    syms = [r for r in lines if r.verdict == "sympos"]
    warnings = [r for r in lines if r.verdict == "warning"]
    if truth is None:   # gcc does not reference it
        bad = errors + syms
        if bad:
            return "false-error", bad[0]
        return ("warning", warnings[0]) if warnings else None
    if truth.cls == "unknown":
        return "unknown", first
    if errors:
        e = errors[0]
        if truth.cls == "sympos" and is_detection(e, truth):
            return "detection", e
        return "false-error", e
    if warnings:
        return "warning", warnings[0]
    if truth.cls == "sympos":
        if not syms:
            return "miss", first
        wrong = [r for r in syms if (r.obj, r.pos) != (truth.obj, str(truth.pos))]
        return ("wrong", wrong[0]) if wrong else ("ok", syms[0])
    # exported, weak-absent: nothing to write
    if syms:
        return "false-error", syms[0]
    return "ok", first


def read_object(args, u):
    try:
        u.gcc = undefined_symbols(unit_paths(args, u.unit)[2])
    except (OSError, ValueError) as e:
        u.fail = str(e)


def analyse(kernel, args, u):
    u.truth = {n: classify(kernel, n, w, u.own) for n, w in sorted(u.gcc.items())}
    by_name = {}
    for r in u.refs:
        by_name.setdefault(r.name, []).append(r)
    for name in sorted(set(u.truth) | set(by_name)):
        j = judge(name, u.truth.get(name), by_name.get(name, []))
        if j:
            u.judged.append((j[0], name, j[1], u.truth.get(name)))
    base = os.path.join(args.out, "units", u.unit[:-2])
    os.makedirs(os.path.dirname(base), exist_ok=True)
    with open(base + ".truth", "w") as f:
        for name, t in u.truth.items():
            f.write("%s\t%s\t%s\t%s\t%s\n" % (name, t.cls, t.obj, t.pos if t.pos >= 0 else "-", t.note or "-"))


# ---- inputs --------------------------------------------------------------


def read_units(path):
    units = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            unit = line.split()[0]
            if not unit.endswith(".o"):
                fail("%s:%d: not a unit: %s" % (path, n, unit))
            units.append(unit)
    if not units:
        fail("%s: no units" % path)
    return units


def read_built(path):
    built = {}
    with open(path) as f:
        for line in f:
            cols = line.split()
            if len(cols) == 2 and cols[0] in ("ok", "fail"):
                built[cols[1]] = cols[0] == "ok"
    return built


def read_known(path):
    """(unit, symbol, class) -> reason. SYMBOL '*' matches any symbol."""
    known = {}
    if not path:
        return known
    try:
        f = open(path)
    except OSError as e:
        fail("%s: %s" % (path, e.strerror))
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3 or cols[2] not in FAILING:
                fail("%s:%d: want UNIT<TAB>SYMBOL<TAB>CLASS<TAB>reason, CLASS one of %s"
                     % (path, n, ", ".join(FAILING)))
            known[tuple(cols[:3])] = cols[3] if len(cols) > 3 else ""
    return known


def build_error(build, unit):
    """The first compiler error about UNIT in kernel-build's log, if any."""
    src = unit[:-2] + ".c"
    try:
        with open(os.path.join(build, ".klp-build.log"), errors="replace") as f:
            for line in f:
                if src in line and "error" in line:
                    return line.strip().split("/linux-source-")[-1][:200]
    except OSError:
        pass
    return ""


# ---- the report --------------------------------------------------------


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%d CPUs, %s" % (os.cpu_count() or 0, model)


def short_loc(loc, source):
    return loc[len(source) + 1:] if loc.startswith(source + "/") else loc


def mismatch_rows(units, source):
    """Every judged name that is not plainly ok, and every unit failure."""
    rows = []
    for u in units:
        if u.fail:
            rows.append((u.unit, "unit-fail", "-", "-", u.fail, "-"))
            continue
        for cls, name, ref, truth in u.judged:
            if cls == "ok":
                continue
            loc = short_loc(ref.loc, source) if ref else "-"
            rows.append((u.unit, cls, name, loc, str(ref) if ref else "not listed",
                         str(truth) if truth else "not referenced by gcc"))
    return rows


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def md_table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    return out


def header(args, units, steps, env):
    analysed = [u for u in units if u.built and not u.fail]
    mode = " --object" if args.object else ""
    lines = ["# klp-annotate accuracy against gcc", "",
             "- date: %s" % datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
             "- kernel: %s" % env.get("KLP_KVER", "?"),
             "- machine: %s" % machine(),
             "- klp-annotate: %s --refs%s, %d in parallel; %s"
             % (os.path.join(args.bin, "klp-annotate"), mode, args.jobs, args.revision or "revision unknown"),
             "- units: %d attempted, %d built, %d analysed (%s)"
             % (len(units), sum(u.built for u in units), len(analysed), args.units)]
    if args.absent:
        lines.append("- not in this kernel's source, not attempted: %s" % ", ".join(args.absent))
    if steps:
        lines.append("- wall time: " + ", ".join("%s %s s" % s for s in steps))
    return lines


def totals(units):
    lines = ["", "## Totals", "",
             "One count per symbol name per unit; unit-fail counts units. Failing: %s. "
             "Detections (%s) are errors on a needed reference that no edit could satisfy."
             % (", ".join(FAILING), ", ".join(sorted(DETECTIONS))), ""]
    count = {c: 0 for c in CLASSES}
    for u in units:
        count["unit-fail"] += bool(u.fail)
        for j in u.judged:
            count[j[0]] += 1
    lines += md_table(["class", "count"], [(c, count[c]) for c in CLASSES])
    analysed = [u for u in units if u.built and not u.fail]
    refs = sum(len(u.truth) for u in analysed)
    need = sum(1 for u in analysed for t in u.truth.values() if t.cls == "sympos")
    unref = sum(1 for u in analysed for j in u.judged if j[3] is None)
    lines += ["", "gcc's undefined symbols: %d, of which %d need an annotation. "
              "Names klp-annotate flagged that gcc does not reference: %d." % (refs, need, unref)]
    odd = [u for u in units if u.unparsed]
    if odd:
        lines += ["", "Lines of klp-annotate's output not in the --refs format, ignored: %s."
                  % ", ".join("%s %d" % (u.unit, u.unparsed) for u in odd)]
    return lines


def timing(units):
    timed = [u for u in units if u.built and u.seconds]
    if not timed:
        return []
    times = [u.seconds for u in timed]
    slowest = max(timed, key=lambda u: u.seconds)
    return ["", "## klp-annotate time", "",
            "Per unit: median %.2f s, p90 %.2f s, max %.2f s (%s); sum %.1f s over %d units."
            % (statistics.median(times), percentile(times, 90), slowest.seconds, slowest.unit,
               sum(times), len(times))]


def mismatches(rows, known):
    lines = ["", "## Mismatches", ""]
    if not rows:
        return lines + ["none"]
    for cls in ("unit-fail", "false-error", "wrong", "miss", "detection", "warning", "unknown"):
        some = [r for r in rows if r[1] == cls]
        if not some:
            continue
        lines += ["### %s (%d)" % (cls, len(some)), ""]
        lines += md_table(["unit", "symbol", "location", "klp-annotate", "truth", "known"],
                          [(r[0], r[2], r[3], r[4], r[5], "yes" if known_key(r, known) else "")
                           for r in some])
        lines.append("")
    return lines


def per_unit(units):
    rows = []
    for u in units:
        kind = "module " + u.own if u.kind == "module" else u.kind
        if u.fail:
            rows.append((u.unit, kind, "-", "-", "unit-fail", "", "", "", "", "", "", "%.2f" % u.seconds))
            continue
        need = sum(1 for t in u.truth.values() if t.cls == "sympos")
        rows.append((u.unit, kind, len(u.truth), need)
                    + tuple(u.count(c) for c in CLASSES[:-1]) + ("%.2f" % u.seconds,))
    return ["", "## Per unit", "",
            "refs: gcc's undefined symbols; need: those that need an annotation. "
            "The classes count names, the tool's flags on names gcc does not reference included.",
            ""] + md_table(["unit", "object", "refs", "need"] + list(CLASSES[:-1]) + ["seconds"], rows)


def report(args, units, rows, new, stale, steps, env):
    lines = header(args, units, steps, env) + totals(units) + timing(units)
    if new:
        lines += ["", "## New failures (not in %s)" % (args.known or "a known file"), ""]
        lines += ["- " + describe(r) for r in new]
    if stale:
        lines += ["", "## Known but not seen", ""] + ["- %s %s %s" % k for k in stale]
    lines += mismatches(rows, args.known_map) + per_unit(units)
    return "\n".join(lines) + "\n"


def describe(row):
    unit, cls, name, loc, tool, truth = row
    if cls == "unit-fail":
        return "%s unit-fail: %s" % (unit, tool)
    return "%s %s %s at %s: klp-annotate %s; truth %s" % (unit, cls, name, loc, tool, truth)


def known_key(row, known):
    unit, cls, name = row[0], row[1], row[2]
    return (unit, name, cls) in known or (unit, "*", cls) in known


# ---- main ----------------------------------------------------------------


def main():
    p = argparse.ArgumentParser(description="klp-annotate's accuracy against gcc")
    p.add_argument("--bin", required=True)
    p.add_argument("--source", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("--units", required=True)
    p.add_argument("--built", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--known", default="")
    p.add_argument("--object", action="store_true",
                   help="give klp-annotate gcc's object too (--object), as scripts/livepatch-build does")
    p.add_argument("--verbose", action="store_true", help="klp-annotate -v: its notes in each unit's .err")
    p.add_argument("--step", action="append", default=[])
    p.add_argument("--revision", default="", help="what the tools were built from, for the report")
    args = p.parse_args()
    env = os.environ
    for key in ("KLP_SYMVERS", "KLP_KALLSYMS", "KLP_MODULES_DIR"):
        if not env.get(key) or not os.path.exists(env[key]):
            fail("%s is not set or missing: source the kernel cache's env file" % key)
    if not os.access(os.path.join(args.bin, "klp-annotate"), os.X_OK):
        fail("%s: no klp-annotate" % args.bin)
    args.known_map = read_known(args.known)
    os.makedirs(args.out, exist_ok=True)
    steps = [tuple(s.split("=", 1)) for s in args.step]

    try:
        kernel = Kernel(env["KLP_SYMVERS"], env["KLP_KALLSYMS"], env["KLP_MODULES_DIR"])
    except (OSError, ValueError) as e:
        fail(str(e))
    built = read_built(args.built)
    # A list may name a unit at each kernel's path (lib/mpi/ is
    # lib/crypto/mpi/ since 6.10): one whose source this kernel does not
    # have is not attempted, and the report names it.
    names = read_units(args.units)
    args.absent = [n for n in names if not os.path.exists(unit_paths(args, n)[0])]
    units = [Unit(n) for n in names if n not in args.absent]
    if not units:
        fail("%s: no unit whose source %s has" % (args.units, args.source))
    todo = []
    for u in units:
        u.built = built.get(u.unit, False)
        if not u.built:
            why = build_error(args.build, u.unit)
            u.fail = "did not build" + (": " + why if why else "")
            continue
        try:
            u.kind, u.own = read_kind(unit_paths(args, u.unit)[1])
        except (OSError, ValueError) as e:
            u.fail = str(e)
            continue
        todo.append(u)
    if not todo:
        fail("no unit built: see %s/.klp-build.log" % args.build)

    # The first run builds the symbol index; the others only read it. Run
    # one alone so that parallel runs neither race on it nor time it.
    w = Unit(todo[0].unit)
    run_tool(args, w, env)
    steps.append(("index warm-up", "%.1f" % w.seconds))
    t1 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(lambda u: run_tool(args, u, env), todo))
        steps.append(("klp-annotate", "%.1f" % (time.perf_counter() - t1)))
        t1 = time.perf_counter()
        list(pool.map(lambda u: read_object(args, u), todo))
    for u in todo:
        if u.fail:
            continue
        try:
            analyse(kernel, args, u)
        except (OSError, ValueError) as e:
            u.fail = str(e)
    steps.append(("truth and comparison", "%.1f" % (time.perf_counter() - t1)))

    rows = mismatch_rows(units, args.source)
    with open(os.path.join(args.out, "mismatches.tsv"), "w") as f:
        f.write("unit\tclass\tsymbol\tlocation\ttool\ttruth\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    new = [r for r in rows if r[1] in FAILING and not known_key(r, args.known_map)]
    seen = {(r[0], r[2], r[1]) for r in rows} | {(r[0], "*", r[1]) for r in rows}
    # Only the units of this run can tell whether a known failure is gone.
    names = {u.unit for u in units}
    stale = sorted(k for k in args.known_map if k[0] in names and k not in seen)
    text = report(args, units, rows, new, stale, steps, env)
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    if new:
        print("\naccuracy: %d new failures (not in %s):" % (len(new), args.known or "a known file"))
        for r in new:
            print("  " + describe(r))
        return 1
    print("\naccuracy: no new failures; report in %s" % os.path.join(args.out, "report.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
