/* A header like the kernel's: declarations, a macro, and static inlines. */
extern int used_by_inline;
extern int unused_by_inline;
extern int macro_target(int);
#define CALL_VIA_MACRO(x) macro_target(x)
static inline int used_inline(void)
{
	return used_by_inline;
}
static inline int unused_inline(void)
{
	return unused_by_inline;
}
