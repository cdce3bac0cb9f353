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
# Sanitizer builds: keep reports readable and fatal.
config.environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"

src = config.klp_src_root
config.substitutions.append(("%klp-headers", os.path.join(src, "headers")))
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
# that, qemu can boot the kernel. A machine without them reports the
# tests UNSUPPORTED; with KLP_REQUIRE_KERNEL=1 (CI) that is an error.
kdir = config.kernel_dir or os.environ.get("KLP_KERNEL_DIR", "")
if kdir and os.path.isdir(kdir):
    config.available_features.add("kernel-headers")
    config.environment["KLP_KERNEL_DIR"] = kdir
    if shutil.which("qemu-system-x86_64"):
        config.available_features.add("qemu-kernel")
if os.environ.get("KLP_REQUIRE_KERNEL") == "1" and "qemu-kernel" not in config.available_features:
    lit_config.fatal("KLP_REQUIRE_KERNEL=1 but the kernel cache or qemu is missing: run scripts/kernel-fetch")

if config.sanitize:
    config.available_features.add("sanitize")
