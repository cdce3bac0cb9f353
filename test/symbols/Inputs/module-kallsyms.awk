# What a loaded module's kallsyms keeps, computed from llvm-readelf output
# independently of klp-symbols: run as
#   awk [-v livepatch=1] -f module-kallsyms.awk SECTIONS SYMBOLS
# with SECTIONS = "llvm-readelf -SW x.ko", SYMBOLS = "llvm-readelf -sW x.ko".
# Prints "name pos/count file" in symbol table order. Kept: named,
# defined in an allocated section other than .init*, .modinfo and
# __versions, or in .data..percpu; a livepatch module keeps all defined.
# While the module is loading, all named defined symbols count: when that
# gives another position, "while-loading pos/count" follows.
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
	# While the module loads, every named defined symbol counts.
	lpos = 0
	if (ndx != "UND" && name != "" && type != "SECTION")
		lpos = ++lcount[name]
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
	loadpos[n] = lpos
}
END {
	for (i = 1; i <= n; i++) {
		name = names[i]
		extra = ""
		if (loadpos[i] != pos[i] || lcount[name] != count[name])
			extra = " while-loading " loadpos[i] "/" lcount[name]
		print name, pos[i] "/" count[name], files[i] extra
	}
}
