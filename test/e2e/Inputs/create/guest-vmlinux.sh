# In the guest: each vmlinux livepatch klp-create wrote, loaded, checked
# from userspace, disabled and unloaded, and the original checked back.
cmdline=$(cat /proc/cmdline)
klp_check_output cmdline-original "$cmdline" cat /proc/cmdline
klp_check cmdline-load klp_load klp_cmdline
klp_check_output cmdline-patched "klp-create: $cmdline" cat /proc/cmdline
klp_check cmdline-unload klp_unload klp_cmdline
klp_check_output cmdline-restored "$cmdline" cat /proc/cmdline

# show_val_kb() is inlined into meminfo_proc_show(): the caller is patched.
klp_check_output meminfo-original 0 sh -c 'grep -c "klp-create" /proc/meminfo'
klp_check meminfo-load klp_load klp_meminfo
klp_check meminfo-patched sh -c 'grep -q "^MemTotal: *[0-9]* kB (klp-create)$" /proc/meminfo'
klp_check meminfo-unload klp_unload klp_meminfo
klp_check meminfo-restored sh -c 'grep -q "^MemTotal: *[0-9]* kB$" /proc/meminfo'

# kernel/kallsyms.c's s_show is the 2nd s_show in vmlinux (of four in
# 6.1, of three in 6.12): /proc/kallsyms marks vmlinux lines, not module
# lines, and tracing's s_show (the 3rd) still prints its own header.
klp_check_output kallsyms-original 0 sh -c 'grep -c "klp-create" /proc/kallsyms'
klp_check kallsyms-load klp_load klp_kallsyms
klp_check kallsyms-patched sh -c 'grep -q "^[0-9a-f]* T _stext klp-create$" /proc/kallsyms'
klp_check kallsyms-modules-untouched sh -c 'grep -q "	\[klp_kallsyms\]$" /proc/kallsyms'
klp_check trace-untouched sh -c 'mount -t tracefs nodev /sys/kernel/tracing &&
	grep -q "^# tracer: nop$" /sys/kernel/tracing/trace && ! grep -q klp-create /sys/kernel/tracing/trace'
klp_check kallsyms-unload klp_unload klp_kallsyms
klp_check_output kallsyms-restored 0 sh -c 'grep -c "klp-create" /proc/kallsyms'

# mm/vmalloc.c's s_show, where it has one (6.1: the 4th of four s_show in
# vmlinux; the host built klp_vmalloc only then).
if [ -e /klp/mod/klp_vmalloc.ko ]; then
	klp_check_output vmalloc-original 0 sh -c 'grep -c "klp-create" /proc/vmallocinfo'
	klp_check vmalloc-load klp_load klp_vmalloc
	klp_check vmalloc-patched sh -c 'grep -q " klp-create$" /proc/vmallocinfo'
	klp_check_output kallsyms-untouched 0 sh -c 'grep -c "klp-create" /proc/kallsyms'
	klp_check vmalloc-unload klp_unload klp_vmalloc
	klp_check_output vmalloc-restored 0 sh -c 'grep -c "klp-create" /proc/vmallocinfo'
else
	klp_note "no klp_vmalloc: this kernel's mm/vmalloc.c has no s_show"
fi

# kernel/sched/psi.c is #included by build_utility.c: that unit's psi_show.
klp_check psi-original sh -c '! grep -q klp-create /proc/pressure/cpu'
klp_check psi-load klp_load klp_psi
klp_check psi-patched sh -c 'grep -q "^some avg10=.* total=[0-9]* klp-create$" /proc/pressure/cpu'
klp_check psi-unload klp_unload klp_psi
klp_check psi-restored sh -c 'grep -q "^some avg10=.* total=[0-9]*$" /proc/pressure/cpu'

# include/linux/vmstat.h's global_zone_page_state(), patched in the one
# unit named with --unit (fs/proc/meminfo.c): Bounce is 7 pages more.
klp_check bounce-original sh -c 'grep -q "^Bounce: *0 kB$" /proc/meminfo'
klp_check vmstat-load klp_load klp_vmstat
klp_check bounce-patched sh -c 'grep -q "^Bounce: *28 kB$" /proc/meminfo'
klp_check vmstat-unload klp_unload klp_vmstat
klp_check bounce-restored sh -c 'grep -q "^Bounce: *0 kB$" /proc/meminfo'
