// SPDX-License-Identifier: GPL-2.0-only
#define pr_fmt(fmt) "demo: " fmt

#include <linux/kernel.h>

#define DEMO_SCALE 3
#define DEMO_LIMIT (DEMO_SCALE * 100)

struct demo_state {
	int count;
	int limit;
};

static struct demo_state state = { .count = 1, .limit = DEMO_LIMIT };
static int counter;
int demo_total;

static inline int scale(int x)
{
	return x * DEMO_SCALE;
}

static noinline int helper(int x)
{
	return x + counter;
}

int demo_read(int x)
{
	return scale(x) + helper(x);
}

int demo_write(int x)
{
	state.count += scale(x);
	return state.count;
}

static noinline int demo_unchanged(int x)
{
	counter++;
	return x - 1;
}

int demo_api(int x)
{
	demo_total += exported_counter;
	return demo_twice(demo_unchanged(x));
}

int __init demo_setup(void)
{
	state.count = 2;
	return 0;
}

int demo_where(void)
{
	return __LINE__;
}

notrace int demo_fast(int x)
{
	return x ^ 0x5a;
}

static noinline int clone_me(int x, int mode)
{
	if (mode)
		return x * 13 + counter;
	return x - 4;
}

int clone_user_a(int x)
{
	return clone_me(x, 1) + 1;
}

int clone_user_b(int x)
{
	return clone_me(x, 1) + 2;
}

struct demo_req {
	int op;
	int arg;
};

int demo_submit(struct demo_req *r)
{
	return r->op + r->arg * 2;
}

const char *demo_file(void)
{
	return __FILE__;
}

static DEFINE_PER_CPU(int, demo_hits);

int demo_hit(int x)
{
	return demo_hits + x;
}

static LIST_HEAD(demo_list);

int demo_exported(int x)
{
	return x + 1;
}
EXPORT_SYMBOL(demo_exported);

int demo_walk(int x)
{
	return demo_list.next == &demo_list ? demo_exported(x) : 0;
}
