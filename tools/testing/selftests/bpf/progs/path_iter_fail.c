// SPDX-License-Identifier: GPL-2.0
/*
 * Misuses of the path iterators that the verifier must reject, each with
 * the verifier's message for it; where that is the note of a call that
 * invalidates pointers, then the rejection of the use that follows.
 * test_loader (RUN_TESTS() in prog_tests/path_iter.c) loads each program
 * alone.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_experimental.h"
#include "bpf_kfuncs.h"
#include "bpf_misc.h"
#include "path_iter_kfuncs.h"

char _license[] SEC("license") = "GPL";

/* A path chased through a pointer nothing vouches for. */
SEC("lsm.s/file_open")
__failure __msg("R2 must be referenced or trusted")
int BPF_PROG(untrusted_start, struct file *file)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &task->fs->root, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("Unreleased reference")
int BPF_PROG(no_destroy, struct file *file)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &file->f_path, 0);
	bpf_iter_path_next(&it);
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("expected an initialized iter_path as arg #0")
int BPF_PROG(destroy_without_new, struct file *file)
{
	struct bpf_iter_path it = {};

	bpf_iter_path_destroy(&it);
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("expected uninitialized iter_path as arg #0")
int BPF_PROG(new_twice, struct file *file)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &file->f_path, 0);
	bpf_iter_path_new(&it, &file->f_path, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("invalid read from stack off")
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
__failure __msg("program must be sleepable to call sleepable kfunc bpf_iter_path_new")
int BPF_PROG(sleepable_in_atomic, struct file *file)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &file->f_path, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}

/*
 * Tracing programs get the lockless iterator, but on this kernel the
 * arguments of an fentry program are not trusted: no start.
 */
SEC("fentry/vfs_open")
__failure __msg("R2 must be a rcu pointer")
int BPF_PROG(fentry_untrusted_start, struct path *path, struct file *file)
{
	struct bpf_iter_path_rcu it;

	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	bpf_iter_path_rcu_destroy(&it);
	return 0;
}

/* Kprobes see raw registers: the kfuncs are not theirs. */
SEC("kprobe/vfs_open")
__failure __msg("calling kernel function bpf_iter_path_rcu_new is not allowed")
int kprobe_not_allowed(struct pt_regs *ctx)
{
	struct bpf_iter_path_rcu it;

	bpf_iter_path_rcu_new(&it, (struct path *)PT_REGS_PARM1(ctx), 0);
	bpf_iter_path_rcu_destroy(&it);
	return 0;
}

/* The referenced iterator stays with sleepable LSM programs. */
SEC("tp_btf/sched_process_exec")
__failure __msg("calling kernel function bpf_iter_path_new is not allowed")
int BPF_PROG(tracing_referenced, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &bprm->file->f_path, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}

/* A name comes from a started iterator only. */
SEC("lsm/file_open")
__failure __msg("expected an initialized iter_path_rcu as arg #0")
int BPF_PROG(name_without_new, struct file *file)
{
	struct bpf_iter_path_rcu it = {};
	char buf[16];

	return bpf_iter_path_rcu_name(&it, buf, sizeof(buf));
}

/* A lockless walk lives in one RCU read-side critical section. */
SEC("lsm.s/file_open")
__failure __msg("expected an RCU CS when using bpf_iter_path_rcu_next")
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
__failure __msg("R1 must be referenced or trusted")
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
__failure __msg("bpf_iter_path_rcu_destroy invalidates")
__msg("arg#0 pointer type STRUCT dentry must point to scalar, or struct with scalar")
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
__failure __msg("bpf_iter_path_next invalidates")
__msg("arg#0 pointer type STRUCT dentry must point to scalar, or struct with scalar")
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
__failure __msg("bpf_iter_path_next invalidates")
__msg("arg#0 pointer type STRUCT path must point to scalar, or struct with scalar")
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
__failure __msg("bpf_iter_path_destroy invalidates")
__msg("arg#0 pointer type STRUCT dentry must point to scalar, or struct with scalar")
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

/*
 * What bpf_iter_path_rcu_next() returns is stored in the iterator, on the
 * stack: kept past bpf_iter_path_rcu_destroy(), with the iterator's bytes
 * then overwritten, it would be a path the program wrote. Handed to a
 * second walk...
 */
SEC("lsm/file_open")
__failure __msg("bpf_iter_path_rcu_destroy invalidates")
__msg("arg#1 pointer type STRUCT path must point to scalar, or struct with scalar")
int BPF_PROG(lockless_kept_past_destroy, struct file *file)
{
	struct bpf_iter_path_rcu it, again;
	struct path *p;

	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	p = bpf_iter_path_rcu_next(&it);
	bpf_iter_path_rcu_destroy(&it);
	/* Not a dead store: p points into it. */
	__builtin_memset(&it, 0x41, sizeof(it));
	if (p) {
		bpf_iter_path_rcu_new(&again, p, 0);
		bpf_iter_path_rcu_destroy(&again);
	}
	return 0;
}

char path_buf[64];

/* ... or to the bpf_d_path() helper. */
SEC("lsm/file_open")
__failure __msg("bpf_iter_path_rcu_destroy invalidates")
__msg("R1 type=scalar expected=ptr_, trusted_ptr_, rcu_ptr_")
int BPF_PROG(lockless_kept_to_d_path, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *p;

	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	p = bpf_iter_path_rcu_next(&it);
	bpf_iter_path_rcu_destroy(&it);
	__builtin_memset(&it, 0x41, sizeof(it));
	if (p)
		bpf_d_path(p, path_buf, sizeof(path_buf));
	return 0;
}

/* A static subprogram's iterator dies with its frame, and so does its path. */
static __noinline struct path *first_ancestor(struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *p;

	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	p = bpf_iter_path_rcu_next(&it);
	bpf_iter_path_rcu_destroy(&it);
	return p;
}

SEC("lsm/file_open")
__failure __msg("bpf_iter_path_rcu_destroy invalidates")
__msg("arg#1 pointer type STRUCT path must point to scalar, or struct with scalar")
int BPF_PROG(lockless_returned_from_subprog, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *p = first_ancestor(file);

	if (p) {
		bpf_iter_path_rcu_new(&it, p, 0);
		bpf_iter_path_rcu_destroy(&it);
	}
	return 0;
}

/* next() overwrites what it returned before: prev would show the new ancestor. */
SEC("lsm/file_open")
__failure __msg("bpf_iter_path_rcu_next invalidates")
__msg("invalid mem access 'scalar'")
int BPF_PROG(lockless_prev_across_next, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *prev, *p;
	long seen = 0;

	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	prev = bpf_iter_path_rcu_next(&it);
	p = bpf_iter_path_rcu_next(&it);
	if (prev && p)
		seen = (long)prev->dentry;
	bpf_iter_path_rcu_destroy(&it);
	return seen == 1 ? -1 : 0;	/* an LSM verdict: 0 or -errno */
}

struct {
	__uint(type, BPF_MAP_TYPE_INODE_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, int);
} inode_marks SEC(".maps");

/*
 * A lockless dentry's inode, kept past the read-side section for
 * bpf_inode_storage_get(..., F_CREATE), which assumes it cannot be freed.
 */
SEC("lsm.s/file_open")
__failure __msg("bpf_iter_path_rcu_destroy invalidates")
__msg("R2 type=scalar expected=ptr_, trusted_ptr_, rcu_ptr_")
int BPF_PROG(lockless_inode_after_unlock, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct inode *inode = NULL;
	struct dentry *d;
	struct path *p;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	p = bpf_iter_path_rcu_next(&it);
	d = p ? p->dentry : NULL;
	if (d)
		inode = d->d_inode;
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	if (inode)
		bpf_inode_storage_get(&inode_marks, inode, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	return 0;
}

/*
 * Nor inside it: RCU keeps a lockless dentry's inode's memory, not its life
 * (it may be evicted, its storage freed, before the grace period ends), so
 * the inode is only readable, not something to attach storage to.
 */
SEC("lsm/file_open")
__failure __msg("R2 type=untrusted_ptr_ expected=ptr_, trusted_ptr_, rcu_ptr_")
int BPF_PROG(lockless_inode_to_storage, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct dentry *d;
	struct path *p;

	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	p = bpf_iter_path_rcu_next(&it);
	d = p ? p->dentry : NULL;
	if (d && d->d_inode)
		bpf_inode_storage_get(&inode_marks, d->d_inode, 0,
				      BPF_LOCAL_STORAGE_GET_F_CREATE);
	bpf_iter_path_rcu_destroy(&it);
	return 0;
}

/* The referenced iterator's inode, kept across the next call. */
SEC("lsm.s/file_open")
__failure __msg("bpf_iter_path_next invalidates")
__msg("R2 type=scalar expected=ptr_, trusted_ptr_, rcu_ptr_")
int BPF_PROG(inode_across_next, struct file *file)
{
	struct bpf_iter_path it;
	struct inode *inode = NULL;
	struct dentry *d;
	struct path *p;

	bpf_iter_path_new(&it, &file->f_path, 0);
	p = bpf_iter_path_next(&it);
	d = p ? p->dentry : NULL;
	if (d)
		inode = d->d_inode;
	p = bpf_iter_path_next(&it);
	if (inode && p)
		bpf_inode_storage_get(&inode_marks, inode, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	bpf_iter_path_destroy(&it);
	return 0;
}

/* A reference from the lockless walk: only where its release may sleep. */
SEC("lsm/file_open")
__failure __msg("calling kernel function bpf_iter_path_rcu_get is not allowed")
int BPF_PROG(get_not_sleepable, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *got;

	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	got = bpf_iter_path_rcu_get(&it);
	bpf_iter_path_rcu_destroy(&it);
	if (got)
		bpf_path_release(got);
	return 0;
}

/* The walk's positions are only what they were inside the read-side section. */
SEC("lsm.s/file_open")
__failure __msg("expected an RCU CS when using bpf_iter_path_rcu_get")
int BPF_PROG(get_after_unlock, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *got;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	bpf_iter_path_rcu_next(&it);
	bpf_rcu_read_unlock();
	got = bpf_iter_path_rcu_get(&it);
	if (got)
		bpf_path_release(got);
	bpf_rcu_read_lock();
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("Unreleased reference")
int BPF_PROG(got_not_released, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *got;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	got = bpf_iter_path_rcu_get(&it);
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	if (got)
		bpf_path_d_path(got, path_buf, sizeof(path_buf));
	return 0;
}

/* path_put() may sleep: not in the read-side section. */
SEC("lsm.s/file_open")
__failure __msg("kernel func bpf_path_release is sleepable within rcu_read_lock region")
int BPF_PROG(release_in_rcu, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *got;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	got = bpf_iter_path_rcu_get(&it);
	if (got)
		bpf_path_release(got);
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	return 0;
}

/* Only what bpf_iter_path_rcu_get() returned is released: not a hook's path. */
SEC("lsm.s/path_truncate")
__failure __msg("release kernel function bpf_path_release expects refcounted PTR_TO_BTF_ID")
int BPF_PROG(release_not_acquired, struct path *path)
{
	bpf_path_release(path);
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("arg#0 pointer type STRUCT path must point to scalar")
int BPF_PROG(release_twice, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *got;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	got = bpf_iter_path_rcu_get(&it);
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	if (got) {
		bpf_path_release(got);
		bpf_path_release(got);
	}
	return 0;
}

char xattr_buf[16];

/* The dentry read from a referenced path dies with the reference. */
SEC("lsm.s/file_open")
__failure __msg("bpf_path_release invalidates 1 pointer(s) from the reference it releases")
__msg("arg#0 pointer type STRUCT dentry must point to scalar, or struct with scalar")
int BPF_PROG(got_dentry_after_release, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct bpf_dynptr value;
	struct dentry *d;
	struct path *got;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	bpf_iter_path_rcu_next(&it);
	got = bpf_iter_path_rcu_get(&it);
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	if (!got)
		return 0;
	d = got->dentry;
	bpf_path_release(got);
	if (!d)
		return 0;
	bpf_dynptr_from_mem(xattr_buf, sizeof(xattr_buf), 0, &value);
	bpf_get_dentry_xattr(d, "user.path_iter", &value);
	return 0;
}

/* At any depth: the dentry's inode. */
SEC("lsm.s/file_open")
__failure __msg("bpf_path_release invalidates")
__msg("R2 type=scalar expected=ptr_, trusted_ptr_, rcu_ptr_")
int BPF_PROG(got_inode_after_release, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct inode *inode = NULL;
	struct dentry *d;
	struct path *got;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	bpf_iter_path_rcu_next(&it);
	got = bpf_iter_path_rcu_get(&it);
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	if (!got)
		return 0;
	d = got->dentry;
	if (d)
		inode = d->d_inode;
	bpf_path_release(got);
	if (inode)
		bpf_inode_storage_get(&inode_marks, inode, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	return 0;
}

static __noinline void release_it(struct path *got)
{
	bpf_path_release(got);
}

/* Released in a static subprogram: the caller's copy dies too. */
SEC("lsm.s/file_open")
__failure __msg("bpf_path_release invalidates")
__msg("arg#0 pointer type STRUCT dentry must point to scalar, or struct with scalar")
int BPF_PROG(got_dentry_after_subprog_release, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct bpf_dynptr value;
	struct dentry *d;
	struct path *got;

	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	got = bpf_iter_path_rcu_get(&it);
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	if (!got)
		return 0;
	d = got->dentry;
	release_it(got);
	if (!d)
		return 0;
	bpf_dynptr_from_mem(xattr_buf, sizeof(xattr_buf), 0, &value);
	bpf_get_dentry_xattr(d, "user.path_iter", &value);
	return 0;
}

/*
 * The same rule for every release kfunc: the inode of an executable's file,
 * used after the file was put (which may have freed both).
 */
SEC("lsm.s/file_open")
__failure __msg("bpf_put_file invalidates 1 pointer(s) from the reference it releases")
__msg("R2 type=scalar expected=ptr_, trusted_ptr_, rcu_ptr_")
int BPF_PROG(exe_inode_after_put, struct file *file)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct inode *inode;
	struct file *exe;

	exe = bpf_get_task_exe_file(task);
	if (!exe)
		return 0;
	inode = exe->f_inode;
	bpf_put_file(exe);
	bpf_inode_storage_get(&inode_marks, inode, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	return 0;
}

/*
 * State pruning must map a pointer's owner as it maps ids: here the branch
 * explored first (then) and the other (else) end with the same references
 * in another order, and the inode is owned by the same number in both,
 * which names the reference put at the join in the else branch only.
 * Compared as a number, the else branch would be pruned, and the inode
 * used after its file was put. BPF_F_TEST_STATE_FREQ keeps a state at
 * every prune point: without it the verifier keeps one only every few
 * jumps, the join is never compared, and the case passes either way.
 */
SEC("lsm/file_open")
__flag(BPF_F_TEST_STATE_FREQ)
__failure __msg("bpf_put_file invalidates 1 pointer(s) from the reference it releases")
__msg("R2 type=scalar expected=ptr_, trusted_ptr_, rcu_ptr_")
int BPF_PROG(released_owner_pruned, struct file *file)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct file *x, *a, *b, *keep, *drop;
	struct inode *inode;

	x = bpf_get_task_exe_file(task);
	if (!x)
		return 0;
	a = bpf_get_task_exe_file(task);
	if (!a) {
		bpf_put_file(x);
		return 0;
	}
	inode = a->f_inode;
	if (bpf_get_prandom_u32() & 1) {
		b = bpf_get_task_exe_file(task);
		bpf_put_file(x);
		if (!b) {
			bpf_put_file(a);
			return 0;
		}
		keep = a;
		drop = b;
	} else {
		bpf_put_file(x);
		b = bpf_get_task_exe_file(task);
		if (!b) {
			bpf_put_file(a);
			return 0;
		}
		keep = b;
		drop = a;
	}
	bpf_put_file(drop);
	bpf_inode_storage_get(&inode_marks, inode, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	bpf_put_file(keep);
	return 0;
}
