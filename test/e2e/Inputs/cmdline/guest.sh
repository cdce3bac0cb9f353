# In the guest: /proc/cmdline before, with and after the livepatch.
orig=$(cat /proc/cmdline)
version=$(cat /proc/version)
klp_check_output original "$orig" cat /proc/cmdline
klp_check load klp_load klp_e2e_cmdline
klp_check_output enabled 1 cat /sys/kernel/livepatch/klp_e2e_cmdline/enabled
klp_check_output patched "klp-e2e patched: $orig
$version" cat /proc/cmdline
# TAINT_LIVEPATCH is bit 15.
klp_check_output tainted-livepatch 32768 sh -c 'echo $(( $(cat /proc/sys/kernel/tainted) & 32768 ))'
klp_check unload klp_unload klp_e2e_cmdline
klp_check_output restored "$orig" cat /proc/cmdline
klp_check sysfs-gone test ! -e /sys/kernel/livepatch/klp_e2e_cmdline
klp_check module-gone sh -c '! grep -q "^klp_e2e_cmdline " /proc/modules'
