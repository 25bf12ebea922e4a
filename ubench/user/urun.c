// SPDX-License-Identifier: GPL-2.0
/* The userspace suite's runner: see urun.h. */
#include "urun.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#include "host/mpol.h"
#include "placement.h"
#include "ubatch.h"
#include "rundir/metrics.h"
#include "plan/stoprule.h"
#include "util/monotime.h"
#include "utimer.h"


void urun_ctx_init(struct uctx *c, const struct profile *p,
		   const struct topology *t)
{
	static struct utsname u;
	char buf[128] = "";
	FILE *f;

	memset(c, 0, sizeof(*c));
	c->p = p;
	c->t = t;
	c->fresh.fd = -1;
	uname(&u);
	c->release = u.release;
	for (int i = 0; i < t->nnodes; i++) {
		if (t->nodes[i].mem_bytes)
			c->mem_nodes |= 1ul << t->nodes[i].id;
		if (t->nodes[i].ncpus)
			c->cpu_nodes |= 1ul << t->nodes[i].id;
	}
	f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	c->thp = p->user.thp && buf[0] && !strstr(buf, "[never]");
	if (!p->user.thp)
		snprintf(c->thp_why, sizeof(c->thp_why), "THP off in the profile");
	else if (!buf[0])
		snprintf(c->thp_why, sizeof(c->thp_why), "THP not available (no transparent_hugepage/enabled)");
	else if (!c->thp)
		snprintf(c->thp_why, sizeof(c->thp_why), "THP disabled (transparent_hugepage/enabled is never)");
}

int ucells_add(struct ucells *cs, const struct ucell *cell)
{
	size_t index = cs->n;

	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 64;
		struct ucell *v = realloc(cs->v, cap * sizeof(*v));

		if (!v)
			return -1;
		cs->v = v;
		cs->cap = cap;
	}
	cs->v[cs->n] = *cell;
	cs->v[cs->n++].index = index;
	return 0;
}

void ucells_free(struct ucells *cs)
{
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

struct ucell ucell_base(const struct uctx *c, const struct uworkload *w,
			int ci)
{
	const struct topo_node *n = &c->t->nodes[ci];
	struct ucell cell = {
		.w = w, .cpu_node = n->id, .cpu = n->ncpus ? n->cpus[0] : -1,
		.mem_node = CSV_NA, .from_node = -1, .order = CSV_NA,
		.size_bytes = UPAGE, .batch = 1, .threads = 1,
	};

	if (!n->ncpus)
		snprintf(cell.skip, sizeof(cell.skip),
			 "cpu_node %d has no CPUs to run on", n->id);
	return cell;
}

void ucell_skip(struct ucell *cell, const char *why)
{
	if (!cell->skip[0] && why && why[0])
		snprintf(cell->skip, sizeof(cell->skip), "%s", why);
}

void ucell_need_memory(const struct uctx *c, struct ucell *cell, int node)
{
	if (!cell->skip[0] && !(c->mem_nodes & (1ul << node)))
		snprintf(cell->skip, sizeof(cell->skip),
			 "mem_node %d has no memory", node);
}

void urow_init(struct urow *r, const struct uctx *c, const struct ucell *cell,
	       const char *test)
{
	memset(&r->row, 0, sizeof(r->row));
	hist_init(&r->hist);
	snprintf(r->test, sizeof(r->test), "%s", test);
	snprintf(r->policy, sizeof(r->policy), "%s%s",
		 cell->mode ? cell->mode->name : "",
		 cell->w->variant_suffix ? cell->w->variant_suffix[cell->variant] : "");
	/* moves: the source, which (cpu_node, mem_node) does not always say */
	if (!cell->mode && cell->from_node >= 0)
		snprintf(r->policy, sizeof(r->policy), "from%d", cell->from_node);
	r->note[0] = '\0';
	r->nmetrics = 0;
	r->row = (struct result_row){
		.run_id = c->rd->run_id, .host = c->host, .kernel = c->kernel,
		.suite = "user", .test = r->test,
		.allocator = cell->alloc ? cell->alloc->name : "kernel",
		.policy = r->policy, .cpu_node = cell->cpu_node,
		.mem_node = cell->mem_node, .cpu = cell->cpu,
		.size_bytes = cell->size_bytes,
		.order = cell->order, .batch = cell->batch,
		.threads = cell->threads, .rep = c->rep, .status = "ok",
		.disturbed = CSV_NA, .failed_samples = CSV_NA,
		.off_path = CSV_NA, .ci95_pct = NAN,
		.region_ops = 1,	/* a workload timing batches says so */
		.note = r->note,
	};
}

static void note_va(struct urow *r, const char *fmt, va_list ap)
{
	size_t n = strlen(r->note);

	if (n && n + 1 < sizeof(r->note))
		r->note[n++] = ' ';
	vsnprintf(r->note + n, sizeof(r->note) - n, fmt, ap);
}

void urow_note(struct urow *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_va(r, fmt, ap);
	va_end(ap);
}

void urow_metric(struct urow *r, const char *name, double value)
{
	unsigned i;

	for (i = 0; i < r->nmetrics; i++)
		if (!strcmp(r->metric[i].name, name))
			break;
	if (i == UROW_METRICS)
		return;		/* a workload's bug: more than it can hold */
	snprintf(r->metric[i].name, sizeof(r->metric[i].name), "%s", name);
	r->metric[i].value = value;
	if (i == r->nmetrics)
		r->nmetrics++;
}

void urow_placement(struct urow *r, const struct placement *p)
{
	char name[32];

	for (int i = 0; i < TOPO_MAX_NODES; i++) {
		if (!p->per_node[i])
			continue;
		snprintf(name, sizeof(name), "pages_node%d", i);
		urow_metric(r, name, (double)p->per_node[i]);
	}
	if (p->absent)
		urow_metric(r, "pages_absent", (double)p->absent);
}

void urow_misplaced(struct urow *r, uint64_t misplaced, uint64_t seen,
		    int mem_node)
{
	double share = seen ? (double)misplaced / (double)seen : 0.0;

	urow_metric(r, "misplaced_share", share);
	if (strcmp(r->row.status, "ok") || share <= UROW_MISPLACED_TOLERANCE)
		return;
	r->row.status = "misplaced";
	urow_note(r, "misplaced: %llu of %llu objects (%.2f %%) off mem_node %d, beyond the %.1f %% tolerance",
		  (unsigned long long)misplaced, (unsigned long long)seen,
		  100.0 * share, mem_node, 100.0 * UROW_MISPLACED_TOLERANCE);
}

void urow_fail(struct urow *r, const char *fmt, ...)
{
	va_list ap;

	r->row.status = "failed";
	va_start(ap, fmt);
	note_va(r, fmt, ap);
	va_end(ap);
}

void urow_skip(struct urow *r, const char *fmt, ...)
{
	va_list ap;

	r->row.status = "skipped";
	r->note[0] = '\0';
	va_start(ap, fmt);
	note_va(r, fmt, ap);
	va_end(ap);
}

void urow_syscall_failed(struct urow *r, const char *call, int e)
{
	char why[160];

	if (mpol_skip_reason(call, e, why, sizeof(why)))
		urow_skip(r, "%s", why);
	else
		urow_fail(r, "%s: %s", call, strerror(e));
}

/* A tail percentile, or NAN (empty) when the samples cannot support it. */
static double tail_ns(const struct hist *h, double p)
{
	return hist_percentile_supported(h->n, p) ?
		(double)hist_percentile(h, p) : NAN;
}

void urow_emit(struct uctx *c, struct urow *r)
{
	struct result_row *w = &r->row;
	const struct hist *h = &r->hist;
	struct metrics_row m;
	int timed = !strcmp(w->status, "ok") || !strcmp(w->status, "misplaced");

	if (timed && !h->n)
		urow_fail(r, "no samples");
	timed = !strcmp(w->status, "ok") || !strcmp(w->status, "misplaced");
	if (timed) {
		w->samples = h->n;
		w->min_ns = (double)h->min;
		w->p50_ns = (double)hist_percentile(h, 50);
		w->p90_ns = tail_ns(h, 90);
		w->p99_ns = tail_ns(h, 99);
		w->p999_ns = tail_ns(h, 99.9);
		w->max_ns = (double)h->max;
		w->mean_ns = hist_mean(h);
		w->stddev_ns = hist_stddev(h);
		w->overhead_ns = utimer.overhead_ns;
		w->ci95_pct = stop_ci_pct(h->n, w->mean_ns, w->stddev_ns);
	} else {	/* skipped and failed rows leave the times empty */
		w->min_ns = w->p50_ns = w->p90_ns = w->p99_ns = NAN;
		w->p999_ns = w->max_ns = w->mean_ns = w->stddev_ns = NAN;
		w->overhead_ns = NAN;
	}
	if (csv_write_row(c->rd->csv_fd, w) ||
	    rundir_write_hist(c->rd->hist, c->rd->run_id, w, "ns", 0, h))
		c->write_failed = 1;
	/* skipped and failed rows have no metrics: no key to format */
	if (timed && r->nmetrics)
		metrics_row_start(&m, c->rd->metrics, w);
	for (unsigned i = 0; i < r->nmetrics && timed; i++)
		if (metrics_put(&m, r->metric[i].name, r->metric[i].value))
			c->write_failed = 1;
	c->m->rows++;
	if (w->status[0] == 's')
		c->m->rows_skipped++;
	else if (w->status[0] == 'f')
		c->m->rows_failed++;
	else if (w->status[0] == 'm')
		c->m->rows_misplaced++;
}

/* The tests a cell writes: all, or variant_tests of them for a variant. */
static unsigned cell_tests(const struct ucell *cell)
{
	unsigned n = 0, v = cell->variant ? cell->w->variant_tests : 0;

	while (cell->w->tests[n])
		n++;
	return v && v < n ? v : n;
}

static void skipped_rows(struct uctx *c, const struct ucell *cell)
{
	struct urow *r = malloc(sizeof(*r));

	if (!r) {
		c->write_failed = 1;
		return;
	}
	for (unsigned i = 0; i < cell_tests(cell); i++) {
		urow_init(r, c, cell, cell->w->tests[i]);
		urow_skip(r, "%s", cell->skip);
		urow_emit(c, r);
	}
	free(r);
}

struct measure_call {
	struct uctx *c;
	const struct ucell *cell;
	struct urow *rows;
	unsigned n;
};

static void *measure_start(void *arg)
{
	struct measure_call *m = arg;

	m->cell->w->measure(m->c, m->cell, m->rows, m->n);
	return NULL;
}

/* After the measurement: a failed thread or first row is every row's. */
static void share_fate(const struct ucell *cell, struct urow *r, unsigned n,
		       int e)
{
	for (unsigned i = 0; i < n; i++) {
		if (e)
			urow_fail(&r[i], "thread on CPU %d: %s", cell->cpu,
				  strerror(e));
		else if (i && cell->w->shared_fate &&
			 strcmp(r[0].row.status, "ok") &&
			 !strcmp(r[i].row.status, "ok")) {
			r[i].row.status = r[0].row.status;
			snprintf(r[i].note, sizeof(r[i].note), "%s", r[0].note);
		}
	}
}

struct urow *urun_rows(struct uctx *c, const struct ucell *cell, unsigned *n)
{
	const struct uworkload *w = cell->w;
	unsigned ntests = cell_tests(cell);
	struct urow *rows;

	*n = w->rows ? w->rows(c, cell) : ntests;
	rows = calloc(*n ? *n : 1, sizeof(*rows));
	if (!rows)
		return NULL;
	for (unsigned i = 0; i < *n; i++)
		urow_init(&rows[i], c, cell,
			  w->tests[i < ntests ? i : ntests - 1]);
	if (w->init_rows)
		w->init_rows(c, cell, rows, *n);
	return rows;
}

void urun_measure(struct uctx *c, const struct ucell *cell, struct urow *rows,
		  unsigned n)
{
	struct measure_call m = { c, cell, rows, n };

	share_fate(cell, rows, n, urun_on_cpu(cell->cpu, measure_start, &m));
}

int urun_cell(struct uctx *c, const struct ucell *cell)
{
	struct urow *rows;
	unsigned n;

	if (cell->skip[0]) {
		skipped_rows(c, cell);
		return c->write_failed ? -1 : 0;
	}
	rows = urun_rows(c, cell, &n);
	if (!rows)
		return -1;
	urun_measure(c, cell, rows, n);
	for (unsigned i = 0; i < n; i++)
		urow_emit(c, &rows[i]);
	free(rows);
	return c->write_failed ? -1 : 0;
}

void urounds_start(struct urounds *l, const struct uctx *c,
		   const struct hist *h, unsigned max)
{
	const struct profile *p = c->p;

	*l = (struct urounds){
		.rule = {
			.target_pct = p->precision_pct,
			.budget_s = p->cell_budget_s,
			.min_samples = p->min_samples,
			.max_samples = UINT_MAX,	/* rounds cap instead */
		},
		.h = h, .start = mono_s(), .max = max, .why = STOP_MORE,
	};
}

int urounds_more(struct urounds *l)
{
	if (l->done) {
		l->why = stop_check(&l->rule, l->h->n, hist_mean(l->h),
				    hist_stddev(l->h), mono_s() - l->start);
		if (l->why == STOP_MORE && l->done >= l->max)
			l->why = STOP_MAX;
		if (l->why != STOP_MORE)
			return 0;
	}
	l->done++;
	return 1;
}

void urounds_end(const struct urounds *l, struct urow *r)
{
	/* as kernel rows: a fixed count that ran to its end says nothing */
	if (l->why != STOP_MORE &&
	    (l->rule.target_pct > 0 || l->why == STOP_BUDGET))
		r->row.stop = stop_name(l->why);
}

static void *pinned_start(void *arg)
{
	return arg;
}

int urun_spawn(int cpu, void *(*fn)(void *), void *arg, pthread_t *tid)
{
	pthread_attr_t attr;
	cpu_set_t set;
	int e;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_attr_init(&attr);
	e = pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	if (!e)
		e = pthread_create(tid, &attr, fn ? fn : pinned_start, arg);
	pthread_attr_destroy(&attr);
	return e;
}

int urun_on_cpu(int cpu, void *(*fn)(void *), void *arg)
{
	pthread_t tid;
	int e = urun_spawn(cpu, fn, arg, &tid);

	if (!e)
		e = pthread_join(tid, NULL);
	return e;
}

void *umap(size_t len, size_t align)
{
	size_t over = len + (align > UPAGE ? align : 0);
	char *p = mmap(NULL, over, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return NULL;
	if (align <= UPAGE) {
		/* 4 KiB rows stay 4 KiB where THP is "always" */
		madvise(p, len, MADV_NOHUGEPAGE);
		return p;
	}
	a = ((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1);
	if (a > (uintptr_t)p)
		munmap(p, a - (uintptr_t)p);
	if ((char *)a + len < p + over)
		munmap((char *)a + len, (size_t)(p + over - ((char *)a + len)));
	madvise((void *)a, len, MADV_HUGEPAGE);
	return (void *)a;
}

void uunmap(void *p, size_t len, size_t align)
{
	(void)align;
	if (p)
		munmap(p, len);
}

/* Touch pages [i, i + n) of p, stride apart; the region's raw ticks. */
static uint64_t touch_region(char *p, size_t i, size_t n, size_t stride)
{
	uint64_t t0 = utimer_now();

	for (size_t k = i; k < i + n; k++)
		*(volatile char *)(p + k * stride) = 1;
	return utimer_now() - t0;
}

void utouch_timed(struct hist *h, char *p, size_t npages, size_t stride)
{
	struct ubatch b = { .n = 0 };
	size_t cal = npages < 8 ? 1 : 4, i = 0;
	uint64_t ticks;
	unsigned n;

	if (!npages)
		return;
	/* calibration: the first pages; kept when already batch enough */
	ticks = touch_region(p, 0, cal, stride);
	n = ubatch_size(utimer.overhead_ns, utimer_ns_f(ticks) / (double)cal,
			UBATCH_SHARE, UBATCH_MAX);
	if (cal >= n)
		ubatch_put(&b, ticks, (unsigned)cal);
	for (i = cal; i < npages; i += n) {
		/* a short tail joins the last batch: no region under n ops */
		size_t k = npages - i < 2 * (size_t)n ? npages - i : n;

		ubatch_keep(&b, h, touch_region(p, i, k, stride), k, (unsigned)k);
		if (k != n)
			break;
	}
	ubatch_flush(&b, h);
}

unsigned long ucell_expected(const struct uctx *c, const struct ucell *cell)
{
	if (cell->mode && cell->mode->targets != MPOL_T_NONE)
		return cell->nodes;
	if (c->mem_nodes & (1ul << cell->cpu_node))
		return 1ul << cell->cpu_node;
	return c->mem_nodes;	/* memoryless: the nearest with memory */
}

void placement_add(struct placement *a, const struct placement *b)
{
	for (int i = 0; i < TOPO_MAX_NODES; i++)
		a->per_node[i] += b->per_node[i];
	a->absent += b->absent;
	a->misplaced += b->misplaced;
}

static int policy_targets(const struct uctx *c, struct ucell *cell,
			  int nvariants, struct ucells *out)
{
	const struct topology *t = c->t;
	int ret = 0;

	for (int v = 0; v < nvariants && !ret; v++) {
		struct ucell x = *cell;

		x.variant = v;
		switch (cell->mode->targets) {
		case MPOL_T_NONE:
			x.mem_node = cell->cpu_node;
			ret = ucells_add(out, &x);
			break;
		case MPOL_T_ONE:
			for (int mi = 0; mi < t->nnodes && !ret; mi++) {
				struct ucell y = x;

				if (!(c->p->user.nodes & (1ul << t->nodes[mi].id)))
					continue;	/* [user] nodes */
				y.mem_node = t->nodes[mi].id;
				y.nodes = 1ul << y.mem_node;
				ucell_need_memory(c, &y, y.mem_node);
				ret = ucells_add(out, &y);
			}
			break;
		case MPOL_T_MANY:
			x.nodes = c->mem_nodes & c->p->user.nodes;
			x.mem_node = nodemask_first(x.nodes);
			if (!x.nodes && !x.skip[0])
				snprintf(x.skip, sizeof(x.skip),
					 "no node of [user] nodes has memory");
			ret = ucells_add(out, &x);
			break;
		}
	}
	return ret;
}

int uplan_policy_cells(const struct uctx *c, const struct uworkload *w,
		       const int *modes, unsigned n, int nvariants,
		       struct ucells *out)
{
	int probe = nodemask_first(c->mem_nodes);

	for (unsigned k = 0; k < (n ? n : mpol_nmodes); k++) {
		const struct mpol_mode *m = NULL;
		char why[160] = "";

		for (unsigned j = 0; j < mpol_nmodes && !m; j++)
			if (n ? mpol_modes[j].mode == modes[k] : j == k)
				m = &mpol_modes[j];
		if (!m || !(c->p->user.modes & (1u << m->mode)))
			continue;
		mpol_supported(m, c->release, probe, why, sizeof(why));
		for (int ci = 0; ci < c->t->nnodes; ci++) {
			for (int huge = 0; huge <= (c->p->user.thp ? 1 : 0); huge++) {
				struct ucell cell = ucell_base(c, w, ci);

				cell.mode = m;
				cell.size_bytes = huge ? UHUGE : UPAGE;
				cell.order = huge ? 9 : CSV_NA;
				cell.batch = huge ? c->p->user.thp_pages : c->p->user.pages;
				ucell_skip(&cell, why);
				if (huge && !c->thp)
					ucell_skip(&cell, c->thp_why);
				if (policy_targets(c, &cell, nvariants, out))
					return -1;
			}
		}
	}
	return 0;
}
