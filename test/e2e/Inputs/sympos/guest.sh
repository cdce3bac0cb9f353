# In the guest: the right position resolves to the 3rd _acpi_module_name
# in kallsyms order; position 0 and a position past the end are refused
# by the kernel's livepatch core when the module loads.
orig=$(cat /proc/cmdline)
want=$(grep ' _acpi_module_name$' /proc/kallsyms | sed -n 3p | cut -d' ' -f1)
klp_check load-right klp_load klp_e2e_sympos right
got=$(cut -d' ' -f1 /proc/cmdline)
klp_check_output sympos-3-is-kallsyms-3rd "$want" echo "$got"
klp_note "resolved: $(cat /proc/cmdline)"
klp_check unload-right klp_unload klp_e2e_sympos
klp_check_output restored "$orig" cat /proc/cmdline
klp_insmod_fails zero-refused 22 /klp/mod/zero.ko "unresolvable ambiguity for symbol '_acpi_module_name'"
klp_insmod_fails beyond-refused 22 /klp/mod/beyond.ko "symbol position $(cat /klp/files/beyond-pos) for symbol '_acpi_module_name' in object 'vmlinux' not found"
klp_check_output still-original "$orig" cat /proc/cmdline
