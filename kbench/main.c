// SPDX-License-Identifier: GPL-2.0
/*
 * kbench: in-kernel allocator and TLB-flush micro-benchmarks for numabench.
 * /dev/kbench, ioctls as specified in uapi/kbench.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "counters.h"
#include "probes.h"
#include "run.h"
#include "timing.h"

/* One run at a time: runs compete for the same CPUs and memory. */
static DEFINE_MUTEX(kbench_run_lock);
static u64 kbench_run_seq;	/* runs started since load (kbench_run_lock) */

static long kbench_ioc_version(void __user *uarg)
{
	struct kbench_version v;

	memset(&v, 0, sizeof(v));
	v.api_version = KBENCH_API_VERSION;
	v.ncases = kbench_ncases;
	v.max_order = KBENCH_NR_PAGE_ORDERS - 1;
	v.page_size = PAGE_SIZE;
	v.tsc_khz = kbench_tsc_khz();
	if (static_branch_unlikely(&init_on_alloc))
		v.kernel_flags |= KBENCH_KF_INIT_ON_ALLOC;
	if (static_branch_unlikely(&init_on_free))
		v.kernel_flags |= KBENCH_KF_INIT_ON_FREE;
	if (kbench_counters_have_paths())
		v.kernel_flags |= KBENCH_KF_PATH_COUNTS;
	if (kbench_counters_have_aperfmperf())
		v.kernel_flags |= KBENCH_KF_APERFMPERF;
	if (kbench_probes_have_vmap())
		v.kernel_flags |= KBENCH_KF_VMAP_COUNTS;
	if (kbench_counters_have_locks())
		v.kernel_flags |= KBENCH_KF_LOCK_COUNTS;
	if (copy_to_user(uarg, &v, sizeof(v)))
		return -EFAULT;
	return 0;
}

static long kbench_ioc_case_info(void __user *uarg)
{
	const struct kbench_case *c;
	struct kbench_case_info info;
	unsigned int i;

	if (copy_from_user(&info, uarg, sizeof(info)))
		return -EFAULT;
	for (i = 0; i < ARRAY_SIZE(info.reserved); i++)
		if (info.reserved[i])
			return -EINVAL;
	c = kbench_case_get(info.case_id);
	if (!c)
		return -ENOENT;

	memset(&info, 0, sizeof(info));
	info.case_id = c - kbench_cases;
	info.param = c->param;
	info.flags = c->flags;
	info.max_order = c->max_order;
	info.min_size = c->min_size;
	info.max_size = c->max_size;
	info.modes = c->modes;
	info.max_batch = kbench_case_max_batch(c);
	info.max_region_bytes = kbench_case_max_region_bytes(c);
	strscpy(info.name, c->name, sizeof(info.name));
	strscpy(info.desc, c->desc, sizeof(info.desc));
	if (copy_to_user(uarg, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

static long kbench_ioc_run(void __user *uarg)
{
	const struct kbench_case *c;
	struct kbench_worker *workers;
	struct kbench_run req;
	long ret;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	/* Bad requests fail at once, without waiting for a running one. */
	ret = kbench_validate(&req, &c, &workers);
	if (ret)
		return ret;

	/* Nothing done yet: restartable (EINTR only without SA_RESTART). */
	if (mutex_lock_interruptible(&kbench_run_lock)) {
		kfree(workers);
		return -ERESTARTSYS;
	}
	req.run_seq = ++kbench_run_seq;
	ret = kbench_run(&req, c, workers);
	mutex_unlock(&kbench_run_lock);
	kfree(workers);
	if (ret)
		return ret;

	if (copy_to_user(uarg, &req, sizeof(req)))
		return -EFAULT;
	return 0;
}

static long kbench_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case KBENCH_IOC_VERSION:
		return kbench_ioc_version(uarg);
	case KBENCH_IOC_CASE_INFO:
		return kbench_ioc_case_info(uarg);
	case KBENCH_IOC_RUN:
		return kbench_ioc_run(uarg);
	case KBENCH_IOC_CASE_INFO_V1:
	case KBENCH_IOC_RUN_V1:
	case KBENCH_IOC_CASE_INFO_V2:
	case KBENCH_IOC_RUN_V2:
		return -EPROTO;	/* an older numabench: it must be rebuilt */
	default:
		return -ENOTTY;
	}
}

static int kbench_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return nonseekable_open(inode, file);
}

static const struct file_operations kbench_fops = {
	.owner = THIS_MODULE,
	.open = kbench_open,
	.unlocked_ioctl = kbench_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice kbench_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kbench",
	.fops = &kbench_fops,
	.mode = 0600,
};

static int __init kbench_init(void)
{
	int ret;

	ret = kbench_cases_check();
	if (ret)
		goto err;
	ret = kbench_slowdown_check();
	if (ret)
		goto err;
	kbench_counters_init();
	ret = misc_register(&kbench_dev);
	if (ret)
		goto err_counters;

	pr_info("api %u, %u cases, max order %u, tsc %llu kHz\n",
		KBENCH_API_VERSION, kbench_ncases, KBENCH_NR_PAGE_ORDERS - 1,
		kbench_tsc_khz());
	return 0;

err_counters:
	kbench_counters_exit();
err:
	pr_err("init failed: %d\n", ret);
	return ret;
}

static void __exit kbench_exit(void)
{
	misc_deregister(&kbench_dev);
	kbench_counters_exit();
}

module_init(kbench_init);
module_exit(kbench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("numabench: kernel allocator and TLB-flush micro-benchmarks");
MODULE_AUTHOR("numabench");
