// SPDX-License-Identifier: GPL-2.0

/*
 * struct mount is private to fs/: these helpers give the Rust VFS
 * abstractions the few things an ancestor walk needs of it (mount_lock,
 * also private, is used by its address: see rust/kernel/fs/mount.rs).
 */
#include "../../fs/mount.h"

/*
 * The mount @mnt is attached to, and the dentry it covers there, or NULL
 * at the top of a namespace or of a detached tree. Caller holds
 * rcu_read_lock() or mount_lock; under RCU the answer is only good if
 * mount_lock has not changed since the walk sampled it.
 */
struct vfsmount *rust_helper_vfsmount_parent(struct vfsmount *mnt,
					     struct dentry **mountpoint)
{
	struct mount *m = real_mount(mnt);
	struct mount *parent = READ_ONCE(m->mnt_parent);

	if (parent == m)
		return NULL;
	*mountpoint = READ_ONCE(m->mnt_mountpoint);
	return &parent->mnt;
}

/* See __legitimize_mnt() in fs/namespace.c: 0 ok, 1 no ref, -1 stale ref. */
int rust_helper_vfsmount_legitimize(struct vfsmount *mnt, unsigned int mseq)
{
	return __legitimize_mnt(mnt, mseq);
}
