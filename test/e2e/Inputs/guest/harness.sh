# Runs in the guest: checks that pass (a module we built loads and runs
# its init, /proc is mounted), and one that must fail, to prove the
# harness reports both and dumps dmesg.
klp_check hello-loads insmod /klp/mod/hello.ko
klp_check hello-ran sh -c 'dmesg | grep -q "klp-hello: loaded"'
klp_check_output proc-mounted 1 sh -c 'grep -c "^proc /proc" /proc/mounts'
klp_check_output livepatch-core 1 sh -c 'test -d /sys/kernel/livepatch && echo 1'
klp_check deliberate-failure test -e /nonexistent
