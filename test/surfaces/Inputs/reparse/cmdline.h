/* Redefines LP_EXTRA, which the command line defines (-DLP_EXTRA=0). */
#undef LP_EXTRA
#define LP_EXTRA asm_only
