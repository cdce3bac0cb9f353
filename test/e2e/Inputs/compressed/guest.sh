# In the guest: load zram from the recompressed copies (klp_load_deb loads
# its depends= chain first), then see each module of the chain live and
# zs_malloc where the host expects it (/klp/files/zs-owner: "vmlinux" or
# "[zsmalloc]"); /klp/files/deps lists the chain without zram.
klp_check load-zram klp_load_deb zram
klp_check zram-live grep -q "^zram " /proc/modules
klp_check_output zs_malloc-owner "$(cat /klp/files/zs-owner)" \
	awk '$3 == "zs_malloc" { print ($4 == "" ? "vmlinux" : $4) }' /proc/kallsyms
for m in $(cat /klp/files/deps); do
	klp_check "dep-live-$m" grep -q "^$m " /proc/modules
done
