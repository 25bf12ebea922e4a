// SPDX-License-Identifier: GPL-2.0
/* numabench topology: the machine's nodes, CPUs, memory and distances. */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "host/topology.h"

static const struct cli_opt opts[] = {
	{ "sysfs", 's', "ROOT", "read a recorded sysfs tree under ROOT instead of this machine" },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench topology [--sysfs ROOT]",
	"Show every online NUMA node with its CPUs and memory, and the distance\n"
	"matrix (hwloc and libnuma). Memoryless and CPU-less nodes are listed too.",
	opts,
};

static int on_opt(int val, const char *arg, void *ctx)
{
	(void)val;
	*(const char **)ctx = arg;
	return 0;
}

int cmd_topology(int argc, char **argv)
{
	const char *root = NULL;
	struct topology t;
	char err[256];
	int code, ind = cli_parse(argc, argv, &cmd, on_opt, &root, &code);

	if (ind < 0)
		return code;
	if (ind < argc)
		return nb_error(EXIT_USAGE, "topology: unexpected argument '%s'",
				argv[ind]);
	if (root ? topology_load_sysfs(&t, root, err, sizeof(err)) :
		   topology_discover(&t, err, sizeof(err)))
		return nb_error(root ? EXIT_USAGE : EXIT_FAIL, "topology: %s",
				err);
	topology_print(stdout, &t);
	topology_free(&t);
	return EXIT_OK;
}
