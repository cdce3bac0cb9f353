# In the guest: the first bytes of three vmlinux functions as the running
# kernel has them, after its boot-time patching. On a kernel with IBT:
#  - get_iowait_time (fs/proc/stat.c) is static and only ever called
#    directly (from show_stat): gcc gives it no ENDBR64 at all;
#  - notifier_call_chain (kernel/notifier.c) is static and only called
#    directly too, but NOKPROBE_SYMBOL() takes its address (for the
#    _kprobe_blacklist section), so gcc gives it an ENDBR64; objtool
#    ignores that section, sees no indirect-call use, and lists the
#    ENDBR64 in .ibt_endbr_seal: the kernel overwrites it at boot;
#  - cmdline_proc_show (fs/proc/cmdline.c) is passed to
#    proc_create_single(): its address is taken, it keeps its ENDBR64.
# Each result's detail is what the kernel printed; the test checks it
# against the kernel's config.
funcs="get_iowait_time notifier_call_chain cmdline_proc_show"
args=
for f in $funcs; do
	lines=$(grep " [tT] $f\$" /proc/kallsyms)
	klp_check_output "unique-$f" 1 sh -c "echo '$lines' | grep -c ."
	a=${lines%% *}
	# Root reads real addresses; without CAP_SYSLOG they would be zeros.
	klp_check "real-address-$f" sh -c "case '$a' in ffffffff*[1-9a-f]*) ;; *) exit 1 ;; esac"
	args=$args${args:+,}0x$a
	# Call padding: __pfx_<f> (16 bytes of padding) right before <f>.
	klp_result "kallsyms-pfx-$f" PASS "$(grep -c " [tT] __pfx_$f\$" /proc/kallsyms)"
done
dmesg -c >/dev/null
klp_check load-entry-bytes insmod /klp/mod/entry_bytes.ko "addr=$args"
for f in $funcs; do
	line=$(dmesg | grep "entry_bytes: [0-9a-f]* $f: ")
	if [ -n "$line" ]; then
		klp_result "entry-$f" PASS "${line#*entry_bytes: * $f: }"
	else
		klp_result "entry-$f" FAIL "no entry_bytes line: $(dmesg | grep entry_bytes | tr '\n' ' ')"
	fi
done
klp_check unload-entry-bytes rmmod entry_bytes
