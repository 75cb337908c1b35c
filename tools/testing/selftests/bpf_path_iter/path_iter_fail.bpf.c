// SPDX-License-Identifier: GPL-2.0
/*
 * Misuses of the path iterators that the verifier must reject. Each program
 * is loaded alone by path_iter_test, which checks the verifier's message.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "path_iter_kfuncs.h"

char _license[] SEC("license") = "GPL";

/* A path chased through a pointer nothing vouches for. */
SEC("lsm.s/file_open")
int BPF_PROG(untrusted_start, struct file *file)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &task->fs->root, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}

SEC("lsm.s/file_open")
int BPF_PROG(no_destroy, struct file *file)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &file->f_path, 0);
	bpf_iter_path_next(&it);
	return 0;
}

SEC("lsm.s/file_open")
int BPF_PROG(destroy_without_new, struct file *file)
{
	struct bpf_iter_path it = {};

	bpf_iter_path_destroy(&it);
	return 0;
}

SEC("lsm.s/file_open")
int BPF_PROG(new_twice, struct file *file)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &file->f_path, 0);
	bpf_iter_path_new(&it, &file->f_path, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}

SEC("lsm.s/file_open")
int BPF_PROG(copied_iterator, struct file *file)
{
	struct bpf_iter_path it, copy;

	bpf_iter_path_new(&it, &file->f_path, 0);
	__builtin_memcpy(&copy, &it, sizeof(it));
	bpf_iter_path_next(&copy);
	bpf_iter_path_destroy(&it);
	return 0;
}

/* The referenced iterator sleeps (path_put()): not where that is forbidden. */
SEC("lsm/file_open")
int BPF_PROG(sleepable_in_atomic, struct file *file)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &file->f_path, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}

/* Only BPF LSM programs get the fs kfuncs. */
SEC("fentry/vfs_open")
int BPF_PROG(not_lsm, struct path *path, struct file *file)
{
	struct bpf_iter_path_rcu it;

	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	bpf_iter_path_rcu_destroy(&it);
	return 0;
}

/* A lockless walk lives in one RCU read-side critical section. */
SEC("lsm.s/file_open")
int BPF_PROG(lockless_after_unlock, struct file *file)
{
	struct bpf_iter_path_rcu it;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	bpf_rcu_read_unlock();
	bpf_iter_path_rcu_next(&it);
	bpf_iter_path_rcu_destroy(&it);
	return 0;
}

/* A path of the lockless walk is not referenced: not for bpf_path_d_path(). */
SEC("lsm/file_open")
int BPF_PROG(lockless_path_to_d_path, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *p;
	char buf[64];

	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	p = bpf_iter_path_rcu_next(&it);
	if (p)
		bpf_path_d_path(p, buf, sizeof(buf));
	bpf_iter_path_rcu_destroy(&it);
	return 0;
}

char value_buf[8];

/* Nor is its dentry, once the read-side section has ended. */
SEC("lsm.s/file_open")
int BPF_PROG(lockless_dentry_after_unlock, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct dentry *d = NULL;
	struct bpf_dynptr value;
	struct path *p;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	p = bpf_iter_path_rcu_next(&it);
	if (p)
		d = p->dentry;
	/* Allowed here; it also gives the object struct dentry's BTF. */
	if (d && !d->d_inode)
		d = NULL;
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	if (d) {
		bpf_dynptr_from_mem(value_buf, sizeof(value_buf), 0, &value);
		bpf_get_dentry_xattr(d, "user.x", &value);
	}
	return 0;
}

/*
 * What bpf_iter_path_next() returns lives until its next call, which may drop
 * the last reference to it: a dentry kept across that call could be freed
 * under the program.
 */
SEC("lsm.s/file_open")
int BPF_PROG(dentry_across_next, struct file *file)
{
	struct bpf_iter_path it;
	struct dentry *d = NULL;
	struct bpf_dynptr value;
	struct path *p;

	bpf_iter_path_new(&it, &file->f_path, 0);
	p = bpf_iter_path_next(&it);
	if (p)
		d = p->dentry;
	p = bpf_iter_path_next(&it);
	if (d && p) {
		bpf_dynptr_from_mem(value_buf, sizeof(value_buf), 0, &value);
		bpf_get_dentry_xattr(d, "user.x", &value);
	}
	bpf_iter_path_destroy(&it);
	return 0;
}

/* The same for the path itself. */
SEC("lsm.s/file_open")
int BPF_PROG(path_across_next, struct file *file)
{
	struct bpf_iter_path it;
	struct path *first, *p;
	char buf[64];

	bpf_iter_path_new(&it, &file->f_path, 0);
	first = bpf_iter_path_next(&it);
	p = bpf_iter_path_next(&it);
	if (first && p)
		bpf_path_d_path(first, buf, sizeof(buf));
	bpf_iter_path_destroy(&it);
	return 0;
}

/* And across bpf_iter_path_destroy(). */
SEC("lsm.s/file_open")
int BPF_PROG(dentry_after_destroy, struct file *file)
{
	struct bpf_iter_path it;
	struct dentry *d = NULL;
	struct bpf_dynptr value;
	struct path *p;

	bpf_iter_path_new(&it, &file->f_path, 0);
	p = bpf_iter_path_next(&it);
	if (p)
		d = p->dentry;
	bpf_iter_path_destroy(&it);
	if (d) {
		bpf_dynptr_from_mem(value_buf, sizeof(value_buf), 0, &value);
		bpf_get_dentry_xattr(d, "user.x", &value);
	}
	return 0;
}
