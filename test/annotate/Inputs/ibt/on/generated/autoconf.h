/* Automatically generated file; DO NOT EDIT. */
#define CONFIG_64BIT 1
#define CONFIG_X86_KERNEL_IBT 1
#define CONFIG_LIVEPATCH 1
