# In the guest: the patched function follows delayacct_key, which
# /proc/sys/kernel/task_delayacct flips; the jump label in our module is
# patched by the kernel both ways.
orig=$(cat /proc/cmdline)
sysctl=/proc/sys/kernel/task_delayacct
klp_check_output key-starts-off 0 cat $sysctl
klp_check load klp_load klp_e2e_key
klp_check_output branch-off "klp-e2e key off" cat /proc/cmdline
echo 1 >$sysctl
klp_check_output branch-on "klp-e2e key on" cat /proc/cmdline
echo 0 >$sysctl
klp_check_output branch-off-again "klp-e2e key off" cat /proc/cmdline
klp_check unload klp_unload klp_e2e_key
klp_check_output restored "$orig" cat /proc/cmdline
