/* SPDX-License-Identifier: GPL-2.0 */
/* What the BPF programs of the path iterator tests record, shared with user space. */
#ifndef PATH_ITER_H
#define PATH_ITER_H

/* For the BPF programs, which have no libc headers. */
#ifndef EPERM
#define EPERM	1
#define EAGAIN	11
#define ENODATA	61
#endif

/* Files overlayfs opens on its layers for an overlay file: not recorded. */
#define FMODE_BACKING_BIT	0x01000000	/* FMODE_BACKING */

#define CHAIN_MAX	12	/* ancestors recorded per open */
#define NAME_MAX_REC	128	/* bytes of each recorded path or name */
#define XATTR_MAX_REC	16

/* How an ancestor was reached: VFS_WALK_* of include/linux/namei.h. */
#define HOW_MNT_UP		0x04
#define HOW_DISCONNECTED	0x08

struct chain {
	int n;			/* ancestors recorded */
	int valid;		/* lockless: bpf_iter_path_rcu_valid(); else 1 */
	int truncated;		/* more than CHAIN_MAX */
	int err;		/* first error of a kfunc, or 0 */
	unsigned int how[CHAIN_MAX];
	char name[CHAIN_MAX][NAME_MAX_REC];	/* d_name */
	char dpath[CHAIN_MAX][NAME_MAX_REC];	/* d_path (referenced only) */
	int xattr_len[CHAIN_MAX];		/* user.path_iter, or < 0 */
	char xattr[CHAIN_MAX][XATTR_MAX_REC];
	char start_dpath[NAME_MAX_REC];	/* d_path of the file, after the walk */
};

/* The example policy: deny opening files beneath these directories. */
struct dir_key {
	unsigned long long ino;
	unsigned int dev;	/* the kernel's s_dev */
	unsigned int pad;
};

#define POLICY_OFF		0
#define POLICY_REFERENCED	1	/* the sleepable iterator */
#define POLICY_LOCKLESS		2	/* the lockless iterator */

#endif
