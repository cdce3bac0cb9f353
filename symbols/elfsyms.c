// SPDX-License-Identifier: GPL-2.0-only
/*
 * Symbol tables of vmlinux and of .ko files, read with libelf.
 *
 * vmlinux: scripts/kallsyms reads "nm -n vmlinux": every named symbol
 * but section and file symbols, sorted by address then name. It drops
 * undefined, debugging and absolute symbols and keeps all others
 * (CONFIG_KALLSYMS_ALL, as Debian builds). Per-cpu variables, in
 * .data..percpu at offsets from zero, become 'A'.
 *
 * A module: once loaded and initialised, kallsyms keeps the entries of
 * its symbol table that kernel/module/kallsyms.c is_core_symbol() accepts,
 * in symbol table order: named, defined in a real section that the
 * module keeps (allocated, not .init*; .modinfo and __versions lose
 * SHF_ALLOC at load) or in the per-cpu section. A livepatch module
 * (modinfo livepatch=Y) keeps all of them.
 *
 * While a module is still loading, before its init function has run,
 * the kernel's kallsyms still holds the full table, .init symbols
 * included. The livepatch core resolves a module's symbols at that time
 * when the patch was loaded first; a name that also exists in .init*
 * then counts differently. sympos follows /proc/kallsyms, the live view;
 * load_sympos and load_count give the loading view.
 *
 * Source attribution: an STT_FILE symbol names the source file of the
 * local symbols after it, up to the next STT_FILE. Globals have none.
 *
 * Compressed modules (.ko.xz, .ko.zst, .ko.gz: Debian's 6.12 kernels
 * compress them all) are told by their magic bytes, decompressed in
 * memory (decompress.c) and read from there like any other.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decompress.h"
#include "symdb_private.h"
#include "util.h"

struct elf_file {
	const char *path;
	uint64_t size;          /* of the file, or of its decompressed data */
	enum compression compression;
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shnum, shstrndx;
	Elf_Scn *symtab;
	GElf_Shdr symtab_shdr;
	Elf_Data *syms, *xndx;
	size_t nr_syms;
	size_t pcpu;            /* index of .data..percpu, or 0 */
	size_t modinfo, versions;
	const char *modname;    /* from .modinfo "name=" */
	bool livepatch;
	bool has_code;          /* a SHF_EXECINSTR section */
	bool quiet;             /* found by a directory search, not named */
};

/* A symbol we keep, before it reaches the database. */
struct elf_sym {
	const char *name;
	const char *file;
	uint64_t addr;
	size_t index;
	unsigned long load_sympos;      /* modules: rank in the whole table */
	char type;
};

static int elf_error(const char *path, const char *what)
{
	return error("%s: %s: %s", path, what, elf_errmsg(-1));
}

/* "name=foo" and "livepatch=Y" from .modinfo. */
static void read_modinfo(struct elf_file *f, struct symdb *db)
{
	Elf_Scn *scn = elf_getscn(f->elf, f->modinfo);
	Elf_Data *data = scn ? elf_getdata(scn, NULL) : NULL;
	const char *p, *end, *nul;

	if (!data || !data->d_buf)
		return;
	p = data->d_buf;
	end = p + data->d_size;
	while (p < end) {
		nul = memchr(p, '\0', end - p);
		if (!nul)
			nul = end;
		if (nul - p > 5 && !strncmp(p, "name=", 5))
			f->modname = symdb_strndup(db, p + 5, nul - p - 5);
		else if (nul - p == 11 && !strncmp(p, "livepatch=Y", 11))
			f->livepatch = true;
		p = nul + 1;
	}
}

static int find_sections(struct elf_file *f)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	const char *name;

	while ((scn = elf_nextscn(f->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			return elf_error(f->path, "bad section header");
		name = elf_strptr(f->elf, f->shstrndx, shdr.sh_name);
		if (!name)
			return error("%s: section %zu has a bad name offset", f->path,
				     elf_ndxscn(scn));
		if (shdr.sh_type != SHT_NOBITS && (shdr.sh_offset > f->size ||
						   shdr.sh_size > f->size - shdr.sh_offset))
			return error("%s: section %zu '%s' runs past the end of the file; "
				     "truncated?", f->path, elf_ndxscn(scn), name);
		if (shdr.sh_flags & SHF_EXECINSTR)
			f->has_code = true;
		if (shdr.sh_type == SHT_SYMTAB && !f->symtab) {
			f->symtab = scn;
			f->symtab_shdr = shdr;
		} else if (shdr.sh_type == SHT_SYMTAB_SHNDX) {
			f->xndx = elf_getdata(scn, NULL);
		} else if (!strcmp(name, ".data..percpu") && (shdr.sh_flags & SHF_ALLOC)) {
			f->pcpu = elf_ndxscn(scn);
		} else if (!strcmp(name, ".modinfo")) {
			f->modinfo = elf_ndxscn(scn);
		} else if (!strcmp(name, "__versions")) {
			f->versions = elf_ndxscn(scn);
		}
	}
	if (!f->symtab)
		return error("%s: no symbol table; was it stripped? (the .ko files in "
			     "Debian's image package keep theirs)", f->path);
	if (f->symtab_shdr.sh_entsize != gelf_fsize(f->elf, ELF_T_SYM, 1, EV_CURRENT))
		return error("%s: symbol table entry size %llu is wrong", f->path,
			     (unsigned long long)f->symtab_shdr.sh_entsize);
	if (f->symtab_shdr.sh_link == 0 || f->symtab_shdr.sh_link >= f->shnum)
		return error("%s: symbol table links to no string table (index %u)", f->path,
			     (unsigned)f->symtab_shdr.sh_link);
	f->syms = elf_getdata(f->symtab, NULL);
	if (!f->syms)
		return elf_error(f->path, "cannot read the symbol table");
	f->nr_syms = f->syms->d_size / f->symtab_shdr.sh_entsize;
	return 0;
}

/* The file FD, or the decompressed IMAGE of SIZE bytes when FD is -1. */
static int elf_open(struct elf_file *f, int fd, void *image)
{
	elf_version(EV_CURRENT);
	f->elf = fd < 0 ? elf_memory(image, f->size) : elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!f->elf)
		return elf_error(f->path, "cannot read ELF");
	if (elf_kind(f->elf) != ELF_K_ELF && f->compression != COMPRESS_NONE)
		return error("%s: its %s data decompresses to no ELF file; expected a "
			     "compressed .ko", f->path, compression_name(f->compression));
	if (elf_kind(f->elf) != ELF_K_ELF)
		return error("%s: not an ELF file; expected vmlinux or a .ko (plain, or "
			     "compressed with xz, zstd or gzip)", f->path);
	if (!gelf_getehdr(f->elf, &f->ehdr))
		return elf_error(f->path, "bad ELF header");
	if (f->ehdr.e_type != ET_REL && f->ehdr.e_type != ET_EXEC && f->ehdr.e_type != ET_DYN)
		return error("%s: ELF type %u is neither a module (ET_REL) nor vmlinux "
			     "(ET_EXEC)", f->path, f->ehdr.e_type);
	/* libelf reads a section table past the end as none at all. */
	if (f->ehdr.e_shoff > f->size ||
	    (uint64_t)f->ehdr.e_shnum * f->ehdr.e_shentsize > f->size - f->ehdr.e_shoff)
		return error("%s: section table runs past the end of the file; truncated?",
			     f->path);
	if (elf_getshdrnum(f->elf, &f->shnum) || elf_getshdrstrndx(f->elf, &f->shstrndx))
		return elf_error(f->path, "bad section table");
	return find_sections(f);
}

/* nm's letter, as the kernel's elf_type() and /proc/kallsyms show it. */
static char sym_type(struct elf_file *f, const GElf_Sym *sym, size_t shndx,
		     const GElf_Shdr *sec)
{
	int bind = GELF_ST_BIND(sym->st_info);
	char c;

	if (bind == STB_WEAK)
		return GELF_ST_TYPE(sym->st_info) == STT_OBJECT ? 'V' : 'W';
	if (shndx == SHN_UNDEF)
		c = 'u';
	else if (shndx == SHN_ABS || (f->pcpu && shndx == f->pcpu))
		c = 'a';
	else if (shndx >= SHN_LORESERVE || !sec)
		c = '?';
	else if (sec->sh_flags & SHF_EXECINSTR)
		c = 't';
	else if ((sec->sh_flags & SHF_ALLOC) && sec->sh_type != SHT_NOBITS)
		c = (sec->sh_flags & SHF_WRITE) ? 'd' : 'r';
	else if (sec->sh_type == SHT_NOBITS)
		c = 'b';
	else
		c = 'n';
	return bind == STB_LOCAL ? c : c - 'a' + 'A';
}

/* Is symbol I of a module in the kallsyms of the live module? */
static bool module_keeps(struct elf_file *f, const GElf_Sym *sym, const GElf_Shdr *sec,
			 const char *secname)
{
	/*
	 * The kernel looks at the raw st_shndx, SHN_XINDEX included. A
	 * livepatch module keeps unnamed symbols too, but no name matches
	 * them and /proc/kallsyms hides them: leave them out.
	 */
	if (sym->st_shndx == SHN_UNDEF || !sym->st_name)
		return false;
	if (f->livepatch)
		return true;
	if (sym->st_shndx >= f->shnum)
		return false;
	if (f->pcpu && sym->st_shndx == f->pcpu)
		return true;
	if (!(sec->sh_flags & SHF_ALLOC) || sym->st_shndx == f->modinfo ||
	    sym->st_shndx == f->versions)
		return false;
	return !starts_with(secname, ".init");
}

/* Would "nm -n vmlinux | scripts/kallsyms --all-symbols" keep it? */
static bool vmlinux_keeps(const GElf_Sym *sym, size_t shndx, const GElf_Shdr *sec,
			  const char *name, char type)
{
	int t = GELF_ST_TYPE(sym->st_info);

	if (t == STT_SECTION || t == STT_FILE || !*name)
		return false;
	if (shndx == SHN_UNDEF || shndx == SHN_ABS || shndx >= SHN_LORESERVE)
		return false;
	if (!sec || !(sec->sh_flags & SHF_ALLOC))
		return false;
	return !kallsyms_ignores(name, type, type == 'A' || type == 'a');
}

static int cmp_nm_order(const void *pa, const void *pb)
{
	const struct elf_sym *a = pa, *b = pb;
	int ret;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	/* nm -n breaks ties by name; kbuild runs it with LC_COLLATE=C. */
	ret = strcmp(a->name, b->name);
	if (ret)
		return ret;
	return (a->index > b->index) - (a->index < b->index);
}

static int read_symbols(struct elf_file *f, struct symdb *db, bool vmlinux,
			struct strmap *load_count, struct elf_sym **out, size_t *nr_out)
{
	size_t strndx = f->symtab_shdr.sh_link, i, nr = 0, alloc = 0;
	const char *file = NULL, *name, *secname = "";
	struct elf_sym *syms = NULL;
	GElf_Shdr shdr, *sec;
	GElf_Sym sym;
	Elf32_Word xshndx;
	size_t shndx;
	char type;

	for (i = 1; i < f->nr_syms; i++) {
		unsigned long load_sympos = 0;

		if (!gelf_getsymshndx(f->syms, f->xndx, i, &sym, &xshndx))
			goto bad;
		name = elf_strptr(f->elf, strndx, sym.st_name);
		if (!name) {
			error("%s: symbol %zu has a bad name offset %u", f->path, i,
			      (unsigned)sym.st_name);
			goto fail;
		}
		shndx = sym.st_shndx == SHN_XINDEX ? xshndx : sym.st_shndx;
		if (shndx >= f->shnum && shndx < SHN_LORESERVE) {
			error("%s: symbol %zu '%s' is in section %zu, but there are only %zu",
			      f->path, i, name, shndx, f->shnum);
			goto fail;
		}
		/* While loading, module_kallsyms_on_each_symbol() skips only undefined symbols. */
		if (!vmlinux && sym.st_shndx != SHN_UNDEF && *name) {
			load_sympos = (uintptr_t)strmap_get(load_count, name) + 1;
			strmap_put(load_count, name, (void *)(uintptr_t)load_sympos);
		}
		if (GELF_ST_TYPE(sym.st_info) == STT_FILE) {
			file = *name ? symdb_strdup(db, name) : NULL;
			/* A livepatch module's kallsyms keeps even these. */
			if (vmlinux || !f->livepatch)
				continue;
		}
		sec = NULL;
		if (shndx != SHN_UNDEF && shndx < f->shnum) {
			Elf_Scn *scn = elf_getscn(f->elf, shndx);

			if (!scn || !gelf_getshdr(scn, &shdr))
				goto bad;
			sec = &shdr;
			secname = elf_strptr(f->elf, f->shstrndx, shdr.sh_name);
			if (!secname)
				secname = "";
		}
		type = sym_type(f, &sym, shndx, sec);
		if (vmlinux ? !vmlinux_keeps(&sym, shndx, sec, name, type) :
			      !module_keeps(f, &sym, sec, secname))
			continue;
		if (vmlinux && f->pcpu && shndx == f->pcpu)
			type = 'A';     /* scripts/kallsyms --absolute-percpu */
		ALLOC_GROW(syms, nr, alloc);
		syms[nr].name = symdb_strdup(db, name);
		syms[nr].file = GELF_ST_BIND(sym.st_info) == STB_LOCAL ? file : NULL;
		syms[nr].addr = sym.st_value;
		syms[nr].index = i;
		syms[nr].load_sympos = load_sympos;
		syms[nr].type = type;
		nr++;
	}
	*out = syms;
	*nr_out = nr;
	return 0;
bad:
	elf_error(f->path, "cannot read the symbol table");
fail:
	free(syms);
	return -1;
}

static bool is_vmlinux(struct elf_file *f)
{
	return f->ehdr.e_type != ET_REL;
}

static int load_elf_file(struct symdb *db, struct elf_file *f)
{
	struct strmap load_count = { 0 };
	struct elf_sym *syms = NULL;
	struct symdb_obj *obj;
	const char *objname;
	bool vmlinux = is_vmlinux(f);
	size_t nr, i;

	/*
	 * Debian's 6.12 headers ship a vmlinux that holds only .BTF and
	 * .BTF_ids, for building modules' BTF: its symbols are BTF ids, and
	 * letting it describe vmlinux would hide the real kernel's.
	 */
	if (vmlinux && !f->has_code) {
		if (!f->quiet)
			warning("%s: a vmlinux with no code (BTF only): its symbols are not the kernel's, skipped; pass the kernel's kallsyms or System.map",
				f->path);
		return 0;
	}
	if (!vmlinux && f->modinfo)
		read_modinfo(f, db);
	if (vmlinux)
		objname = "vmlinux";
	else if (f->modname)
		objname = f->modname;
	else
		objname = symdb_obj_name(db, f->path, strlen(f->path));

	if (read_symbols(f, db, vmlinux, &load_count, &syms, &nr)) {
		strmap_clear(&load_count);
		return -1;
	}
	obj = symdb_obj_get(db, objname);
	if (symdb_obj_claim(db, obj, f->path)) {
		/* nr may be 0, syms NULL: qsort() must not see NULL. */
		if (vmlinux && nr)
			qsort(syms, nr, sizeof(*syms), cmp_nm_order);
		for (i = 0; i < nr; i++) {
			struct symdb_sym *s = symdb_obj_add(db, obj, syms[i].name, syms[i].addr,
							    syms[i].type, syms[i].file);

			if (vmlinux)
				continue;
			s->load_sympos = syms[i].load_sympos;
			s->load_count = (uintptr_t)strmap_get(&load_count, syms[i].name);
		}
		symdb_obj_finish(db, obj, vmlinux ? SYMDB_ORDER_KALLSYMS_BUILD : SYMDB_ORDER_INPUT);
	}
	strmap_clear(&load_count);
	free(syms);
	return 0;
}

/* The whole of compressed file FD (SIZE bytes), decompressed into *IMAGE. */
static int read_compressed(struct elf_file *f, int fd, size_t size, void **image)
{
	void *map;
	size_t len;
	int ret;

	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return error("%s: cannot read: %s", f->path, strerror(errno));
	ret = decompress(f->path, f->compression, map, size, DECOMPRESS_MAX, image, &len);
	munmap(map, size);
	if (!ret)
		f->size = len;
	return ret;
}

int symdb_load_elf(struct symdb *db, const char *path)
{
	return elf_load(db, path, false);
}

int elf_load(struct symdb *db, const char *path, bool quiet)
{
	struct elf_file f = { .path = path, .quiet = quiet };
	unsigned char magic[COMPRESSION_MAGIC_MAX];
	void *image = NULL;
	struct stat st;
	ssize_t n;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error("%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return error("%s: not a regular file", path);
	}
	/* By the magic bytes: a foo.ko.xz may hold a plain ELF file, and the reverse. */
	n = pread(fd, magic, sizeof(magic), 0);
	if (n < 0) {
		ret = error("%s: cannot read: %s", path, strerror(errno));
		close(fd);
		return ret;
	}
	f.compression = compression_detect(magic, n);
	if (f.compression != COMPRESS_NONE) {
		ret = read_compressed(&f, fd, st.st_size, &image);
		if (!ret)
			ret = elf_open(&f, -1, image);
	} else if (compression_by_name(path) != COMPRESS_NONE &&
		   (n < SELFMAG || memcmp(magic, ELFMAG, SELFMAG))) {
		ret = error("%s: corrupt %s data (no %s magic bytes at its start, and no ELF "
			    "file either)", path, compression_name(compression_by_name(path)),
			    compression_name(compression_by_name(path)));
	} else {
		f.size = st.st_size;
		ret = elf_open(&f, fd, NULL);
	}
	if (!ret)
		ret = load_elf_file(db, &f);
	elf_end(f.elf);
	free(image);
	close(fd);
	return ret;
}

/* What kbuild installs: foo.ko, or foo.ko.xz, .ko.zst, .ko.gz (CONFIG_MODULE_COMPRESS_*). */
static bool is_module_file(const char *name)
{
	return ends_with(name, ".ko") || ends_with(name, ".ko.xz") ||
	       ends_with(name, ".ko.gz") || ends_with(name, ".ko.zst");
}

static int load_module_tree(struct symdb *db, const char *dir, size_t *nr_loaded, int depth)
{
	struct dirent **ents;
	int n, i, ret = 0;

	/* lib/modules/<kver>/build points back into the headers: symlinks are
	 * not followed, and this bounds a loop made some other way. */
	if (depth > 32)
		return error("%s: directories nested too deep", dir);
	symdb_depend(db, dir);
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return error("%s: cannot read directory: %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char *path;
		struct stat st;

		if (ret || !strcmp(name, ".") || !strcmp(name, "..")) {
			free(ents[i]);
			continue;
		}
		path = xasprintf("%s/%s", dir, name);
		if (lstat(path, &st)) {
			ret = error("%s: %s", path, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			ret = load_module_tree(db, path, nr_loaded, depth + 1);
		} else if (S_ISREG(st.st_mode) && is_module_file(name)) {
			const struct symdb_obj *obj;
			const char *objname = symdb_obj_name(db, name, strlen(name));

			/* Already described by an earlier input (kallsyms): that wins,
			 * and not opening the file saves most of the time. */
			obj = symdb_obj_lookup(db, objname);
			if (!obj || !obj->source) {
				symdb_depend(db, path);
				ret = symdb_load_elf(db, path);
			}
			(*nr_loaded)++;
		}
		free(path);
		free(ents[i]);
	}
	free(ents);
	return ret;
}

int symdb_load_module_dir(struct symdb *db, const char *dir)
{
	size_t nr_loaded = 0;

	if (load_module_tree(db, dir, &nr_loaded, 0))
		return -1;
	if (!nr_loaded)
		return error("%s: no .ko files below this directory", dir);
	return 0;
}
