/* Same static names as a.c; helper is cold here, so a linker that puts
 * .text.unlikely first places it before a.c's. setup is an init function. */
static int counter __attribute__((used)) = 2;

static __attribute__((cold, noinline, used)) int helper(int x)
{
	return x - counter--;
}

static __attribute__((noinline, used, section(".init.text"))) int setup(void)
{
	return counter + 7;
}

int b_entry(int x)
{
	return helper(x) + setup();
}
