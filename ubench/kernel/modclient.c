// SPDX-License-Identifier: GPL-2.0
/* Client of /dev/kbench: see modclient.h. */
#include "modclient.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static int insert_module(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, params ? params : "", 0) < 0 && errno != EEXIST)
		ret = -errno;
	close(fd);
	return ret;
}

static int read_cases(struct kbench_client *c)
{
	uint32_t n = c->version.ncases;

	c->cases = calloc(n ? n : 1, sizeof(*c->cases));
	if (!c->cases)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		c->cases[i].case_id = i;
		if (ioctl(c->fd, KBENCH_IOC_CASE_INFO, &c->cases[i]) < 0)
			return -errno;
		c->cases[i].name[KBENCH_NAME_LEN - 1] = '\0';
		c->cases[i].desc[KBENCH_DESC_LEN - 1] = '\0';
	}
	return 0;
}

int kbench_open(struct kbench_client *c, const char *ko_path,
		const char *params)
{
	int ret;

	memset(c, 0, sizeof(*c));
	c->fd = open(KBENCH_DEVICE, O_RDWR | O_CLOEXEC);
	if (c->fd < 0 && errno == ENOENT && ko_path) {
		ret = insert_module(ko_path, params);
		if (ret)
			return ret;
		c->loaded_by_us = 1;
		c->fd = open(KBENCH_DEVICE, O_RDWR | O_CLOEXEC);
	}
	if (c->fd < 0) {
		ret = -errno;
		goto err;
	}
	if (ioctl(c->fd, KBENCH_IOC_VERSION, &c->version) < 0) {
		ret = -errno;
		goto err;
	}
	if (c->version.api_version != KBENCH_API_VERSION) {
		ret = -EPROTO;
		goto err;
	}
	ret = read_cases(c);
	if (ret)
		goto err;
	return 0;
err:
	kbench_close(c);
	return ret;
}

int kbench_close(struct kbench_client *c)
{
	int ret = 0;

	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->cases);
	c->cases = NULL;
	if (c->loaded_by_us &&
	    syscall(SYS_delete_module, "kbench", O_NONBLOCK) < 0)
		ret = -errno;
	c->loaded_by_us = 0;
	return ret;
}

const struct kbench_case_info *kbench_case(const struct kbench_client *c,
					   const char *name)
{
	for (uint32_t i = 0; i < c->version.ncases; i++)
		if (!strcmp(c->cases[i].name, name))
			return &c->cases[i];
	return NULL;
}

int kbench_run(struct kbench_client *c, struct kbench_run *req)
{
	req->struct_size = sizeof(*req);
	req->api_version = KBENCH_API_VERSION;
	return ioctl(c->fd, KBENCH_IOC_RUN, req) < 0 ? -errno : 0;
}

double kbench_cycles_to_ns(const struct kbench_client *c, double cycles)
{
	if (!c->version.tsc_khz)
		return 0;
	return cycles * 1e6 / (double)c->version.tsc_khz;
}

const char *kbench_host_load_blocker(void)
{
	static char why[400];
	char build[300];
	struct utsname u;

	if (geteuid() != 0)
		return "not root";
	if (access("/proc/modules", F_OK))
		return "no module support: no /proc/modules";
	if (access(KBENCH_DEVICE, F_OK) == 0)
		return NULL;
	uname(&u);
	snprintf(build, sizeof(build), "/lib/modules/%s/build/Makefile",
		 u.release);
	if (access(build, F_OK) == 0)
		return NULL;
	snprintf(why, sizeof(why), "no headers for %s: no %s", u.release, build);
	return why;
}

int kbench_host_can_load(void)
{
	return !kbench_host_load_blocker();
}
