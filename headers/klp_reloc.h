/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * klp_reloc.h - tell klp-convert which object owns a symbol that a
 * livepatch module references but cannot link against (a static or
 * unexported kernel symbol), and its position among same-named symbols.
 *
 *	extern char *saved_command_line;	// unexported in vmlinux
 *	extern void *c_next(struct seq_file *m, void *v, loff_t *pos);
 *						// static, and not unique
 *	KLP_MODULE_RELOC(vmlinux) klp_relocs_vmlinux[] = {
 *		KLP_SYMPOS(c_next, 2),
 *		KLP_SYMPOS(saved_command_line, 0),
 *	};
 *
 * The objname is "vmlinux" or a module name as the kernel knows it ('_',
 * not '-'). The position is the symbol's 1-based rank among the symbols of
 * that name in the object's kallsyms order, or 0 when the name is unique
 * there. klp-annotate writes these blocks; klp-convert consumes them and
 * removes them from the module.
 *
 * Each record is 12 bytes, the same on every arch: the symbol's address in
 * a 64-bit slot (only its relocation matters, the value is never read) and
 * the position as a 32-bit integer in the module's byte order.
 */
#ifndef _KLP_RELOC_H
#define _KLP_RELOC_H

struct klp_module_reloc {
	union {
		void *sym;
		unsigned long long sym64;	/* keeps the slot 64 bits wide on 32-bit */
	};
	unsigned int sympos;
} __attribute__((__packed__));

_Static_assert(sizeof(struct klp_module_reloc) == 12,
	       "klp_module_reloc must be 12 bytes on every arch");

/* The section klp-convert reads; objname cannot contain a '.'. */
#define KLP_MODULE_RELOC_SECTION(objname) ".klp.module_relocs." #objname

#define KLP_MODULE_RELOC(objname)					\
	static struct klp_module_reloc					\
	__attribute__((__used__, __section__(KLP_MODULE_RELOC_SECTION(objname))))

#define KLP_SYMPOS(symbol, pos)						\
	{ .sym = (void *)&(symbol), .sympos = (pos) }

#endif /* _KLP_RELOC_H */
