# Runs in the guest (scripts/guest): load the converted example, read
# /proc/cmdline through the patch, unload, and see the original again.
before=$(cat /proc/cmdline)
klp_check load klp_load livepatch_cmdline livepatch-cmdline
after=$(cat /proc/cmdline)
klp_note "before: $before"
klp_note "after: $after"
case "$after" in
*"klp-tools: livepatched ("*" threads)") klp_result patched PASS ;;
*) klp_result patched FAIL "$after" ;;
esac
klp_check unload klp_unload livepatch_cmdline
klp_check_output restored "$before" cat /proc/cmdline
