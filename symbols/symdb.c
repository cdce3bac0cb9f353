// SPDX-License-Identifier: GPL-2.0-only
/* Placeholder until the symbol database lands. */
#include "symdb.h"
