#!/bin/sh
# sympos-before.sh KALLSYMS NAME ANCHOR
# The position the kernel counts for the NAME symbol that comes before
# ANCHOR in KALLSYMS (vmlinux: address order), and how many NAMEs exist.
awk -v name="$2" -v anchor="$3" '
	$3 == name && NF == 3 { n++ }
	$3 == anchor && !pos { pos = n }
	END { print pos; print "count " n }' "$1"
