/* The configuration, as kbuild writes it (the kernel has it -include'd). */
#define CONFIG_ZZ_MODULE 1
