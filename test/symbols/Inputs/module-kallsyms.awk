# What a loaded module's kallsyms keeps, computed from llvm-readelf output
# independently of klp-symbols: run as
#   awk [-v livepatch=1] -f module-kallsyms.awk SECTIONS SYMBOLS
# with SECTIONS = "llvm-readelf -SW x.ko", SYMBOLS = "llvm-readelf -sW x.ko".
# Prints "name pos/count file" in symbol table order. Kept: named,
# defined in an allocated section other than .init*, .modinfo and
# __versions, or in .data..percpu; a livepatch module keeps all defined.
FNR == 1 { part++ }
part == 1 && /^ *\[ *[0-9]+\]/ {
	line = $0
	sub(/^ *\[ */, "", line)
	split(line, f, " ")
	idx = f[1] + 0
	if (idx == 0)
		next
	secname[idx] = f[2]
	# Flags sit after ES; a section without flags has Lk there instead.
	secflags[idx] = (f[8] ~ /^[WAXMSILOGTCxoEyp]+$/) ? f[8] : ""
	next
}
part == 2 && /^ *[0-9]+: / {
	ndx = $7; name = $8; type = $4; bind = $5
	if (type == "FILE") {
		file = name
		if (!livepatch)
			next
	}
	# gas leaves section symbols unnamed; llvm-readelf shows the section's name.
	if (ndx == "UND" || name == "" || type == "SECTION")
		next
	if (!livepatch) {
		if (ndx !~ /^[0-9]+$/)
			next
		s = secname[ndx]
		if (s != ".data..percpu" &&
		    (secflags[ndx] !~ /A/ || s ~ /^\.init/ || s == ".modinfo" || s == "__versions"))
			next
	}
	n++
	names[n] = name
	files[n] = (bind == "LOCAL" && file != "") ? file : "-"
	pos[n] = ++count[name]
}
END {
	for (i = 1; i <= n; i++)
		print names[i], pos[i] "/" count[names[i]], files[i]
}
