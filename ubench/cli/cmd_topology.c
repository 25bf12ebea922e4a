// SPDX-License-Identifier: GPL-2.0
/* numabench topology: the machine's nodes, CPUs, memory and distances. */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "host/topology.h"
#include "outfmt.h"
#include "rundir/jsonput.h"

enum { OPT_FORMAT = 256 };

static const struct cli_opt opts[] = {
	{ "sysfs", 's', "ROOT", "read a recorded sysfs tree under ROOT instead of this machine" },
	{ "format", OPT_FORMAT, "FMT", OUT_FORMAT_HELP },
	{ 0 }
};

static const struct cli_cmd cmd = {
	"numabench topology [--sysfs ROOT] [--format text|json]",
	"Show every online NUMA node with its CPUs and memory, and the distance\n"
	"matrix (hwloc and libnuma). Memoryless and CPU-less nodes are listed too.",
	opts,
};

struct topology_opts {
	const char *root;
	enum out_format format;
};

static int on_opt(int val, const char *arg, void *ctx)
{
	struct topology_opts *o = ctx;

	if (val == OPT_FORMAT)
		return out_format_parse("topology", arg, &o->format);
	o->root = arg;
	return 0;
}

/*
 * The text's fields: per node its id, CPUs, memory in MiB and its row of
 * the distance matrix (in the order of "nodes").
 */
static int print_json(const struct topology *t)
{
	json_t *doc = json_object(), *nodes = json_array();
	int err = 0;

	for (int i = 0; i < t->nnodes; i++) {
		const struct topo_node *n = &t->nodes[i];
		json_t *o = json_object(), *cpus = json_array(),
		       *dist = json_array();

		for (int c = 0; c < n->ncpus; c++)
			jappend(cpus, json_integer(n->cpus[c]), &err);
		for (int j = 0; j < t->nnodes; j++)
			jappend(dist, json_integer(t->distance[i * t->nnodes + j]),
				&err);
		jput(o, "node", json_integer(n->id), &err);
		jput(o, "cpus", cpus, &err);
		jput(o, "memory_MiB", ju64(n->mem_bytes >> 20), &err);
		jput(o, "distance", dist, &err);
		jappend(nodes, o, &err);
	}
	jput(doc, "nodes", nodes, &err);
	return out_json_print("topology", doc, err);
}

int cmd_topology(int argc, char **argv)
{
	struct topology_opts o = { NULL, OUT_TEXT };
	const char *root;
	struct topology t;
	char err[256];
	int code, ind = cli_parse(argc, argv, &cmd, on_opt, &o, &code);

	if (ind < 0)
		return code;
	if (ind < argc)
		return nb_error(EXIT_USAGE, "topology: unexpected argument '%s'",
				argv[ind]);
	root = o.root;
	if (root ? topology_load_sysfs(&t, root, err, sizeof(err)) :
		   topology_discover(&t, err, sizeof(err)))
		return nb_error(root ? EXIT_USAGE : EXIT_FAIL, "topology: %s",
				err);
	if (o.format == OUT_JSON) {
		code = print_json(&t);
	} else {
		topology_print(stdout, &t);
		code = EXIT_OK;
	}
	topology_free(&t);
	return code;
}
