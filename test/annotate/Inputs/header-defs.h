/* A header that defines code, as trace event headers do under CREATE_TRACE_POINTS. */
extern void ref_from_used(void);
extern void ref_from_external(void);
extern void ref_from_static_var(void);
extern void not_ref_unused_static(void);
extern void not_ref_unused_var(void);
extern int ref_from_external_var;

struct ops {
	void (*fn)(void);
	int *data;
};

/* Marked used: emitted though nothing refers to it. */
static void __attribute__((used)) hdr_used(void)
{
	ref_from_used();
}

/* External linkage: emitted. */
void hdr_external(void)
{
	ref_from_external();
}

struct ops hdr_external_ops = { .data = &ref_from_external_var };

/* Static: emitted only once used, here through a static variable. */
static void hdr_static_fn(void)
{
	ref_from_static_var();
}

static struct ops hdr_ops = { .fn = hdr_static_fn };

static void __attribute__((unused)) hdr_unused_static(void)
{
	not_ref_unused_static();
}

static void hdr_unused_var_fn(void)
{
	not_ref_unused_var();
}

static struct ops __attribute__((unused)) hdr_unused_ops = { .fn = hdr_unused_var_fn };
