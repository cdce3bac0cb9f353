#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H
struct module;
extern struct module __this_module;
#define THIS_MODULE (&__this_module)
#define module_init(fn) int init_module(void) __attribute__((alias(#fn)))
#define module_exit(fn) void cleanup_module(void) __attribute__((alias(#fn)))
#define MODULE_INFO(tag, info) static const char __mod_##tag[] __attribute__((used, section(".modinfo"))) = #tag "=" info
#define MODULE_LICENSE(l) MODULE_INFO(license, l)
#endif
