// SPDX-License-Identifier: GPL-2.0
/*
 * The native executor: every repetition of every kernel cell (through
 * /dev/kbench) and user cell (on a pinned thread) into the run directory,
 * meta.json rewritten at the start and the end. See run.h.
 */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "estimate.h"
#include "progress.h"
#include "run.h"
#include "host/sysinfo.h"
#include "kernel/kcell.h"
#include "kernel/kgang.h"
#include "kernel/kcounters.h"
#include "kernel/modclient.h"
#include "plan/plan.h"
#include "plan/summary.h"
#include "rundir/meta.h"
#include "rundir/rundir.h"
#include "user/urun.h"
#include "user/ufresh.h"
#include "user/workloads.h"
#include "user/utimer.h"
#include "util/datadir.h"
#include "util/error.h"

static volatile sig_atomic_t stop_requested;

/* The signal that asked the run to stop (SIGINT, SIGTERM), 0 while none. */
static void on_signal(int sig)
{
	stop_requested = sig;
}

/* A stopped run's exit code: 130 for Ctrl-C, 143 for SIGTERM. */
static int stop_code(void)
{
	return stop_requested == SIGTERM ? EXIT_SIGTERM : EXIT_SIGINT;
}

/*
 * SIGINT/SIGTERM ask the run to stop after the current cell. During kernel
 * cells without SA_RESTART: kbench returns -ERESTARTSYS from a run a
 * signal interrupts, which SA_RESTART would restart from scratch (up to
 * its budget) instead of returning EINTR now. User cells keep SA_RESTART
 * (their reads and waits are not written for EINTR).
 */
static void catch_stop(int restart)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int run_load_profile(const struct run_opts *o, struct profile *p)
{
	char err[512];

	if (profile_load(p, o->profile ? o->profile : PROFILE_DIR_DEFAULT,
			 nb_policies_dir(), err, sizeof(err)))
		return nb_error(EXIT_USAGE, "%s", err);
	if (o->reps)
		p->reps = (unsigned)o->reps;
	if (o->iterations)
		p->iterations = (unsigned)o->iterations;
	/* Checked by the option parser already. */
	if (o->precision)
		p->precision_pct = strtod(o->precision, NULL);
	if (o->cell_budget)
		p->cell_budget_s = strtod(o->cell_budget, NULL);
	if (o->modes && profile_set_kmodes(p, o->modes, err, sizeof(err)))
		return nb_error(EXIT_USAGE, "--%s", err);
	return 0;
}

/* The run directory's absolute path and the run id. */
int run_make_rundir(const struct run_opts *o, char *dir, char *id)
{
	char rel[PATH_MAX], err[512];

	if (o->run_id)
		snprintf(id, 128, "%s", o->run_id);
	else
		rundir_new_id(id, 128);
	if (o->out)
		snprintf(rel, sizeof(rel), "%s", o->out);
	else
		snprintf(rel, sizeof(rel), "results/%s", id);
	if (rundir_create(rel, err, sizeof(err)))
		return nb_error(EXIT_USAGE, "%s", err);
	if (!realpath(rel, dir))
		return nb_error(EXIT_FAIL, "%s: %s", rel, strerror(errno));
	return 0;
}

/* The plan, with an estimate from an earlier run like this one. */
static void dry_run(const struct run_opts *o, const struct plan *pl,
		    const struct profile *p, size_t user_cells)
{
	struct utsname u;
	struct estimate_match m = {
		.executor = o->vm_info ? "vm" : "native",
		.vm_topology = o->vm_info, .vm_accel = o->vm_accel,
	};
	struct plan_estimate est = { 0 };
	char from[128];

	if (!uname(&u)) {
		m.host = u.nodename;
		m.kernel = u.release;
		estimate_kernel("results", &m, pl, p, &est, from);
	}
	plan_summary(stdout, pl, p, user_cells, &est);
}

static void kprogress(struct progress *pr, const struct kcell_result *r)
{
	char what[256];

	snprintf(what, sizeof(what), "%s cpu_node=%d mem_node=%d size=%llu batch=%u mode=%s rep=%u: %s",
		 r->row.test, r->row.cpu_node, r->row.mem_node,
		 (unsigned long long)r->row.size_bytes, r->row.batch,
		 r->row.mode, r->row.rep, r->row.status);
	progress_step(pr, what);
}

static void account(struct meta *m, const struct kcell_result *r)
{
	uint64_t oh = r->req.overhead_cycles;

	m->rows++;
	if (r->row.status[0] == 's')
		m->rows_skipped++;
	else if (r->row.status[0] == 'f')
		m->rows_failed++;
	if (r->row.status[0] == 's' || !r->req.tsc_khz)
		return;
	if (!m->overhead_cycles_min || oh < m->overhead_cycles_min)
		m->overhead_cycles_min = oh;
	if (oh > m->overhead_cycles_max)
		m->overhead_cycles_max = oh;
}

/* Every repetition of every cell into the run directory. */
static int execute(const struct run_opts *o, struct kbench_client *c,
		   const struct plan *pl, const struct profile *p,
		   struct rundir *rd, struct meta *m)
{
	const struct sysinfo_snap *s = m->sys;
	struct kbench_sample *samples = calloc(p->iterations, sizeof(*samples));
	struct kcell_result *r = malloc(sizeof(*r));
	size_t total = pl->ncells * p->reps;
	FILE *counters = rd->metrics;
	struct progress pr;
	int ret = 0;

	progress_init(&pr, "kernel", total, o->quiet);
	if (!samples || !r) {
		ret = nb_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	for (unsigned rep = 0; rep < p->reps && !stop_requested; rep++) {
		for (size_t i = 0; i < pl->ncells && !stop_requested; i++) {
			if (pl->cells[i].cpus)
				kgang_run(c, &pl->cells[i], p, rep, samples, r);
			else
				kcell_run(c, &pl->cells[i], p, rep, samples, r);
			/* a cell cut short by Ctrl-C is no result: no row */
			if (stop_requested && r->err == EINTR)
				break;
			r->row.run_id = rd->run_id;
			r->row.host = s->host;
			r->row.kernel = s->kernel;
			if (csv_write_row(rd->csv_fd, &r->row) ||
			    kcell_write_hist(rd->hist, rd->run_id, r,
					     c->version.tsc_khz) ||
			    kcounters_write(counters, &r->row, &r->req, samples,
					    c->version.kernel_flags,
					    c->version.tsc_khz)) {
				ret = nb_error(EXIT_FAIL, "cannot write to %s: %s",
					       rd->path, strerror(errno));
				goto out;
			}
			account(m, r);
			kprogress(&pr, r);
		}
		fflush(rd->hist);
		fflush(counters);
	}
	progress_end(&pr);
	if (stop_requested)
		ret = nb_error(stop_code(), "%s after %zu of %zu rows; meta.json says complete=false",
			       strsignal(stop_requested), pr.done, total);
out:
	free(samples);
	free(r);
	return ret;
}

static int default_module(char *buf, size_t len)
{
	char rel[128];
	FILE *f = fopen("/proc/sys/kernel/osrelease", "r");

	if (!f || !fgets(rel, sizeof(rel), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	rel[strcspn(rel, "\n")] = '\0';
	snprintf(buf, len, "%s/kbench/%s/kbench.ko", nb_workdir(), rel);
	return 0;
}

static int open_module(const struct run_opts *o, struct kbench_client *c)
{
	char ko[PATH_MAX] = "";
	int ret;

	if (o->module)
		snprintf(ko, sizeof(ko), "%s", o->module);
	else
		default_module(ko, sizeof(ko));
	if (access("/dev/kbench", F_OK) && access(ko, R_OK))
		return nb_error(EXIT_MISSING, "kbench is not loaded and %s does not exist; build it (cmake --build build) or pass --module",
				ko);
	ret = kbench_open(c, ko, o->module_params);
	if (ret && o->module_params && (ret == -ENOENT || ret == -EINVAL))
		return nb_error(EXIT_USAGE, "--module-params: kbench rejected '%s' (see dmesg)",
				o->module_params);
	if (ret == -EPROTO)
		return nb_error(EXIT_MISSING, "the loaded kbench speaks another API than this numabench (%d): rmmod kbench and rebuild both (cmake --build build)",
				KBENCH_API_VERSION);
	if (ret)
		return nb_error(ret == -EPERM ? EXIT_MISSING : EXIT_FAIL,
				"cannot open /dev/kbench (module %s): %s", ko,
				strerror(-ret));
	/* Parameters only apply at insmod: a loaded module would ignore them. */
	if (o->module_params && !c->loaded_by_us) {
		kbench_close(c);
		return nb_error(EXIT_USAGE, "--module-params: kbench is already loaded; rmmod kbench first");
	}
	return 0;
}

static int want_kernel(const struct run_opts *o)
{
	return !o->suite || strcmp(o->suite, "user");
}

static int want_user(const struct run_opts *o)
{
	return !o->suite || strcmp(o->suite, "kernel");
}

/* 1 when glob item matches a case of the module or a workload wanted. */
static int only_item_matches(const struct run_opts *o, const char *item,
			     const struct kbench_client *c)
{
	if (want_kernel(o) && c && c->cases)
		for (unsigned i = 0; i < c->version.ncases; i++)
			if (!fnmatch(item, c->cases[i].name, 0))
				return 1;
	if (want_user(o)) {
#define UWORKLOAD_MATCH(id) if (!fnmatch(item, uw_##id.name, 0)) return 1;
		UWORKLOAD_LIST(UWORKLOAD_MATCH)
#undef UWORKLOAD_MATCH
	}
	return 0;
}

/*
 * Every --only item must name something of the suites run: a typo is an
 * error naming it ("'nosuch'", or "'a', 'b'"), never a silently smaller run.
 */
int run_check_only(const struct run_opts *o, const struct kbench_client *c)
{
	char buf[512], bad[512] = "", *save, *tok;
	size_t len = 0;
	int n = 0;

	if (!o->only)
		return 0;
	snprintf(buf, sizeof(buf), "%s", o->only);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		tok += strspn(tok, " ");
		if (only_item_matches(o, tok, c) || len >= sizeof(bad))
			continue;
		len += (size_t)snprintf(bad + len, sizeof(bad) - len, "%s'%s'",
					n++ ? ", " : "", tok);
	}
	if (!n && buf[0])
		return 0;
	if (!n)
		return nb_error(EXIT_USAGE, "--only: empty; name cases or workloads (see numabench list)");
	return nb_error(EXIT_USAGE, "--only: no case or workload matches %s%s; see numabench list",
			bad, o->suite && strcmp(o->suite, "all") ?
			(want_kernel(o) ? " (--suite kernel)" : " (--suite user)") : "");
}

static void uprogress(struct progress *pr, const struct ucell *cell,
		      unsigned rep)
{
	char what[256];

	snprintf(what, sizeof(what), "%s%s%s%s%s cpu_node=%d mem_node=%d size=%llu batch=%u threads=%u rep=%u%s%s",
		 cell->w->name, cell->alloc ? " " : "",
		 cell->alloc ? cell->alloc->name : "", cell->mode ? " " : "",
		 cell->mode ? cell->mode->name : "", cell->cpu_node,
		 cell->mem_node, (unsigned long long)cell->size_bytes,
		 cell->batch, cell->threads, rep,
		 cell->skip[0] ? ": skipped, " : "", cell->skip);
	progress_step(pr, what);
}

/* Every repetition of every userspace cell into the run directory. */
static int execute_user(const struct run_opts *o, struct uctx *uc,
			const struct ucells *cs, struct rundir *rd)
{
	size_t total = cs->n * uc->p->reps;
	struct progress pr;

	progress_init(&pr, "user", total, o->quiet);
	for (unsigned rep = 0; rep < uc->p->reps && !stop_requested; rep++) {
		uc->rep = rep;
		for (size_t i = 0; i < cs->n && !stop_requested; i++) {
			const struct ucell *cell = &cs->v[i];

			if (ufresh_wanted(cell) ? ufresh_cell(uc, cell) :
						  urun_cell(uc, cell)) {
				ufresh_end(uc);
				return nb_error(EXIT_FAIL, "cannot write to %s: %s",
						rd->path, strerror(errno));
			}
			uprogress(&pr, &cs->v[i], rep);
		}
		fflush(rd->hist);
	}
	ufresh_end(uc);
	progress_end(&pr);
	if (stop_requested)
		return nb_error(stop_code(), "%s after %zu of %zu user cells; meta.json says complete=false",
				strsignal(stop_requested), pr.done, total);
	return 0;
}

/*
 * A fresh process of allocator cells (user/ufresh.h): the same user plan
 * as its parent's, the cells the parent asked for, rows to its pipe; no
 * run directory, no kernel suite. Its exit code is the parent's to read.
 */
static int run_fresh_child(const struct run_opts *o, const struct profile *p)
{
	static struct rundir none = { .csv_fd = -1 };
	struct topology t = { 0 };
	struct ucells ucs = { 0 };
	struct uctx uc;
	char err[512], alloc[64];
	int ret = 1;

	if (topology_discover(&t, err, sizeof(err)))
		return 1;
	urun_ctx_init(&uc, p, &t);
	uc.only_alloc = ufresh_child_alloc(alloc, sizeof(alloc));
	if (!urun_plan(&uc, o->only, &ucs)) {
		uc.cells = &ucs;
		uc.rd = &none;
		uc.host = uc.kernel = "";
		ret = ufresh_child_run(&uc);
	}
	ucells_free(&ucs);
	topology_free(&t);
	return ret;
}

int run_native(const struct run_opts *o)
{
	struct kbench_client c = { .fd = -1 };
	struct sysinfo_snap sys;
	struct topology t = { 0 };
	struct profile p;
	struct plan pl = { 0 };
	struct ucells ucs = { 0 };
	struct uctx uc;
	struct rundir rd = { .csv_fd = -1 };
	struct meta m = { 0 };
	char dir[PATH_MAX], id[128], err[512];
	int ret, fresh;

	if (want_user(o))
		ualloc_reexec_with_tls();
	fresh = ufresh_is_child();
	ret = run_load_profile(o, &p);
	if (ret)
		return ret;
	if (fresh)
		return run_fresh_child(o, &p);
	if (o->no_module)
		fprintf(stderr, "numabench: this host cannot load kbench (%s): the dry run plans the user suite on this machine, no guest (it needs no module; a run without --native boots one, with its own topology); --native or --vm to choose\n",
			o->no_module);
	if (want_kernel(o) && !kbench_host_can_load())
		return nb_error(EXIT_MISSING, "--native: this host cannot load kernel modules (needs root and module support); use --vm, or --suite user");
	if (topology_discover(&t, err, sizeof(err)))
		return nb_error(EXIT_FAIL, "topology: %s", err);
	if (want_kernel(o)) {
		ret = open_module(o, &c);
		if (ret)
			goto out;
		if (plan_build(&pl, &p, o->only, c.cases, c.version.ncases, &t,
			       c.version.page_size)) {
			ret = nb_error(EXIT_FAIL, "out of memory building the plan");
			goto out;
		}
		if (o->vm_accel && !strncmp(o->vm_accel, "tcg", 3))
			plan_skip_tcg_modes(&pl, p.tcg_skip_kmodes);
	}
	ret = run_check_only(o, &c);
	if (ret)
		goto out;
	if (want_user(o) && p.user.nodes != ~0ul) {
		unsigned long all = 0;

		for (int i = 0; i < t.nnodes; i++)
			all |= 1ul << t.nodes[i].id;
		if (p.user.nodes & ~all) {
			char have[128];

			nodemask_format(have, sizeof(have), all);
			ret = nb_error(EXIT_USAGE, "%s: [user] nodes: node %d is not on this machine (nodes %s)",
				       p.path, nodemask_first(p.user.nodes & ~all), have);
			goto out;
		}
	}
	if (want_user(o)) {
		utimer_init(0);
		urun_ctx_init(&uc, &p, &t);
		if (urun_plan(&uc, o->only, &ucs)) {
			ret = nb_error(EXIT_FAIL, "out of memory building the user plan");
			goto out;
		}
		uc.cells = &ucs;
	}
	if (!pl.ncells && !ucs.n) {
		ret = nb_error(EXIT_USAGE, "--only '%s': no case or workload matches; see numabench list",
			       o->only ? o->only : "");
		goto out;
	}
	if (o->dry_run) {
		dry_run(o, &pl, &p, ucs.n);
		goto out;
	}
	ret = run_make_rundir(o, dir, id);
	if (ret)
		goto out;
	if (rundir_open(&rd, dir, id, err, sizeof(err))) {
		ret = nb_error(EXIT_FAIL, "%s", err);
		goto out;
	}
	sysinfo_read(&sys);
	/* The module asks the kernel itself; sysinfo could only infer it. */
	if (c.fd >= 0)
		snprintf(sys.init_on_alloc, sizeof(sys.init_on_alloc), "%d",
			 !!(c.version.kernel_flags & KBENCH_KF_INIT_ON_ALLOC));
	m = (struct meta){
		.run_id = id, .executor = o->vm_info ? "vm" : "native",
		.vm_topology = o->vm_info, .vm_accel = o->vm_accel,
		.module_params = o->module_params,
		.sys = &sys, .topo = &t, .prof = &p, .only = o->only,
		.api_version = c.version.api_version,
		.kernel_flags = c.version.kernel_flags,
		.tsc_khz = c.version.tsc_khz, .cells = pl.ncells + ucs.n,
		.start = time(NULL),
	};
	if (ucs.n) {
		m.user_timer_source = utimer.source;
		m.user_timer_overhead_ns = utimer.overhead_ns;
		m.user_timer_resolution_ns = utimer.resolution_ns;
		m.allocs = ualloc_meta(&m.nallocs);
	}
	if (meta_write(dir, &m)) {
		ret = nb_error(EXIT_FAIL, "cannot write %s/meta.json", dir);
		goto out;
	}
	catch_stop(0);
	if (!o->quiet)
		fprintf(stderr, "numabench: %zu kernel cells + %zu user cells x %u reps, %u samples each, into %s\n",
			pl.ncells, ucs.n, p.reps, p.iterations, dir);
	if (pl.ncells)
		ret = execute(o, &c, &pl, &p, &rd, &m);
	if (!ret && ucs.n) {
		catch_stop(1);
		uc.rd = &rd;
		uc.host = sys.host;
		uc.kernel = sys.kernel;
		uc.m = &m;
		ret = execute_user(o, &uc, &ucs, &rd);
	}
	m.end = time(NULL);
	m.complete = !ret;
	if (meta_write(dir, &m) && !ret)
		ret = nb_error(EXIT_FAIL, "cannot write %s/meta.json", dir);
	if (!ret && !o->quiet)
		fprintf(stderr, "numabench: %lu rows (%lu skipped, %lu failed, %lu misplaced) in %s\n",
			m.rows, m.rows_skipped, m.rows_failed,
			m.rows_misplaced, dir);
	/* --quiet: still where the results went, one line on stdout */
	if (o->quiet && !o->vm_info)
		printf("%s\n", dir);
out:
	rundir_close(&rd);
	plan_free(&pl);
	ucells_free(&ucs);
	if (c.fd >= 0 && kbench_close(&c) && !ret)
		ret = nb_error(EXIT_FAIL, "cannot unload kbench");
	topology_free(&t);
	return ret;
}
