/* transpose.h - a table of a few wide rows turned into metric rows, for reading in a terminal (transpose.c). */
#ifndef CR_TRANSPOSE_H
#define CR_TRANSPOSE_H

#include "table.h"

/* A new table (the caller frees it); column `name_col` of `t` names the new columns; raw: exact integers. */
struct cr_table *cr_table_transpose(const struct cr_table *t, size_t name_col, bool raw);

#endif
