/* A livepatch whose author forgot the annotations. */
#include "livepatch.h"

KLP_TEST_LIVEPATCH_MODINFO;

struct module;
extern struct module __this_module;
extern int saved_command_line_len;
extern int core_helper(int);
extern int exported_helper(int);
extern void weak_hook(void) __attribute__((weak));

struct module *owner = &__this_module;

int patched_show(int x)
{
	if (weak_hook)
		weak_hook();
	return core_helper(x) + saved_command_line_len + exported_helper(x);
}
