/* Defines statics that b.c defines too: same names, other files. */
static int counter __attribute__((used)) = 1;
int pcpu_a __attribute__((section(".data..percpu"))) = 5;

static __attribute__((noinline, used)) int helper(int x)
{
	return x + counter++;
}

/* Called with constant k only: gcc makes scale.constprop.0. */
static __attribute__((noinline)) int scale(int x, int k)
{
	return x * k + counter;
}

static __attribute__((noinline, used)) int setup(void)
{
	return counter * 2;
}

int a_entry(int x)
{
	return helper(x) + scale(x, 3) + scale(x + 1, 3) + setup();
}
