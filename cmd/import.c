/* cm intake --import: batch intake (being written). */
#include "cm.h"

int cmd_intake_import(int argc, char **argv, struct cm_ctx *ctx)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	return cm_failure("--import: batch intake is not available yet");
}
