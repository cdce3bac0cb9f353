// SPDX-License-Identifier: GPL-2.0
/*
 * A copy of zram's hot_add_show() that calls static functions the
 * target kernel does not have as such:
 *
 *	page_same_filled()	zram's, inlined into every caller: no symbol
 *				at all
 *	__zram_bvec_read()	zram's: up to 6.4 only the GCC clone
 *				__zram_bvec_read.constprop.0 (and .cold) is
 *				left, whose calling convention is GCC's own;
 *				zram's rework in 6.5 removed the function
 *	bdev_name()		lib/vsprintf.c's, in vmlinux only as the
 *				clone bdev_name.constprop.0 (6.1 and 6.12)
 *
 * None can be annotated: klp-annotate must refuse all, with the fix
 * (copy the function into the patch), before anything is converted.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>

struct zram;
struct bio;
struct block_device;

/* static in drivers/block/zram/zram_drv.c */
bool page_same_filled(void *ptr, unsigned long *element);
int __zram_bvec_read(struct zram *zram, struct page *page, u32 index,
		     struct bio *bio, bool partial_io);
/* static in lib/vsprintf.c (its struct printf_spec argument left out) */
char *bdev_name(char *buf, char *end, struct block_device *bdev);

static ssize_t livepatch_hot_add_show(struct class *class,
				      struct class_attribute *attr, char *buf)
{
	unsigned long element;

	if (page_same_filled(buf, &element))
		return __zram_bvec_read(NULL, NULL, 0, NULL, false);
	return bdev_name(buf, buf + PAGE_SIZE, NULL) - buf;
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
