/* cmd-mptcp.c - placeholder */
#include "cmd.h"
static int exec(struct cr_ctx *ctx, struct cr_args *args) { (void)ctx; (void)args; return 1; }
const struct cr_cmd_entry cmd_mptcp_entry = { .name = "mptcp", .args = "", .summary = "", .exec = exec, .flags = CR_CMD_INPUT };
