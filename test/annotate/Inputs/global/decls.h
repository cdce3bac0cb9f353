/* The kernel's header: extern, so the object binds to a global symbol. */
extern int dev_attr_events(void);
extern int shared_helper(void);
