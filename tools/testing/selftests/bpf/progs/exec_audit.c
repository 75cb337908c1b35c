// SPDX-License-Identifier: GPL-2.0
/*
 * An example for BPF tool authors: audit the execs of files beneath watched
 * directories. A tracing program (tp_btf/sched_process_exec: its bprm->file
 * is trusted) walks from the executable with the lockless path iterator and
 * builds its full path from race-checked names, up to the root of the mount
 * namespace (not the task's root: a watched directory above a container's
 * root must be seen), with its mount id. No bpf_probe_read() of the dentry
 * chain, no depth after which the path is silently cut: an event says
 * whether its path is one the file had at one instant, and a walk that a
 * rename or mount change tore, that went through a disconnected directory
 * (its names spell no path), or that was too deep, is reported as
 * unresolved instead of being trusted (it may have missed a watched
 * directory).
 *
 * What it does not do: for a script, bprm->file is the interpreter, so the
 * script's own path is not what is checked; a file deleted since, or a
 * memfd, gets the path its dentry has, without d_path()'s " (deleted)"; the
 * watched directories are keyed by inode and the superblock's s_dev, which
 * stat() reports for most filesystems but not for a btrfs subvolume.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "exec_audit.h"
#include "bpf_experimental.h"

char _license[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct audit_dir);
	__type(value, __u32);
} watched_dirs SEC(".maps");

/* If set, only the execs of this process, its children and grandchildren. */
__u32 audit_tgid;
__u64 execs_seen;

static bool is_watched(struct dentry *d)
{
	struct audit_dir key = {};
	struct inode *inode;

	/* A lockless dentry's inode is untrusted, possibly NULL: load it once. */
	inode = d ? d->d_inode : NULL;
	if (!inode)
		return false;
	key.ino = inode->i_ino;
	key.dev = d->d_sb->s_dev;
	return bpf_map_lookup_elem(&watched_dirs, &key);
}

/*
 * Puts "/" and @name (@len bytes) in front of the path built so far, which
 * starts at e->start: the path grows down from the end of its first half,
 * and a name (shorter than AUDIT_NAME_MAX) never reaches past the second.
 */
static bool prepend(struct audit_event *e, const char *name, int len)
{
	int start = e->start - len - 1;
	unsigned int size = len;

	if (len <= 0 || len >= AUDIT_NAME_MAX || start < 0)
		return false;
	/* Bounds the verifier can see: the compiler would drop a mask it knows is a no-op. */
	barrier_var(size);
	size &= AUDIT_NAME_MAX - 1;
	e->path[start & (AUDIT_PATH_MAX - 1)] = '/';
	bpf_probe_read_kernel(&e->path[(start + 1) & (AUDIT_PATH_MAX - 1)], size, name);
	e->start = start;
	return true;
}

static bool audited(struct task_struct *task)
{
	struct task_struct *parent, *grandparent;

	if (!audit_tgid || task->tgid == audit_tgid)
		return true;
	parent = task->real_parent;
	if (!parent || parent->tgid == audit_tgid)
		return !!parent;
	grandparent = parent->real_parent;
	return grandparent && grandparent->tgid == audit_tgid;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(audit_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	__u32 disconnected = bpf_core_enum_value(enum bpf_path_iter_how,
						 BPF_PATH_ITER_DISCONNECTED);
	bool whole = true, watched = false;
	char name[AUDIT_NAME_MAX];
	struct bpf_iter_path_rcu it;
	struct audit_event *e;
	int depth = 0, len;
	struct path *p;

	if (!audited(task))
		return 0;
	__sync_fetch_and_add(&execs_seen, 1);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = task->tgid;
	e->start = AUDIT_PATH_MAX - 1;
	e->path[AUDIT_PATH_MAX - 1] = 0;
	e->err = bpf_iter_path_rcu_new(&it, &bprm->file->f_path, 0);
	e->mnt_id = bpf_iter_path_rcu_mnt_id(&it);
	for (;;) {
		/* The start's name first, then each ancestor's; "" at the root. */
		len = bpf_iter_path_rcu_name(&it, name, sizeof(name));
		if (len < 0 || (len > 0 && !prepend(e, name, len))) {
			whole = false;
			break;
		}
		p = bpf_iter_path_rcu_next(&it);
		if (!p)
			break;
		if (++depth > AUDIT_DEPTH_MAX || bpf_iter_path_rcu_how(&it) & disconnected) {
			whole = false;
			break;
		}
		if (is_watched(p->dentry))
			watched = true;
	}
	e->valid = whole && !e->err && bpf_iter_path_rcu_valid(&it);
	bpf_iter_path_rcu_destroy(&it);
	e->watched = watched;
	/* Report what is watched, and what could not be resolved (fail closed). */
	if (watched || !e->valid)
		bpf_ringbuf_submit(e, 0);
	else
		bpf_ringbuf_discard(e, 0);
	return 0;
}
