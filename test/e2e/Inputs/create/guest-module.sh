# In the guest: zram's max_comp_streams_show patched with zram loaded
# before the patch, then with zram loaded after it.
P=klp_zram
attr=/sys/block/zram0/max_comp_streams
klp_check load-zram klp_load_deb zram
orig=$(cat $attr)
klp_note "original: $orig"
klp_check load-patch klp_load $P
klp_check_output patched-object 1 cat /sys/kernel/livepatch/$P/zram/patched
klp_check_output patched "$orig klp-create" cat $attr
klp_check unload-patch klp_unload $P
klp_check_output restored "$orig" cat $attr
klp_check unload-zram klp_unload_deb zram

klp_check load-patch-first klp_load $P
klp_check_output object-waiting 0 cat /sys/kernel/livepatch/$P/zram/patched
klp_check load-zram-late klp_load_deb zram
klp_check_output patched-late-object 1 cat /sys/kernel/livepatch/$P/zram/patched
klp_check_output patched-late "$orig klp-create" cat $attr
klp_check unload-patch-late klp_unload $P
klp_check_output restored-late "$orig" cat $attr
