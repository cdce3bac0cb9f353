#!/bin/sh
# nearest-anchors.sh KALLSYMS NAME POS ANCHOR...
# Of the ANCHORs (vmlinux functions a patch replaces), those nearest, in
# bytes of KALLSYMS addresses, to the POS-th vmlinux NAME: one line
# "ANCHOR DISTANCE" each (several on a tie). Addresses are compared by
# their low 32 bits (awk's numbers are doubles): vmlinux text lies in
# ffffffff80000000-ffffffffffffffff, so that is exact.
set -eu
die() { echo "nearest-anchors.sh: error: $*" >&2; exit 1; }
[ $# -ge 4 ] || die "usage: nearest-anchors.sh KALLSYMS NAME POS ANCHOR..."
ksyms=$1 name=$2 pos=$3
shift 3
awk -v name="$name" -v pos="$pos" -v anchors="$*" '
	function hex(s,   i, v) {
		s = substr(s, length(s) - 7)
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(tolower(s), i, 1)) - 1
		return v
	}
	BEGIN { n = split(anchors, list, " "); for (i = 1; i <= n; i++) want[list[i]] = 1 }
	NF == 3 && $3 == name && ++seen == pos { at = hex($1) }
	NF == 3 && ($3 in want) { addr[$3] = hex($1) }
	END {
		if (!at)
			exit 1
		best = -1
		for (a in addr) {
			d = addr[a] > at ? addr[a] - at : at - addr[a]
			dist[a] = d
			if (best < 0 || d < best)
				best = d
		}
		for (a in addr)
			if (dist[a] == best)
				print a, best
	}' "$ksyms"
