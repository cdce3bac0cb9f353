klp_check_output kernel-runs "$(uname -r)" cat /proc/sys/kernel/osrelease
