/* SPDX-License-Identifier: GPL-2.0 */
/* The exec audit example: what its BPF program reports, shared with user space. */
#ifndef EXEC_AUDIT_H
#define EXEC_AUDIT_H

#define AUDIT_PATH_MAX	256	/* a power of two: the path is built below it */
#define AUDIT_NAME_MAX	128	/* a power of two: each name, with its NUL */
#define AUDIT_DEPTH_MAX	32	/* ancestors walked, at most */

/* A watched directory: events are reported for files beneath it. */
struct audit_dir {
	unsigned long long ino;
	unsigned int dev;	/* the kernel's s_dev */
	unsigned int pad;
};

struct audit_event {
	int pid;
	int err;		/* bpf_iter_path_rcu_new()'s, or 0 */
	int valid;		/* the path was the file's at one instant */
	int watched;		/* beneath a watched directory */
	unsigned long long mnt_id;	/* the file's mount (STATX_MNT_ID_UNIQUE) */
	int start;		/* the path is path + start, NUL-terminated */
	char path[2 * AUDIT_PATH_MAX];	/* twice: see prepend() */
};

#endif
