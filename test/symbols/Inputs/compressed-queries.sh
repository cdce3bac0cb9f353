#!/bin/sh
# compressed-queries.sh -e FILE|-m DIR OBJ: klp-symbols' answers about
# module OBJ from that input, with the input's path taken out, so that a
# compressed module's answers can be diffed with the uncompressed one's.
# Every symbol (dump), every name's occurrences (sympos, find), each
# position, counts, the objects, and the module's name.
set -eu
opt=$1 in=$2 obj=$3

q() {
	echo "$*"
	klp-symbols "$opt" "$in" "$@" | sed "s|$in[^ ]*|INPUT|g"
}

q dump "$obj"
q objects
for name in $(klp-symbols "$opt" "$in" dump "$obj" | awk '{ print $3 }' | sort -u); do
	q find "$name"
	q sympos "$obj" "$name"
	q count "$obj" "$name"
	n=$(klp-symbols "$opt" "$in" count "$obj" "$name")
	i=0
	while [ "$i" -le "$n" ]; do
		# 0 fails for a duplicated name: the failure is part of the answer.
		q sympos "$obj" "$name" "$i" 2>&1
		i=$((i + 1))
	done
done
if [ "$opt" = -e ]; then
	echo "module-name"
	klp-symbols module-name "$in"
fi
