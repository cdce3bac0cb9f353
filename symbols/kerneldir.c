// SPDX-License-Identifier: GPL-2.0-only
/*
 * symdb_load_kernel_dir(): find the symbol inputs in a directory that
 * describes one kernel, whichever of these it is:
 *
 *  - a kbuild output tree: Module.symvers, System.map, vmlinux, and the
 *    modules listed in modules.order;
 *  - a kbuild headers directory (/usr/src/linux-headers-<kver>):
 *    Module.symvers only;
 *  - unpacked Debian packages (dpkg -x into one root, possibly in a
 *    "root" subdirectory, beside a captured "kallsyms"):
 *    usr/src/linux-headers-<kver>/Module.symvers, boot/System.map-<kver>
 *    (a placeholder unless the -dbg package is there too),
 *    usr/lib/debug/boot/vmlinux-<kver> from -dbg, lib/modules/<kver>.
 *
 * The most exact input goes first, since the first to describe an
 * object wins: a captured /proc/kallsyms is the running kernel itself,
 * then System.map, then vmlinux, then the .ko files.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "symdb_private.h"
#include "util.h"

struct kernel_dir {
	const char *dir;
	char *roots[2];
	size_t nr_roots;
	size_t loaded;          /* inputs that gave something */
	bool saw_stub;
};

/* Every path probed is one the result depends on: see symdb_depend(). */
static bool is_file(struct symdb *db, const char *path)
{
	struct stat st;

	symdb_depend(db, path);
	return !stat(path, &st) && S_ISREG(st.st_mode) && st.st_size > 0;
}

static bool is_dir(struct symdb *db, const char *path)
{
	struct stat st;

	symdb_depend(db, path);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/*
 * What ROOT/PATTERN matches depends on the listing of each directory
 * along the way: ROOT, then every match of each leading part of PATTERN
 * ("usr/src/linux-headers-*" for ".../Module.symvers"). A file created
 * or removed in one of them changes that directory's mtime.
 */
static void glob_depend(struct symdb *db, const char *root, const char *pattern)
{
	const char *slash;
	glob_t g;
	size_t i;

	symdb_depend(db, root);
	for (slash = strchr(pattern, '/'); slash; slash = strchr(slash + 1, '/')) {
		char *pat = xasprintf("%s/%.*s", root, (int)(slash - pattern), pattern);

		if (!glob(pat, 0, NULL, &g)) {
			for (i = 0; i < g.gl_pathc; i++)
				symdb_depend(db, g.gl_pathv[i]);
			globfree(&g);
		} else {
			symdb_depend(db, pat);
		}
		free(pat);
	}
}

/* Debian's linux-image System.map is one line pointing at the -dbg package. */
static bool is_stub_system_map(const char *path)
{
	char buf[256];
	size_t n;
	FILE *fp = fopen(path, "r");

	if (!fp)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return strstr(buf, "The real System.map is in") != NULL;
}

static bool is_elf(const char *path)
{
	char magic[4] = { 0 };
	FILE *fp = fopen(path, "rb");
	bool ret;

	if (!fp)
		return false;
	ret = fread(magic, 1, 4, fp) == 4 && !memcmp(magic, "\177ELF", 4);
	fclose(fp);
	return ret;
}

/*
 * The one file ROOT/PATTERN matches, or NULL. Several matches are a
 * directory with more than one kernel: refuse rather than mix them.
 */
static int find_one(struct kernel_dir *k, struct symdb *db, const char *root,
		    const char *pattern, char **found)
{
	char *pat = xasprintf("%s/%s", root, pattern);
	glob_t g;
	int ret = 0;

	*found = NULL;
	glob_depend(db, root, pattern);
	if (!glob(pat, 0, NULL, &g)) {
		if (g.gl_pathc > 1)
			ret = error("%s: holds several kernels (%s and %s); pass the directory "
				    "of one", k->dir, g.gl_pathv[0], g.gl_pathv[1]);
		else
			*found = xstrdup(g.gl_pathv[0]);
		globfree(&g);
	}
	free(pat);
	return ret;
}

typedef int (*loader_fn)(struct kernel_dir *k, struct symdb *db, const char *path);

/* Try each pattern in each root; load the first match of each root. */
static int load_first(struct kernel_dir *k, struct symdb *db, const char *const *patterns,
		      loader_fn load)
{
	size_t r, p;
	char *path;

	for (r = 0; r < k->nr_roots; r++) {
		for (p = 0; patterns[p]; p++) {
			if (find_one(k, db, k->roots[r], patterns[p], &path))
				return -1;
			if (!path)
				continue;
			if (load(k, db, path)) {
				free(path);
				return -1;
			}
			free(path);
			break;
		}
	}
	return 0;
}

static int load_kallsyms(struct kernel_dir *k, struct symdb *db, const char *path)
{
	if (!is_file(db, path))
		return 0;
	k->loaded++;
	return symdb_load_kallsyms(db, path);
}

static int load_system_map(struct kernel_dir *k, struct symdb *db, const char *path)
{
	if (!is_file(db, path))
		return 0;
	if (is_stub_system_map(path)) {
		k->saw_stub = true;
		return 0;
	}
	k->loaded++;
	return symdb_load_kallsyms(db, path);
}

static int load_vmlinux(struct kernel_dir *k, struct symdb *db, const char *path)
{
	/* boot/vmlinuz is a compressed image, and a bzImage is no ELF. */
	if (!is_file(db, path) || !is_elf(path))
		return 0;
	k->loaded++;
	return elf_load(db, path, true);
}

static int load_symvers(struct kernel_dir *k, struct symdb *db, const char *path)
{
	if (!is_file(db, path))
		return 0;
	k->loaded++;
	return symdb_load_symvers(db, path);
}

static int load_modules(struct kernel_dir *k, struct symdb *db, const char *path)
{
	if (!is_dir(db, path))
		return 0;
	k->loaded++;
	return symdb_load_module_dir(db, path);
}

/* A kbuild output tree names its modules in modules.order ("dir/foo.ko" or "dir/foo.o"). */
static int load_modules_order(struct kernel_dir *k, struct symdb *db, const char *path)
{
	char *buf, *pos, *end, *line, *slash, *root;
	size_t len;
	int ret = 0;

	if (!is_file(db, path))
		return 0;
	buf = read_file(path, &len);
	if (!buf)
		return error("%s: cannot read", path);
	slash = strrchr(path, '/');
	root = xstrndup(path, slash - path);
	pos = buf;
	end = buf + len;
	while (!ret && (line = next_line(&pos, end))) {
		char *ko;

		if (!*line)
			continue;
		if (ends_with(line, ".o"))
			ko = xasprintf("%s/%.*s.ko", root, (int)(strlen(line) - 2), line);
		else
			ko = xasprintf("%s/%s", root, line);
		if (is_file(db, ko)) {
			ret = symdb_load_elf(db, ko);
			k->loaded++;
		}
		free(ko);
	}
	free(root);
	free(buf);
	return ret;
}

int symdb_load_kernel_dir(struct symdb *db, const char *dir)
{
	static const char *const kallsyms[] = { "kallsyms", NULL };
	static const char *const system_map[] = { "System.map", "boot/System.map-*", NULL };
	static const char *const vmlinux[] = {
		"vmlinux", "usr/lib/debug/boot/vmlinux-*", "boot/vmlinux-*", NULL
	};
	static const char *const modules[] = { "lib/modules/*", NULL };
	static const char *const modules_order[] = { "modules.order", NULL };
	static const char *const symvers[] = {
		"Module.symvers", "usr/src/linux-headers-*/Module.symvers", NULL
	};
	struct kernel_dir k = { .dir = dir };
	char *sub;
	int ret;
	size_t i;

	if (!is_dir(db, dir))
		return error("%s: not a directory", dir);
	k.roots[k.nr_roots++] = xstrdup(dir);
	sub = xasprintf("%s/root", dir);
	if (is_dir(db, sub))
		k.roots[k.nr_roots++] = sub;
	else
		free(sub);

	ret = load_first(&k, db, kallsyms, load_kallsyms);
	if (!ret)
		ret = load_first(&k, db, system_map, load_system_map);
	if (!ret)
		ret = load_first(&k, db, vmlinux, load_vmlinux);
	if (!ret)
		ret = load_first(&k, db, modules, load_modules);
	if (!ret)
		ret = load_first(&k, db, modules_order, load_modules_order);
	if (!ret)
		ret = load_first(&k, db, symvers, load_symvers);
	if (!ret && !k.loaded)
		ret = error("%s: no Module.symvers, kallsyms, System.map, vmlinux or .ko files "
			    "found%s; pass a kbuild output or headers directory or an unpacked "
			    "kernel", dir, k.saw_stub ? " (System.map is a placeholder)" : "");
	for (i = 0; i < k.nr_roots; i++)
		free(k.roots[i]);
	return ret;
}
