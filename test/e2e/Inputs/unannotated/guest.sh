# In the guest: the unconverted module is refused by the module loader
# (ENOENT) because nothing exports the symbols it needs.
orig=$(cat /proc/cmdline)
klp_insmod_fails unannotated-refused 2 /klp/mod/klp_e2e_unannotated.ko "klp_e2e_unannotated: Unknown symbol saved_command_line"
klp_check_output unchanged "$orig" cat /proc/cmdline
