# guest-lib.sh - helpers for test scripts that scripts/guest runs inside
# the booted kernel (busybox sh, as root). Sourced before the test script.
#
# Results go to the serial console as one line each:
#	KLP-RESULT: <name> PASS|FAIL <detail>
# scripts/guest collects them; any FAIL (or a script that dies) makes the
# whole run fail and dumps the guest's dmesg.
#
# Modules under test are in /klp/mod/<name>.ko; Debian modules asked for
# with "scripts/guest -d NAME" in /klp/deb/, loaded with klp_load_deb.

KLP_FAILS=/klp/fails

klp_result() {
	local name=$1 verdict=$2
	shift 2
	echo "KLP-RESULT: $name $verdict $*"
	[ "$verdict" = PASS ] || echo "$name" >>"$KLP_FAILS"
}

# klp_note TEXT: an informational line the host prints with the results.
klp_note() {
	echo "KLP-NOTE: $*"
}

# klp_check NAME CMD...: PASS when CMD exits 0; FAIL shows its output.
klp_check() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		klp_result "$name" PASS
	else
		klp_result "$name" FAIL "rc=$rc: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
	return $rc
}

# klp_check_output NAME EXPECTED CMD...: PASS when CMD prints exactly EXPECTED.
klp_check_output() {
	local name=$1 want=$2 got
	shift 2
	got=$("$@" 2>&1)
	if [ "$got" = "$want" ]; then
		klp_result "$name" PASS
	else
		klp_result "$name" FAIL "expected '$want', got '$(echo "$got" | head -c 200)'"
		return 1
	fi
}

# klp_insmod_fails NAME ERRNO MODULE [DMESG-PATTERN]: the kernel must refuse
# MODULE with ERRNO (busybox insmod exits with the errno) and, when given,
# say DMESG-PATTERN in its log.
klp_insmod_fails() {
	local name=$1 want=$2 mod=$3 pattern=$4 rc
	dmesg -c >/dev/null
	insmod "$mod" 2>/dev/null
	rc=$?
	if [ $rc -eq 0 ]; then
		klp_result "$name" FAIL "the kernel accepted $(basename "$mod")"
		rmmod "$(basename "$mod" .ko)" 2>/dev/null
		return 1
	fi
	if [ "$rc" != "$want" ]; then
		klp_result "$name" FAIL "insmod failed with errno $rc, expected $want"
		return 1
	fi
	if [ -n "$pattern" ] && ! dmesg | grep -q -- "$pattern"; then
		klp_result "$name" FAIL "errno $rc but dmesg lacks '$pattern': $(dmesg | tail -n 3 | tr '\n' ' ')"
		return 1
	fi
	klp_result "$name" PASS "errno $rc"
}

# Wait until the livepatch NAME has finished its transition (all tasks
# switched). Under TCG one transition takes a second or two.
klp_wait_transition() {
	local name=$1 i=0
	while [ $i -lt 600 ]; do
		[ -e "/sys/kernel/livepatch/$name/transition" ] || return 0
		[ "$(cat "/sys/kernel/livepatch/$name/transition")" = 0 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "livepatch $name: transition did not finish in 60 s" >&2
	return 1
}

# klp_load NAME [FILE]: insmod /klp/mod/FILE.ko (default NAME.ko) and wait
# for the livepatch NAME to settle.
klp_load() {
	insmod "/klp/mod/${2:-$1}.ko" || return
	klp_wait_transition "$1"
}

# klp_unload NAME: disable the patch, wait, remove the module.
klp_unload() {
	local name=$1
	if [ -e "/sys/kernel/livepatch/$name/enabled" ]; then
		echo 0 >"/sys/kernel/livepatch/$name/enabled" || return
		klp_wait_transition "$name" || return
	fi
	# The livepatch core drops its sysfs dir asynchronously after disable.
	local i=0
	while [ -e "/sys/kernel/livepatch/$name" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	rmmod "$name"
}

# klp_load_deb NAME: load a Debian module and its depends= chain, in order
# (the image package has no modules.dep; scripts/guest wrote the order).
klp_load_deb() {
	local m
	for m in $(cat "/klp/deb/$1.order"); do
		[ -d "/sys/module/$m" ] && continue
		insmod "/klp/deb/$m.ko" || return
	done
}

# klp_unload_deb NAME: remove a Debian module, then its depends= chain,
# the reverse of klp_load_deb. The chain is the kernel's own: 6.1's zram
# brings the zsmalloc module, 6.12's lz4_compress and lz4hc_compress (its
# zsmalloc is built in, and rmmod zsmalloc fails there).
klp_unload_deb() {
	local m rev=
	for m in $(cat "/klp/deb/$1.order"); do
		rev="$m $rev"
	done
	for m in $rev; do
		[ -d "/sys/module/$m" ] || continue
		rmmod "$m" || return
	done
}

# klp_export FILE: hand FILE back to the host (scripts/guest -o DIR).
klp_export() {
	cp "$1" /klp/out/
}
