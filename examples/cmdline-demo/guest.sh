# Runs in the booted Debian kernel (scripts/guest): the before/after the
# demo shows, and the checks its verdict is computed from.
P=livepatch_demo
before=$(cat /proc/cmdline)
klp_note "before:   /proc/cmdline = $before"
klp_check load klp_load $P
for f in $(find /sys/kernel/livepatch/$P -name enabled -o -name patched -o -name transition | sort); do
	klp_note "state:    ${f#/sys/kernel/livepatch/} = $(cat "$f")"
done
after=$(cat /proc/cmdline)
klp_note "patched:  /proc/cmdline = $(echo "$after" | head -n 1)"
klp_note "          $(echo "$after" | sed -n 2p)"
klp_check_output first-line-kept "$before" sh -c 'head -n 1 /proc/cmdline'
klp_check patched-line sh -c "sed -n 2p /proc/cmdline | grep -q '^livepatched: [1-9][0-9]* threads, [1-9][0-9]* forks since boot, running Linux version $(uname -r) '"
klp_note "tainted:  $(cat /proc/sys/kernel/tainted) (TAINT_LIVEPATCH is 32768)"
klp_check unload klp_unload $P
klp_note "unloaded: /proc/cmdline = $(cat /proc/cmdline)"
klp_check_output restored "$before" cat /proc/cmdline
