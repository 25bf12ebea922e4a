// SPDX-License-Identifier: GPL-2.0
/* The VM executor: see vm.h. */
#include "vm.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/datadir.h"
#include "util/error.h"

#define QEMU "qemu-system-x86_64"
/* boot to the job takes 5-25 s under TCG; beyond this it is hung */
#define VM_BOOT_LIMIT_S 300

static int installed(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "/boot/vmlinuz-%s", rel);
	return access(p, R_OK) == 0;
}

/* want matches rel exactly or as a prefix ending at '.', '-' or '+'. */
static int release_matches(const char *want, const char *rel)
{
	size_t n = strlen(want);

	return !strncmp(want, rel, n) &&
	       (!rel[n] || strchr(".-+", rel[n]));
}

int vm_find_kernel(const char *want, char *rel, size_t len, char *err,
		   size_t errlen)
{
	struct dirent **ents;
	struct utsname u;
	int n, found = 0;

	uname(&u);
	if (!want && installed(u.release)) {
		snprintf(rel, len, "%s", u.release);
		return 0;
	}
	n = scandir("/boot", &ents, NULL, versionsort);
	for (int i = n - 1; i >= 0; i--) {
		const char *r = ents[i]->d_name + strlen("vmlinuz-");

		if (!found && !strncmp(ents[i]->d_name, "vmlinuz-", 8) &&
		    (!want || release_matches(want, r))) {
			snprintf(rel, len, "%s", r);
			found = 1;
		}
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
	if (found)
		return 0;
	if (want)
		snprintf(err, errlen, "--kernel: no installed kernel matches '%s'; install linux-image-%s and linux-headers-%s (or run scripts/bootstrap)",
			 want, want, want);
	else
		snprintf(err, errlen, "no guest kernel in /boot; install linux-image-amd64 and linux-headers-amd64 (or run scripts/bootstrap)");
	return EXIT_MISSING;
}

/* Run argv, stdout/stderr inherited. Returns the exit status or -1. */
static int run_cmd(char *const argv[])
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int have_qemu(void)
{
	char *const argv[] = { "sh", "-c", "command -v " QEMU " >/dev/null", NULL };

	return run_cmd(argv) == 0;
}

void vm_module_path(const char *rel, char *buf, size_t len)
{
	snprintf(buf, len, "%s/kbench/%s/kbench.ko", nb_workdir(), rel);
}

static void initramfs_path(const char *rel, char *buf, size_t len)
{
	snprintf(buf, len, "%s/guest/%s/initramfs.cpio.gz", nb_workdir(),
		 rel);
}

int vm_prepare(const char *rel, char *err, size_t errlen)
{
	char out[1024], ir[1024];
	char script[1024];
	int st;

	if (!have_qemu()) {
		snprintf(err, errlen, "%s not found; install qemu-system-x86 (or run scripts/bootstrap)",
			 QEMU);
		return EXIT_MISSING;
	}
	snprintf(out, sizeof(out), "%s/kbench/%s", nb_workdir(), rel);
	snprintf(script, sizeof(script), "%s/scripts/build-module",
		 nb_datadir());
	st = run_cmd((char *const[]){ script, (char *)rel, out, NULL });
	if (st) {
		snprintf(err, errlen, "building kbench for %s failed (exit %d)%s",
			 rel, st, st == EXIT_MISSING ?
			 "; install its linux-headers package" : "");
		return st == EXIT_MISSING ? EXIT_MISSING : EXIT_FAIL;
	}
	initramfs_path(rel, ir, sizeof(ir));
	snprintf(script, sizeof(script), "%s/scripts/mkinitramfs",
		 nb_datadir());
	st = run_cmd((char *const[]){ script, (char *)rel, ir, NULL });
	if (st) {
		snprintf(err, errlen, "building the initramfs for %s failed (exit %d)",
			 rel, st);
		return st == EXIT_MISSING ? EXIT_MISSING : EXIT_FAIL;
	}
	return 0;
}

/* Append printf output as one more argv entry (heap). */
static void argv_add(char **argv, int *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void argv_add(char **argv, int *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&argv[*n], fmt, ap) < 0)
		argv[*n] = NULL;
	va_end(ap);
	(*n)++;
}

/* The NUMA part of the command line (DESIGN.md recipe). */
static void add_topology(char **argv, int *n, const struct vmtopo *t)
{
	unsigned cpu = 0;

	for (unsigned i = 0; i < t->nnodes; i++) {
		const struct vmtopo_node *nd = &t->node[i];
		char cpus[32] = "", mem[32] = "";

		if (nd->mem_bytes) {
			argv_add(argv, n, "-object");
			argv_add(argv, n, "memory-backend-ram,id=m%u,size=%llu",
				 i, (unsigned long long)nd->mem_bytes);
			snprintf(mem, sizeof(mem), ",memdev=m%u", i);
		}
		if (nd->cpus)
			snprintf(cpus, sizeof(cpus), ",cpus=%u-%u", cpu,
				 cpu + nd->cpus - 1);
		cpu += nd->cpus;
		argv_add(argv, n, "-numa");
		argv_add(argv, n, "node,nodeid=%u%s%s", i, cpus, mem);
	}
	for (unsigned i = 0; i < t->nnodes; i++)
		for (unsigned j = i + 1; j < t->nnodes; j++) {
			argv_add(argv, n, "-numa");
			argv_add(argv, n, "dist,src=%u,dst=%u,val=%u", i, j,
				 t->node[i].dist[j]);
		}
}

/*
 * NUMABENCH_GUEST_APPEND: more guest kernel parameters, for debugging the
 * module (e.g. slub_debug=FZPU); meta.json's cmdline records them.
 */
static const char *guest_append(void)
{
	const char *s = getenv("NUMABENCH_GUEST_APPEND");

	return s ? s : "";
}

static char **qemu_argv(const struct vm_boot *b)
{
	char **argv = calloc(128, sizeof(*argv));
	char ir[1024];
	int n = 0;
	int kvm = !strcmp(b->accel, "kvm");

	if (!argv)
		return NULL;
	initramfs_path(b->kernel, ir, sizeof(ir));
	argv_add(argv, &n, QEMU);
	/*
	 * TCG single-threaded: all vCPUs take turns on one host thread. With
	 * one host thread per vCPU (MTTCG, QEMU's default) a guest that
	 * flushes kernel TLBs across vCPUs all the time, as the vmalloc and
	 * TLB cases do, oopsed about once in 30 boots in CI with register
	 * state no CPU produces (EFLAGS bits above 21 set, a fault on a load
	 * through a valid pointer): the cross-vCPU softmmu TLB flush race
	 * other projects report under MTTCG on busy hosts. Single-threaded,
	 * the quick profile also ran in 22 s instead of 40 s here (4 vCPUs
	 * on 2 host cores: no vCPU spins on a core another one needs).
	 */
	argv_add(argv, &n, "-accel");
	/*
	 * One host thread runs every vCPU in turn (deterministic, the
	 * default), or tcg-mt: one host thread per vCPU, so vCPUs run at
	 * once and contend for locks as CPUs do (the host's cores permitting).
	 */
	argv_add(argv, &n, "%s", kvm ? "kvm" : !strcmp(b->accel, "tcg-mt") ?
		 "tcg,thread=multi" : "tcg,thread=single");
	/*
	 * qemu64 lacks RDTSCP; one socket per CPU avoids topology_sane WARNs.
	 * Under TCG without the hypervisor CPUID bit: with it, a guest with
	 * no paravirt spinlocks (any TCG guest) takes virt_spin_lock()'s
	 * test-and-set loop, not the queued spinlock bare metal takes, and
	 * that loop has no lock:contention_begin: zone->lock contention read
	 * 0 there at any thread count. Without it, 4 kthreads on one zone
	 * showed 98 contended acquisitions, all on zone->lock (tcg-mt, 6.12).
	 */
	argv_add(argv, &n, "-cpu");
	argv_add(argv, &n, "%s", kvm ? "host" : "max,-hypervisor");
	argv_add(argv, &n, "-smp");
	argv_add(argv, &n, "%u,sockets=%u,cores=1,threads=1",
		 b->topo->total_cpus, b->topo->total_cpus);
	argv_add(argv, &n, "-m");
	argv_add(argv, &n, "%lluM",
		 (unsigned long long)(b->topo->total_mem >> 20));
	add_topology(argv, &n, b->topo);
	argv_add(argv, &n, "-kernel");
	argv_add(argv, &n, "/boot/vmlinuz-%s", b->kernel);
	argv_add(argv, &n, "-initrd");
	argv_add(argv, &n, "%s", ir);
	/*
	 * no_timer_check: under TCG on a loaded host the boot-time check that
	 * the timer IRQ ticks through the IO-APIC can time out and panic
	 * ("IO-APIC + timer doesn't work!"), failing a boot at random.
	 * loglevel=5 after quiet: warnings reach the console too, so a guest
	 * that WARNs and then hangs or oopses leaves the WARN in run.log.
	 */
	argv_add(argv, &n, "-append");
	argv_add(argv, &n, "console=ttyS0 panic=-1 quiet loglevel=5 no_timer_check nb_job=%s %s",
		 b->jobdir, guest_append());
	argv_add(argv, &n, "-virtfs");
	argv_add(argv, &n, "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap");
	argv_add(argv, &n, "-virtfs");
	argv_add(argv, &n, "local,path=%s,mount_tag=jobdir,security_model=none,multidevs=remap",
		 b->jobdir);
	argv_add(argv, &n, "-nographic");
	argv_add(argv, &n, "-no-reboot");
	argv_add(argv, &n, "-nic");
	argv_add(argv, &n, "none");
	return argv;
}

static void free_argv(char **argv)
{
	for (int i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Has path changed (size or mtime) since *seen? Updates *seen. */
static int file_changed(const char *path, struct stat *seen)
{
	struct stat st;

	if (!path || stat(path, &st))
		return 0;
	if (st.st_size == seen->st_size &&
	    st.st_mtim.tv_sec == seen->st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == seen->st_mtim.tv_nsec)
		return 0;
	*seen = st;
	return 1;
}

/*
 * Copy the guest console to the log (and stderr) until EOF. Returns -1
 * when the guest made no progress for timeout_s: no console output and no
 * change to the progress file. A long healthy run (the default profile
 * under TCG takes over an hour) goes on; a hung guest does not.
 */
static int pump_console(int fd, FILE *log, const struct vm_boot *b,
			int *started)
{
	static const char mark[] = "guest-init: running";
	time_t last = time(NULL), boot = last;
	struct stat seen = { 0 };
	size_t matched = 0;
	char buf[4096];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int left = (int)(last + b->timeout_s - time(NULL));
		ssize_t r;

		if (!*started && time(NULL) - boot > VM_BOOT_LIMIT_S)
			return -1;	/* hung in boot, e.g. a soft lockup */
		if (left <= 0)
			return -1;
		r = poll(&p, 1, (left < 10 ? left : 10) * 1000);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r <= 0) {	/* quiet console: has a result been written? */
			if (file_changed(b->progress_file, &seen))
				last = time(NULL);
			continue;
		}
		r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		last = time(NULL);
		for (ssize_t i = 0; i < r && !*started; i++) {
			matched = buf[i] == mark[matched] ? matched + 1 :
				  buf[i] == mark[0];
			*started = matched == sizeof(mark) - 1;
		}
		if (log)
			fwrite(buf, 1, (size_t)r, log);
		if (b->echo)
			fwrite(buf, 1, (size_t)r, stderr);
	}
}

static int read_exit_code(const char *jobdir)
{
	char p[1024];
	int code = -1;
	FILE *f;

	snprintf(p, sizeof(p), "%s/guest/exit-code", jobdir);
	f = fopen(p, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &code) != 1)
		code = -1;
	fclose(f);
	return code;
}

/* One boot; *started: the guest reached its job. */
static int boot_once(const struct vm_boot *b, char *err, size_t errlen,
		     int *started)
{
	char **argv = qemu_argv(b);
	FILE *log = NULL;
	int pipefd[2], st, timed_out;
	pid_t pid;

	if (!argv || pipe2(pipefd, O_CLOEXEC)) {
		snprintf(err, errlen, "cannot start %s: %s", QEMU, strerror(errno));
		free_argv(argv);
		return -1;
	}
	if (b->console_log)
		log = fopen(b->console_log, "ae");
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	*started = 0;
	timed_out = pid > 0 && pump_console(pipefd[0], log, b, started) < 0;
	if (timed_out)
		kill(pid, SIGKILL);
	close(pipefd[0]);
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	if (log)
		fclose(log);
	free_argv(argv);
	if (pid < 0) {
		snprintf(err, errlen, "cannot fork %s: %s", QEMU, strerror(errno));
		return -1;
	}
	if (timed_out && !*started) {
		snprintf(err, errlen, "the guest did not reach its job within %d s",
			 VM_BOOT_LIMIT_S);
		return -1;
	}
	if (timed_out) {
		snprintf(err, errlen, "the guest made no progress for %u s (--timeout)",
			 b->timeout_s);
		return -1;
	}
	st = read_exit_code(b->jobdir);
	if (st < 0)
		snprintf(err, errlen, "the guest reported no exit code; see the console log");
	return st;
}

/*
 * A guest that never reached its job ran nothing, so it is booted once
 * more: TCG guests on a loaded host have died early (a panic in boot) and
 * hung in boot (a soft lockup in the crypto self-tests), rarely, in CI.
 */
int vm_run(const struct vm_boot *b, char *err, size_t errlen)
{
	int started, st = boot_once(b, err, errlen, &started);

	if (st < 0 && !started) {
		fprintf(stderr, "numabench: the guest never reached its job (%s); booting once more\n",
			err);
		st = boot_once(b, err, errlen, &started);
	}
	return st;
}

int vm_dmesg_check(const char *path)
{
	static const char *const pat =
		"WARNING:|BUG:|BUG |Oops|Call Trace|general protection|"
		"soft lockup|hung_task|blocked for more than|rcu.*stall|"
		"unreferenced object|memory leak|kmemleak|leaked|Kernel panic";
	char line[1024];
	regex_t re;
	int bad = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB)) {
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f))
		if (!regexec(&re, line, 0, NULL, 0)) {
			fprintf(stderr, "guest dmesg: %s", line);
			bad++;
		}
	regfree(&re);
	fclose(f);
	return bad;
}
