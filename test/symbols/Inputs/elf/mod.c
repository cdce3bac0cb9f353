/* What modpost's .mod.c adds to a module: .modinfo and __versions. */
static const char modinfo_name[] __attribute__((section(".modinfo"), used, aligned(1))) =
	"name=fake_mod";
#ifdef LIVEPATCH
static const char modinfo_livepatch[] __attribute__((section(".modinfo"), used, aligned(1))) =
	"livepatch=Y";
#endif
static const struct {
	unsigned long crc;
	char name[56];
} versions[] __attribute__((section("__versions"), used)) = { { 0x1234, "printk" } };

extern int printk(const char *fmt, ...);

int init_module(void)
{
	return printk("loaded");
}
