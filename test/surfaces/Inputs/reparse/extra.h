/* An #include an edit adds to lp.c's preamble: it defines a pointer to a kernel variable. */
int *lp_extra = &asm_only;
