#!/bin/sh
# build.sh OUTDIR: build and convert the sympos livepatch three times:
# right.ko (position 3), zero.ko (position 0 on a duplicated name) and
# beyond.ko (one past the last occurrence, counted in the real kallsyms).
set -eu
src=$(dirname "$0")
out=$1
. "$KLP_KERNEL_DIR/env"
count=$(grep -c ' _acpi_module_name$' "$KLP_KALLSYMS")
for variant in right:3 zero:0 beyond:$((count + 1)); do
	name=${variant%%:*}
	pos=${variant#*:}
	mkdir -p "$out/$name"
	cp "$src/klp_e2e_sympos.c" "$src/Kbuild" "$out/$name/"
	KCFLAGS="-DKLP_E2E_SYMPOS=$pos" "$src/../../../../scripts/kbuild-module" "$out/$name" >"$out/$name/build.log"
	klp-convert --symvers "$KLP_SYMVERS" "$out/$name/klp_e2e_sympos.ko" "$out/$name.ko"
done
echo "$((count + 1))" >"$out/beyond-pos"
