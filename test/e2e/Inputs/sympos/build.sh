#!/bin/sh
# build.sh OUTDIR: the sympos livepatch, the way a developer meets it.
#  - plain/: the unannotated source; klp-annotate --check must refuse to
#    guess among the duplicates (OUTDIR/annotate.err, exit status in
#    OUTDIR/plain.rc).
#  - right/, zero/, beyond/: the source with a hand-written block for
#    position 3, 0, and one past the last occurrence (counted in the real
#    kallsyms). Each is checked by klp-annotate --check (OUTDIR/NAME.rc,
#    diagnostics in OUTDIR/NAME.err), built, and converted to OUTDIR/NAME.ko.
set -u
src=$(cd "$(dirname "$0")" && pwd)
scripts=$(cd "$src/../../../../scripts" && pwd)
out=$1
. "$KLP_KERNEL_DIR/env"

annotate_check() {
	klp-annotate --check -C "$KLP_KBUILD_DIR" --cmd "$1/.klp_e2e_sympos.o.cmd" \
		--symvers "$KLP_SYMVERS" --kallsyms "$KLP_KALLSYMS" "$1/klp_e2e_sympos.c"
}

build() {
	mkdir -p "$out/$1"
	cp "$src/klp_e2e_sympos.c" "$src/Kbuild" "$out/$1/"
	if [ -n "$2" ]; then
		cat >>"$out/$1/klp_e2e_sympos.c" <<BLOCK

#include <klp_reloc.h>

KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
	KLP_SYMPOS(_acpi_module_name, $2),
};
BLOCK
	fi
	"$scripts/kbuild-module" "$out/$1" >"$out/$1/build.log" 2>&1 || { cat "$out/$1/build.log"; exit 2; }
	annotate_check "$out/$1" >"$out/$1.err" 2>&1
	echo $? >"$out/$1.rc"
}

count=$(grep -c ' _acpi_module_name$' "$KLP_KALLSYMS")
echo "$((count + 1))" >"$out/beyond-pos"
build plain ""
for variant in right:3 zero:0 beyond:$((count + 1)); do
	name=${variant%%:*}
	build "$name" "${variant#*:}"
	klp-convert --symvers "$KLP_SYMVERS" "$out/$name/klp_e2e_sympos.ko" "$out/$name.ko" || exit 2
done
