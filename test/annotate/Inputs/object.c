extern int local_fn(int);
extern int optimized_out(int);
extern int asm_only;

int patched(int x)
{
	int v;

	asm volatile("movl asm_only(%%rip), %0" : "=r"(v));
	if (x && !x)
		v += optimized_out(x);
	return local_fn(x) + v;
}
