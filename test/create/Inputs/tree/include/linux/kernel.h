/* A kernel-like tree for klp-create's tests: just enough to compile. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H
#include <generated/autoconf.h>
#define noinline __attribute__((__noinline__))
#define notrace __attribute__((__no_instrument_function__))
#define __init __attribute__((__section__(".init.text"))) __attribute__((__cold__))
#define __cold __attribute__((__cold__))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
int printk(const char *fmt, ...);
#define DEFINE_PER_CPU(type, name) __attribute__((__section__(".data..percpu"))) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __attribute__((__section__(".data..percpu"))) __typeof__(type) name
extern int exported_counter;
struct list_head {
	struct list_head *next, *prev;
};
#define LIST_HEAD(name) struct list_head name = { &(name), &(name) }
#define EXPORT_SYMBOL(sym) \
	extern typeof(sym) sym; \
	static void *__ksymtab_##sym __attribute__((used)) = (void *)&sym

static inline int demo_twice(int x)
{
	return x * 2;
}
#endif
