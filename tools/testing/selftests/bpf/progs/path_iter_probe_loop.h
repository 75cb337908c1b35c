/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ancestor walk BPF security tools ship today, for comparison with the
 * path iterators: prepend_path() redone with bpf_probe_read_kernel() (here
 * through BPF_CORE_READ()), one step per bpf_loop() round or per round of a
 * bounded loop. It follows d_parent, and at a mount's root first jumps to
 * the mountpoint in the parent mount, as `..` does; it ends at the top of
 * the mount tree (a mount that is its own parent), which is where the
 * lockless iterator ends by default, and visits what it visits (but for
 * a disconnected directory, where it stops at the file system's root, and
 * more than PROBE_WALK_MAX_CROSSINGS mounts stacked on one). Nothing
 * is checked: every pointer it reads may be stale by the time it is used,
 * a rename or a mount under way is not seen, and what it returns is a
 * chain that may never have existed.
 */
#ifndef PATH_ITER_PROBE_LOOP_H
#define PATH_ITER_PROBE_LOOP_H

#include <bpf/bpf_core_read.h>

/* A position, as plain addresses: the loop trusts none of them. */
struct probe_walk {
	__u64 dentry;		/* struct dentry * */
	__u64 mnt;		/* struct mount * */
	__u32 n;		/* ancestors reached */
	__u32 mnt_up;		/* the last step crossed into the parent mount */
	int name_len;		/* the last name copied, with its NUL, or < 0 */
};

static __always_inline void probe_walk_start(struct probe_walk *w, const struct path *start)
{
	w->dentry = (__u64)start->dentry;
	w->mnt = (__u64)start->mnt - bpf_core_field_offset(struct mount, mnt);
	w->n = 0;
	w->mnt_up = 0;
	w->name_len = 0;
}

/* Mounts stacked on one another crossed in one step, at most. */
#define PROBE_WALK_MAX_CROSSINGS	8

/*
 * One step towards the root, as `..` takes it: from a mount's root (or a
 * stack of them) up to the mountpoint, then to its parent. False at the
 * top. @name, @size: where to copy the new position's name (d_name), or
 * NULL.
 */
static __always_inline bool probe_walk_step(struct probe_walk *w, char *name, __u32 size)
{
	struct dentry *d = (struct dentry *)w->dentry, *parent;
	struct mount *m = (struct mount *)w->mnt, *mparent;
	int i;

	w->mnt_up = 0;
	for (i = 0; i < PROBE_WALK_MAX_CROSSINGS; i++) {
		if (d != BPF_CORE_READ(m, mnt.mnt_root))
			break;
		mparent = BPF_CORE_READ(m, mnt_parent);
		if (mparent == m)
			return false;
		d = BPF_CORE_READ(m, mnt_mountpoint);
		m = mparent;
		w->mnt_up = 1;
	}
	parent = BPF_CORE_READ(d, d_parent);
	if (parent == d)
		return false;
	w->dentry = (__u64)parent;
	w->mnt = (__u64)m;
	if (name)
		w->name_len = bpf_probe_read_kernel_str(name, size,
							BPF_CORE_READ(parent, d_name.name));
	w->n++;
	return true;
}

#endif
