/* The livepatch's own header: the preamble reads it, the tests change it. */
extern int local_var, asm_only, dup_var;

static inline int lp_get(void)
{
	return local_var;
}
