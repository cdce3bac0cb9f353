/* What Debian's 6.12 headers ship as vmlinux: BTF data and ids, no code. */
__attribute__((section(".BTF"))) const char btf[16] = "\x9f\xeb\x01";
__attribute__((section(".BTF_ids"))) const int __BTF_ID__var__saved_command_line__1 = 1;
