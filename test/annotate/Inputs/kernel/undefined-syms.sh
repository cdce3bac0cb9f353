#!/bin/sh
# undefined-syms.sh OBJECT: the undefined symbols OBJECT references, one a
# line, sorted, without the ones only the compiler makes (__fentry__ for
# ftrace, the return and indirect-branch thunks).
readelf -sW "$1" | awk '$7 == "UND" && $8 != "" { print $8 }' |
	grep -v -e '^__fentry__$' -e '^__x86_return_thunk$' -e '^__x86_indirect_thunk_' | sort
