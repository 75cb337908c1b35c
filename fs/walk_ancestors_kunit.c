// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vfs_walk_ancestors(): the ancestors of real trees, across
 * a tmpfs mount, stacked mounts and a bind mount; the may-sleep protocol;
 * restarts; each check of the lockless walk, by making the change it
 * guards against; references on request, refused for anything but the ancestor of
 * the current call; bad input; and no reference left behind.
 *
 * The tests build their tree under /kunit-walk at boot, with the init_*()
 * helpers, so the suite is an init-section suite.
 */

#include <kunit/test.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/hrtimer.h>
#include <linux/init_syscalls.h>
#include <linux/limits.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <uapi/linux/mount.h>

#include "mount.h"

/* Small: with KASAN_STACK every copy on the stack grows by its redzones. */
#define MAX_VISITS 8

struct visit {
	char name[16];
	unsigned int flags;
};

struct walk_log {
	struct visit visits[MAX_VISITS];
	int nr;
	int restarts;
	int echild;			/* -ECHILD returned */
	/* Behaviour knobs. */
	const char *echild_at;		/* answer -ECHILD here, if not may-sleep */
	const char *stop_at;		/* stop here */
	const char *get_at;		/* take a reference here, then stop */
	int bump_rename_lock;		/* in this many lockless attempts */
	/* A change the walk must see, made once, at change_at, locklessly. */
	const char *change_at;
	enum { NO_CHANGE, CHANGE_DENTRY, CHANGE_MOUNTS, CHANGE_RENAME } change;
	int first_nr;			/* visits before the first restart */
	int ret_value;			/* if non-zero, return this at once */
	int restart_ret;		/* answer to VFS_WALK_RESTART */
	bool check_misuse;		/* try vfs_walk_ancestor_get() wrongly */
	struct path got;
	int get_ret;
	/* What vfs_walk_ancestor_get() said to misuse (check_misuse). */
	const struct vfs_walk_ancestor *kept;	/* from an earlier call */
	struct vfs_walk_ancestor *heap;		/* a kmalloc'd copy goes here */
	int stack_copy_ret, heap_copy_ret, kept_ret, restart_get_ret;
	int misuse_checks;
};

/* Tries every wrong use of vfs_walk_ancestor_get() the type allows. */
static void try_misuse(struct walk_log *log,
		       const struct vfs_walk_ancestor *ancestor)
{
	struct vfs_walk_ancestor copy = *ancestor;
	struct path out = {};

	log->stack_copy_ret = vfs_walk_ancestor_get(&copy, &out);
	if (log->heap) {
		*log->heap = *ancestor;
		log->heap_copy_ret = vfs_walk_ancestor_get(log->heap, &out);
	}
	log->misuse_checks++;
	WARN_ON(out.dentry);
}

/*
 * What a concurrent rename, unlink or mount change would do to what the walk
 * checks: the ancestor's d_seq (as d_move() or __d_drop() bumps it), or the
 * sequence of mount_lock or rename_lock.
 */
static void make_change(struct dentry *dentry, int change)
{
	switch (change) {
	case CHANGE_DENTRY:
		spin_lock(&dentry->d_lock);
		write_seqcount_begin(&dentry->d_seq);
		write_seqcount_end(&dentry->d_seq);
		spin_unlock(&dentry->d_lock);
		break;
	case CHANGE_MOUNTS:
		write_seqlock(&mount_lock);
		write_sequnlock(&mount_lock);
		break;
	case CHANGE_RENAME:
		write_seqlock(&rename_lock);
		write_sequnlock(&rename_lock);
		break;
	}
}

static int log_cb(const struct vfs_walk_ancestor *ancestor, void *data)
{
	const unsigned int flags = ancestor->flags;
	struct walk_log *log = data;
	struct path out = {};
	const char *name;
	struct visit *v;

	if (flags & VFS_WALK_RESTART) {
		if (ancestor->path.mnt || ancestor->path.dentry ||
		    !(flags & VFS_WALK_MAY_SLEEP))
			return -EFAULT;
		if (log->check_misuse) {
			/* Neither the restart call's nor an earlier one's. */
			log->restart_get_ret = vfs_walk_ancestor_get(ancestor,
								     &out);
			if (log->kept)
				log->kept_ret = vfs_walk_ancestor_get(log->kept,
								      &out);
			WARN_ON(out.dentry);
		}
		if (!log->restarts++)
			log->first_nr = log->nr;
		log->nr = 0;
		if (log->got.dentry)
			path_put(&log->got);
		log->got.dentry = NULL;
		return log->restart_ret;
	}
	if (log->ret_value)
		return log->ret_value;
	if (log->check_misuse) {
		try_misuse(log, ancestor);
		log->kept = ancestor;
	}
	name = ancestor->path.dentry->d_name.name;
	if (log->change && log->change_at && !strcmp(name, log->change_at) &&
	    !(flags & VFS_WALK_MAY_SLEEP)) {
		make_change(ancestor->path.dentry, log->change);
		log->change = NO_CHANGE;
	}
	if (log->echild_at && !strcmp(name, log->echild_at) &&
	    !(flags & VFS_WALK_MAY_SLEEP)) {
		log->echild++;
		return -ECHILD;
	}
	if (log->nr >= MAX_VISITS)
		return -E2BIG;
	v = &log->visits[log->nr++];
	strscpy(v->name, name, sizeof(v->name));
	v->flags = flags;
	if (log->bump_rename_lock > 0 && !(flags & VFS_WALK_MAY_SLEEP) &&
	    log->nr == 1) {
		/* As a concurrent rename would: invalidates this attempt. */
		write_seqlock(&rename_lock);
		write_sequnlock(&rename_lock);
		log->bump_rename_lock--;
	}
	if (log->get_at && !strcmp(name, log->get_at)) {
		log->get_ret = vfs_walk_ancestor_get(ancestor, &log->got);
		if (log->get_ret == -ECHILD)
			return -ECHILD;
		return VFS_WALK_STOP;
	}
	if (log->stop_at && !strcmp(name, log->stop_at))
		return VFS_WALK_STOP;
	return VFS_WALK_CONTINUE;
}

static int walk(struct kunit *test, const char *start, struct walk_log *log,
		unsigned int flags)
{
	struct path path;
	int ret;

	KUNIT_ASSERT_EQ(test, kern_path(start, 0, &path), 0);
	ret = vfs_walk_ancestors(&path, log_cb, log, flags);
	/* Whatever the callback kept of its ancestor is gone now. */
	log->kept = NULL;
	path_put(&path);
	return ret;
}

/* Checks the visits against "name:flags" expectations; flags as letters. */
static void expect_chain(struct kunit *test, struct walk_log *log,
			 const char *const *expected, int n)
{
	int i;

	KUNIT_EXPECT_EQ(test, log->nr, n);
	for (i = 0; i < n && i < log->nr; i++) {
		char want[40], got[40];
		unsigned int f = log->visits[i].flags;

		strscpy(want, expected[i], sizeof(want));
		snprintf(got, sizeof(got), "%s:%s%s%s", log->visits[i].name,
			 f & VFS_WALK_MAY_SLEEP ? "S" : "",
			 f & VFS_WALK_MNT_UP ? "M" : "",
			 f & VFS_WALK_DISCONNECTED ? "D" : "");
		KUNIT_EXPECT_STREQ_MSG(test, got, want, "visit %d", i);
	}
}

#define EXPECT_CHAIN(test, log, ...) do {				\
	static const char *const __exp[] = { __VA_ARGS__ };		\
	expect_chain(test, log, __exp, ARRAY_SIZE(__exp));		\
} while (0)

static unsigned int count_of(struct kunit *test, const char *name)
{
	struct path path;
	unsigned int count;

	KUNIT_ASSERT_EQ(test, kern_path(name, 0, &path), 0);
	count = d_count(path.dentry) - 1;
	path_put(&path);
	return count;
}

static int __init walk_suite_init(struct kunit_suite *suite)
{
	static const char *const dirs[] = {
		"/kunit-walk", "/kunit-walk/a", "/kunit-walk/a/b",
		"/kunit-walk/a/b/c", "/kunit-walk/m", "/kunit-walk/s",
		"/kunit-walk/bind",
	};
	int i, err;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		err = init_mkdir(dirs[i], 0755);
		if (err)
			return err;
	}
	err = init_mount("tmpfs", "/kunit-walk/m", "tmpfs", 0, NULL) ?:
	      init_mkdir("/kunit-walk/m/x", 0755) ?:
	      init_mkdir("/kunit-walk/m/x/y", 0755) ?:
	      init_mount("tmpfs", "/kunit-walk/s", "tmpfs", 0, NULL) ?:
	      init_mount("tmpfs", "/kunit-walk/s", "tmpfs", 0, NULL) ?:
	      init_mkdir("/kunit-walk/s/t", 0755) ?:
	      init_mount("/kunit-walk/a/b", "/kunit-walk/bind", NULL, MS_BIND, NULL);
	return err;
}

static void __init walk_plain_tree(struct kunit *test)
{
	struct walk_log log = {};

	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a/b/c", &log, 0), 0);
	EXPECT_CHAIN(test, &log, "c:", "b:", "a:", "kunit-walk:", "/:");
	KUNIT_EXPECT_EQ(test, log.restarts, 0);
}

static void __init walk_tmpfs_mount(struct kunit *test)
{
	struct walk_log log = {};

	/* The covered mountpoint "m" is not visited, as with "..". */
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/m/x/y", &log, 0), 0);
	EXPECT_CHAIN(test, &log, "y:", "x:", "/:", "kunit-walk:M", "/:");
}

static void __init walk_stacked_mounts(struct kunit *test)
{
	struct walk_log log = {};

	/* The lower tmpfs' root is hidden under the upper one: skipped. */
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/s/t", &log, 0), 0);
	EXPECT_CHAIN(test, &log, "t:", "/:", "kunit-walk:M", "/:");
}

static void __init walk_bind_mount(struct kunit *test)
{
	struct walk_log log = {};

	/* The bind mount's root is "b"; "a" is not reachable from it. */
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/bind/c", &log, 0), 0);
	EXPECT_CHAIN(test, &log, "c:", "b:", "kunit-walk:M", "/:");
}

static void __init walk_stop_early(struct kunit *test)
{
	struct walk_log log = { .stop_at = "a" };

	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a/b/c", &log, 0), 0);
	EXPECT_CHAIN(test, &log, "c:", "b:", "a:");
}

static void __init walk_may_sleep_protocol(struct kunit *test)
{
	struct walk_log log = { .echild_at = "b" };

	/* -ECHILD at "b": called again for "b" where it may sleep. */
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a/b/c", &log, 0), 0);
	KUNIT_EXPECT_EQ(test, log.echild, 1);
	KUNIT_EXPECT_EQ(test, log.restarts, 0);
	EXPECT_CHAIN(test, &log, "c:", "b:S", "a:S", "kunit-walk:S", "/:S");
}

static void __init walk_sleeping_cb_flag(struct kunit *test)
{
	struct walk_log log = {};

	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/m/x", &log,
				   VFS_WALK_SLEEPING_CB), 0);
	EXPECT_CHAIN(test, &log, "x:S", "/:S", "kunit-walk:SM", "/:S");
}

static void __init walk_restart_once(struct kunit *test)
{
	struct walk_log log = { .bump_rename_lock = 1 };

	/* The first lockless attempt is invalidated, the second stands. */
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a/b/c", &log, 0), 0);
	KUNIT_EXPECT_EQ(test, log.restarts, 1);
	EXPECT_CHAIN(test, &log, "c:", "b:", "a:", "kunit-walk:", "/:");
}

static void __init walk_restart_fallback(struct kunit *test)
{
	struct walk_log log = { .bump_rename_lock = 100 };

	/* Every lockless attempt is invalidated: the reference walk answers. */
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/bind/c", &log, 0), 0);
	KUNIT_EXPECT_EQ(test, log.restarts, 2);
	EXPECT_CHAIN(test, &log, "c:S", "b:S", "kunit-walk:SM", "/:S");
}

/* MAX_RCU_STEPS in rust/kernel/fs/walk.rs: most ancestors a lockless attempt visits. */
#define WALK_MAX_RCU_STEPS	8192

/* The ancestors of a walk's last pass, and how they were visited. */
struct count_log {
	int nr;			/* visited since the last restart */
	int sleeping;		/* of which with VFS_WALK_MAY_SLEEP */
	int lockless;		/* of which without */
	int max_lockless;	/* the most lockless visits in one pass */
	int restarts;
};

static int count_cb(const struct vfs_walk_ancestor *ancestor, void *data)
{
	struct count_log *log = data;

	if (ancestor->flags & VFS_WALK_RESTART) {
		log->restarts++;
		log->nr = 0;
		log->sleeping = 0;
		log->lockless = 0;
		return 0;
	}
	log->nr++;
	if (ancestor->flags & VFS_WALK_MAY_SLEEP) {
		log->sleeping++;
	} else {
		log->lockless++;
		log->max_lockless = max(log->max_lockless, log->lockless);
	}
	return VFS_WALK_CONTINUE;
}

/*
 * The read-side section of a lockless attempt is bounded: from the bottom of
 * a chain deeper than MAX_RCU_STEPS, the attempt hands over after that many
 * ancestors (the callback is told to restart) and the reference walk visits
 * every ancestor; a chain of exactly MAX_RCU_STEPS ancestors is still walked
 * locklessly. The chain is far longer than PATH_MAX as a string, so it is
 * built one level at a time with chdir(), in a private fs_struct (this
 * kthread's is otherwise shared with init and every other kthread, and the
 * initramfs may still be unpacking, with relative names), on a tmpfs mount
 * of its own, which takes the chain with it when it is unmounted.
 */
#define DEEP_LEVELS		(WALK_MAX_RCU_STEPS + 8)
/* From level L: L directories, the tmpfs root, "kunit-walk" and "/". */
#define DEEP_ANCESTORS(level)	((level) + 3)

/*
 * The walks of walk_deep_tree(), each in a frame of its own (KASAN_STACK
 * makes every expectation's locals count).
 */
static noinline_for_stack void __init expect_deep_walk(struct kunit *test,
						       struct path *deep)
{
	struct count_log log = {};

	KUNIT_EXPECT_EQ(test, vfs_walk_ancestors(deep, count_cb, &log, 0), 0);
	/* Handed over to the reference walk... */
	KUNIT_EXPECT_GE(test, log.restarts, 1);
	KUNIT_EXPECT_LE(test, log.max_lockless, WALK_MAX_RCU_STEPS);
	/* ...which visited every ancestor, where it may sleep. */
	KUNIT_EXPECT_EQ(test, log.nr, DEEP_ANCESTORS(DEEP_LEVELS));
	KUNIT_EXPECT_EQ(test, log.sleeping, log.nr);
}

static noinline_for_stack void __init expect_bound_walk(struct kunit *test,
							struct path *bound)
{
	struct count_log log = {};

	KUNIT_EXPECT_EQ(test, vfs_walk_ancestors(bound, count_cb, &log, 0), 0);
	KUNIT_EXPECT_EQ(test, log.nr, WALK_MAX_RCU_STEPS);
	KUNIT_EXPECT_EQ(test, log.sleeping, 0);
}

static void __init walk_deep_tree(struct kunit *test)
{
	struct path deep = {}, bound = {};
	int level, err;

	KUNIT_ASSERT_EQ(test, unshare_fs_struct(), 0);
	KUNIT_ASSERT_EQ(test, init_mkdir("/kunit-walk/deep", 0755), 0);
	KUNIT_ASSERT_EQ(test, init_mount("tmpfs", "/kunit-walk/deep", "tmpfs",
					 0, NULL), 0);
	err = init_chdir("/kunit-walk/deep");
	for (level = 1; !err && level <= DEEP_LEVELS; level++) {
		err = init_mkdir("d", 0755) ?: init_chdir("d");
		if (!err && DEEP_ANCESTORS(level) == WALK_MAX_RCU_STEPS)
			err = kern_path(".", 0, &bound);
	}
	if (!err)
		err = kern_path(".", 0, &deep);
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "building level %d", level - 1);

	if (deep.dentry) {
		expect_deep_walk(test, &deep);
		path_put(&deep);
	}
	if (bound.dentry) {
		expect_bound_walk(test, &bound);
		path_put(&bound);
	}

	/* Out of the mount (else it is busy); the chain goes with it. */
	KUNIT_EXPECT_EQ(test, init_chdir("/"), 0);
	KUNIT_EXPECT_EQ(test, init_umount("/kunit-walk/deep", 0), 0);
	KUNIT_EXPECT_EQ(test, init_rmdir("/kunit-walk/deep"), 0);
}

/*
 * Each check of the lockless walk, seen working: a change made while an
 * ancestor is visited (as a concurrent rename, unlink or mount change would
 * make it) ends the attempt where the walker checks for it, and the visitor
 * starts over (restarts 1, and visits before the restart: first_nr); no
 * answer, reference or move to the reference walk comes from an attempt
 * that saw a change.
 */
static void expect_restart(struct kunit *test, const char *what,
			   const char *start, struct walk_log *log, int first_nr)
{
	KUNIT_EXPECT_EQ_MSG(test, walk(test, start, log, 0), 0, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, log->restarts, 1, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, log->first_nr, first_nr,
			    "%s (visits before the restart)", what);
}

static void __init walk_sees_each_change(struct kunit *test)
{
	struct walk_log log;

	/* Each step checks the d_seq of the ancestor it leaves. */
	log = (struct walk_log){ .change_at = "b", .change = CHANGE_DENTRY };
	expect_restart(test, "ancestor changed", "/kunit-walk/a/b/c", &log, 2);
	EXPECT_CHAIN(test, &log, "c:", "b:", "a:", "kunit-walk:", "/:");

	/* Also when it leaves a mount through its root... */
	log = (struct walk_log){ .change_at = "/", .change = CHANGE_DENTRY };
	expect_restart(test, "mount root changed", "/kunit-walk/m/x", &log, 2);
	EXPECT_CHAIN(test, &log, "x:", "/:", "kunit-walk:M", "/:");

	/* ...and mount_lock when it crosses to the parent mount. */
	log = (struct walk_log){ .change_at = "/", .change = CHANGE_MOUNTS };
	expect_restart(test, "mount change at a crossing", "/kunit-walk/m/x",
		       &log, 2);

	/* At the end: the last ancestor's d_seq, mount_lock, rename_lock. */
	log = (struct walk_log){ .change_at = "a", .change = CHANGE_DENTRY,
				 .stop_at = "a" };
	expect_restart(test, "last ancestor changed", "/kunit-walk/a/b/c",
		       &log, 3);
	EXPECT_CHAIN(test, &log, "c:", "b:", "a:");
	log = (struct walk_log){ .change_at = "c", .change = CHANGE_MOUNTS };
	expect_restart(test, "mount change, no crossing", "/kunit-walk/a/b/c",
		       &log, 5);
	EXPECT_CHAIN(test, &log, "c:", "b:", "a:", "kunit-walk:", "/:");
	log = (struct walk_log){ .change_at = "b", .change = CHANGE_RENAME };
	expect_restart(test, "rename", "/kunit-walk/a/b/c", &log, 5);

	/*
	 * -ECHILD after a rename: no reference walk goes on from a torn
	 * chain; it starts over from the start.  After a change of the
	 * ancestor itself, it cannot be legitimized.
	 */
	log = (struct walk_log){ .change_at = "b", .change = CHANGE_RENAME,
				 .echild_at = "b" };
	expect_restart(test, "rename, then -ECHILD", "/kunit-walk/a/b/c",
		       &log, 1);
	EXPECT_CHAIN(test, &log, "c:S", "b:S", "a:S", "kunit-walk:S", "/:S");
	log = (struct walk_log){ .change_at = "b", .change = CHANGE_DENTRY,
				 .echild_at = "b" };
	expect_restart(test, "ancestor changed, then -ECHILD",
		       "/kunit-walk/a/b/c", &log, 1);
	EXPECT_CHAIN(test, &log, "c:S", "b:S", "a:S", "kunit-walk:S", "/:S");

	/* Nor is a reference to a changed ancestor handed out. */
	log = (struct walk_log){ .change_at = "a", .change = CHANGE_DENTRY,
				 .get_at = "a" };
	expect_restart(test, "ancestor changed, then a reference",
		       "/kunit-walk/a/b/c", &log, 3);
	KUNIT_EXPECT_EQ(test, log.get_ret, 0);
	EXPECT_CHAIN(test, &log, "c:S", "b:S", "a:S");
	if (log.got.dentry)
		path_put(&log.got);
}

static void __init walk_get_reference(struct kunit *test)
{
	unsigned int before = count_of(test, "/kunit-walk/a");
	struct walk_log log = { .get_at = "a" };

	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a/b/c", &log, 0), 0);
	KUNIT_EXPECT_EQ(test, log.get_ret, 0);
	KUNIT_ASSERT_NOT_NULL(test, log.got.dentry);
	KUNIT_EXPECT_STREQ(test, (const char *)log.got.dentry->d_name.name, "a");
	/* The lockless walk answered: the reference was legitimized. */
	EXPECT_CHAIN(test, &log, "c:", "b:", "a:");
	KUNIT_EXPECT_EQ(test, count_of(test, "/kunit-walk/a"), before + 1);
	path_put(&log.got);
	KUNIT_EXPECT_EQ(test, count_of(test, "/kunit-walk/a"), before);
}

static void __init walk_no_reference_left(struct kunit *test)
{
	static const char *const names[] = {
		"/kunit-walk/a/b/c", "/kunit-walk/a/b", "/kunit-walk/a",
		"/kunit-walk", "/kunit-walk/bind", "/kunit-walk/m/x",
	};
	unsigned int before[ARRAY_SIZE(names)];
	struct walk_log log;
	int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		before[i] = count_of(test, names[i]);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		log = (struct walk_log){};
		KUNIT_EXPECT_EQ(test, walk(test, names[i], &log, 0), 0);
		log = (struct walk_log){ .echild_at = "kunit-walk" };
		KUNIT_EXPECT_EQ(test, walk(test, names[i], &log, 0), 0);
		log = (struct walk_log){ .bump_rename_lock = 100 };
		KUNIT_EXPECT_EQ(test, walk(test, names[i], &log, 0), 0);
	}
	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_EQ_MSG(test, count_of(test, names[i]), before[i],
				    "%s", names[i]);
}

static void __init walk_parent_steps(struct kunit *test)
{
	static const char *const want[] = { "b", "a", "kunit-walk", "/" };
	unsigned int how = 42;
	struct path path;
	int i;

	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/a/b/c", 0, &path), 0);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		KUNIT_ASSERT_EQ(test, vfs_walk_parent(&path, &how), 0);
		KUNIT_EXPECT_STREQ(test, (const char *)path.dentry->d_name.name,
				   want[i]);
		KUNIT_EXPECT_EQ(test, how, 0);
	}
	KUNIT_EXPECT_EQ(test, vfs_walk_parent(&path, &how), -ENOENT);
	KUNIT_EXPECT_STREQ(test, (const char *)path.dentry->d_name.name, "/");
	path_put(&path);

	/* From a mount's root, the parent is above the mountpoint. */
	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/m", 0, &path), 0);
	KUNIT_ASSERT_EQ(test, vfs_walk_parent(&path, &how), 0);
	KUNIT_EXPECT_STREQ(test, (const char *)path.dentry->d_name.name,
			   "kunit-walk");
	KUNIT_EXPECT_EQ(test, how, VFS_WALK_MNT_UP);
	/* @how is optional. */
	KUNIT_EXPECT_EQ(test, vfs_walk_parent(&path, NULL), 0);
	path_put(&path);
}

/* The names vfs_walk_rcu_next() returns from @name, with how each was reached. */
static noinline_for_stack int __init
rcu_chain(struct kunit *test, const char *name, struct visit *out, int max, bool *valid)
{
	struct vfs_walk_rcu walk;
	const struct path *p;
	struct path start;
	unsigned int how;
	int n = 0;

	KUNIT_ASSERT_EQ(test, kern_path(name, 0, &start), 0);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(&walk, &start), 0);
	while ((p = vfs_walk_rcu_next(&walk, &how)) && n < max) {
		/* The ancestor lives in the walk's storage. */
		KUNIT_EXPECT_TRUE(test, (const void *)p >= (const void *)&walk &&
				  (const void *)(p + 1) <= (const void *)(&walk + 1));
		strscpy(out[n].name, p->dentry->d_name.name,
			sizeof(out[n].name));
		out[n++].flags = how;
	}
	*valid = vfs_walk_rcu_valid(&walk);
	rcu_read_unlock();
	path_put(&start);
	return n;
}

static void __init walk_rcu_steps(struct kunit *test)
{
	/* On the heap: with KASAN_STACK, this frame would be too big. */
	struct visit *got = kunit_kcalloc(test, MAX_VISITS, sizeof(*got), GFP_KERNEL);
	bool valid;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, got);

	/* The same chain as the reference walk, from the parent on. */
	n = rcu_chain(test, "/kunit-walk/a/b/c", got, MAX_VISITS, &valid);
	KUNIT_EXPECT_EQ(test, n, 4);
	KUNIT_EXPECT_TRUE(test, valid);
	KUNIT_EXPECT_STREQ(test, got[0].name, "b");
	KUNIT_EXPECT_STREQ(test, got[3].name, "/");

	/* Across stacked mounts: up past both, to the directory above. */
	n = rcu_chain(test, "/kunit-walk/s/t", got, MAX_VISITS, &valid);
	KUNIT_ASSERT_GE(test, n, 2);
	KUNIT_EXPECT_TRUE(test, valid);
	KUNIT_EXPECT_STREQ(test, got[0].name, "/");
	KUNIT_EXPECT_EQ(test, got[0].flags, 0);
	KUNIT_EXPECT_STREQ(test, got[1].name, "kunit-walk");
	KUNIT_EXPECT_EQ(test, got[1].flags, VFS_WALK_MNT_UP);

	/* Stopping early is valid too. */
	n = rcu_chain(test, "/kunit-walk/m/x/y", got, 1, &valid);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_TRUE(test, valid);
}

static void __init walk_rcu_invalid(struct kunit *test)
{
	struct vfs_walk_rcu walk;
	struct path path;

	/* A rename anywhere, meanwhile, makes the walk invalid. */
	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/a/b", 0, &path), 0);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(&walk, &path), 0);
	KUNIT_EXPECT_NOT_NULL(test, vfs_walk_rcu_next(&walk, NULL));
	KUNIT_EXPECT_TRUE(test, vfs_walk_rcu_valid(&walk));
	write_seqlock(&rename_lock);
	write_sequnlock(&rename_lock);
	KUNIT_EXPECT_FALSE(test, vfs_walk_rcu_valid(&walk));
	rcu_read_unlock();

	/* Bad input: -EINVAL, and a walk that yields nothing and is not valid. */
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(&walk, NULL), -EINVAL);
	KUNIT_EXPECT_NULL(test, vfs_walk_rcu_next(&walk, NULL));
	KUNIT_EXPECT_FALSE(test, vfs_walk_rcu_valid(&walk));
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(NULL, &path), -EINVAL);
	KUNIT_EXPECT_NULL(test, vfs_walk_rcu_next(NULL, NULL));
	KUNIT_EXPECT_FALSE(test, vfs_walk_rcu_valid(NULL));
	/* Storage zeroed by C (as the BPF iterator does) holds no walk either. */
	walk = (struct vfs_walk_rcu){};
	KUNIT_EXPECT_NULL(test, vfs_walk_rcu_next(&walk, NULL));
	KUNIT_EXPECT_FALSE(test, vfs_walk_rcu_valid(&walk));
	rcu_read_unlock();
	path_put(&path);
}

/*
 * The path of @name as vfs_walk_rcu_name() spells it, joined from the names
 * of the start and of each ancestor; the first error of vfs_walk_rcu_name()
 * in *@err, or 0.
 */
static noinline_for_stack void __init
rcu_names(struct kunit *test, const char *name, char *out, size_t size, int *err,
	  bool *valid)
{
	char comp[NAME_MAX + 1];
	struct vfs_walk_rcu walk;
	struct path start;
	size_t pos = size - 1;
	int len;

	*err = 0;
	out[pos] = 0;
	KUNIT_ASSERT_EQ(test, kern_path(name, 0, &start), 0);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(&walk, &start), 0);
	do {
		len = vfs_walk_rcu_name(&walk, comp, sizeof(comp));
		if (len < 0) {
			*err = len;
			break;
		}
		if (!len || len + 1 > pos)
			continue;
		pos -= len;
		memcpy(out + pos, comp, len);
		out[--pos] = '/';
	} while (vfs_walk_rcu_next(&walk, NULL));
	*valid = vfs_walk_rcu_valid(&walk);
	rcu_read_unlock();
	path_put(&start);
	memmove(out, out + pos, size - pos);
}

/*
 * vfs_walk_rcu_name(): joined, the names are the path d_path() prints (a
 * mount's root is named after its mountpoint); a name the position's d_seq,
 * its mountpoint's or mount_lock says may be torn is -EAGAIN, not a name.
 */
static noinline_for_stack void __init
rcu_names_change(struct kunit *test, const struct path *start, struct dentry *mountpoint,
		 char *buf)
{
	struct vfs_walk_rcu walk;
	const struct path *p;
	char small[4];

	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(&walk, start), 0);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, buf, PATH_MAX), 1);
	KUNIT_EXPECT_STREQ(test, buf, "x");
	/* Too small: -ENAMETOOLONG, and "" rather than a part of the name. */
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, small, 1), -ENAMETOOLONG);
	KUNIT_EXPECT_STREQ(test, small, "");
	/* The mount's root is named after its mountpoint, checked too. */
	p = vfs_walk_rcu_next(&walk, NULL);
	KUNIT_EXPECT_TRUE(test, p && p->dentry == p->mnt->mnt_root);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, buf, PATH_MAX), 1);
	KUNIT_EXPECT_STREQ(test, buf, "m");
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, small, 2), 1);
	/*
	 * The mountpoint's name is read when asked, checked with its d_seq: a
	 * rename at work there (an odd count, as in walk_rcu_never_waits())
	 * may tear it. Only the count is bumped, nothing is changed.
	 */
	raw_write_seqcount_begin(&mountpoint->d_seq);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, buf, PATH_MAX), -EAGAIN);
	raw_write_seqcount_end(&mountpoint->d_seq);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, buf, PATH_MAX), 1);
	rcu_read_unlock();
}

static noinline_for_stack void __init
rcu_names_renamed(struct kunit *test, const struct path *start, char *buf)
{
	struct vfs_walk_rcu walk;

	/* The start renamed since it was reached. */
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(&walk, start), 0);
	make_change(start->dentry, CHANGE_DENTRY);
	strscpy(buf, "junk", PATH_MAX);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, buf, PATH_MAX), -EAGAIN);
	KUNIT_EXPECT_STREQ(test, buf, "");
	rcu_read_unlock();
}

static noinline_for_stack void __init
rcu_names_mount_change(struct kunit *test, const struct path *start, char *buf)
{
	struct vfs_walk_rcu walk;

	/* A mount change: no name can be trusted. */
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(&walk, start), 0);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, buf, PATH_MAX), 1);
	make_change(NULL, CHANGE_MOUNTS);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, buf, PATH_MAX), -EAGAIN);
	rcu_read_unlock();
}

static noinline_for_stack void __init
rcu_names_bad_input(struct kunit *test, const struct path *start, char *buf)
{
	struct vfs_walk_rcu walk;

	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(&walk, start), 0);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, NULL, 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, buf, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(NULL, buf, PATH_MAX), -EINVAL);
	walk = (struct vfs_walk_rcu){};
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, buf, PATH_MAX), -EINVAL);
	rcu_read_unlock();
}

static void __init walk_rcu_names(struct kunit *test)
{
	static const char *const paths[] = {
		"/kunit-walk/a/b/c", "/kunit-walk/m/x/y", "/kunit-walk/s/t",
		"/kunit-walk",
	};
	char *buf = kunit_kzalloc(test, PATH_MAX, GFP_KERNEL);
	struct dentry *mountpoint;
	struct path start, kw;
	bool valid;
	int i, err;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		rcu_names(test, paths[i], buf, PATH_MAX, &err, &valid);
		KUNIT_EXPECT_EQ(test, err, 0);
		KUNIT_EXPECT_TRUE(test, valid);
		KUNIT_EXPECT_STREQ(test, buf, paths[i]);
	}

	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/m/x", 0, &start), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk", 0, &kw), 0);
	mountpoint = lookup_one_len_unlocked("m", kw.dentry, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mountpoint));
	rcu_names_change(test, &start, mountpoint, buf);
	rcu_names_renamed(test, &start, buf);
	rcu_names_mount_change(test, &start, buf);
	rcu_names_bad_input(test, &start, buf);
	dput(mountpoint);
	path_put(&kw);
	path_put(&start);
}

/*
 * vfs_walk_rcu_start_root(): the walk ends at the root it is given, which it
 * returns last and names "", as d_path() ends at a process's root; one that
 * does not pass it goes on to the namespace's root.
 */
static noinline_for_stack void __init
rcu_root_ends(struct kunit *test, const struct path *start, const struct path *root)
{
	struct vfs_walk_rcu walk;
	const struct path *p;
	char name[8];

	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start_root(&walk, start, root), 0);
	p = vfs_walk_rcu_next(&walk, NULL);
	KUNIT_EXPECT_TRUE(test, p && p->dentry != root->dentry);
	p = vfs_walk_rcu_next(&walk, NULL);
	KUNIT_EXPECT_TRUE(test, p && p->dentry == root->dentry && p->mnt == root->mnt);
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, name, sizeof(name)), 0);
	KUNIT_EXPECT_NULL(test, vfs_walk_rcu_next(&walk, NULL));
	KUNIT_EXPECT_TRUE(test, vfs_walk_rcu_valid(&walk));
	rcu_read_unlock();
}

static noinline_for_stack void __init
rcu_root_elsewhere(struct kunit *test, const struct path *other, const struct path *root)
{
	struct vfs_walk_rcu walk;
	char name[8];
	int n = 0;

	/* Not beneath the root: up to the namespace's (x, m's root, kunit-walk, /). */
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start_root(&walk, other, root), 0);
	while (n < 16 && vfs_walk_rcu_next(&walk, NULL))
		n++;
	KUNIT_EXPECT_EQ(test, n, 3);
	KUNIT_EXPECT_TRUE(test, vfs_walk_rcu_valid(&walk));

	/* Starting at the root: nothing above it. */
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start_root(&walk, root, root), 0);
	KUNIT_EXPECT_NULL(test, vfs_walk_rcu_next(&walk, NULL));
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_name(&walk, name, sizeof(name)), 0);
	KUNIT_EXPECT_TRUE(test, vfs_walk_rcu_valid(&walk));
	rcu_read_unlock();
}

static noinline_for_stack void __init
rcu_root_bad_input(struct kunit *test, const struct path *start, const struct path *root)
{
	struct vfs_walk_rcu walk;

	/* -EINVAL, and a walk that yields nothing. */
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start_root(&walk, start, NULL), -EINVAL);
	KUNIT_EXPECT_NULL(test, vfs_walk_rcu_next(&walk, NULL));
	KUNIT_EXPECT_FALSE(test, vfs_walk_rcu_valid(&walk));
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start_root(&walk, NULL, root), -EINVAL);
	KUNIT_EXPECT_NULL(test, vfs_walk_rcu_next(&walk, NULL));
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start_root(NULL, start, root), -EINVAL);
	rcu_read_unlock();
}

static void __init walk_rcu_root(struct kunit *test)
{
	struct path start, other, root;

	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/a/b/c", 0, &start), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/m/x", 0, &other), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/a", 0, &root), 0);
	rcu_root_ends(test, &start, &root);
	rcu_root_elsewhere(test, &other, &root);
	rcu_root_bad_input(test, &start, &root);
	path_put(&root);
	path_put(&other);
	path_put(&start);
}

/*
 * vfs_walk_rcu_get(): references to the position (the start, then the last
 * ancestor returned) when it is what the walk saw; when it changed, -EAGAIN
 * and the references already taken, left in @out for the caller to put after
 * the read-side section; nothing left behind either way.
 */
static noinline_for_stack void __init
rcu_get_current(struct kunit *test, const struct path *start)
{
	struct path got_start, got_parent;
	struct vfs_walk_rcu walk;
	const struct path *p;
	struct dentry *parent;
	int before, ret_start, ret_parent;
	bool valid;

	/* Expectations after the read-side section: a failed one allocates. */
	parent = start->dentry->d_parent;
	before = d_count(parent);
	rcu_read_lock();
	vfs_walk_rcu_start(&walk, start);
	ret_start = vfs_walk_rcu_get(&walk, &got_start);
	p = vfs_walk_rcu_next(&walk, NULL);
	ret_parent = vfs_walk_rcu_get(&walk, &got_parent);
	valid = vfs_walk_rcu_valid(&walk);
	rcu_read_unlock();
	KUNIT_EXPECT_TRUE(test, valid);
	KUNIT_EXPECT_EQ(test, ret_start, 0);
	KUNIT_EXPECT_TRUE(test, path_equal(&got_start, start));
	KUNIT_EXPECT_EQ(test, ret_parent, 0);
	KUNIT_EXPECT_PTR_EQ(test, got_parent.dentry, parent);
	KUNIT_EXPECT_PTR_EQ(test, got_parent.mnt, start->mnt);
	KUNIT_EXPECT_PTR_EQ(test, p ? p->dentry : NULL, parent);
	KUNIT_EXPECT_EQ(test, d_count(parent), before + 1);
	path_put(&got_parent);
	path_put(&got_start);
	KUNIT_EXPECT_EQ(test, d_count(parent), before);
}

static noinline_for_stack void __init
rcu_get_changed(struct kunit *test, const struct path *start)
{
	struct dentry *parent = start->dentry->d_parent;
	struct vfs_walk_rcu walk;
	const struct path *p;
	struct path got;
	int before, ret;

	/* Renamed since it was reached: both references taken, both handed back. */
	before = d_count(parent);
	rcu_read_lock();
	vfs_walk_rcu_start(&walk, start);
	p = vfs_walk_rcu_next(&walk, NULL);
	make_change(parent, CHANGE_DENTRY);
	ret = vfs_walk_rcu_get(&walk, &got);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, p ? p->dentry : NULL, parent);
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_PTR_EQ(test, got.dentry, parent);
	KUNIT_EXPECT_PTR_EQ(test, got.mnt, start->mnt);
	path_put(&got);
	KUNIT_EXPECT_EQ(test, d_count(parent), before);

	/* A mount change since the walk started: nothing is taken. */
	rcu_read_lock();
	vfs_walk_rcu_start(&walk, start);
	make_change(NULL, CHANGE_MOUNTS);
	ret = vfs_walk_rcu_get(&walk, &got);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_TRUE(test, !got.mnt && !got.dentry);

	/*
	 * A walk found invalid (a rename at work in the parent: an odd d_seq,
	 * only the count bumped, which the step past the parent sees): refused
	 * before any reference is taken.
	 */
	rcu_read_lock();
	vfs_walk_rcu_start(&walk, start);
	raw_write_seqcount_begin(&parent->d_seq);
	p = vfs_walk_rcu_next(&walk, NULL);
	if (p)
		p = vfs_walk_rcu_next(&walk, NULL);
	raw_write_seqcount_end(&parent->d_seq);
	ret = vfs_walk_rcu_get(&walk, &got);
	rcu_read_unlock();
	KUNIT_EXPECT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_TRUE(test, !got.mnt && !got.dentry);
	KUNIT_EXPECT_EQ(test, d_count(parent), before);
}

static noinline_for_stack void __init
rcu_get_bad_input(struct kunit *test, const struct path *start)
{
	struct path got1 = *start, got2 = *start;
	struct vfs_walk_rcu walk = {};
	int zeroed, null_walk, null_out;

	/* -EINVAL, and @out says there is nothing to put. */
	rcu_read_lock();
	zeroed = vfs_walk_rcu_get(&walk, &got1);
	null_walk = vfs_walk_rcu_get(NULL, &got2);
	vfs_walk_rcu_start(&walk, start);
	null_out = vfs_walk_rcu_get(&walk, NULL);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, zeroed, -EINVAL);
	KUNIT_EXPECT_TRUE(test, !got1.mnt && !got1.dentry);
	KUNIT_EXPECT_EQ(test, null_walk, -EINVAL);
	KUNIT_EXPECT_TRUE(test, !got2.mnt && !got2.dentry);
	KUNIT_EXPECT_EQ(test, null_out, -EINVAL);
}

static void __init walk_rcu_get(struct kunit *test)
{
	struct path start;

	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/a/b/c", 0, &start), 0);
	rcu_get_current(test, &start);
	rcu_get_changed(test, &start);
	rcu_get_bad_input(test, &start);
	path_put(&start);
}

/* @how is set for each ancestor returned, and left alone at the end. */
static void __init walk_rcu_how(struct kunit *test)
{
	struct vfs_walk_rcu walk;
	unsigned int how = 42;
	struct path root;

	/* From the mount namespace's root: no parent. */
	get_fs_root(current->fs, &root);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, vfs_walk_rcu_start(&walk, &root), 0);
	KUNIT_EXPECT_NULL(test, vfs_walk_rcu_next(&walk, &how));
	KUNIT_EXPECT_EQ(test, how, 42);
	KUNIT_EXPECT_TRUE(test, vfs_walk_rcu_valid(&walk));
	rcu_read_unlock();
	path_put(&root);
}

/*
 * The lockless cursor never waits for a writer: while a directory's d_seq is
 * odd (a rename or unlink at work, which a BPF program may have interrupted
 * on its own CPU), a walk that starts there or steps through it ends, not
 * valid, instead of spinning until the write ends. The write section only
 * bumps the count (raw_write_seqcount_begin(), without d_lock: nothing else
 * reads these directories), and a timer ends it after two seconds in case
 * the cursor does wait, from interrupt context, whatever the scheduler does
 * with a spinning CPU: the walk then finishes, and the case fails instead of
 * hanging the boot.
 */
struct seq_writer {
	struct hrtimer timer;
	struct dentry *dentry;
};

static enum hrtimer_restart end_write_section(struct hrtimer *timer)
{
	struct seq_writer *w = container_of(timer, struct seq_writer, timer);

	raw_write_seqcount_end(&w->dentry->d_seq);
	return HRTIMER_NORESTART;
}

/* Walks from @start while @dentry's d_seq is odd: true if the walk waited. */
static bool __init walk_during_write(struct seq_writer *w,
				     struct dentry *dentry,
				     const struct path *start, int *ret,
				     int *steps, bool *valid)
{
	struct vfs_walk_rcu walk;
	bool waited;
	int n = 0;

	w->dentry = dentry;
	raw_write_seqcount_begin(&dentry->d_seq);
	hrtimer_start(&w->timer, ms_to_ktime(2000), HRTIMER_MODE_REL);
	rcu_read_lock();
	*ret = vfs_walk_rcu_start(&walk, start);
	while (n < 64 && vfs_walk_rcu_next(&walk, NULL))
		n++;
	*valid = vfs_walk_rcu_valid(&walk);
	rcu_read_unlock();
	/* Not queued any more: it fired, and ended the section. */
	waited = !hrtimer_cancel(&w->timer);
	if (!waited)
		raw_write_seqcount_end(&dentry->d_seq);
	*steps = n;
	return waited;
}

/*
 * One walk of walk_rcu_never_waits() while @dentry's d_seq is odd, and what
 * it must give, in a frame of its own (KASAN_STACK). @max_steps: how many
 * ancestors it may return before it finds the odd count.
 */
static noinline_for_stack void __init
expect_no_wait(struct kunit *test, struct seq_writer *w, struct dentry *dentry,
	       const struct path *start, int max_steps, const char *what)
{
	int ret, steps;
	bool valid;

	KUNIT_EXPECT_FALSE_MSG(test, walk_during_write(w, dentry, start, &ret, &steps, &valid),
			       "the lockless cursor waited for a writer (%s)", what);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_LE(test, steps, max_steps);
	KUNIT_EXPECT_FALSE(test, valid);
}

static void __init walk_rcu_never_waits(struct kunit *test)
{
	struct seq_writer *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct visit *got = kunit_kcalloc(test, MAX_VISITS, sizeof(*got), GFP_KERNEL);
	struct path a, b;
	bool valid;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, got);
	hrtimer_init(&w->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	w->timer.function = end_write_section;
	/* A chain of its own: a lookup through it would wait too. */
	KUNIT_ASSERT_EQ(test, init_mkdir("/kunit-walk/seq", 0755), 0);
	KUNIT_ASSERT_EQ(test, init_mkdir("/kunit-walk/seq/b", 0755), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/seq", 0, &a), 0);
	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/seq/b", 0, &b), 0);

	/* The parent at work: the first step reads its d_seq. */
	expect_no_wait(test, w, a.dentry, &b, 1, "a step");
	/* The start at work: vfs_walk_rcu_start() reads its d_seq. */
	expect_no_wait(test, w, b.dentry, &b, 0, "the start");

	/* Both sections ended: the same walk goes to the root, valid. */
	KUNIT_EXPECT_EQ(test, rcu_chain(test, "/kunit-walk/seq/b", got,
					MAX_VISITS, &valid), 3);
	KUNIT_EXPECT_TRUE(test, valid);

	path_put(&b);
	path_put(&a);
	KUNIT_EXPECT_EQ(test, init_rmdir("/kunit-walk/seq/b"), 0);
	KUNIT_EXPECT_EQ(test, init_rmdir("/kunit-walk/seq"), 0);
}

static void __init walk_callback_errors(struct kunit *test)
{
	static const int undefined[] = {
		2, 3, 42, INT_MAX, -MAX_ERRNO - 1, -100000, INT_MIN,
	};
	struct walk_log log = { .ret_value = -EPERM };
	int i;

	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a", &log, 0), -EPERM);
	/* The last errno is passed on; anything beyond it, or above 1, is not. */
	log = (struct walk_log){ .ret_value = -MAX_ERRNO };
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a", &log, 0), -MAX_ERRNO);
	for (i = 0; i < ARRAY_SIZE(undefined); i++) {
		log = (struct walk_log){ .ret_value = undefined[i] };
		KUNIT_EXPECT_EQ_MSG(test, walk(test, "/kunit-walk/a", &log, 0),
				    -EINVAL, "callback returned %d", undefined[i]);
	}
	/* -ECHILD where it was told it may sleep. */
	log = (struct walk_log){ .ret_value = -ECHILD };
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a", &log,
				   VFS_WALK_SLEEPING_CB), -EINVAL);
}

static void __init walk_restart_answers(struct kunit *test)
{
	static const int undefined[] = {
		VFS_WALK_CONTINUE, 2, INT_MAX, -ECHILD, -MAX_ERRNO - 1, INT_MIN,
	};
	struct walk_log log;
	int i;

	/* An errno ends the walk; -ECHILD (it may sleep already) does not. */
	log = (struct walk_log){ .bump_rename_lock = 1, .restart_ret = -EPERM };
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a", &log, 0), -EPERM);
	KUNIT_EXPECT_EQ(test, log.restarts, 1);
	for (i = 0; i < ARRAY_SIZE(undefined); i++) {
		log = (struct walk_log){ .bump_rename_lock = 1,
					 .restart_ret = undefined[i] };
		KUNIT_EXPECT_EQ_MSG(test, walk(test, "/kunit-walk/a", &log, 0),
				    -EINVAL, "restart answered %d",
				    undefined[i]);
	}
}

/*
 * vfs_walk_ancestor_get() takes only the walker's own ancestor, during its
 * call: a copy (on the stack or the heap), the same object after its call
 * returned, and the restart call's are refused with -EINVAL, and reading
 * them is in bounds (KASAN with KASAN_STACK reports nothing).
 */
static void __init walk_get_refuses_misuse(struct kunit *test)
{
	/* On the heap: with KASAN_STACK, this frame would be too big. */
	struct walk_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	log->check_misuse = true;
	log->bump_rename_lock = 1;
	log->heap = kunit_kzalloc(test, sizeof(*log->heap), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log->heap);
	/* Not an errno: each must be written by the callback. */
	log->stack_copy_ret = 1;
	log->heap_copy_ret = 1;
	log->kept_ret = 1;
	log->restart_get_ret = 1;
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a/b", log, 0), 0);
	KUNIT_EXPECT_EQ(test, log->restarts, 1);
	KUNIT_EXPECT_GT(test, log->misuse_checks, 1);
	KUNIT_EXPECT_EQ(test, log->stack_copy_ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, log->heap_copy_ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, log->kept_ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, log->restart_get_ret, -EINVAL);
}

/* The same where the callback may sleep. */
static void __init walk_get_refuses_misuse_sleeping(struct kunit *test)
{
	struct walk_log log = { .check_misuse = true, .stack_copy_ret = 1,
				.heap_copy_ret = 1 };

	log.heap = kunit_kzalloc(test, sizeof(*log.heap), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log.heap);
	KUNIT_EXPECT_EQ(test, walk(test, "/kunit-walk/a/b", &log,
				   VFS_WALK_SLEEPING_CB), 0);
	KUNIT_EXPECT_GT(test, log.misuse_checks, 1);
	KUNIT_EXPECT_EQ(test, log.stack_copy_ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, log.heap_copy_ret, -EINVAL);
}

static void __init walk_bad_arguments(struct kunit *test)
{
	/* On the heap: with KASAN_STACK, this frame would be too big. */
	struct walk_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct path path, half;

	KUNIT_ASSERT_NOT_NULL(test, log);
	KUNIT_EXPECT_EQ(test, vfs_walk_ancestors(NULL, log_cb, log, 0), -EINVAL);
	KUNIT_ASSERT_EQ(test, kern_path("/kunit-walk/a", 0, &path), 0);
	KUNIT_EXPECT_EQ(test, vfs_walk_ancestors(&path, NULL, log, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_walk_ancestors(&path, log_cb, log, 0x80),
			-EINVAL);
	half = (struct path){ .mnt = path.mnt };
	KUNIT_EXPECT_EQ(test, vfs_walk_ancestors(&half, log_cb, log, 0), -EINVAL);
	half = (struct path){ .dentry = path.dentry };
	KUNIT_EXPECT_EQ(test, vfs_walk_parent(&half, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_walk_parent(NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, vfs_walk_ancestor_get(NULL, &half), -EINVAL);
	KUNIT_EXPECT_EQ(test, log->nr, 0);
	path_put(&path);
}

/* Last: every mount the suite made unmounts, so no walk kept a reference. */
static void __init walk_teardown_not_busy(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, init_umount("/kunit-walk/bind", 0), 0);
	KUNIT_EXPECT_EQ(test, init_umount("/kunit-walk/s", 0), 0);
	KUNIT_EXPECT_EQ(test, init_umount("/kunit-walk/s", 0), 0);
	KUNIT_EXPECT_EQ(test, init_umount("/kunit-walk/m", 0), 0);
}

static struct kunit_case walk_cases[] __initdata = {
	KUNIT_CASE(walk_plain_tree),
	KUNIT_CASE(walk_tmpfs_mount),
	KUNIT_CASE(walk_stacked_mounts),
	KUNIT_CASE(walk_bind_mount),
	KUNIT_CASE(walk_stop_early),
	KUNIT_CASE(walk_may_sleep_protocol),
	KUNIT_CASE(walk_sleeping_cb_flag),
	KUNIT_CASE(walk_restart_once),
	KUNIT_CASE(walk_restart_fallback),
	KUNIT_CASE(walk_deep_tree),
	KUNIT_CASE(walk_sees_each_change),
	KUNIT_CASE(walk_get_reference),
	KUNIT_CASE(walk_no_reference_left),
	KUNIT_CASE(walk_parent_steps),
	KUNIT_CASE(walk_rcu_steps),
	KUNIT_CASE(walk_rcu_invalid),
	KUNIT_CASE(walk_rcu_how),
	KUNIT_CASE(walk_rcu_names),
	KUNIT_CASE(walk_rcu_root),
	KUNIT_CASE(walk_rcu_get),
	KUNIT_CASE(walk_rcu_never_waits),
	KUNIT_CASE(walk_callback_errors),
	KUNIT_CASE(walk_restart_answers),
	KUNIT_CASE(walk_get_refuses_misuse),
	KUNIT_CASE(walk_get_refuses_misuse_sleeping),
	KUNIT_CASE(walk_bad_arguments),
	KUNIT_CASE(walk_teardown_not_busy),
	{}
};

static struct kunit_suite walk_suite __initdata = {
	.name = "vfs_walk_ancestors",
	.suite_init = walk_suite_init,
	.test_cases = walk_cases,
};

kunit_test_init_section_suites(&walk_suite);

MODULE_DESCRIPTION("KUnit tests for vfs_walk_ancestors()");
MODULE_LICENSE("GPL");
