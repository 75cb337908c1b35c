// SPDX-License-Identifier: GPL-2.0
/*
 * BPF LSM programs on the path iterators: each records the ancestors of the
 * files a monitored process opens, one with the sleepable (referenced)
 * iterator and one with the lockless one; and an example policy that denies
 * opening files beneath directories listed in a map, in either mode.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bpf_experimental.h"
#include "bpf_kfuncs.h"
#include "path_iter_common.h"
#include "path_iter_kfuncs.h"
#include "path_iter_probe_loop.h"

char _license[] SEC("license") = "GPL";

__u32 monitored_pid;
int policy_mode;
struct chain ref_chain;
struct chain rcu_chain;
/* Lockless policy decisions taken on a walk that did not validate. */
int policy_invalid_walks;
/* The churn test: its process, and the bpf_loop() rounds idled per step. */
__u32 churn_pid;
__u32 churn_idle;
__u32 racy_idle;	/* the probe-read loop's rounds */
struct chain churn_chain;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct dir_key);
	__type(value, __u32);
} denied_dirs SEC(".maps");

/* Opens by the test process; not the backing files of an overlay file's. */
static bool monitored(struct file *file)
{
	return (bpf_get_current_pid_tgid() >> 32) == monitored_pid &&
	       !(file->f_mode & FMODE_BACKING_BIT);
}

/*
 * The kernel's how bits, from its BTF: enum bpf_path_iter_how must be there
 * (vmlinux.h has it, and libbpf relocates the values against the running
 * kernel), so that no program hard-codes them.
 */
static __always_inline unsigned int record_how(__u32 how)
{
	unsigned int rec = 0;

	if (how & bpf_core_enum_value(enum bpf_path_iter_how, BPF_PATH_ITER_MNT_UP))
		rec |= HOW_MNT_UP;
	if (how & bpf_core_enum_value(enum bpf_path_iter_how, BPF_PATH_ITER_DISCONNECTED))
		rec |= HOW_DISCONNECTED;
	return rec;
}

SEC("lsm.s/file_open")
int BPF_PROG(record_referenced, struct file *file)
{
	struct bpf_iter_path it;
	struct bpf_dynptr value;
	struct path *p;
	int n = 0, len;

	if (!monitored(file))
		return 0;
	ref_chain.truncated = 0;
	ref_chain.err = bpf_iter_path_new(&it, &file->f_path, 0);
	while ((p = bpf_iter_path_next(&it))) {
		struct dentry *d;

		if (n >= CHAIN_MAX) {
			ref_chain.truncated = 1;
			break;
		}
		ref_chain.how[n] = record_how(bpf_iter_path_how(&it));
		len = bpf_path_d_path(p, ref_chain.dpath[n], NAME_MAX_REC);
		if (len < 0 && !ref_chain.err)
			ref_chain.err = len;
		ref_chain.xattr_len[n] = -ENODATA;
		ref_chain.name[n][0] = 0;
		d = p->dentry;
		if (d) {
			bpf_probe_read_kernel_str(ref_chain.name[n], NAME_MAX_REC,
						  d->d_name.name);
			bpf_dynptr_from_mem(ref_chain.xattr[n], XATTR_MAX_REC, 0, &value);
			ref_chain.xattr_len[n] = bpf_get_dentry_xattr(d, "user.path_iter",
								      &value);
		}
		n++;
	}
	bpf_iter_path_destroy(&it);
	/* The iterator's end invalidates only what it returned: not the file. */
	len = bpf_path_d_path(&file->f_path, ref_chain.start_dpath, NAME_MAX_REC);
	if (len < 0 && !ref_chain.err)
		ref_chain.err = len;
	ref_chain.n = n;
	ref_chain.valid = 1;
	return 0;
}

static int idle(__u32 i, void *ctx)
{
	return 0;
}

/* record_lockless: end at the task's root (BPF_PATH_ITER_TASK_ROOT). */
int rcu_task_root;

/*
 * The lockless walk from @file into @c, idling @idle_rounds after each step;
 * @task_root: end at the task's root.
 */
static __always_inline void record_rcu(struct file *file, struct chain *c, __u32 idle_rounds,
				       bool task_root)
{
	__u64 flags = task_root ?
		bpf_core_enum_value(enum bpf_path_iter_flags, BPF_PATH_ITER_TASK_ROOT) : 0;
	struct bpf_iter_path_rcu it;
	struct path *p;
	int n = 0;

	c->truncated = 0;
	c->err = bpf_iter_path_rcu_new(&it, &file->f_path, flags);
	c->start_rname_len = bpf_iter_path_rcu_name(&it, c->start_rname, NAME_MAX_REC);
	c->start_mnt_id = bpf_iter_path_rcu_mnt_id(&it);
	while ((p = bpf_iter_path_rcu_next(&it))) {
		struct dentry *d;

		if (n >= CHAIN_MAX) {
			c->truncated = 1;
			break;
		}
		c->how[n] = record_how(bpf_iter_path_rcu_how(&it));
		c->rname_len[n] = bpf_iter_path_rcu_name(&it, c->rname[n], NAME_MAX_REC);
		c->mnt_id[n] = bpf_iter_path_rcu_mnt_id(&it);
		c->name[n][0] = 0;
		d = p->dentry;
		if (d)
			bpf_probe_read_kernel_str(c->name[n], NAME_MAX_REC, d->d_name.name);
		if (idle_rounds)
			bpf_loop(idle_rounds, idle, NULL, 0);
		n++;
	}
	c->valid = bpf_iter_path_rcu_valid(&it);
	bpf_iter_path_rcu_destroy(&it);
	c->n = n;
}

SEC("lsm/file_open")
int BPF_PROG(record_lockless, struct file *file)
{
	if (monitored(file))
		record_rcu(file, &rcu_chain, 0, rcu_task_root);
	return 0;
}

/*
 * A tracing program: the executable of an exec, walked lockless from the
 * tracepoint's trusted bprm->file, with race-checked names.
 */
__u32 exec_pid;
struct chain exec_chain;

SEC("tp_btf/sched_process_exec")
int BPF_PROG(record_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	if (task->pid == exec_pid)
		record_rcu(bprm->file, &exec_chain, 0, false);
	return 0;
}

/*
 * The names churn test: the start's and each ancestor's name, read both
 * ways, with bpf_loop() idling between the steps.
 */
__u32 names_pid;
__u32 names_idle;
struct names_record names_rec;

SEC("lsm/file_open")
int BPF_PROG(record_names, struct file *file)
{
	struct names_record *r = &names_rec;
	struct bpf_iter_path_rcu it;
	struct dentry *d = file->f_path.dentry;
	struct path *p;
	int n = 0;

	if ((bpf_get_current_pid_tgid() >> 32) != names_pid)
		return 0;
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	do {
		/* Renames land between reaching an ancestor and reading its name. */
		if (names_idle)
			bpf_loop(names_idle, idle, NULL, 0);
		r->probed[n][0] = 0;
		if (d)
			bpf_probe_read_kernel_str(r->probed[n], NAME_MAX_REC, d->d_name.name);
		r->len[n] = bpf_iter_path_rcu_name(&it, r->name[n], NAME_MAX_REC);
		n++;
		if (n >= NAMES_MAX)
			break;
		p = bpf_iter_path_rcu_next(&it);
		d = p ? p->dentry : NULL;
	} while (p);
	r->valid = bpf_iter_path_rcu_valid(&it);
	bpf_iter_path_rcu_destroy(&it);
	r->n = n;
	return 0;
}

/* Unknown flags: what new() returned, and whether next() returned anything. */
__u32 flags_pid;
int flags_ref_ret, flags_ref_next, flags_rcu_ret, flags_rcu_next, flags_rcu_valid;

SEC("lsm.s/file_open")
int BPF_PROG(unknown_flags, struct file *file)
{
	struct bpf_iter_path it;

	if ((bpf_get_current_pid_tgid() >> 32) != flags_pid)
		return 0;
	flags_ref_ret = bpf_iter_path_new(&it, &file->f_path, 1);
	flags_ref_next = !!bpf_iter_path_next(&it);
	bpf_iter_path_destroy(&it);
	return 0;
}

SEC("lsm/file_open")
int BPF_PROG(unknown_flags_lockless, struct file *file)
{
	struct bpf_iter_path_rcu it;

	if ((bpf_get_current_pid_tgid() >> 32) != flags_pid)
		return 0;
	flags_rcu_ret = bpf_iter_path_rcu_new(&it, &file->f_path, 1ULL << 63);
	flags_rcu_next = !!bpf_iter_path_rcu_next(&it);
	flags_rcu_valid = bpf_iter_path_rcu_valid(&it);
	bpf_iter_path_rcu_destroy(&it);
	return 0;
}

/*
 * The lockless walk under churn: as record_lockless, but idling after each
 * step, so that renames and mounts land between the steps of one walk.
 */
SEC("lsm/file_open")
int BPF_PROG(record_churn, struct file *file)
{
	if ((bpf_get_current_pid_tgid() >> 32) == churn_pid)
		record_rcu(file, &churn_chain, churn_idle, false);
	return 0;
}

/*
 * The churn test's other walker: the probe-read loop BPF tools ship today
 * (path_iter_probe_loop.h), idling after each step (racy_idle rounds). It
 * has no way to tell a torn chain from a real one: every chain is "valid".
 */
struct chain racy_chain;

SEC("lsm/file_open")
int BPF_PROG(record_racy, struct file *file)
{
	struct chain *c = &racy_chain;
	struct probe_walk w;
	int i;

	/* As monitored(), for the churn test's process. */
	if ((bpf_get_current_pid_tgid() >> 32) != churn_pid || file->f_mode & FMODE_BACKING_BIT)
		return 0;
	probe_walk_start(&w, &file->f_path);
	c->truncated = 0;
	bpf_for(i, 0, CHAIN_MAX + 1) {
		if (i == CHAIN_MAX) {
			c->truncated = 1;
			break;
		}
		if (!probe_walk_step(&w, c->name[i], NAME_MAX_REC))
			break;
		c->how[i] = w.mnt_up ? HOW_MNT_UP : 0;
		if (racy_idle)
			bpf_loop(racy_idle, idle, NULL, 0);
	}
	c->n = w.n;
	c->valid = 1;
	c->err = 0;
	return 0;
}

static int deny_if_listed(struct dentry *d)
{
	struct dir_key key = {};
	struct inode *inode;

	/* A lockless dentry's inode is untrusted, possibly NULL: load it once. */
	inode = d ? d->d_inode : NULL;
	if (!inode)
		return 0;
	key.ino = inode->i_ino;
	key.dev = d->d_sb->s_dev;
	return bpf_map_lookup_elem(&denied_dirs, &key) ? -EPERM : 0;
}

SEC("lsm.s/file_open")
int BPF_PROG(policy_referenced, struct file *file)
{
	struct path *p;
	int ret = 0;

	if (policy_mode != POLICY_REFERENCED)
		return 0;
	bpf_for_each(path, p, &file->f_path, 0) {
		ret = deny_if_listed(p->dentry);
		if (ret)
			break;
	}
	return ret;
}

SEC("lsm/file_open")
int BPF_PROG(policy_lockless, struct file *file)
{
	struct bpf_iter_path_rcu it;
	int attempt, ret = 0, valid = 0;
	struct path *p;

	if (policy_mode != POLICY_LOCKLESS)
		return 0;
	/* A torn walk proves nothing either way: try again, then refuse. */
	for (attempt = 0; attempt < 2 && !valid; attempt++) {
		ret = 0;
		bpf_iter_path_rcu_new(&it, &file->f_path, 0);
		while ((p = bpf_iter_path_rcu_next(&it))) {
			ret = deny_if_listed(p->dentry);
			if (ret)
				break;
		}
		valid = bpf_iter_path_rcu_valid(&it);
		bpf_iter_path_rcu_destroy(&it);
	}
	if (!valid) {
		__sync_fetch_and_add(&policy_invalid_walks, 1);
		return -EAGAIN;
	}
	return ret;
}

/*
 * Correct uses the verifier must keep accepting: a lockless ancestor's inode
 * read (it is untrusted: readable, possibly NULL), and the next ancestor
 * taken in a static subprogram from the caller's iterator, used before the
 * caller's next call.
 */
__u64 lockless_inode_sum;

static __noinline struct path *step_lockless(struct bpf_iter_path_rcu *it)
{
	return bpf_iter_path_rcu_next(it);
}

SEC("lsm/file_open")
int BPF_PROG(read_lockless_inodes, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct inode *inode;
	struct path *p;
	int n = 0;

	if (!monitored(file))
		return 0;
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	while ((p = step_lockless(&it)) && n++ < CHAIN_MAX) {
		struct dentry *d = p->dentry;

		inode = d ? d->d_inode : NULL;
		if (inode)
			__sync_fetch_and_add(&lockless_inode_sum, inode->i_ino);
	}
	bpf_iter_path_rcu_destroy(&it);
	return 0;
}

/*
 * The lockless walk finds an ancestor (get_depth steps up), and keeps it
 * with a reference, to read its d_path and an xattr outside the read-side
 * section without a second walk.
 */
int get_depth;
struct got_record got_rec;

SEC("lsm.s/file_open")
int BPF_PROG(lockless_then_referenced, struct file *file)
{
	struct bpf_iter_path_rcu it;
	struct path *p = NULL, *got = NULL;
	struct bpf_dynptr value;
	struct dentry *d;
	int n = 0;

	if (!monitored(file))
		return 0;
	got_rec.calls++;
	bpf_rcu_read_lock();
	bpf_iter_path_rcu_new(&it, &file->f_path, 0);
	while (n < get_depth && (p = bpf_iter_path_rcu_next(&it)))
		n++;
	if (p)
		got = bpf_iter_path_rcu_get(&it);
	got_rec.valid = bpf_iter_path_rcu_valid(&it);
	bpf_iter_path_rcu_destroy(&it);
	bpf_rcu_read_unlock();
	got_rec.found = !!got;
	if (!got)
		return 0;
	got_rec.dpath_len = bpf_path_d_path(got, got_rec.dpath, NAME_MAX_REC);
	d = got->dentry;
	if (d) {
		bpf_dynptr_from_mem(got_rec.xattr, XATTR_MAX_REC, 0, &value);
		got_rec.xattr_len = bpf_get_dentry_xattr(d, "user.path_iter", &value);
	}
	bpf_path_release(got);
	return 0;
}

/*
 * Must load: a pointer read as RCU-protected from an acquired one lives as
 * long as the read-side section, not only until the release (the parent of
 * init, read after init's task was released).
 */
int init_parent_pid = -1;

SEC("tp_btf/task_newtask")
int BPF_PROG(rcu_field_after_release, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *init, *parent;

	init = bpf_task_from_pid(1);
	if (!init)
		return 0;
	parent = init->real_parent;
	bpf_task_release(init);
	if (parent)
		init_parent_pid = parent->pid;
	return 0;
}
