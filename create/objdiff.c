// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a fix changes, told from the compiled code: the unit built twice,
 * from the original and the patched source, with -ffunction-sections
 * -fdata-sections, and the two objects compared symbol by symbol.
 *
 * Compared: every STT_FUNC symbol over its own bytes [st_value, st_value
 * + st_size) of its section, which it may share with others (.init.text,
 * .sched.text, .noinstr.text), and the relocations in that range; every
 * STT_OBJECT with a name of its own the same way (for .bss, the size
 * only: .bss and .data hold the same zeroes). One changed when its size,
 * its bytes or one of its relocations (offset from the symbol, type,
 * target) differ. Not compared: binding and section, since code using
 * them differently (made per-CPU, called from elsewhere) shows the change.
 *
 * GCC's split-off cold part NAME.cold (.text.unlikely.NAME) is compared
 * as part of NAME and never reported itself. Clones (foo.isra.0,
 * foo.constprop.1, foo.part.0) are functions in their own right.
 *
 * Relocation targets are compared by key, not by symbol: what the
 * reference means, the same in both builds however the sections and
 * symbols were laid out and numbered.
 *  - A named symbol: its name, and the offset into it. A symbol of the
 *    original object is keyed by its own name; one of the patched object
 *    by the name of the original's symbol it was matched to (see below),
 *    so that a static renumbered from x.1 to x.2, or a clone from
 *    foo.isra.0 to foo.isra.1, is still the same target.
 *  - A section symbol (GNU as refers to local symbols by section and
 *    addend) or a .L label: the named symbol at that place of the section
 *    (.bss.foo, .text.bar, .data.once's __already_done.3) if any; for
 *    mergeable strings (.rodata.str1.1) the string; for mergeable
 *    constants (.rodata.cst16) the constant's bytes; for other unnamed
 *    data (a jump table in .rodata.NAME, a large initializer in .rodata)
 *    the section's name and a hash of the region referred to, up to the
 *    next place referred to or named: a table changing does not change
 *    the key of its neighbours in a shared .rodata. The region's own
 *    relocations are keyed without hashes: a jump table's entries point
 *    back into their function, by its name and offset, and are unchanged
 *    as long as the function is.
 *  - Data the compiler or a kernel macro names (__func__.N,
 *    __already_done.N, __key.N, _rs.N, CSWTCH.N, __UNIQUE_ID_*; see
 *    generated[]) is not reported itself: a reference to it is keyed by
 *    its name without numbers and a hash of its contents, so that a
 *    changed pr_debug() format shows as a change of the function using it.
 * An x86-64 PC-relative field is relative to the end of its instruction,
 * which an immediate may follow (`cmpb $0, x(%rip)` carries x - 5): the
 * place referred to is found from the decoded instruction, so that a
 * section symbol and addend name the right neighbour in .data.once.
 *
 * GNU as resolves a call, jump or RIP-relative reference to a static
 * function in the same section itself, without a relocation. Between
 * functions sharing a section such a displacement changes when a
 * function between them changes size, and stays when the call now goes
 * to another function that took the old one's place: so each function
 * is decoded (insn_decode(), lengths only), and such fields are compared
 * by where they lead, as relocation targets are. Code that does not
 * decode is compared byte for byte.
 *
 * Names are matched without the numbers gcc appends (x.3 -> x,
 * foo.isra.0 -> foo.isra) and those __COUNTER__ puts in __UNIQUE_ID_
 * names: one symbol each side with the same such name is a pair. When
 * there are several (two functions each with a "static bool warned"), a
 * pair is told by the function referring to it, then by the exact name,
 * then by order when as many remain on each side; the rest are new or
 * gone.
 *
 * Not compared as data: tables about the code, whose entries move with
 * it (__jump_table, __bug_table, __ex_table, .altinstructions,
 * __mcount_loc, .return_sites, ...: see ignored[]), exports and
 * .modinfo, debug info and notes. An entry about a place in a function
 * (code_tables[]) is compared with that function instead, by its bytes
 * and targets and the place it is about: WARN_ON() and WARN_ON_ONCE()
 * differ only in their __bug_table flags, two static keys only in
 * __jump_table. A WARN's line number is in its entry: the patched source
 * keeps the original's line numbers outside the hunks (#line).
 * .init.* sections are compared like any other: whether a change there
 * can be patched is for the plan to say.
 */
#include "create.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfobj.h"

/* Sections of tables about the code, and what no livepatch carries. */
static const char *const ignored[] = {
	".debug", ".zdebug", ".comment", ".note", ".discard", ".eh_frame",
	"__patchable_function_entries", "__mcount_loc", "__bug_table", "__jump_table",
	".altinstructions", ".altinstr_replacement", ".altinstr_aux", "__ex_table",
	".orc_", ".retpoline_sites", ".return_sites", ".call_sites", ".ibt_endbr_seal",
	".static_call_sites", ".smp_locks", ".parainstructions", "__ksymtab",
	"___ksymtab", "__kcrctab", ".export_symbol", ".modinfo", "__versions",
};

/*
 * Of those, the tables of entries each about a place in a function: a
 * static branch (its key, likely or not), a BUG or WARN (its flags, file
 * and line), an exception fixup (its type), an alternative (its
 * replacement), a static call site. Their entries are compared with the
 * function they are about: WARN_ON() and WARN_ON_ONCE(), or two static
 * keys, compile to the same code.
 */
static const char *const code_tables[] = {
	"__jump_table", "__bug_table", "__ex_table", ".altinstructions",
	".static_call_sites", ".parainstructions",
};

/*
 * Local data named by gcc (__func__, CSWTCH switch tables) or by kernel
 * macros inside functions (WARN_ONCE, DO_ONCE, lockdep keys,
 * printk_ratelimited, trace_printk, the printk index, trace event flags),
 * as named once numbers are dropped. Their contents belong to the
 * function using them.
 */
static const char *const generated[] = {
	"__func__", "__FUNCTION__", "__PRETTY_FUNCTION__", "CSWTCH", "C",
	"__compound_literal", "__already_done", "__warned", "__print_once",
	"___done", "___once_key", "__key", "_rs", "trace_printk_fmt", "_entry",
	"_entry_ptr", "__flags", "__symbols", "descriptor",
};

enum item_kind {
	ITEM_FUNC,
	ITEM_DATA,
	ITEM_GENERATED,	/* named by the compiler: keyed by content, never reported */
};

struct insn;

/* An entry of a code table (code_tables[]) about a place in a function. */
struct note {
	const struct section *table;
	uint64_t entry, size;	/* in the table */
	int64_t at;		/* the place, from the function's start */
};

/* A function or object compared, reported, or keyed by content. */
struct item {
	struct symbol *sym;
	char *norm;		/* the name without gcc's and __COUNTER__'s numbers */
	const char *key;	/* in relocation keys; a matched pair shares it */
	char *own_key;		/* key's storage, when allocated */
	const char *ctx;	/* the first item referring to it (a norm) */
	struct item *match;	/* the other object's */
	struct item *cold;	/* a function's NAME.cold */
	struct item *parent;	/* NAME.cold's NAME */
	uint64_t start, size;	/* the bytes compared */
	uint64_t hash;		/* ITEM_GENERATED: its contents, once computed */
	struct insn *insns;	/* x86-64 functions: decoded, unless it failed */
	size_t nr_insns;
	struct note *notes;	/* functions: code table entries, by table and place */
	size_t nr_notes, alloc_notes;
	enum item_kind kind;
	bool is_cold;		/* NAME.cold, compared with NAME */
	bool hashed;
};

/* A stretch of unnamed data: from where something refers to, up to the next. */
struct region {
	uint64_t start, end;
	uint64_t hash;		/* its contents, once computed */
	bool hashed;
};

struct sec_info {
	struct symbol **syms;	/* named symbols, by address */
	size_t nr_syms;
	struct reloc **relocs;	/* by offset, once needed */
	size_t nr_relocs;
	struct region *regions;	/* unnamed data referred to, by address */
	size_t nr_regions, alloc_regions;
	bool sorted;
	bool ignored;
};

struct obj {
	struct elf *elf;
	struct item *items;
	size_t nr_items;
	struct item **by_sym;	/* symbol index -> item */
	struct sec_info *secs;	/* section index -> */
	bool x86;
};

/* What a relocation refers to. */
struct target {
	enum { T_NONE, T_SYM, T_STRING, T_CONST, T_ANON } kind;
	const struct symbol *sym;	/* T_SYM */
	const struct section *sec;	/* T_STRING, T_CONST, T_ANON */
	uint64_t start;			/* T_STRING, T_CONST: where it starts */
	int64_t off;			/* into the symbol, string, constant, section */
};

/* ---- names ---- */

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * NAME without the numbers that shift from one build to the next:
 * "x.3" -> "x", "foo.constprop.0.isra.0" -> "foo.constprop.isra",
 * ".bss.__already_done.3" -> ".bss.__already_done",
 * "__UNIQUE_ID_ddebug312" -> "__UNIQUE_ID_ddebug".
 */
static void buf_add_norm(struct buf *b, const char *name)
{
	const char *p = name;
	bool first = true;

	for (;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		if (first || !all_digits(p, n)) {
			size_t keep = n;

			if (n > strlen("__UNIQUE_ID_") && starts_with(p, "__UNIQUE_ID_"))
				while (keep > strlen("__UNIQUE_ID_") && p[keep - 1] >= '0' &&
				       p[keep - 1] <= '9')
					keep--;
			if (!first)
				buf_add(b, ".", 1);
			buf_add(b, p, keep);
		}
		first = false;
		if (!dot)
			break;
		p = dot + 1;
	}
	if (!b->s)
		buf_add(b, "", 0);
}

static char *name_norm(const char *name)
{
	struct buf b = { 0 };

	buf_add_norm(&b, name);
	return b.s;
}

static bool name_generated(const char *norm)
{
	if (starts_with(norm, "__UNIQUE_ID_"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(generated); i++)
		if (!strcmp(norm, generated[i]))
			return true;
	return false;
}

/* Where ".cold" starts in "foo.cold" or "foo.part.0.cold.3", or NULL. */
static const char *cold_suffix(const char *name)
{
	const char *p = name, *found = NULL;

	while ((p = strstr(p + 1, ".cold"))) {
		const char *rest = p + strlen(".cold");

		if (!*rest || (*rest == '.' && all_digits(rest + 1, strlen(rest + 1))))
			found = p;
	}
	return found;
}

static bool section_ignored(const struct section *sec)
{
	if (!(sec->sh.sh_flags & SHF_ALLOC))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(ignored); i++)
		if (starts_with(sec->name, ignored[i]))
			return true;
	return false;
}

/* A symbol that names something, rather than a place in a section. */
static bool sym_named(const struct symbol *sym)
{
	unsigned int type = GELF_ST_TYPE(sym->sym.st_info);

	return sym->sec && type != STT_SECTION && type != STT_FILE && *sym->name &&
	       !starts_with(sym->name, ".L");
}

static bool sym_anonymous(const struct symbol *sym)
{
	return sym->sec && !sym_named(sym) && GELF_ST_TYPE(sym->sym.st_info) != STT_FILE;
}

static bool sym_global(const struct symbol *sym)
{
	unsigned int bind = GELF_ST_BIND(sym->sym.st_info);

	return bind == STB_GLOBAL || bind == STB_WEAK;
}

/* ---- x86-64 instruction lengths ---- */

static bool is_prefix(unsigned char c)
{
	switch (c) {
	case 0x66: case 0xf0: case 0xf2: case 0xf3:
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
		return true;
	}
	return false;
}

/*
 * For code that did not decode: the size of the immediate operand after
 * a RIP-relative displacement at offset AT of CODE, in an instruction
 * starting at LO or later, guessed from the opcode before the ModRM
 * byte. Only what gcc emits with a memory operand and an immediate is
 * known (group 1 and 2 arithmetic, mov, test, imul, bt, shld/shrd);
 * anything else counts as none. Both builds guess alike from the same
 * bytes: a wrong guess can only name a neighbouring symbol, in both.
 */
static unsigned int imm_size(const struct section *code, uint64_t lo, uint64_t at)
{
	const unsigned char *p = code->data;
	unsigned char modrm, op;
	bool osize = false;
	uint64_t i;

	if (!p || at < lo + 2 || at > code->size)
		return 0;
	modrm = p[at - 1];
	if ((modrm & 0xc7) != 0x05)	/* mod 00, r/m 101: RIP-relative */
		return 0;
	op = p[at - 2];
	if (at >= lo + 3 && p[at - 3] == 0x0f)
		return op == 0xba || op == 0xa4 || op == 0xac;
	if (at >= lo + 4 && p[at - 4] == 0x0f && p[at - 3] == 0x3a)
		return 1;
	/* Legacy prefixes, then a REX, before the opcode: is there a 0x66? */
	i = at - 2;
	if (i > lo && (p[i - 1] & 0xf0) == 0x40)
		i--;
	for (int n = 0; n < 4 && i > lo && is_prefix(p[i - 1]); n++, i--)
		if (p[i - 1] == 0x66)
			osize = true;
	switch (op) {
	case 0x80: case 0x82: case 0x83: case 0xc0: case 0xc1: case 0xc6: case 0x6b:
		return 1;
	case 0x81: case 0xc7: case 0x69:
		return osize ? 2 : 4;
	case 0xf6:	/* test ib is /0 (and /1); not, neg, mul, div take none */
		return ((modrm >> 3) & 7) < 2;
	case 0xf7:
		return ((modrm >> 3) & 7) < 2 ? (osize ? 2 : 4) : 0;
	}
	return 0;
}

/*
 * One instruction of a function, as far as comparing needs: where its
 * PC-relative field is (a branch's displacement, a RIP-relative
 * operand's), which is relative to the instruction's end.
 */
struct insn {
	uint32_t start;		/* from the function's start */
	uint8_t len;
	uint8_t rel;		/* where the PC-relative field starts; 0: none */
	uint8_t rel_len;	/* 1 or 4 */
};

/* Does one-byte opcode OP take a ModRM byte? */
static bool op1_modrm(unsigned char op)
{
	if (op < 0x40)
		return (op & 7) < 4;
	switch (op) {
	case 0x63: case 0x69: case 0x6b:
	case 0x80 ... 0x8f:
	case 0xc0: case 0xc1: case 0xc6: case 0xc7:
	case 0xd0 ... 0xd3: case 0xd8 ... 0xdf:
	case 0xf6: case 0xf7: case 0xfe: case 0xff:
		return true;
	}
	return false;
}

/*
 * The immediate's size for one-byte opcode OP (REG is ModRM's reg
 * field), -1 for what 64-bit code cannot hold. *BRANCH when it is a
 * displacement from the instruction's end.
 */
static int op1_imm(unsigned char op, bool osize, bool rexw, bool asize, unsigned int reg,
		   bool *branch)
{
	int z = osize ? 2 : 4;

	*branch = false;
	if (op < 0x40) {
		switch (op & 7) {
		case 4:
			return 1;
		case 5:
			return z;
		case 6: case 7:
			return -1;	/* push/pop segment, daa...: not in 64-bit code */
		}
		return 0;
	}
	switch (op) {
	case 0x60: case 0x61: case 0x82: case 0x9a: case 0xce: case 0xd4 ... 0xd6: case 0xea:
		return -1;
	case 0x68: case 0x69: case 0x81: case 0xa9: case 0xc7:
		return z;
	case 0x6a: case 0x6b: case 0x80: case 0x83: case 0xa8: case 0xb0 ... 0xb7:
	case 0xc0: case 0xc1: case 0xc6: case 0xcd: case 0xe4 ... 0xe7:
		return 1;
	case 0x70 ... 0x7f: case 0xe0 ... 0xe3: case 0xeb:
		*branch = true;
		return 1;
	case 0xe8: case 0xe9:
		*branch = true;
		return 4;
	case 0xa0 ... 0xa3:
		return asize ? 4 : 8;	/* mov to and from an absolute address */
	case 0xb8 ... 0xbf:
		return rexw ? 8 : z;
	case 0xc2: case 0xca:
		return 2;
	case 0xc8:
		return 3;
	case 0xf6:
		return reg < 2 ? 1 : 0;
	case 0xf7:
		return reg < 2 ? z : 0;
	}
	return 0;
}

/* For 0F OP: does it take a ModRM byte, and its immediate (-1: unknown). */
static int op2_imm(unsigned char op, bool *modrm, bool *branch)
{
	*modrm = true;
	*branch = false;
	switch (op) {
	case 0x04: case 0x0a: case 0x0c: case 0x0f: case 0x24 ... 0x27: case 0x36: case 0x39:
	case 0x3b ... 0x3f: case 0x7a: case 0x7b: case 0xa6: case 0xa7:
		return -1;
	case 0x05 ... 0x09: case 0x0b: case 0x0e: case 0x30 ... 0x35: case 0x37: case 0x77:
	case 0xa0 ... 0xa2: case 0xa8 ... 0xaa: case 0xc8 ... 0xcf:
		*modrm = false;
		return 0;
	case 0x80 ... 0x8f:
		*modrm = false;
		*branch = true;
		return 4;
	case 0x70 ... 0x73: case 0xa4: case 0xac: case 0xba: case 0xc2: case 0xc4 ... 0xc6:
		return 1;
	}
	return 0;
}

/*
 * The length of the instruction at P (at most N bytes), with where its
 * PC-relative field is. 0 when it is not one gcc or the kernel's inline
 * asm would emit, or runs past N: the caller then compares bytes only.
 * VEX and EVEX are decoded for their length; 3DNow! and XOP are not.
 */
static unsigned int insn_decode(const unsigned char *p, size_t n, struct insn *in)
{
	bool osize = false, asize = false, rexw = false, modrm, branch = false;
	size_t i = 0, max = n < 15 ? n : 15;
	unsigned char op, m;
	int imm;

	in->rel = in->rel_len = 0;
	for (; i < max; i++) {
		if (p[i] == 0x66)
			osize = true;
		else if (p[i] == 0x67)
			asize = true;
		else if (!is_prefix(p[i]))
			break;
	}
	if (i < max && (p[i] & 0xf0) == 0x40)
		rexw = p[i++] & 8;
	if (i >= max)
		return 0;
	op = p[i++];
	if (op == 0xc4 || op == 0xc5 || op == 0x62) {
		/* VEX (2 or 3 bytes) or EVEX (4): the opcode map is in them. */
		unsigned int map = op == 0xc5 ? 1 : (i < max ? p[i] & (op == 0x62 ? 3 : 0x1f) : 0);

		i += op == 0xc5 ? 1 : op == 0xc4 ? 2 : 3;
		if (i >= max || map < 1 || map > 3)
			return 0;
		op = p[i++];
		modrm = !(map == 1 && op == 0x77);	/* vzeroupper, vzeroall */
		imm = map == 3 || (map == 1 && ((op >= 0x70 && op <= 0x73) || op == 0xc2 ||
						 (op >= 0xc4 && op <= 0xc6)));
	} else if (op == 0x0f) {
		if (i >= max)
			return 0;
		op = p[i++];
		if (op == 0x38 || op == 0x3a) {
			modrm = true;
			imm = op == 0x3a;
			i++;
		} else {
			imm = op2_imm(op, &modrm, &branch);
		}
	} else {
		modrm = op1_modrm(op);
		imm = op1_imm(op, osize, rexw, asize, i < max ? (p[i] >> 3) & 7 : 0, &branch);
	}
	if (imm < 0 || i > max)
		return 0;
	if (modrm) {
		unsigned int mod, rm;

		if (i >= max)
			return 0;
		m = p[i++];
		mod = m >> 6;
		rm = m & 7;
		if (mod != 3 && rm == 4) {
			if (i >= max)
				return 0;
			if (mod == 0 && (p[i] & 7) == 5)
				mod = 2;	/* no base: a 32-bit displacement */
			i++;
		}
		if (mod == 0 && rm == 5) {
			in->rel = i;
			in->rel_len = 4;
			i += 4;
		} else if (mod == 1) {
			i += 1;
		} else if (mod == 2) {
			i += 4;
		}
	}
	if (branch) {
		in->rel = i;
		in->rel_len = imm;
	}
	i += imm;
	if (i > max)
		return 0;
	in->len = i;
	return i;
}

/* Decode function IT, or leave it undecoded (then its bytes are compared as they are). */
static void item_decode(struct item *it)
{
	const unsigned char *code = it->sym->sec->data;
	size_t alloc = 0;
	uint64_t at = 0;

	if (!code || it->sym->sec->sh.sh_type == SHT_NOBITS || it->size > UINT32_MAX)
		return;
	code += it->start;
	while (at < it->size) {
		struct insn in;

		ALLOC_GROW(it->insns, it->nr_insns, alloc);
		if (!insn_decode(code + at, it->size - at, &in)) {
			free(it->insns);
			it->insns = NULL;
			it->nr_insns = 0;
			return;
		}
		in.start = at;
		it->insns[it->nr_insns++] = in;
		at += in.len;
	}
}

/* The instruction of IT holding offset AT of its section, or NULL. */
static const struct insn *insn_at(const struct item *it, uint64_t at)
{
	size_t lo = 0, hi = it->nr_insns;

	if (at < it->start || at - it->start >= it->size)
		return NULL;
	at -= it->start;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (it->insns[mid].start <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &it->insns[lo - 1] : NULL;
}

/* ---- reading one object ---- */

/*
 * By address; at one address, functions and objects first, then the
 * largest, then by name: not by index, which may differ between builds.
 */
static int sym_addr_cmp(const void *a, const void *b)
{
	const struct symbol *x = *(const struct symbol *const *)a;
	const struct symbol *y = *(const struct symbol *const *)b;
	unsigned int tx = GELF_ST_TYPE(x->sym.st_info), ty = GELF_ST_TYPE(y->sym.st_info);
	bool rx = tx == STT_FUNC || tx == STT_OBJECT, ry = ty == STT_FUNC || ty == STT_OBJECT;

	if (x->sym.st_value != y->sym.st_value)
		return x->sym.st_value < y->sym.st_value ? -1 : 1;
	if (rx != ry)
		return rx ? -1 : 1;
	if (x->sym.st_size != y->sym.st_size)
		return x->sym.st_size > y->sym.st_size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void index_symbols(struct obj *o)
{
	struct elf *elf = o->elf;
	struct section *sec;
	struct symbol *sym;
	size_t *fill;

	o->secs = xcalloc(elf->nr_sections, sizeof(*o->secs));
	for_each_sec(elf, sec)
		o->secs[sec->idx].ignored = section_ignored(sec);
	for_each_sym(elf, sym)
		if (sym_named(sym))
			o->secs[sym->sec->idx].nr_syms++;
	fill = xcalloc(elf->nr_sections, sizeof(*fill));
	for (size_t i = 0; i < elf->nr_sections; i++)
		if (o->secs[i].nr_syms)
			o->secs[i].syms = xmalloc(o->secs[i].nr_syms * sizeof(struct symbol *));
	for_each_sym(elf, sym)
		if (sym_named(sym))
			o->secs[sym->sec->idx].syms[fill[sym->sec->idx]++] = sym;
	for (size_t i = 0; i < elf->nr_sections; i++)
		if (o->secs[i].nr_syms > 1)
			qsort(o->secs[i].syms, o->secs[i].nr_syms, sizeof(struct symbol *),
			      sym_addr_cmp);
	free(fill);
}

/*
 * The named symbol at offset T of SEC: the one containing it, or ending
 * right at it (`p < arr + N`). Of several at one address, the first by
 * sym_addr_cmp(), so that both builds pick alike.
 */
static const struct symbol *sym_at(const struct obj *o, const struct section *sec, int64_t t)
{
	const struct sec_info *si = &o->secs[sec->idx];
	size_t lo = 0, hi = si->nr_syms;
	const struct symbol *sym;

	if (t < 0)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (si->syms[mid]->sym.st_value <= (uint64_t)t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	lo--;
	while (lo && si->syms[lo - 1]->sym.st_value == si->syms[lo]->sym.st_value)
		lo--;
	sym = si->syms[lo];
	if ((uint64_t)t - sym->sym.st_value > sym->sym.st_size)
		return NULL;
	return sym;
}

/* The bytes compared: the symbol's, within its section. */
static void item_range(const struct obj *o, struct item *it)
{
	const struct symbol *sym = it->sym;
	uint64_t size = sym->sec->size, start = sym->sym.st_value, len = sym->sym.st_size;

	/* A function from asm without .size: up to the next symbol. */
	if (!len && it->kind == ITEM_FUNC) {
		const struct sec_info *si = &o->secs[sym->sec->idx];

		len = size > start ? size - start : 0;
		for (size_t i = 0; i < si->nr_syms; i++) {
			uint64_t v = si->syms[i]->sym.st_value;

			if (v > start && v - start < len)
				len = v - start;
		}
	}
	if (start > size)
		start = size;
	if (len > size - start)
		len = size - start;
	it->start = start;
	it->size = len;
}

static void collect_items(struct obj *o)
{
	struct elf *elf = o->elf;
	struct symbol *sym;
	size_t nr = 0;

	o->by_sym = xcalloc(elf->nr_symbols, sizeof(*o->by_sym));
	o->items = xcalloc(elf->nr_symbols, sizeof(*o->items));
	for_each_sym(elf, sym) {
		unsigned int type = GELF_ST_TYPE(sym->sym.st_info);
		struct item *it;

		if (!sym_named(sym) || o->secs[sym->sec->idx].ignored ||
		    (type != STT_FUNC && type != STT_OBJECT))
			continue;
		it = &o->items[nr++];
		it->sym = sym;
		it->norm = name_norm(sym->name);
		it->key = sym->name;
		if (type == STT_FUNC) {
			it->kind = ITEM_FUNC;
			it->is_cold = cold_suffix(sym->name);
		} else if (!sym_global(sym) && name_generated(it->norm)) {
			it->kind = ITEM_GENERATED;
		} else {
			it->kind = ITEM_DATA;
		}
		item_range(o, it);
		o->by_sym[sym->idx] = it;
	}
	o->nr_items = nr;

	/* NAME.cold to NAME: a cold part without one is left out. */
	for (size_t i = 0; i < nr; i++) {
		struct item *it = &o->items[i];
		const char *cold = it->is_cold ? cold_suffix(it->sym->name) : NULL;
		char *name;
		struct symbol *parent;

		if (!cold)
			continue;
		name = xstrndup(it->sym->name, cold - it->sym->name);
		parent = find_symbol_by_name(elf, name);
		free(name);
		if (parent && o->by_sym[parent->idx] && o->by_sym[parent->idx]->kind == ITEM_FUNC &&
		    !o->by_sym[parent->idx]->is_cold) {
			it->parent = o->by_sym[parent->idx];
			it->parent->cold = it;
		}
	}
}

static int obj_read(struct obj *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->elf = elf_read(path);
	if (!o->elf)
		return -1;
	o->x86 = o->elf->ehdr.e_machine == EM_X86_64;
	index_symbols(o);
	collect_items(o);
	for (size_t i = 0; i < o->nr_items; i++)
		if (o->x86 && o->items[i].kind == ITEM_FUNC)
			item_decode(&o->items[i]);
	return 0;
}

static void obj_free(struct obj *o)
{
	if (o->elf) {
		for (size_t i = 0; i < o->elf->nr_sections; i++) {
			free(o->secs[i].syms);
			free(o->secs[i].relocs);
			free(o->secs[i].regions);
		}
	}
	for (size_t i = 0; i < o->nr_items; i++) {
		free(o->items[i].norm);
		free(o->items[i].own_key);
		free(o->items[i].insns);
		free(o->items[i].notes);
	}
	free(o->items);
	free(o->by_sym);
	free(o->secs);
	elf_close(o->elf);
}

/* ---- relocations ---- */

static int reloc_offset_cmp(const void *a, const void *b)
{
	const struct reloc *x = *(const struct reloc *const *)a;
	const struct reloc *y = *(const struct reloc *const *)b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* SEC's relocations in [START, START + SIZE), by offset; *NR of them. */
static struct reloc **relocs_in(struct obj *o, const struct section *sec, uint64_t start,
				uint64_t size, size_t *nr)
{
	struct sec_info *si = &o->secs[sec->idx];
	size_t lo = 0, hi, first;

	if (!si->sorted) {
		struct reloc *r;

		si->sorted = true;
		if (sec->rela) {
			si->relocs = xmalloc((sec->rela->nr_relocs + 1) * sizeof(*si->relocs));
			for_each_reloc(sec->rela, r)
				si->relocs[si->nr_relocs++] = r;
			qsort(si->relocs, si->nr_relocs, sizeof(*si->relocs), reloc_offset_cmp);
		}
	}
	hi = si->nr_relocs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (si->relocs[mid]->offset < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < si->nr_relocs && si->relocs[lo]->offset - start < size)
		lo++;
	*nr = lo - first;
	return si->relocs ? si->relocs + first : NULL;
}

static bool pc_relative32(const struct obj *o, uint32_t type)
{
	if (!o->x86)
		return false;
	switch (type) {
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		return true;
	}
	return false;
}

/*
 * What R refers to. IT is the function or object holding it, if any: a
 * PC-relative field of a decoded instruction is relative to the
 * instruction's end; of code not decoded, imm_size() guesses.
 */
static void resolve(const struct obj *o, const struct reloc *r, const struct item *it,
		    struct target *t)
{
	const struct section *code = r->sec->base, *sec;
	const struct symbol *named;
	int64_t at = r->addend;

	memset(t, 0, sizeof(*t));
	if (code && pc_relative32(o, r->type) && (code->sh.sh_flags & SHF_EXECINSTR)) {
		const struct insn *in = it && it->insns ? insn_at(it, r->offset) : NULL;
		uint64_t field = in ? it->start + in->start + in->rel : 0;

		if (in && in->rel && in->rel_len == 4 && field == r->offset)
			at += in->len - in->rel;
		else
			at += 4 + imm_size(code, it ? it->start : 0, r->offset);
	}
	if (!r->sym || !sym_anonymous(r->sym)) {
		t->kind = r->sym ? T_SYM : T_NONE;
		t->sym = r->sym;
		t->off = at;
		return;
	}
	sec = r->sym->sec;
	at += r->sym->sym.st_value;
	t->sec = sec;
	t->off = at;
	t->kind = T_ANON;
	if ((sec->sh.sh_flags & SHF_MERGE) && (sec->sh.sh_flags & SHF_STRINGS) && sec->data &&
	    sec->sh.sh_entsize == 1 && at >= 0 && (uint64_t)at < sec->size) {
		const char *s = sec->data;
		uint64_t start = at;

		while (start && s[start - 1])
			start--;
		t->kind = T_STRING;
		t->start = start;
		t->off = at - start;
	} else if ((named = sym_at(o, sec, at))) {
		t->kind = T_SYM;
		t->sym = named;
		t->off = at - named->sym.st_value;
	} else if ((sec->sh.sh_flags & SHF_MERGE) && sec->sh.sh_entsize && sec->data && at >= 0 &&
		   (uint64_t)at < sec->size) {
		t->kind = T_CONST;
		t->start = at - at % sec->sh.sh_entsize;
		t->off = at - t->start;
	}
}

/* ---- keys ---- */

#define FNV64_INIT 0xcbf29ce484222325ULL

static uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

static uint64_t fnv64_u64(uint64_t h, uint64_t v)
{
	return fnv64(h, &v, sizeof(v));
}

static void target_key(struct obj *o, const struct target *t, bool deep, struct buf *b);

/*
 * Bytes and relocations of SEC in [START, START + SIZE), relocation
 * targets keyed without hashes of their own: one level deep, so that
 * nothing recurses, and a jump table keys its function by name and
 * offset.
 */
static uint64_t range_hash(struct obj *o, const struct section *sec, uint64_t start,
			   uint64_t size, const struct item *it)
{
	uint64_t h = fnv64_u64(FNV64_INIT, size);
	struct buf key = { 0 };
	struct reloc **rel;
	size_t nr;

	if (sec->data && sec->sh.sh_type != SHT_NOBITS)
		h = fnv64(h, (const char *)sec->data + start, size);
	rel = relocs_in(o, sec, start, size, &nr);
	for (size_t i = 0; i < nr; i++) {
		struct target t;

		resolve(o, rel[i], it, &t);
		key.len = 0;
		target_key(o, &t, false, &key);
		h = fnv64_u64(h, rel[i]->offset - start);
		h = fnv64_u64(h, rel[i]->type);
		h = fnv64(h, key.s, key.len + 1);
	}
	free(key.s);
	return h;
}

static uint64_t item_hash(struct obj *o, struct item *it)
{
	if (!it->hashed) {
		it->hash = range_hash(o, it->sym->sec, it->start, it->size, it);
		it->hashed = true;
	}
	return it->hash;
}

/* The region of unnamed data holding offset T of SEC, or NULL. */
static struct region *region_at(struct obj *o, const struct section *sec, int64_t t)
{
	struct sec_info *si = &o->secs[sec->idx];
	size_t lo = 0, hi = si->nr_regions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((int64_t)si->regions[mid].start <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || t >= (int64_t)si->regions[lo - 1].end)
		return NULL;
	return &si->regions[lo - 1];
}

static uint64_t region_hash(struct obj *o, const struct section *sec, struct region *rg)
{
	if (!rg->hashed) {
		rg->hash = range_hash(o, sec, rg->start, rg->end - rg->start, NULL);
		rg->hashed = true;
	}
	return rg->hash;
}

/*
 * T as the same in both objects: see the top of the file. DEEP adds the
 * content hashes of unnamed and compiler-named data.
 */
static void target_key(struct obj *o, const struct target *t, bool deep, struct buf *b)
{
	const struct section *sec = t->sec;
	struct region *rg;
	struct item *it;

	switch (t->kind) {
	case T_NONE:
		buf_addstr(b, "none");
		break;
	case T_SYM:
		it = o->by_sym[t->sym->idx];
		if (it && it->kind == ITEM_GENERATED) {
			buf_addstr(b, it->norm);
			if (deep)
				buf_addf(b, "#%016llx", (unsigned long long)item_hash(o, it));
		} else if (it) {
			buf_addstr(b, it->key);
		} else if (sym_is_undef(t->sym)) {
			buf_addstr(b, t->sym->name);
		} else {
			buf_add_norm(b, t->sym->name);
		}
		break;
	case T_STRING: {
		const char *s = (const char *)sec->data + t->start;
		size_t n = strnlen(s, sec->size - t->start);

		buf_addf(b, "string %zu:", n);
		buf_add(b, s, n);
		break;
	}
	case T_CONST:
		buf_addstr(b, "constant ");
		for (uint64_t i = 0; i < sec->sh.sh_entsize && t->start + i < sec->size; i++)
			buf_addf(b, "%02x", ((const unsigned char *)sec->data)[t->start + i]);
		break;
	case T_ANON:
		buf_addstr(b, "section ");
		buf_add_norm(b, sec->name);
		rg = region_at(o, sec, t->off);
		if (rg) {
			/* Where the region is does not matter, what it holds does. */
			if (deep)
				buf_addf(b, "#%016llx", (unsigned long long)region_hash(o, sec, rg));
			buf_addf(b, "%+lld", (long long)(t->off - rg->start));
			return;
		}
		break;
	}
	buf_addf(b, "%+lld", (long long)t->off);
}

/* T for people: "bar", "x+0x8", "\"%s: failed\\n\"" (up to MAX characters). */
static void target_show(const struct target *t, size_t max, struct buf *b)
{
	switch (t->kind) {
	case T_NONE:
		buf_addstr(b, "nothing");
		break;
	case T_SYM:
		buf_addstr(b, t->sym->name);
		break;
	case T_STRING: {
		const char *s = (const char *)t->sec->data + t->start;
		size_t n = strnlen(s, t->sec->size - t->start), i;

		buf_addstr(b, "\"");
		for (i = 0; i < n && i < max; i++) {
			unsigned char c = s[i];

			if (c == '\n')
				buf_addstr(b, "\\n");
			else if (c == '"' || c == '\\')
				buf_addf(b, "\\%c", c);
			else if (c < 0x20 || c >= 0x7f)
				buf_addf(b, "\\%03o", c);
			else
				buf_add(b, s + i, 1);
		}
		buf_addstr(b, i < n ? "...\"" : "\"");
		break;
	}
	case T_CONST:
		buf_addf(b, "a constant in %s", t->sec->name);
		break;
	case T_ANON:
		buf_addstr(b, t->sec->name);
		break;
	}
	if (t->off)
		buf_addf(b, "%s0x%llx", t->off < 0 ? "-" : "+",
			 (unsigned long long)(t->off < 0 ? -(uint64_t)t->off : (uint64_t)t->off));
}

/* ---- what the items refer to ---- */

static void region_add(struct sec_info *si, uint64_t start)
{
	ALLOC_GROW(si->regions, si->nr_regions, si->alloc_regions);
	si->regions[si->nr_regions].start = start;
	si->regions[si->nr_regions].hashed = false;
	si->nr_regions++;
}

static int region_cmp(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Cut the unnamed data referred to into regions, each up to the next
 * place referred to or named symbol: the constants or tables gcc emitted,
 * more or less. A region is keyed by its contents, so that a table
 * changing in a shared .rodata is not a change of every function using
 * another one there.
 */
static void regions_finish(struct obj *o)
{
	for (size_t i = 0; i < o->elf->nr_sections; i++) {
		struct sec_info *si = &o->secs[i];
		const struct section *sec = o->elf->sections[i];
		size_t n, j;

		if (!si->nr_regions)
			continue;
		for (j = 0; j < si->nr_syms; j++) {
			region_add(si, si->syms[j]->sym.st_value);
			region_add(si, si->syms[j]->sym.st_value + si->syms[j]->sym.st_size);
		}
		qsort(si->regions, si->nr_regions, sizeof(*si->regions), region_cmp);
		for (j = 1, n = 1; j < si->nr_regions; j++)
			if (si->regions[j].start != si->regions[n - 1].start)
				si->regions[n++] = si->regions[j];
		si->nr_regions = n;
		for (j = 0; j < n; j++) {
			uint64_t end = j + 1 < n ? si->regions[j + 1].start : sec->size;

			si->regions[j].end = end < si->regions[j].start ? si->regions[j].start : end;
		}
	}
}

/*
 * The size of TABLE's entries, which no header says: the smallest that
 * gives every entry the same relocated fields (offset and type), the
 * first at its start. From 8 bytes, the smallest of these structures
 * (struct static_call_site: two 32-bit offsets, which 4 would split); 0
 * when none does up to 64: the table is then not compared.
 */
static uint64_t table_stride(struct obj *o, const struct section *table)
{
	struct reloc **rel;
	size_t nr, per;

	rel = relocs_in(o, table, 0, table->size, &nr);
	if (!nr || rel[0]->offset)
		return 0;
	for (uint64_t s = 8; s <= 64 && s <= table->size; s++) {
		size_t i;

		if (table->size % s)
			continue;
		for (per = 0; per < nr && rel[per]->offset < s; per++)
			;
		if (nr != per * (table->size / s))
			continue;
		for (i = per; i < nr; i++)
			if (rel[i]->offset != (i / per) * s + rel[i % per]->offset ||
			    rel[i]->type != rel[i % per]->type)
				break;
		if (i == nr)
			return s;
	}
	return 0;
}

static int note_cmp(const void *a, const void *b)
{
	const struct note *x = a, *y = b;
	int c = strcmp(x->table->name, y->table->name);

	if (c)
		return c;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/*
 * Give each entry of the code tables to the function its first field
 * points into; and note where entries point into unnamed data (an
 * alternative's replacement), as for regions_finish().
 */
static void scan_tables(struct obj *o)
{
	struct section *table;

	for_each_sec(o->elf, table) {
		uint64_t stride;
		struct reloc **rel;
		size_t nr, i;
		bool known = false;

		for (i = 0; i < ARRAY_SIZE(code_tables); i++)
			known |= !strcmp(table->name, code_tables[i]);
		if (!known || table->sh.sh_type == SHT_NOBITS || !(stride = table_stride(o, table)))
			continue;
		rel = relocs_in(o, table, 0, table->size, &nr);
		for (i = 0; i < nr; i++) {
			struct target t;
			struct item *it;
			struct note *n;

			resolve(o, rel[i], NULL, &t);
			if (t.kind == T_ANON && t.off >= 0 && (uint64_t)t.off < t.sec->size)
				region_add(&o->secs[t.sec->idx], t.off);
			if (rel[i]->offset % stride || t.kind != T_SYM ||
			    !(it = o->by_sym[t.sym->idx]) || it->kind != ITEM_FUNC)
				continue;
			ALLOC_GROW(it->notes, it->nr_notes, it->alloc_notes);
			n = &it->notes[it->nr_notes++];
			n->table = table;
			n->entry = rel[i]->offset;
			n->size = stride;
			n->at = t.off;
		}
	}
	for (size_t i = 0; i < o->nr_items; i++)
		if (o->items[i].nr_notes > 1)
			qsort(o->items[i].notes, o->items[i].nr_notes, sizeof(struct note), note_cmp);
}

/*
 * One pass over what every item refers to: which item first refers to
 * each (the least name, for a stable choice), to tell apart same-named
 * statics and clones; and where unnamed data is referred to.
 */
static void scan_references(struct obj *o)
{
	for (size_t i = 0; i < o->nr_items; i++) {
		struct item *from = &o->items[i];
		const char *name = from->parent ? from->parent->norm : from->norm;
		struct reloc **rel;
		size_t nr;

		rel = relocs_in(o, from->sym->sec, from->start, from->size, &nr);
		for (size_t j = 0; j < nr; j++) {
			struct target t;
			struct item *to;

			resolve(o, rel[j], from, &t);
			if (t.kind == T_ANON && t.off >= 0 && (uint64_t)t.off < t.sec->size) {
				region_add(&o->secs[t.sec->idx], t.off);
				continue;
			}
			if (t.kind != T_SYM || from->kind == ITEM_GENERATED ||
			    !(to = o->by_sym[t.sym->idx]) || to == from || to->kind == ITEM_GENERATED)
				continue;
			if (!to->ctx || strcmp(name, to->ctx) < 0)
				to->ctx = name;
		}
	}
	scan_tables(o);
	regions_finish(o);
}

/* ---- matching the two objects' symbols ---- */

/* Functions before data; then by name without numbers, then by name. */
static int item_cmp(const void *a, const void *b)
{
	const struct item *x = *(const struct item *const *)a;
	const struct item *y = *(const struct item *const *)b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	c = strcmp(x->norm, y->norm);
	return c ? c : strverscmp(x->sym->name, y->sym->name);
}

static void pair(struct item *a, struct item *b)
{
	a->match = b;
	b->match = a;
}

static size_t ctx_count(struct item **v, size_t n, const char *ctx)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		if (!v[i]->match && v[i]->ctx && !strcmp(v[i]->ctx, ctx))
			count++;
	return count;
}

/* Items of one name without numbers: A[N] in the original, B[M] patched. */
static void match_group(struct item **a, size_t n, struct item **b, size_t m)
{
	size_t left_a = n, left_b = m, i, j;

	if (n == 1 && m == 1) {
		pair(a[0], b[0]);
		return;
	}
	/* By the function using it, when that tells one from the others. */
	for (i = 0; i < n; i++) {
		if (!a[i]->ctx || ctx_count(a, n, a[i]->ctx) != 1 || ctx_count(b, m, a[i]->ctx) != 1)
			continue;
		for (j = 0; j < m; j++) {
			if (!b[j]->match && b[j]->ctx && !strcmp(a[i]->ctx, b[j]->ctx)) {
				pair(a[i], b[j]);
				left_a--, left_b--;
				break;
			}
		}
	}
	/* By the exact name. */
	for (i = 0; i < n; i++) {
		for (j = 0; j < m && !a[i]->match; j++) {
			if (!b[j]->match && !strcmp(a[i]->sym->name, b[j]->sym->name)) {
				pair(a[i], b[j]);
				left_a--, left_b--;
			}
		}
	}
	/* In order, when as many are left on each side. */
	if (left_a != left_b)
		return;
	for (i = 0, j = 0; i < n; i++) {
		if (a[i]->match)
			continue;
		while (b[j]->match)
			j++;
		pair(a[i], b[j++]);
	}
}

static struct item **matchable(struct obj *o, size_t *nr)
{
	struct item **v = xmalloc((o->nr_items + 1) * sizeof(*v));

	*nr = 0;
	for (size_t i = 0; i < o->nr_items; i++)
		if (o->items[i].kind != ITEM_GENERATED && !o->items[i].is_cold)
			v[(*nr)++] = &o->items[i];
	qsort(v, *nr, sizeof(*v), item_cmp);
	return v;
}

static bool same_group(const struct item *x, const struct item *y)
{
	return x->kind == y->kind && !strcmp(x->norm, y->norm);
}

static void match(struct obj *a, struct obj *b)
{
	size_t na, nb, i = 0, j = 0;
	struct item **va, **vb;

	scan_references(a);
	scan_references(b);
	va = matchable(a, &na);
	vb = matchable(b, &nb);
	while (i < na && j < nb) {
		size_t ei = i + 1, ej = j + 1;
		int c = item_cmp(&va[i], &vb[j]);

		if (!same_group(va[i], vb[j])) {
			if (c < 0)
				i++;
			else
				j++;
			continue;
		}
		while (ei < na && same_group(va[i], va[ei]))
			ei++;
		while (ej < nb && same_group(vb[j], vb[ej]))
			ej++;
		match_group(va + i, ei - i, vb + j, ej - j);
		i = ei;
		j = ej;
	}
	free(va);
	free(vb);

	for (i = 0; i < a->nr_items; i++) {
		struct item *it = &a->items[i];

		if (it->cold && it->match && it->match->cold)
			pair(it->cold, it->match->cold);
	}
	/* The patched object's keys: its match's, or its own, distinct. */
	for (i = 0; i < b->nr_items; i++) {
		struct item *it = &b->items[i];

		if (it->match)
			it->key = it->match->key;
		else
			it->key = it->own_key = xasprintf("%s (new)", it->sym->name);
	}
}

/* ---- comparing ---- */

struct cmp {
	struct obj a, b;	/* the original, the patched */
	struct buf ka, kb;	/* scratch */
};

static const unsigned char *item_bytes(const struct item *it)
{
	const struct section *sec = it->sym->sec;

	if (sec->sh.sh_type == SHT_NOBITS || !sec->data)
		return NULL;
	return (const unsigned char *)sec->data + it->start;
}

/* NULL holds SIZE zeroes (.bss). */
static bool bytes_equal(const unsigned char *x, const unsigned char *y, uint64_t size)
{
	if (x && y)
		return !memcmp(x, y, size);
	for (uint64_t i = 0; i < size; i++)
		if ((x && x[i]) || (y && y[i]))
			return false;
	return true;
}

/* For messages: what instruction X does with its PC-relative field at REL. */
static const char *branch_verb(const unsigned char *x, size_t rel)
{
	unsigned char op = x[rel - 1];

	if (op == 0xe8)
		return "calls";
	if (op == 0xe9 || op == 0xeb || (op & 0xf0) == 0x70 ||
	    (rel >= 2 && x[rel - 2] == 0x0f && (op & 0xf0) == 0x80))
		return "jumps to";
	return "refers to";
}

/* For messages: what relocation R of IT does. */
static const char *reloc_verb(const struct item *it, const struct reloc *r)
{
	const struct insn *in = it->insns ? insn_at(it, r->offset) : NULL;

	if (in && in->rel && it->start + in->start + in->rel == r->offset)
		return branch_verb(item_bytes(it) + in->start, in->rel);
	return "refers to";
}

/*
 * Do relocations RA of A and RB of B, at the same offset, refer to the
 * same? NULL, or why not.
 */
static char *target_diff(struct cmp *c, const struct item *a, const struct reloc *ra,
			 const struct item *b, const struct reloc *rb)
{
	struct target ta, tb;

	resolve(&c->a, ra, a, &ta);
	resolve(&c->b, rb, b, &tb);
	c->ka.len = c->kb.len = 0;
	target_key(&c->a, &ta, true, &c->ka);
	target_key(&c->b, &tb, true, &c->kb);
	if (c->ka.len == c->kb.len && !memcmp(c->ka.s, c->kb.s, c->ka.len))
		return NULL;

	c->ka.len = c->kb.len = 0;
	target_show(&ta, 40, &c->ka);
	target_show(&tb, 40, &c->kb);
	if (!strcmp(c->ka.s, c->kb.s) && ta.kind == T_STRING && tb.kind == T_STRING) {
		c->ka.len = c->kb.len = 0;
		target_show(&ta, SIZE_MAX, &c->ka);
		target_show(&tb, SIZE_MAX, &c->kb);
	}
	if (!strcmp(c->ka.s, c->kb.s))
		return xasprintf("relocation at +0x%llx: %s changed",
				 (unsigned long long)(rb->offset - b->start), c->kb.s);
	return xasprintf("relocation at +0x%llx: %s %s, was %s",
			 (unsigned long long)(rb->offset - b->start), reloc_verb(b, rb), c->kb.s,
			 c->ka.s);
}

/* Is there a relocation at offset AT, among R[N] (by offset)? */
static bool reloc_at(struct reloc **r, size_t n, uint64_t at)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r[mid]->offset < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && r[lo]->offset == at;
}

/*
 * Where the PC-relative field of instruction IN of IT leads: in *T, a
 * place outside the function. False for a place inside it, or for none
 * in its section's symbols (then the field's bytes are compared).
 */
static bool rel_target(const struct obj *o, const struct item *it, const struct insn *in,
		       struct target *t)
{
	const unsigned char *f = item_bytes(it) + in->start + in->rel;
	const struct symbol *sym;
	int64_t disp, at;

	if (in->rel_len == 4)
		disp = (int32_t)((uint32_t)f[0] | (uint32_t)f[1] << 8 | (uint32_t)f[2] << 16 |
				 (uint32_t)f[3] << 24);
	else
		disp = (int8_t)f[0];
	at = (int64_t)(it->start + in->start + in->len) + disp;
	if (at >= (int64_t)it->start && at < (int64_t)(it->start + it->size))
		return false;
	sym = sym_at(o, it->sym->sec, at);
	if (!sym)
		return false;
	memset(t, 0, sizeof(*t));
	t->kind = T_SYM;
	t->sym = sym;
	t->off = at - sym->sym.st_value;
	return true;
}

/*
 * Why the code of functions A (original) and B (patched), of one size,
 * differs, or NULL.
 *
 * GNU as resolves a call, jump or RIP-relative reference to a static
 * function in the same section itself, without a relocation: between
 * functions sharing .init.text, .sched.text or .noinstr.text the
 * displacement changes when a function between them changes size, and
 * stays when the call now goes to another function that took the old
 * one's place. So such a field is compared by where it leads, as a
 * relocation's target would be; everything else byte for byte. Code that
 * does not decode is compared byte for byte. (A jump GNU as made short
 * in one build and not in the other changes the size: reported.)
 */
static char *code_diff(struct cmp *c, const struct item *a, const struct item *b)
{
	const unsigned char *pa = item_bytes(a), *pb = item_bytes(b);
	struct reloc **ra, **rb;
	size_t na, nb;

	if (!a->insns || !b->insns || a->nr_insns != b->nr_insns)
		return bytes_equal(pa, pb, a->size) ? NULL : xstrdup("code");
	ra = relocs_in(&c->a, a->sym->sec, a->start, a->size, &na);
	rb = relocs_in(&c->b, b->sym->sec, b->start, b->size, &nb);
	for (size_t i = 0; i < a->nr_insns; i++) {
		const struct insn *ia = &a->insns[i], *ib = &b->insns[i];
		const unsigned char *xa = pa + ia->start, *xb = pb + ib->start;
		size_t rel = ia->rel, end = ia->rel + ia->rel_len;
		struct target ta, tb;
		bool in_a, in_b;

		if (ia->start != ib->start || ia->len != ib->len || ia->rel != ib->rel ||
		    ia->rel_len != ib->rel_len)
			return xstrdup("code");
		if (!ia->rel_len || reloc_at(ra, na, a->start + ia->start + rel) ||
		    reloc_at(rb, nb, b->start + ib->start + rel)) {
			if (memcmp(xa, xb, ia->len))
				return xstrdup("code");
			continue;
		}
		if (memcmp(xa, xb, rel) || memcmp(xa + end, xb + end, ia->len - end))
			return xstrdup("code");
		in_a = rel_target(&c->a, a, ia, &ta);
		in_b = rel_target(&c->b, b, ib, &tb);
		if (!in_a || !in_b) {
			if (in_a != in_b || memcmp(xa + rel, xb + rel, ia->rel_len))
				return xstrdup("code");
			continue;
		}
		c->ka.len = c->kb.len = 0;
		target_key(&c->a, &ta, true, &c->ka);
		target_key(&c->b, &tb, true, &c->kb);
		if (c->ka.len == c->kb.len && !memcmp(c->ka.s, c->kb.s, c->ka.len))
			continue;
		c->ka.len = c->kb.len = 0;
		target_show(&ta, 40, &c->ka);
		target_show(&tb, 40, &c->kb);
		return xasprintf("instruction at +0x%x: %s %s, was %s", ib->start,
				 branch_verb(xb, rel), c->kb.s, c->ka.s);
	}
	return NULL;
}

/* Code table entry N of O: its bytes, and its relocations' targets. */
static void note_key(struct obj *o, const struct note *n, struct buf *b)
{
	const char *data = n->table->data;
	struct reloc **rel;
	size_t nr;

	buf_add(b, data + n->entry, n->size);
	rel = relocs_in(o, n->table, n->entry, n->size, &nr);
	for (size_t i = 0; i < nr; i++) {
		struct target t;

		resolve(o, rel[i], NULL, &t);
		buf_addf(b, "|%llu %u ", (unsigned long long)(rel[i]->offset - n->entry),
			 rel[i]->type);
		target_key(o, &t, true, b);
	}
}

/* Why the code table entries about A (original) and B (patched) differ, or NULL. */
static char *notes_diff(struct cmp *c, const struct item *a, const struct item *b)
{
	for (size_t i = 0; i < a->nr_notes || i < b->nr_notes; i++) {
		const struct note *na = i < a->nr_notes ? &a->notes[i] : NULL;
		const struct note *nb = i < b->nr_notes ? &b->notes[i] : NULL;

		if (!na || !nb || strcmp(na->table->name, nb->table->name) || na->at != nb->at) {
			const struct note *n = na ? na : nb;

			return xasprintf("%s entries differ from +0x%llx", n->table->name,
					 (unsigned long long)n->at);
		}
		c->ka.len = c->kb.len = 0;
		note_key(&c->a, na, &c->ka);
		note_key(&c->b, nb, &c->kb);
		if (na->size != nb->size || c->ka.len != c->kb.len ||
		    memcmp(c->ka.s, c->kb.s, c->ka.len))
			return xasprintf("%s entry at +0x%llx", na->table->name,
					 (unsigned long long)na->at);
	}
	return NULL;
}

/* Why the bytes of A (original) and B (patched) differ, or NULL. */
static char *range_diff(struct cmp *c, const struct item *a, const struct item *b)
{
	struct reloc **ra, **rb;
	char *why = NULL;
	size_t na, nb;

	if (a->size != b->size)
		return xasprintf("size %llu -> %llu", (unsigned long long)a->size,
				 (unsigned long long)b->size);
	if (a->kind == ITEM_FUNC)
		why = code_diff(c, a, b);
	else if (!bytes_equal(item_bytes(a), item_bytes(b), a->size))
		why = xstrdup("initial value");
	if (why)
		return why;
	ra = relocs_in(&c->a, a->sym->sec, a->start, a->size, &na);
	rb = relocs_in(&c->b, b->sym->sec, b->start, b->size, &nb);
	if (na != nb)
		return xasprintf("relocations %zu -> %zu", na, nb);
	for (size_t i = 0; i < na; i++) {
		uint64_t oa = ra[i]->offset - a->start, ob = rb[i]->offset - b->start;

		if (oa != ob)
			return xasprintf("relocation at +0x%llx moved to +0x%llx",
					 (unsigned long long)oa, (unsigned long long)ob);
		if (ra[i]->type != rb[i]->type)
			return xasprintf("relocation at +0x%llx: type %u, was %u",
					 (unsigned long long)ob, rb[i]->type, ra[i]->type);
		why = target_diff(c, a, ra[i], b, rb[i]);
		if (why)
			return why;
	}
	return a->kind == ITEM_FUNC ? notes_diff(c, a, b) : NULL;
}

/* Why the matched A (original) and B (patched) differ, or NULL. */
static char *item_diff(struct cmp *c, const struct item *a, const struct item *b)
{
	char *why = range_diff(c, a, b);

	if (why || a->kind != ITEM_FUNC)
		return why;
	if (!a->cold && b->cold)
		return xstrdup("cold part added");
	if (a->cold && !b->cold)
		return xstrdup("cold part removed");
	if (a->cold) {
		why = range_diff(c, a->cold, b->cold);
		if (why) {
			char *cold = xasprintf("cold part: %s", why);

			free(why);
			return cold;
		}
	}
	return NULL;
}

static void change_add(struct changes *out, const struct item *it, enum change_kind kind,
		       char *why)
{
	struct change *ch;

	ALLOC_GROW(out->v, out->nr, out->alloc);
	ch = &out->v[out->nr++];
	ch->name = xstrdup(it->sym->name);
	ch->kind = kind;
	ch->func = it->kind == ITEM_FUNC;
	ch->global = sym_global(it->sym);
	ch->section = xstrdup(it->sym->sec->name);
	ch->why = why;
}

static bool reported(const struct item *it)
{
	return it->kind != ITEM_GENERATED && !it->is_cold;
}

static int change_cmp(const void *x, const void *y)
{
	const struct change *a = x, *b = y;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	c = strcmp(a->name, b->name);
	if (c)
		return c;
	if (a->func != b->func)
		return a->func ? -1 : 1;
	return strcmp(a->section, b->section);
}

int objects_compare(const char *orig, const char *patched, struct changes *out)
{
	struct cmp c = { 0 };
	size_t first = out->nr;
	int ret = -1;

	if (obj_read(&c.a, orig) || obj_read(&c.b, patched))
		goto out;
	if (c.a.elf->ehdr.e_machine != c.b.elf->ehdr.e_machine) {
		error("%s and %s are built for different machines", orig, patched);
		goto out;
	}
	match(&c.a, &c.b);

	for (size_t i = 0; i < c.a.nr_items; i++) {
		struct item *a = &c.a.items[i];
		char *why;

		if (!reported(a))
			continue;
		if (!a->match)
			change_add(out, a, CHANGE_GONE, xstrdup("gone"));
		else if ((why = item_diff(&c, a, a->match)))
			change_add(out, a, CHANGE_CHANGED, why);
	}
	for (size_t i = 0; i < c.b.nr_items; i++) {
		struct item *b = &c.b.items[i];

		if (reported(b) && !b->match)
			change_add(out, b, CHANGE_NEW, xstrdup("new"));
	}
	if (out->nr > first)
		qsort(out->v + first, out->nr - first, sizeof(*out->v), change_cmp);
	ret = 0;
out:
	free(c.ka.s);
	free(c.kb.s);
	obj_free(&c.a);
	obj_free(&c.b);
	return ret;
}

void changes_free(struct changes *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		free(c->v[i].name);
		free(c->v[i].section);
		free(c->v[i].why);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}
