#!/usr/bin/env python3
"""Pick a seeded random sample of the kernel's C units, per top directory.

usage: accuracy-select.py SOURCE CONFIG TOPS SEED COUNT

SOURCE: the kernel source tree (scripts/kernel-source prints it).
CONFIG: the kernel's .config (KLP_CONFIG in the kernel cache's env).
TOPS: comma-separated top directories, e.g. fs,mm,kernel.
Prints "dir/unit.o KIND" lines: for each top directory in order, COUNT
vmlinux units then COUNT module units (all of them when fewer), sampled
with random.seed(SEED).

bench/accuracy-units.txt is the output of

    bench/accuracy-select.py SOURCE CONFIG \\
        fs,mm,kernel,net,drivers,security,block,lib,ipc,crypto,sound 1 20

The Makefiles are read, not run: a line "obj-y", "obj-$(CONFIG_X)" or
"name-y"/"name-objs" contributes its .o files when the config turns the
option on (y: vmlinux, m: module). That is an approximation, and the
sample shows it: a directory included only under a config option is
walked anyway (mm/kfence/, mm/kmsan/), and ":=" is read as "+=" (fs/proc's
nommu.o). Such units fail to build; the units list keeps them, commented
out, so the seeded sample stays reproducible.
"""
import os
import random
import re
import sys

# Makefile variables that look like "name-y" but are not composite objects.
NOT_OBJECTS = {"obj", "lib", "subdir", "ccflags", "asflags", "ldflags", "always", "extra",
               "hostprogs", "targets", "clean", "CFLAGS", "AFLAGS"}


def read_config(path):
    cfg = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"(CONFIG_\w+)=(.*)", line)
            if m:
                cfg[m.group(1)] = m.group(2)
    return cfg


def state(cfg, suffix):
    """'y', 'm' or None for the suffix of obj-SUFFIX."""
    if suffix == "y":
        return "y"
    m = re.fullmatch(r"\$\((CONFIG_\w+)\)", suffix)
    if m and cfg.get(m.group(1)) in ("y", "m"):
        return cfg[m.group(1)]
    return None


def read_makefile(path, cfg):
    """([(object.o, 'y'|'m')], {composite: [part.o, ...]}) from one kbuild Makefile."""
    with open(path, errors="replace") as f:
        text = f.read().replace("\\\n", " ")
    objs, parts = [], {}
    for line in text.splitlines():
        m = re.match(r"\s*obj-(\S+)\s*[:+]?=\s*(.*)", line)
        if m:
            st = state(cfg, m.group(1))
            if st:
                objs += [(o, st) for o in m.group(2).split() if o.endswith(".o")]
            continue
        m = re.match(r"\s*([\w-]+)-(y|objs|\$\(CONFIG_\w+\))\s*[:+]?=\s*(.*)", line)
        if m and m.group(1) not in NOT_OBJECTS and (m.group(2) == "objs" or state(cfg, m.group(2))):
            parts.setdefault(m.group(1), []).extend(o for o in m.group(3).split() if o.endswith(".o"))
    return objs, parts


def find_units(src, tops, cfg):
    """{dir/unit.o: 'vmlinux'|'module'} for every unit with a .c file."""
    units = {}
    for top in tops:
        for root, _, _ in os.walk(os.path.join(src, top)):
            mk = os.path.join(root, "Makefile")
            if not os.path.exists(mk):
                continue
            objs, parts = read_makefile(mk, cfg)
            rel = os.path.relpath(root, src)
            for obj, st in objs:
                for part in parts.get(obj[:-2], [obj]):
                    if os.path.exists(os.path.join(root, part[:-2] + ".c")):
                        units[os.path.join(rel, part)] = "vmlinux" if st == "y" else "module"
    return units


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__.split("\n\n")[1])
    src, config, tops, seed, count = sys.argv[1:]
    tops = tops.split(",")
    units = find_units(src, tops, read_config(config))
    # One seed for the whole run, consumed in this order: changing TOPS
    # changes every later pick.
    random.seed(int(seed))
    for top in tops:
        for kind in ("vmlinux", "module"):
            cand = sorted(u for u, k in units.items() if u.startswith(top + "/") and k == kind)
            for u in random.sample(cand, min(int(count), len(cand))):
                print(u, kind)


if __name__ == "__main__":
    main()
