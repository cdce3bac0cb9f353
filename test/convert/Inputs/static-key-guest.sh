# Runs in the guest (scripts/guest): the livepatch's static branch on the
# vmlinux key sched_schedstats follows the key, both ways.
klp_check load klp_load livepatch_static_key livepatch-static-key
off=$(cat /proc/cmdline)
echo 1 >/proc/sys/kernel/sched_schedstats
on=$(cat /proc/cmdline)
echo 0 >/proc/sys/kernel/sched_schedstats
back=$(cat /proc/cmdline)
klp_note "default: $off"
klp_note "enabled: $on"
klp_note "disabled: $back"
case "$off|$on|$back" in
*branch=off\|*branch=on\|*branch=off) klp_result branch-follows-key PASS ;;
*) klp_result branch-follows-key FAIL "$off | $on | $back" ;;
esac
klp_check unload klp_unload livepatch_static_key
