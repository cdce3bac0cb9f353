/* What MODULE_INFO(livepatch, "Y") leaves in a kernel module's object. */
#define KLP_TEST_LIVEPATCH_MODINFO                                            \
	static const char __klp_test_modinfo[]                               \
	__attribute__((section(".modinfo"), used, aligned(1))) =             \
		"license=GPL\0livepatch=Y"
