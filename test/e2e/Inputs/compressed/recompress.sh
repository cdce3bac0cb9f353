#!/usr/bin/env bash
# recompress.sh MODULE OUTDIR: the kernel's MODULE (under $KLP_MODULES_DIR,
# plain or .ko.xz, as the kernel ships it) written to OUTDIR compressed
# with xz, and every module of its depends= chain with zstd; prints the
# chain's module names, one a line, MODULE's own last.
set -euo pipefail

die() { echo "recompress.sh: error: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: recompress.sh MODULE OUTDIR"
[ -n "${KLP_MODULES_DIR:-}" ] || die "KLP_MODULES_DIR unset (the kernel's env file)"
out=$2
mkdir -p "$out"

declare -A done_=()
add() {
	local name=$1 how=$2 f plain dep
	[ -z "${done_[$name]:-}" ] || return 0
	done_[$name]=1
	f=$(find "$KLP_MODULES_DIR" \( -name "$name.ko" -o -name "$name.ko.xz" -o \
		-name "${name//_/-}.ko" -o -name "${name//_/-}.ko.xz" \) -print -quit)
	[ -n "$f" ] || die "no module $name under $KLP_MODULES_DIR"
	plain=$out/$name.ko
	case $f in
	*.ko) cp "$f" "$plain" ;;
	*.ko.xz) xz -dc "$f" >"$plain" ;;
	esac
	for dep in $(modinfo -F depends "$plain" | tr ',' ' '); do
		add "$dep" zstd
	done
	case $how in
	xz) xz "$plain" ;;
	zstd) zstd -q --rm "$plain" ;;
	esac
	echo "$name"
}
add "$1" xz
