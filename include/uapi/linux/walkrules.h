/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * walkrules: a Landlock-style access check driven from user space, on top of
 * vfs_walk_ancestors() (samples/rust/rust_walkrules.rs).
 *
 * Rules grant access rights beneath a file or directory, per layer (up to
 * WALKRULES_NUM_LAYERS, like stacked Landlock rulesets). A check walks from
 * a path towards the root and allows an access when every layer that has
 * rules grants every requested right on the path or an ancestor.
 *
 * The ioctls are on /dev/walkrules. Every structure starts with its size,
 * which user space sets to sizeof() of the structure it was built with:
 * smaller is -EINVAL, larger -E2BIG.
 */
#ifndef _UAPI_LINUX_WALKRULES_H
#define _UAPI_LINUX_WALKRULES_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define WALKRULES_ABI_VERSION	1
#define WALKRULES_NUM_LAYERS	16

/* Access rights: a 16-bit mask. */
#define WALKRULES_ACCESS_READ		(1U << 0)
#define WALKRULES_ACCESS_WRITE		(1U << 1)
#define WALKRULES_ACCESS_EXECUTE	(1U << 2)
#define WALKRULES_ACCESS_MAKE_DIR	(1U << 3)
#define WALKRULES_ACCESS_REMOVE		(1U << 4)
#define WALKRULES_ACCESS_ALL		((1U << 5) - 1)

/* walkrules_rule.flags */
/*
 * The grant is read from the "user.walk.grant" extended attribute of the
 * file when a check reaches it: a list of "LAYER:MASK" pairs separated by
 * spaces or commas, MASK in hexadecimal ("0:0x3 1:0x1"). Reading it may
 * sleep, so a check answers there with the reference walk.
 */
#define WALKRULES_RULE_XATTR	(1U << 0)

/**
 * struct walkrules_rule - WALKRULES_IOC_ADD_RULE: grant @access beneath @fd
 * @size: sizeof(struct walkrules_rule)
 * @fd: an open file or directory (O_PATH is fine)
 * @layer: 0 to WALKRULES_NUM_LAYERS - 1
 * @access: WALKRULES_ACCESS_* rights granted; 0 with WALKRULES_RULE_XATTR
 * @flags: WALKRULES_RULE_*
 * @reserved: zero
 */
struct walkrules_rule {
	__u32 size;
	__s32 fd;
	__u32 layer;
	__u32 access;
	__u32 flags;
	__u32 reserved;
};

/* walkrules_check.flags */
#define WALKRULES_CHECK_PATH	(1U << 0)	/* check @path, not @fd */
#define WALKRULES_CHECK_NOFOLLOW (1U << 1)	/* with CHECK_PATH: no final symlink */

/* walkrules_trace.flags: how an ancestor was visited. */
#define WALKRULES_TRACE_REF		(1U << 0)	/* by the reference walk */
#define WALKRULES_TRACE_MNT_UP		(1U << 1)	/* left a mount to get here */
#define WALKRULES_TRACE_DISCONNECTED	(1U << 2)	/* jumped from a disconnected dir */
#define WALKRULES_TRACE_RULE		(1U << 3)	/* a rule is attached here */
#define WALKRULES_TRACE_INTERNAL	(1U << 4)	/* on an internal mount (nsfs) */

/**
 * struct walkrules_trace - one ancestor visited by a check
 * @ino: inode number
 * @dev_major: major number of the file system's device
 * @dev_minor: minor number of the file system's device
 * @flags: WALKRULES_TRACE_*
 * @reserved: zero
 */
struct walkrules_trace {
	__u64 ino;
	__u32 dev_major;
	__u32 dev_minor;
	__u32 flags;
	__u32 reserved;
};

/* walkrules_check.result */
#define WALKRULES_DENIED	0
#define WALKRULES_ALLOWED	1

/* walkrules_check.mode: which walk gave the answer. */
#define WALKRULES_MODE_RCU	0
#define WALKRULES_MODE_REF	1

/**
 * struct walkrules_check - WALKRULES_IOC_CHECK: is @access allowed?
 * @size: sizeof(struct walkrules_check)
 * @fd: the file to check, unless WALKRULES_CHECK_PATH
 * @path: user pointer to a NUL-terminated path, with WALKRULES_CHECK_PATH
 * @access: WALKRULES_ACCESS_* rights requested
 * @flags: WALKRULES_CHECK_*
 * @trace: user pointer to @trace_len struct walkrules_trace, or 0
 * @trace_len: number of entries @trace has room for
 * @trace_needed: out: entries the trace needed; if more than @trace_len the
 *                ioctl fails with -ENOSPC and fills in only this field
 * @result: out: WALKRULES_ALLOWED or WALKRULES_DENIED
 * @mode: out: WALKRULES_MODE_*
 * @visited: out: ancestors visited by the walk that answered
 * @restarts: out: times the lockless walk was invalidated and restarted
 * @echild: out: times the check needed to sleep where it could not (-ECHILD)
 * @reserved: zero
 */
struct walkrules_check {
	__u32 size;
	__s32 fd;
	__u64 path;
	__u32 access;
	__u32 flags;
	__u64 trace;
	__u32 trace_len;
	__u32 trace_needed;
	__u32 result;
	__u32 mode;
	__u32 visited;
	__u32 restarts;
	__u32 echild;
	__u32 reserved;
};

#define WALKRULES_IOC_MAGIC	'W'
/* Returns WALKRULES_ABI_VERSION. */
#define WALKRULES_IOC_VERSION	_IO(WALKRULES_IOC_MAGIC, 0)
/* Needs CAP_SYS_ADMIN. */
#define WALKRULES_IOC_ADD_RULE	_IOW(WALKRULES_IOC_MAGIC, 1, struct walkrules_rule)
/* Removes every rule. Needs CAP_SYS_ADMIN. */
#define WALKRULES_IOC_RESET	_IO(WALKRULES_IOC_MAGIC, 2)
#define WALKRULES_IOC_CHECK	_IOWR(WALKRULES_IOC_MAGIC, 3, struct walkrules_check)

#endif /* _UAPI_LINUX_WALKRULES_H */
