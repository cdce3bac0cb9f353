# In the guest: one livepatch for vmlinux (cmdline_proc_show) and the zram
# module (max_comp_streams_show), zram loaded before it.
P=klp_both
attr=/sys/block/zram0/max_comp_streams
cmdline=$(cat /proc/cmdline)
klp_check load-zram klp_load_deb zram
orig=$(cat $attr)
klp_check load-patch klp_load $P
klp_check_output patched-vmlinux 1 cat /sys/kernel/livepatch/$P/vmlinux/patched
klp_check_output patched-zram 1 cat /sys/kernel/livepatch/$P/zram/patched
klp_check_output cmdline-patched "klp-create: $cmdline" cat /proc/cmdline
klp_check_output zram-patched "$orig klp-create" cat $attr
klp_check unload-patch klp_unload $P
klp_check_output cmdline-restored "$cmdline" cat /proc/cmdline
klp_check_output zram-restored "$orig" cat $attr
