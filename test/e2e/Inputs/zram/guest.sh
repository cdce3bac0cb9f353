# In the guest: patch zram's hot_add_show with zram loaded first, then
# again with the patch loaded first and zram (and its depends= chain)
# after it, then reload zram under the loaded patch: refused before 6.3,
# patched again since.
hot_add=/sys/class/zram-control/hot_add
P=klp_e2e_zram

# 1. zram loaded before the patch.
klp_check load-zram klp_load_deb zram
klp_check_output original-0 1 cat $hot_add
klp_check load-patch klp_load $P
klp_check_output patched-object-zram 1 cat /sys/kernel/livepatch/$P/zram/patched
out=$(cat $hot_add)
klp_note "patched: $out"
klp_check patched-output sh -c "echo '$out' | grep -qx 'klp-e2e zram2 huge=[1-9][0-9]*'"
klp_check device-added test -b /dev/zram2
klp_check unload-patch klp_unload $P
klp_check_output original-back 3 cat $hot_add
klp_check unload-zram klp_unload_deb zram

# 2. Late patching: the patch first, with zram and its chain unloaded
# (the patch depends on none of them), then the modules.
klp_check load-patch-first klp_load $P
klp_check_output zram-not-loaded 0 sh -c 'grep -c "^zram " /proc/modules'
klp_check_output object-waiting 0 cat /sys/kernel/livepatch/$P/zram/patched
klp_check load-zram-late klp_load_deb zram
klp_check_output patched-late-object 1 cat /sys/kernel/livepatch/$P/zram/patched
out=$(cat $hot_add)
klp_note "patched late: $out"
klp_check patched-late-output sh -c "echo '$out' | grep -qx 'klp-e2e zram1 huge=[1-9][0-9]*'"

# 3. zram unloaded under the loaded patch, then loaded again. Kernels
# before 6.3 leave zram's klp relocations written when zram unloads:
# loading zram again is refused ("existing value is nonzero") until the
# patch is gone. Since 6.3 the kernel clears them at unload: zram loads
# again and is patched again (its init adds zram0, the patch zram1).
klp_check rmmod-zram-under-patch rmmod zram
kver=$(uname -r)
major=${kver%%.*}
minor=${kver#*.}
minor=${minor%%.*}
if [ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 3 ]; }; then
	klp_note "reload under the patch: $kver clears klp relocations at unload"
	klp_check reload-under-patch insmod /klp/deb/zram.ko
	klp_check_output patched-reload-object 1 cat /sys/kernel/livepatch/$P/zram/patched
	out=$(cat $hot_add)
	klp_note "patched after reload: $out"
	klp_check patched-reload-output sh -c "echo '$out' | grep -qx 'klp-e2e zram1 huge=[1-9][0-9]*'"
	klp_check unload-patch-late klp_unload $P
	klp_check_output original-back-late 2 cat $hot_add
else
	klp_note "reload under the patch: $kver keeps klp relocations at unload"
	klp_insmod_fails reload-refused 8 /klp/deb/zram.ko "existing value is nonzero"
	klp_check unload-patch-late klp_unload $P
	klp_check reload-zram-after insmod /klp/deb/zram.ko
	klp_check_output original-back-late 1 cat $hot_add
fi
