#!/bin/sh
# referenced-syms.sh FILE.c LOG: the kernel symbols klp-annotate -v said
# FILE.c references, one a line, sorted.
sed -n "s/^klp-annotate: note: .*$1: \([A-Za-z0-9_]*\): .*/\1/p" "$2" | sort
