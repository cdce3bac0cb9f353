# What scripts/kallsyms keeps of "nm -n vmlinux" (undefined, debugging and
# absolute symbols, local labels and CRCs go), with each name's position:
# prints "address name pos/count". Assumes no two symbols share an
# address (the tests check), so no tie-breaks are needed.
$2 ~ /^[UuNnAa]$/ || $3 ~ /^(\.L|\$|__crc_)/ { next }
{
	n++
	addr[n] = $1
	names[n] = $3
	pos[n] = ++count[$3]
}
END {
	for (i = 1; i <= n; i++)
		print addr[i], names[i], pos[i] "/" count[names[i]]
}
