# -*- Python -*- lit configuration for klp-tools.
import os
import shutil

import lit.formats

# Paths come from the build tree's lit.site.cfg.py, which ctest passes as
# --param klp_site=...; run "ctest" or pass it yourself.
site = lit_config.params.get("klp_site")
if not site or not os.path.exists(site):
    lit_config.fatal("pass --param klp_site=BUILD/test/lit.site.cfg.py (ctest does)")
exec(open(site).read())

config.name = "klp-tools"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".test", ".c", ".sh"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.klp_obj_root, "test")

# Tools we build first, then LLVM's test tools (FileCheck, not, count,
# split-file), then the system.
path = [config.klp_bin_dir, config.llvm_bin_dir, config.environment.get("PATH", os.environ["PATH"])]
config.environment["PATH"] = os.pathsep.join(path)
for var in ("HOME", "TMPDIR", "KLP_CACHE"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# The symbol index cache: one per build tree, never the user's. Most tests
# load fixtures written afresh in %t (a full load, then an index written);
# the checked-in and the real-kernel inputs are served from the index on
# every run after the first, and must give the same answers.
config.environment["KLP_SYMDB_CACHE"] = os.path.join(config.klp_obj_root, "test", "symdb-cache")
# The preamble cache built before each run ends: every unit a test analyses
# twice goes through it the second time (the findings must not change), and
# no builder outlives its test.
config.environment["KLP_PREAMBLE_CACHE"] = "wait"
# Sanitizer builds: keep reports readable and fatal.
config.environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"

src = config.klp_src_root
config.substitutions.append(("%klp-headers", os.path.join(src, "headers")))
config.substitutions.append(("%klp-build", config.klp_obj_root))
config.substitutions.append(("%scripts", os.path.join(src, "scripts")))
config.substitutions.append(("%readelf", config.readelf))
# A compiler with the flags that make an object look like a kernel
# module's: no PIC, kernel code model, one section per function/object.
kcc = "%s -c -O2 -mcmodel=kernel -fno-pic -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -I%s" % (
    config.host_cc, os.path.join(src, "headers"))
config.substitutions.append(("%kcc", kcc))
config.substitutions.append(("%cc", config.host_cc))
config.substitutions.append(("%python", config.python))

# Real-kernel features. kernel-headers: the Debian kernel packages are
# unpacked in the cache (scripts/kernel-fetch). qemu-kernel: on top of
# that, qemu can boot the kernel. kallsyms: the booted kernel's real
# /proc/kallsyms is cached too. A machine without them reports the tests
# UNSUPPORTED; with KLP_REQUIRE_KERNEL=1 (CI) that is an error.
def read_kernel_env(path):
    env = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, val = line.split("=", 1)
            env[key] = val
    return env

kdir = os.environ.get("KLP_KERNEL_DIR", "") or config.kernel_dir
kenv_path = os.path.join(kdir, "env") if kdir else ""
if kenv_path and os.path.exists(kenv_path):
    kenv = read_kernel_env(kenv_path)
    config.available_features.add("kernel-headers")
    config.environment["KLP_KERNEL_DIR"] = kdir
    for key, val in kenv.items():
        config.environment[key] = val
    # Tests name the kernel's files through these, never through paths.
    config.substitutions.append(("%kdir", kdir))
    for sub, key in (("%kver", "KLP_KVER"), ("%kbuild", "KLP_KBUILD_DIR"),
                     ("%symvers", "KLP_SYMVERS"), ("%kmodules", "KLP_MODULES_DIR"),
                     ("%vmlinuz", "KLP_VMLINUZ")):
        config.substitutions.append((sub, kenv.get(key, "")))
    if kenv.get("KLP_KALLSYMS") and os.path.exists(kenv["KLP_KALLSYMS"]):
        config.available_features.add("kallsyms")
        config.substitutions.append(("%kallsyms", kenv["KLP_KALLSYMS"]))
    if shutil.which("qemu-system-x86_64") and os.path.exists(kenv.get("KLP_VMLINUZ", "")):
        config.available_features.add("qemu-kernel")
    # Each qemu boot takes a few seconds under TCG; never let one hang lit.
    config.environment["KLP_GUEST_TIMEOUT"] = os.environ.get("KLP_GUEST_TIMEOUT", "300")
elif kdir:
    lit_config.note("KLP_KERNEL_DIR=%s has no env file: run scripts/kernel-fetch" % kdir)
missing = [f for f in ("kernel-headers", "qemu-kernel", "kallsyms") if f not in config.available_features]
if missing:
    lit_config.note("real-kernel tests UNSUPPORTED here (missing: %s); run scripts/kernel-fetch "
                    "and install qemu-system-x86" % ", ".join(missing))
if os.environ.get("KLP_REQUIRE_KERNEL") == "1" and missing:
    lit_config.fatal("KLP_REQUIRE_KERNEL=1 but %s missing: run scripts/kernel-fetch "
                     "(with qemu-system-x86 installed)" % ", ".join(missing))

if config.sanitize:
    config.available_features.add("sanitize")
