// SPDX-License-Identifier: GPL-2.0-only
/*
 * --object FILE: cross-check the source findings with the built object.
 *
 * libclang cannot see references named only in asm strings (get_user ->
 * __get_user_4) or made by the compiler, and cannot know what the
 * optimiser removed. The object's relocations can. Here we read the
 * undefined symbols its code and data relocations use (not those of the
 * annotation arrays themselves, nor of debug info), and add the ones the
 * source walk missed; classify.c then reports annotations the object no
 * longer needs.
 *
 * --module-object FILE: the module linked whole (kbuild's NAME.o of a
 * module built from several files). The globals it defines are the
 * module's own, wherever they come from: a livepatch's registration in
 * one file names the copies another file defines.
 */
#include "annotate.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void object_sym_add(struct job *job, const char *name)
{
	char *n;

	/* Already converted: ".klp.sym.<obj>.<name>,<pos>". */
	if (starts_with(name, ".klp.sym.")) {
		const char *s = strchr(name + 9, '.');
		const char *comma = s ? strrchr(s, ',') : NULL;

		if (!comma)
			return;
		n = xstrndup(s + 1, comma - s - 1);
	} else {
		n = xstrdup(name);
	}
	for (size_t i = 0; i < job->nr_object_syms; i++)
		if (!strcmp(job->object_syms[i], n)) {
			free(n);
			return;
		}
	ALLOC_GROW(job->object_syms, job->nr_object_syms, job->alloc_object_syms);
	job->object_syms[job->nr_object_syms++] = n;
}

static bool section_counts(Elf *elf, size_t shstrndx, const GElf_Shdr *rel)
{
	Elf_Scn *target = elf_getscn(elf, rel->sh_info);
	GElf_Shdr tsh;
	const char *name;

	if (!target || !gelf_getshdr(target, &tsh))
		return false;
	name = elf_strptr(elf, shstrndx, tsh.sh_name);
	return name && !starts_with(name, ".klp.module_relocs.") && !starts_with(name, ".debug");
}

static int object_read_relocs(struct job *job, Elf *elf, size_t shstrndx, Elf_Scn *scn,
			      const GElf_Shdr *sh)
{
	Elf_Scn *symscn = elf_getscn(elf, sh->sh_link);
	Elf_Data *data = elf_getdata(scn, NULL), *syms;
	GElf_Shdr symsh;
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

	if (!symscn || !gelf_getshdr(symscn, &symsh) || !data)
		return error("%s: malformed relocation section", job->opt.object);
	syms = elf_getdata(symscn, NULL);
	(void)shstrndx;
	for (size_t i = 0; i < n; i++) {
		GElf_Rela rela;
		GElf_Rel rel;
		GElf_Sym sym;
		size_t idx;
		const char *name;

		if (sh->sh_type == SHT_RELA) {
			if (!gelf_getrela(data, i, &rela))
				continue;
			idx = GELF_R_SYM(rela.r_info);
		} else {
			if (!gelf_getrel(data, i, &rel))
				continue;
			idx = GELF_R_SYM(rel.r_info);
		}
		if (!idx || !gelf_getsym(syms, idx, &sym))
			continue;
		if (sym.st_shndx != SHN_UNDEF && sym.st_shndx != 0xff20 /* SHN_LIVEPATCH */)
			continue;
		name = elf_strptr(elf, symsh.sh_link, sym.st_name);
		if (name && *name)
			object_sym_add(job, name);
	}
	return 0;
}

static int object_read(struct job *job)
{
	const char *path = job->opt.object;
	int fd = open(path, O_RDONLY);
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *elf;
	int ret = 0;

	if (fd < 0)
		return error("%s: %s", path, strerror(errno));
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		if (elf)
			elf_end(elf);
		close(fd);
		return error("%s: not an ELF object (give the built .o or .ko)", path);
	}
	while (!ret && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL))
			continue;
		if (section_counts(elf, shstrndx, &sh))
			ret = object_read_relocs(job, elf, shstrndx, scn, &sh);
	}
	elf_end(elf);
	close(fd);
	job->have_object = true;
	return ret;
}

static Elf *elf_open(const char *path, int *fd)
{
	Elf *elf;
	size_t shstrndx;

	*fd = open(path, O_RDONLY);
	if (*fd < 0) {
		error("%s: %s", path, strerror(errno));
		return NULL;
	}
	elf_version(EV_CURRENT);
	elf = elf_begin(*fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		if (elf)
			elf_end(elf);
		close(*fd);
		error("%s: not an ELF object (give the built .o or .ko)", path);
		return NULL;
	}
	return elf;
}

static int module_object_read(struct job *job)
{
	const char *path = job->opt.module_object;
	Elf_Scn *scn = NULL;
	int fd;
	Elf *elf = elf_open(path, &fd);

	if (!elf)
		return -1;
	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *data = elf_getdata(scn, NULL);
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !data || !sh.sh_entsize)
			continue;
		for (size_t i = 1; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *name;
			int bind;

			if (!gelf_getsym(data, i, &sym))
				continue;
			bind = GELF_ST_BIND(sym.st_info);
			if (sym.st_shndx == SHN_UNDEF || sym.st_shndx == 0xff20 /* SHN_LIVEPATCH */ ||
			    (bind != STB_GLOBAL && bind != STB_WEAK))
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (name && *name) {
				ALLOC_GROW(job->module_syms, job->nr_module_syms,
					   job->alloc_module_syms);
				job->module_syms[job->nr_module_syms++] = xstrdup(name);
			}
		}
	}
	elf_end(elf);
	close(fd);
	return 0;
}

struct find_decl {
	const char *name;
	CXFile main;
	bool found;
	bool is_func;
	bool in_main;
	CXCursor last_main;	/* the main file's last declaration of it */
};

static enum CXChildVisitResult find_decl(CXCursor c, CXCursor parent, CXClientData data)
{
	struct find_decl *fd = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXString s;

	(void)parent;
	if (k != CXCursor_FunctionDecl && k != CXCursor_VarDecl)
		return CXChildVisit_Continue;
	s = clang_getCursorSpelling(c);
	if (!strcmp(clang_getCString(s), fd->name)) {
		CXFile f;

		fd->found = true;
		fd->is_func = k == CXCursor_FunctionDecl;
		clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
		if (f && clang_File_isEqual(f, fd->main)) {
			fd->in_main = true;
			fd->last_main = c;
		}
	}
	clang_disposeString(s);
	return CXChildVisit_Continue;
}

/* Past the ';' of the declaration, at the start of the next line. */
static unsigned int decl_end(const struct unit *u, CXCursor c)
{
	unsigned int off;

	clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)), NULL, NULL, NULL,
				   &off);
	while (off < u->len && u->text[off] != ';')
		off++;
	return line_after(u->text, u->len, off);
}

/* A reference only the object shows: add it to the unit that declares it. */
static void object_ref_add(struct job *job, const char *name)
{
	struct unit *u = &job->units[0];
	struct find_decl fd = { .name = name };
	struct ref *r;

	for (size_t i = 0; i < job->nr_units && !fd.found; i++) {
		fd.main = job->units[i].file;
		clang_visitChildren(clang_getTranslationUnitCursor(job->units[i].tu), find_decl, &fd);
		if (fd.found)
			u = &job->units[i];
	}
	ALLOC_GROW(u->refs, u->nr_refs, u->alloc_refs);
	r = &u->refs[u->nr_refs++];
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	r->is_func = fd.is_func;
	r->from_object = true;
	r->declared = fd.found;
	/* The block must come after the declaration it names. */
	if (fd.in_main) {
		r->main_decl = true;
		r->decl_end = decl_end(u, fd.last_main);
	}
	r->offset = ~0u;
	r->diag = -1;
}

int object_cross_check(struct job *job)
{
	if (job->opt.module_object && module_object_read(job))
		return -1;
	if (!job->opt.object)
		return 0;
	if (object_read(job))
		return -1;
	for (size_t i = 0; i < job->nr_object_syms; i++) {
		const char *name = job->object_syms[i];
		bool seen = job_defines(job, name);

		for (size_t j = 0; j < job->nr_units && !seen; j++)
			seen = unit_find_ref_symbol(&job->units[j], name) != NULL;
		if (!seen)
			object_ref_add(job, name);
	}
	return 0;
}
