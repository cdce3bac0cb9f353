# sympos.awk -v name=NAME -v after=A -v before=B KALLSYMS: the sympos of
# the vmlinux symbol NAME that lies between the symbols A and B (unique
# names of the same unit) in a /proc/kallsyms capture, whose vmlinux lines
# come in kallsyms order; prints "POS COUNT", COUNT being how many NAME
# vmlinux has. Fails unless exactly one NAME lies between A and B.
NF == 3 && $3 == after { inside = 1 }
NF == 3 && $3 == before { inside = 0 }
NF == 3 && $3 == name {
	n++
	if (inside) {
		found++
		pos = n
	}
}
END {
	if (found != 1)
		exit 1
	print pos, n
}
