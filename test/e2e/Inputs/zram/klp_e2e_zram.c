// SPDX-License-Identifier: GPL-2.0
/*
 * Patches a function of a Debian module: drivers/block/zram/zram_drv.c's
 * static hot_add_show() (read /sys/class/zram-control/hot_add to add a
 * zram device). The copy takes zram's static zram_index_mutex and calls
 * its static zram_add(): relocations to symbols of the zram module,
 * resolved when zram is loaded, before or after the patch.
 *
 * It also calls three functions zsmalloc exports. Where zsmalloc is a
 * module (6.1), klp-annotate annotates them for the zsmalloc object, so
 * they become klp relocations and the patch loads without zsmalloc
 * present (no undefined symbols left). Where it is built in (6.12), they
 * are vmlinux exports, linked as usual; the zsmalloc object then never
 * loads and stays unpatched. The source carries no annotations:
 * klp-annotate --fix writes them.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/zsmalloc.h>

/* static in drivers/block/zram/zram_drv.c */
extern struct mutex zram_index_mutex;
int zram_add(void);

static ssize_t livepatch_hot_add_show(struct class *class,
				      struct class_attribute *attr, char *buf)
{
	struct zs_pool *pool;
	size_t huge = 0;
	int ret;

	pool = zs_create_pool("klp_e2e");
	if (pool) {
		huge = zs_huge_class_size(pool);
		zs_destroy_pool(pool);
	}

	mutex_lock(&zram_index_mutex);
	ret = zram_add();
	mutex_unlock(&zram_index_mutex);

	if (ret < 0)
		return ret;
	return scnprintf(buf, PAGE_SIZE, "klp-e2e zram%d huge=%zu\n", ret, huge);
}

static struct klp_func zram_funcs[] = {
	{
		.old_name = "hot_add_show",
		.new_func = livepatch_hot_add_show,
	},
	{ }
};

/* Nothing patched in zsmalloc: the object only gets its relocations applied. */
static struct klp_func zsmalloc_funcs[] = {
	{ }
};

static struct klp_object objs[] = {
	{
		.name = "zram",
		.funcs = zram_funcs,
	},
	{
		.name = "zsmalloc",
		.funcs = zsmalloc_funcs,
	},
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_exit(void)
{
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
