/* SPDX-License-Identifier: GPL-2.0 */
/* What the BPF programs of the path iterator tests record, shared with user space. */
#ifndef PATH_ITER_COMMON_H
#define PATH_ITER_COMMON_H

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

/*
 * How an ancestor was reached, as recorded: the programs translate the
 * kernel's enum bpf_path_iter_how (read from its BTF with CO-RE) into these.
 */
#define HOW_MNT_UP		0x1
#define HOW_DISCONNECTED	0x2

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
	/* Lockless only: bpf_iter_path_rcu_name() of the start and each ancestor. */
	int start_rname_len;
	char start_rname[NAME_MAX_REC];
	int rname_len[CHAIN_MAX];
	char rname[CHAIN_MAX][NAME_MAX_REC];
	/* Lockless only: bpf_iter_path_rcu_mnt_id() of the start and each ancestor. */
	unsigned long long start_mnt_id;
	unsigned long long mnt_id[CHAIN_MAX];
};

/* The example policy: deny opening files beneath these directories. */
struct dir_key {
	unsigned long long ino;
	unsigned int dev;	/* the kernel's s_dev */
	unsigned int pad;
};

/* The names churn test: what the racy and the checked reads saw. */
#define NAMES_MAX	16
struct names_record {
	int n;
	int valid;
	int len[NAMES_MAX];			/* bpf_iter_path_rcu_name() */
	char name[NAMES_MAX][NAME_MAX_REC];
	char probed[NAMES_MAX][NAME_MAX_REC];	/* bpf_probe_read_kernel_str() */
};

/* lockless_ancestor_made_referenced: the ancestor get_depth steps up. */
struct got_record {
	int calls;
	int found;		/* bpf_iter_path_rcu_get() returned a path */
	int valid;		/* bpf_iter_path_rcu_valid() after it */
	int dpath_len;		/* bpf_path_d_path() of it */
	char dpath[NAME_MAX_REC];
	int xattr_len;		/* user.path_iter of its dentry */
	char xattr[XATTR_MAX_REC];
};

#define POLICY_OFF		0
#define POLICY_REFERENCED	1	/* the sleepable iterator */
#define POLICY_LOCKLESS		2	/* the lockless iterator */

#endif
