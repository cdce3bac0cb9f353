#!/bin/sh
# compare-modules.sh KALLSYMS MODDIR OUTDIR: for every module KALLSYMS
# holds, compare the names and positions klp-symbols reads from its .ko
# (or .ko.xz, .ko.zst, .ko.gz) below MODDIR with those of the kallsyms
# lines. Prints "MODULE N same" per module; exits 1 at the first difference.
set -eu
kallsyms=$1 moddir=$2 out=$3

find "$moddir" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz' > "$out/kos"
for m in $(grep -o '\[[A-Za-z0-9_]*\]$' "$kallsyms" | tr -d '[]' | sort -u); do
	ko=$(awk -v m="$m" '{ n = $0; sub(/.*\//, "", n); sub(/\.ko(\.xz|\.zst|\.gz)?$/, "", n);
			      gsub(/-/, "_", n); if (n == m) { print; exit } }' "$out/kos")
	[ -n "$ko" ] || { echo "no .ko for $m"; exit 1; }
	klp-symbols -e "$ko" dump "$m" | awk '{ print $3, $4 }' > "$out/$m.ko"
	klp-symbols -k "$kallsyms" dump "$m" | awk '{ print $3, $4 }' > "$out/$m.kallsyms"
	diff "$out/$m.kallsyms" "$out/$m.ko"
	echo "$m $(wc -l < "$out/$m.ko") same"
done
