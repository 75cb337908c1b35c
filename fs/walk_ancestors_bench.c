// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel benchmark of ancestor walks, for `make bench`.
 *
 * <debugfs>/walk_ancestors/bench: write "MODE ITERATIONS FD" to walk
 * ITERATIONS times from the file open as FD (in the writer) to the root,
 * then read back "MODE ITERATIONS VISITS NANOSECONDS". Modes:
 *
 *   floor    a bare loop following d_parent (and mount parents) under
 *            rcu_read_lock(), with no check at all: the limit of this walk;
 *   rcu      vfs_walk_ancestors() with a trivial callback;
 *   ref      vfs_walk_ancestors() forced onto its reference walk
 *            (VFS_WALK_SLEEPING_CB);
 *   refloop  the loop Landlock used before vfs_walk_ancestors():
 *            dget_parent() and follow_up(), one reference per level;
 *   clock    no walk: ITERATIONS reads of ktime_get_ns(), to judge the
 *            clock (VISITS is then the smallest step seen between two
 *            reads, in ns).
 *
 * Each open file keeps its own result, so several processes can run
 * concurrently, one per CPU.
 */

#include <linux/debugfs.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/ktime.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "mount.h"

struct bench_result {
	char mode[16];
	u64 iterations, visits, ns;
};

static u64 walk_floor(const struct path *path)
{
	struct mount *m = real_mount(path->mnt);
	struct dentry *d = path->dentry;
	u64 visits = 1;

	rcu_read_lock();
	for (;;) {
		if (d == m->mnt.mnt_root) {
			do {
				struct mount *parent = READ_ONCE(m->mnt_parent);

				if (parent == m)
					goto out;
				d = READ_ONCE(m->mnt_mountpoint);
				m = parent;
			} while (d == m->mnt.mnt_root);
		}
		d = READ_ONCE(d->d_parent);
		visits++;
	}
out:
	rcu_read_unlock();
	return visits;
}

static int count_cb(const struct vfs_walk_ancestor *ancestor, void *data)
{
	if (ancestor->flags & VFS_WALK_RESTART) {
		*(u64 *)data = 0;
		return 0;
	}
	(*(u64 *)data)++;
	return VFS_WALK_CONTINUE;
}

static u64 walk_vfs(const struct path *path, unsigned int flags)
{
	u64 visits = 0;

	if (vfs_walk_ancestors(path, count_cb, &visits, flags))
		return 0;
	return visits;
}

static u64 walk_refloop(const struct path *path)
{
	struct path walker = *path;
	u64 visits = 1;

	path_get(&walker);
	for (;;) {
		struct dentry *parent;

jump_up:
		if (walker.dentry == walker.mnt->mnt_root) {
			if (follow_up(&walker))
				goto jump_up;
			break;
		}
		if (unlikely(IS_ROOT(walker.dentry)))
			parent = dget(walker.mnt->mnt_root);
		else
			parent = dget_parent(walker.dentry);
		dput(walker.dentry);
		walker.dentry = parent;
		visits++;
	}
	path_put(&walker);
	return visits;
}

/* Back-to-back clock reads: the smallest nonzero step between two. */
static u64 clock_steps(u64 iterations)
{
	u64 i, prev = ktime_get_ns(), step = U64_MAX;

	for (i = 0; i < iterations; i++) {
		u64 now = ktime_get_ns();

		if (now != prev && now - prev < step)
			step = now - prev;
		prev = now;
	}
	return step;
}

static int bench_run(struct bench_result *r, const struct path *path)
{
	u64 i, visits = 0, start;

	if (!strcmp(r->mode, "clock")) {
		start = ktime_get_ns();
		r->visits = clock_steps(r->iterations);
		r->ns = ktime_get_ns() - start;
		return 0;
	}
	start = ktime_get_ns();
	for (i = 0; i < r->iterations; i++) {
		if (!strcmp(r->mode, "floor"))
			visits = walk_floor(path);
		else if (!strcmp(r->mode, "rcu"))
			visits = walk_vfs(path, 0);
		else if (!strcmp(r->mode, "ref"))
			visits = walk_vfs(path, VFS_WALK_SLEEPING_CB);
		else if (!strcmp(r->mode, "refloop"))
			visits = walk_refloop(path);
		else
			return -EINVAL;
		if (!visits)
			return -EIO;
		if (need_resched())
			cond_resched();
	}
	r->ns = ktime_get_ns() - start;
	r->visits = visits;
	return 0;
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	struct bench_result *r = file->private_data;
	char buf[64];
	struct fd f;
	int fd, err;

	if (len >= sizeof(buf))
		return -E2BIG;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%15s %llu %d", r->mode, &r->iterations, &fd) != 3 ||
	    !r->iterations)
		return -EINVAL;
	f = fdget_raw(fd);
	if (!fd_file(f))
		return -EBADF;
	err = bench_run(r, &fd_file(f)->f_path);
	fdput(f);
	return err ?: len;
}

static ssize_t bench_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	struct bench_result *r = file->private_data;
	char buf[96];
	int n;

	n = scnprintf(buf, sizeof(buf), "%s %llu %llu %llu\n", r->mode,
		      r->iterations, r->visits, r->ns);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static int bench_open(struct inode *inode, struct file *file)
{
	struct bench_result *r = kzalloc(sizeof(*r), GFP_KERNEL);

	file->private_data = r;
	return r ? 0 : -ENOMEM;
}

static int bench_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static const struct file_operations bench_fops = {
	.open = bench_open,
	.release = bench_release,
	.read = bench_read,
	.write = bench_write,
	.llseek = default_llseek,
};

static int __init walk_ancestors_bench_init(void)
{
	struct dentry *dir = debugfs_create_dir("walk_ancestors", NULL);

	debugfs_create_file("bench", 0600, dir, NULL, &bench_fops);
	return 0;
}
late_initcall(walk_ancestors_bench_init);
