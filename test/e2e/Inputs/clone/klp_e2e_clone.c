// SPDX-License-Identifier: GPL-2.0
/*
 * A copy of zram's hot_add_show() that calls two static zram functions
 * the target kernel does not have as such:
 *
 *	page_same_filled()	inlined into every caller: no symbol at all
 *	__zram_bvec_read()	exists only as the GCC clone
 *				__zram_bvec_read.constprop.0 (and .cold),
 *				whose calling convention is GCC's own
 *
 * Neither can be annotated: klp-annotate must refuse both, with the fix
 * (copy the function into the patch), before anything is converted.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>

struct zram;
struct bio;

/* static in drivers/block/zram/zram_drv.c */
bool page_same_filled(void *ptr, unsigned long *element);
int __zram_bvec_read(struct zram *zram, struct page *page, u32 index,
		     struct bio *bio, bool partial_io);

static ssize_t livepatch_hot_add_show(struct class *class,
				      struct class_attribute *attr, char *buf)
{
	unsigned long element;

	if (page_same_filled(buf, &element))
		return __zram_bvec_read(NULL, NULL, 0, NULL, false);
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "hot_add_show",
		.new_func = livepatch_hot_add_show,
	},
	{ }
};

static struct klp_object objs[] = {
	{
		.name = "zram",
		.funcs = funcs,
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
