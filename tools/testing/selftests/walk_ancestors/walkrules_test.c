// SPDX-License-Identifier: GPL-2.0
/*
 * walkrules: the semantics of vfs_walk_ancestors(), seen from user space
 * through the Landlock-style sample module (/dev/walkrules).
 *
 * - The ancestors a check visits are the ".." chain user space computes,
 *   across mounts, stacked mounts, bind mounts, overlayfs, chroot,
 *   pivot_root, removed and very deep directories; a disconnected directory
 *   continues at its mount's root; nsfs is allowed at its root.
 * - Decisions match a user-space model on random trees and rule sets.
 * - A rule that must sleep to be read costs one -ECHILD round trip.
 * - Quiet checks are lockless; under renames they restart, fall back, and
 *   still answer right; nothing is left referenced.
 * - Bad input gets its errno.
 */

#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>

#include "../kselftest_harness.h"
#include "walkrules.h"

#define TMP "/tmp/walkrules"
#define READ WALKRULES_ACCESS_READ
#define WRITE WALKRULES_ACCESS_WRITE
#define EXEC WALKRULES_ACCESS_EXECUTE

static struct walkrules_trace trace[MAX_CHAIN];
static struct ancestor chain[MAX_CHAIN];

static int touch(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * Every test runs in its own mount namespace, on a tmpfs at TMP, with one
 * rule that never grants READ, so that READ checks walk to the top.
 */
FIXTURE(walk) {
	int dev;
};

static void setup_tmp(struct __test_metadata *_metadata, int *dev)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	mkdir(TMP, 0755);
	ASSERT_EQ(0, mount("tmpfs", TMP, "tmpfs", 0, NULL));
	ASSERT_EQ(0, chdir(TMP));
	*dev = open(WR_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, *dev);
	ASSERT_EQ(0, wr_reset(*dev));
	mkdirs("unrelated");
	ASSERT_EQ(0, wr_add_rule(*dev, "unrelated", 0, EXEC, 0));
}

static void teardown_tmp(int dev)
{
	wr_reset(dev);
	close(dev);
}

FIXTURE_SETUP(walk)
{
	setup_tmp(_metadata, &self->dev);
}

FIXTURE_TEARDOWN(walk)
{
	teardown_tmp(self->dev);
}

/* Layouts: how to build the tree, where to start, what to expect. */
FIXTURE_VARIANT(walk) {
	const char *what;
	void (*build)(struct __test_metadata *_metadata);
	const char *start;
	/* Mounts left below TMP. */
	int mounts_crossed;
};

static void build_plain(struct __test_metadata *_metadata)
{
	mkdirs("a/b/c");
}

static void build_tmpfs(struct __test_metadata *_metadata)
{
	mkdirs("m");
	ASSERT_EQ(0, mount("tmpfs", "m", "tmpfs", 0, NULL));
	mkdirs("m/x/y");
}

static void build_stacked(struct __test_metadata *_metadata)
{
	mkdirs("s");
	ASSERT_EQ(0, mount("tmpfs", "s", "tmpfs", 0, NULL));
	mkdirs("s/hidden");
	ASSERT_EQ(0, mount("tmpfs", "s", "tmpfs", 0, NULL));
	mkdirs("s/t");
}

static void build_bind(struct __test_metadata *_metadata)
{
	mkdirs("a/b/c");
	mkdirs("bind");
	ASSERT_EQ(0, mount("a/b", "bind", NULL, MS_BIND, NULL));
}

static void build_overlay(struct __test_metadata *_metadata)
{
	mkdirs("lower/x/y");
	mkdirs("upper");
	mkdirs("work");
	mkdirs("merged");
	ASSERT_EQ(0, mount("overlay", "merged", "overlay", 0,
			   "lowerdir=" TMP "/lower,upperdir=" TMP
			   "/upper,workdir=" TMP "/work"));
}

static void build_deep_mounts(struct __test_metadata *_metadata)
{
	mkdirs("d1");
	ASSERT_EQ(0, mount("tmpfs", "d1", "tmpfs", 0, NULL));
	mkdirs("d1/d2");
	ASSERT_EQ(0, mount("tmpfs", "d1/d2", "tmpfs", 0, NULL));
	mkdirs("d1/d2/d3/e");
}

FIXTURE_VARIANT_ADD(walk, plain) {
	.what = "a plain tree",
	.build = build_plain,
	.start = TMP "/a/b/c",
	.mounts_crossed = 0,
};

FIXTURE_VARIANT_ADD(walk, tmpfs) {
	.what = "a tmpfs mounted on a directory",
	.build = build_tmpfs,
	.start = TMP "/m/x/y",
	.mounts_crossed = 1,
};

FIXTURE_VARIANT_ADD(walk, stacked) {
	.what = "two mounts stacked on one mountpoint",
	.build = build_stacked,
	.start = TMP "/s/t",
	.mounts_crossed = 1,
};

FIXTURE_VARIANT_ADD(walk, bind) {
	.what = "a bind mount of a subdirectory",
	.build = build_bind,
	.start = TMP "/bind/c",
	.mounts_crossed = 1,
};

FIXTURE_VARIANT_ADD(walk, overlay) {
	.what = "overlayfs",
	.build = build_overlay,
	.start = TMP "/merged/x/y",
	.mounts_crossed = 1,
};

FIXTURE_VARIANT_ADD(walk, nested_mounts) {
	.what = "mounts within mounts",
	.build = build_deep_mounts,
	.start = TMP "/d1/d2/d3/e",
	.mounts_crossed = 2,
};

/* Checks that the trace of @c is @n entries of @expected. */
static void expect_trace(struct __test_metadata *_metadata,
			 const struct walkrules_check *c,
			 const struct ancestor *expected, int n)
{
	int i;

	ASSERT_EQ(n, c->visited);
	ASSERT_EQ(n, c->trace_needed);
	for (i = 0; i < n; i++) {
		EXPECT_TRUE(same_ancestor(&trace[i], &expected[i]))
		{
			TH_LOG("ancestor %d: walk saw %u:%u ino %llu, \"..\" gives %u:%u ino %llu",
			       i, trace[i].dev_major, trace[i].dev_minor,
			       (unsigned long long)trace[i].ino, expected[i].major,
			       expected[i].minor, expected[i].ino);
		}
	}
}

static int count_flag(const struct walkrules_check *c, unsigned int flag)
{
	int i, n = 0;

	for (i = 0; i < c->visited && i < MAX_CHAIN; i++)
		n += !!(trace[i].flags & flag);
	return n;
}

/* Mount crossings from TMP up: TMP itself is a mount, and so may be /tmp. */
static int crossings_above_tmp(struct __test_metadata *_metadata, int dev)
{
	struct walkrules_check c;

	EXPECT_EQ(0, wr_check_path(dev, TMP, READ, trace, MAX_CHAIN, &c));
	return count_flag(&c, WALKRULES_TRACE_MNT_UP);
}

/* The walk visits exactly the ".." chain, lockless, and denies at the top. */
TEST_F(walk, trace_is_dotdot_chain)
{
	struct walkrules_check c;
	int n, fd, above;

	above = crossings_above_tmp(_metadata, self->dev);
	variant->build(_metadata);
	n = path_chain(variant->start, chain, MAX_CHAIN);
	ASSERT_LT(0, n);
	fd = open(variant->start, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wr_check_fd(self->dev, fd, READ, trace, MAX_CHAIN, &c));
	TH_LOG("%s: %d ancestors", variant->what, n);
	expect_trace(_metadata, &c, chain, n);
	EXPECT_EQ(WALKRULES_DENIED, c.result);
	EXPECT_EQ(WALKRULES_MODE_RCU, c.mode);
	EXPECT_EQ(0, c.restarts);
	EXPECT_EQ(variant->mounts_crossed + above,
		  count_flag(&c, WALKRULES_TRACE_MNT_UP));
	EXPECT_EQ(0, count_flag(&c, WALKRULES_TRACE_DISCONNECTED));
	/* By path too. */
	ASSERT_EQ(0, wr_check_path(self->dev, variant->start, READ, trace,
				   MAX_CHAIN, &c));
	expect_trace(_metadata, &c, chain, n);
	close(fd);
}

/* A rule on the start's parent grants READ: the walk stops there. */
TEST_F(walk, stops_when_granted)
{
	struct walkrules_check c;
	char parent[128];

	variant->build(_metadata);
	snprintf(parent, sizeof(parent), "%s/..", variant->start);
	ASSERT_EQ(0, wr_add_rule(self->dev, parent, 0, READ, 0));
	ASSERT_EQ(0, wr_check_path(self->dev, variant->start, READ, trace,
				   MAX_CHAIN, &c));
	EXPECT_EQ(WALKRULES_ALLOWED, c.result);
	EXPECT_EQ(2, c.visited);
	EXPECT_TRUE(trace[1].flags & WALKRULES_TRACE_RULE);
	/* Another layer that grants nothing here denies. */
	ASSERT_EQ(0, wr_add_rule(self->dev, "unrelated", 1, READ, 0));
	ASSERT_EQ(0, wr_check_path(self->dev, variant->start, READ, NULL, 0, &c));
	EXPECT_EQ(WALKRULES_DENIED, c.result);
}

FIXTURE(tmp) {
	int dev;
};

FIXTURE_SETUP(tmp)
{
	setup_tmp(_metadata, &self->dev);
}

FIXTURE_TEARDOWN(tmp)
{
	teardown_tmp(self->dev);
}

/*
 * A directory moved out of a bind mount of a subdirectory is disconnected
 * from the mount's root: the walk goes up its file system's tree, then
 * continues at the bind mount's root (as Landlock does).
 */
TEST_F(tmp, disconnected_continues_at_mount_root)
{
	struct ancestor expected[MAX_CHAIN];
	struct walkrules_check c;
	struct stat st;
	int fd, n, above;

	mkdirs("s1/a/b");
	mkdirs("bind");
	ASSERT_EQ(0, mount("s1/a", "bind", NULL, MS_BIND, NULL));
	fd = open("bind/b", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, rename("s1/a/b", "s1/b2"));

	n = 0;
	ASSERT_EQ(0, fstat(fd, &st));
	ancestor_of(&st, &expected[n++]);
	ASSERT_EQ(0, stat("s1", &st));
	ancestor_of(&st, &expected[n++]);
	ASSERT_EQ(0, stat(".", &st));
	ancestor_of(&st, &expected[n++]);
	ASSERT_EQ(0, stat("s1/a", &st));
	ancestor_of(&st, &expected[n++]);
	above = path_chain(TMP, &expected[n], MAX_CHAIN - n);
	ASSERT_LT(0, above);
	n += above;

	ASSERT_EQ(0, wr_check_fd(self->dev, fd, READ, trace, MAX_CHAIN, &c));
	expect_trace(_metadata, &c, expected, n);
	EXPECT_TRUE(trace[3].flags & WALKRULES_TRACE_DISCONNECTED);
	EXPECT_TRUE(trace[4].flags & WALKRULES_TRACE_MNT_UP);
	EXPECT_EQ(WALKRULES_DENIED, c.result);

	/* A rule on the bind mount's root applies to what left it. */
	ASSERT_EQ(0, wr_add_rule(self->dev, "s1/a", 0, READ, 0));
	ASSERT_EQ(0, wr_check_fd(self->dev, fd, READ, NULL, 0, &c));
	EXPECT_EQ(WALKRULES_ALLOWED, c.result);
	EXPECT_EQ(4, c.visited);
	close(fd);
}

/* nsfs, through /proc/self/ns/: allowed once its root is reached. */
TEST_F(tmp, nsfs_allowed_at_internal_root)
{
	struct walkrules_check c;

	if (access("/proc/self/ns/mnt", F_OK))
		SKIP(return, "no /proc");
	ASSERT_EQ(0, wr_check_path(self->dev, "/proc/self/ns/mnt", READ, trace,
				   MAX_CHAIN, &c));
	EXPECT_EQ(WALKRULES_ALLOWED, c.result);
	ASSERT_EQ(2, c.visited);
	EXPECT_TRUE(trace[0].flags & WALKRULES_TRACE_INTERNAL);
	EXPECT_EQ(WALKRULES_TRACE_INTERNAL | WALKRULES_TRACE_DISCONNECTED,
		  trace[1].flags & ~WALKRULES_TRACE_REF);
}

/* The walk ignores chroot: it goes on to the real root, as Landlock does. */
TEST_F(tmp, chroot_is_not_a_stop)
{
	struct walkrules_check c;
	int n, fd, top, status, i;
	pid_t child;

	mkdirs("jail/x");
	n = path_chain(TMP "/jail/x", chain, MAX_CHAIN);
	ASSERT_LT(0, n);
	fd = open("jail/x", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, fd);
	top = open(TMP, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, top);
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		if (chroot("jail") || chdir("/"))
			_exit(2);
		/* The whole chain, above the jail too. */
		if (wr_check_path(self->dev, "/x", READ, trace, MAX_CHAIN, &c) ||
		    c.visited != n || c.result != WALKRULES_DENIED)
			_exit(3);
		for (i = 0; i < n; i++)
			if (!same_ancestor(&trace[i], &chain[i]))
				_exit(4);
		/* A rule outside the jail applies inside. */
		if (wr_add_rule_fd(self->dev, top, 0, READ, 0) ||
		    wr_check_path(self->dev, "/x", READ, NULL, 0, &c) ||
		    c.result != WALKRULES_ALLOWED)
			_exit(5);
		_exit(0);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(fd);
	close(top);
}

/* After pivot_root the new root mount is the top. */
TEST_F(tmp, pivot_root_new_top)
{
	struct walkrules_check c;
	int n;

	mkdirs("newroot");
	ASSERT_EQ(0, mount("tmpfs", "newroot", "tmpfs", 0, NULL));
	mkdirs("newroot/old");
	mkdirs("newroot/dir");
	ASSERT_EQ(0, syscall(__NR_pivot_root, TMP "/newroot", TMP "/newroot/old"));
	ASSERT_EQ(0, chdir("/"));
	n = path_chain("/dir", chain, MAX_CHAIN);
	ASSERT_EQ(2, n);
	ASSERT_EQ(0, wr_check_path(self->dev, "/dir", READ, trace, MAX_CHAIN, &c));
	expect_trace(_metadata, &c, chain, n);
	ASSERT_EQ(0, umount2("/old", MNT_DETACH));
}

/* A removed directory (an rmdir()ed cwd) still has its parents. */
TEST_F(tmp, removed_directory)
{
	struct walkrules_check c;
	struct stat st;
	int fd, n;

	mkdirs("gone");
	fd = open("gone", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fchdir(fd));
	ASSERT_EQ(0, rmdir(TMP "/gone"));
	ASSERT_EQ(0, fstat(fd, &st));
	ancestor_of(&st, &chain[0]);
	n = path_chain(TMP, &chain[1], MAX_CHAIN - 1);
	ASSERT_LT(0, n);
	ASSERT_EQ(0, wr_check_fd(self->dev, fd, READ, trace, MAX_CHAIN, &c));
	expect_trace(_metadata, &c, chain, n + 1);
	ASSERT_EQ(0, chdir(TMP));
	close(fd);
}

/* 4096 levels, deeper than PATH_MAX allows as a string. */
TEST_F(tmp, deep_4096)
{
	struct walkrules_check c;
	int fd, next, i, n;

	fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (i = 0; i < 4096; i++) {
		ASSERT_EQ(0, mkdirat(fd, "d", 0755));
		next = openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		ASSERT_LE(0, next);
		close(fd);
		fd = next;
	}
	n = dotdot_chain(fd, chain, MAX_CHAIN);
	ASSERT_LT(4096, n);
	ASSERT_EQ(0, wr_check_fd(self->dev, fd, READ, trace, MAX_CHAIN, &c));
	expect_trace(_metadata, &c, chain, n);
	EXPECT_EQ(WALKRULES_MODE_RCU, c.mode);
	/* A rule at the top of the tree grants, 4096 levels up. */
	ASSERT_EQ(0, wr_add_rule(self->dev, TMP, 0, READ, 0));
	ASSERT_EQ(0, wr_check_fd(self->dev, fd, READ, NULL, 0, &c));
	EXPECT_EQ(WALKRULES_ALLOWED, c.result);
	EXPECT_EQ(4097, c.visited);
	close(fd);
}

/*
 * A grant kept in an extended attribute must be read where sleeping is
 * allowed: the check asks once (-ECHILD) and is answered by the reference
 * walk.
 */
TEST_F(tmp, xattr_rule_needs_one_echild)
{
	struct walkrules_check c;

	mkdirs("g/h");
	ASSERT_EQ(0, touch("g/h/f"));
	ASSERT_EQ(0, setxattr("g", "user.walk.grant", "0x1", 3, 0))
	{
		TH_LOG("setxattr: %s", strerror(errno));
	}
	ASSERT_EQ(0, wr_add_rule(self->dev, "g", 1, 0, WALKRULES_RULE_XATTR));
	ASSERT_EQ(0, wr_add_rule(self->dev, "g", 0, READ, 0));
	ASSERT_EQ(0, wr_check_path(self->dev, "g/h/f", READ, trace, MAX_CHAIN, &c));
	EXPECT_EQ(WALKRULES_ALLOWED, c.result);
	EXPECT_EQ(1, c.echild);
	EXPECT_EQ(WALKRULES_MODE_REF, c.mode);
	EXPECT_EQ(3, c.visited);
	/* The first two were visited lockless, the rule's with references. */
	EXPECT_EQ(0, trace[0].flags & WALKRULES_TRACE_REF);
	EXPECT_EQ(0, trace[1].flags & WALKRULES_TRACE_REF);
	EXPECT_TRUE(trace[2].flags & WALKRULES_TRACE_REF);
	/* The attribute grants READ only. */
	ASSERT_EQ(0, wr_add_rule(self->dev, "g", 0, WRITE, 0));
	ASSERT_EQ(0, wr_check_path(self->dev, "g/h/f", WRITE, NULL, 0, &c));
	EXPECT_EQ(WALKRULES_DENIED, c.result);
	EXPECT_EQ(1, c.echild);
	/* Without the attribute, no grant. */
	ASSERT_EQ(0, removexattr("g", "user.walk.grant"));
	ASSERT_EQ(0, wr_check_path(self->dev, "g/h/f", READ, NULL, 0, &c));
	EXPECT_EQ(WALKRULES_DENIED, c.result);
}

/* A quiet system: every check is answered lockless, without restart. */
TEST_F(tmp, quiet_checks_are_lockless)
{
	struct walkrules_check c;
	int i;

	mkdirs("q/r/s/t/u/v");
	ASSERT_EQ(0, wr_add_rule(self->dev, "q", 0, READ, 0));
	for (i = 0; i < 500; i++) {
		ASSERT_EQ(0, wr_check_path(self->dev, "q/r/s/t/u/v", READ,
					   NULL, 0, &c));
		ASSERT_EQ(WALKRULES_ALLOWED, c.result);
		ASSERT_EQ(WALKRULES_MODE_RCU, c.mode);
		ASSERT_EQ(0, c.restarts);
		ASSERT_EQ(6, c.visited);
	}
}

/*
 * Renames in the walked chain: checks restart and fall back to the
 * reference walk, every answer is one the rules give at some instant, and
 * afterwards the tree unmounts (no reference leaked). It runs at least 3
 * seconds and until 3 checks were answered by the reference walk (at most
 * 40 seconds: a slow debug kernel falls back rarely).
 */
TEST_F_TIMEOUT(tmp, renames_restart_and_answer_right, 90)
{
	long checks = 0, restarts = 0, by_ref = 0, gone = 0;
	struct walkrules_check c;
	time_t start, end;
	pid_t child;
	int status, err;

	mkdirs("top/a/b/c/d/e/f/g");
	mkdirs("top/x");
	mkdirs("other");
	ASSERT_EQ(0, wr_add_rule(self->dev, "top", 0, READ, 0));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		/*
		 * Until the parent kills it, or it outlives the parent's loop;
		 * with the test, if an assertion ends it first (renames would
		 * go on disturbing the tests after this one).
		 */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		end = time(NULL) + 45;
		while (time(NULL) < end)
			syscall(__NR_renameat2, AT_FDCWD, "top/a/b", AT_FDCWD,
				"top/x", RENAME_EXCHANGE);
		_exit(0);
	}
	start = time(NULL);
	end = start + 40;
	while (time(NULL) < end && (time(NULL) < start + 3 || by_ref < 3)) {
		err = wr_check_path(self->dev, "top/a/b/c/d/e/f/g", READ, NULL,
				    0, &c);
		if (err == -ENOENT) {
			gone++;
			continue;
		}
		ASSERT_EQ(0, err);
		/* Wherever b/c/... is, it is beneath "top". */
		ASSERT_EQ(WALKRULES_ALLOWED, c.result);
		/*
		 * The walk that answered visited g up to "top": through a
		 * (8) or, exchanged, straight from b (7). A restart that
		 * kept what the failed attempt counted would say more.
		 */
		ASSERT_TRUE(c.visited == 7 || c.visited == 8)
		{
			TH_LOG("visited %u after %u restarts", c.visited,
			       c.restarts);
		}
		checks++;
		restarts += c.restarts;
		by_ref += c.mode == WALKRULES_MODE_REF;
	}
	kill(child, SIGKILL);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	TH_LOG("%ld checks, %ld restarts, %ld answered by the reference walk, %ld ENOENT, %ld s",
	       checks, restarts, by_ref, gone, (long)(time(NULL) - start));
	EXPECT_LT(0, checks);
	EXPECT_LT(0, restarts);
	/* The fallback after two torn lockless attempts. */
	EXPECT_LT(0, by_ref);
	/*
	 * Nothing stays referenced: once the rules (which pin their files)
	 * are gone, the tmpfs unmounts without EBUSY.
	 */
	ASSERT_EQ(0, wr_reset(self->dev));
	ASSERT_EQ(0, chdir("/"));
	EXPECT_EQ(0, umount2(TMP, 0))
	{
		TH_LOG("umount: %s", strerror(errno));
	}
}

/*
 * Torn chains never decide. Two layers: layer 0 grants READ beneath P,
 * layer 1 beneath S, and the tree is R/z/{P,Q}/a/leaf with S beside R. A
 * renamer moves a between P and Q and z between R and S, only ever through
 * the states (P,R) -> (Q,R) -> (Q,S) -> (Q,R) -> (P,R): a is never under P
 * while z is under S, so no instant has both grants and every answer of
 * the lockless walk must deny. A chain that took a's link from one instant
 * and z's from a later one, or a restart that kept the grant of a walk it
 * abandoned, allows. The reference walk takes each parent at a different
 * instant, as stock Landlock's walk does, and may see such a chain: its
 * grants are counted, not judged.
 */
TEST_F_TIMEOUT(tmp, torn_chains_never_decide, 90)
{
	static const char *const moves[][2] = {
		{ "R/z/P/a", "R/z/Q/a" }, { "R/z", "S/z" },
		{ "S/z", "R/z" }, { "R/z/Q/a", "R/z/P/a" },
	};
	long checks = 0, restarts = 0, by_ref = 0, allowed = 0, ref_allowed = 0;
	struct walkrules_check c;
	int status, fd, err;
	unsigned int i;
	time_t start, end;
	pid_t child;

	mkdirs("R/z/P/a/leaf");
	mkdirs("R/z/Q");
	mkdirs("S");
	ASSERT_EQ(0, wr_add_rule(self->dev, "R/z/P", 0, READ, 0));
	ASSERT_EQ(0, wr_add_rule(self->dev, "S", 1, READ, 0));
	fd = open("R/z/P/a/leaf", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, fd);
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		/* Ends with the test (see renames_restart_and_answer_right). */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		end = time(NULL) + 45;
		while (time(NULL) < end)
			for (i = 0; i < ARRAY_SIZE(moves); i++)
				if (rename(moves[i][0], moves[i][1]))
					_exit(2);
		_exit(0);
	}
	start = time(NULL);
	end = start + 40;
	while (time(NULL) < end && (time(NULL) < start + 5 || restarts < 100)) {
		err = wr_check_fd(self->dev, fd, READ, NULL, 0, &c);
		ASSERT_EQ(0, err);
		checks++;
		restarts += c.restarts;
		by_ref += c.mode == WALKRULES_MODE_REF;
		if (c.result != WALKRULES_ALLOWED)
			continue;
		if (c.mode == WALKRULES_MODE_REF)
			ref_allowed++;
		else
			allowed++;
	}
	ASSERT_EQ(0, waitpid(child, &status, WNOHANG));
	kill(child, SIGKILL);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	TH_LOG("%ld checks, %ld restarts, %ld s", checks, restarts,
	       (long)(time(NULL) - start));
	TH_LOG("%ld answered by the reference walk (%ld allowed), %ld allowed lockless",
	       by_ref, ref_allowed, allowed);
	EXPECT_EQ(0, allowed);
	/* The renames reached the walks. */
	EXPECT_LT(0, restarts);
	close(fd);
}

/*
 * Rules reset and added while checks run: every check answers with one of
 * the three rule sets that existed, as a whole. With no rule, READ is
 * allowed at the first ancestor (no layer has rules); with only the
 * unrelated EXEC rule, it is denied at the root; with the READ rule on
 * "top" too, it is allowed at "top", the fourth ancestor. Any other
 * (answer, ancestors visited) mixes rule sets.
 */
TEST_F_TIMEOUT(tmp, concurrent_resets, 60)
{
	long empty = 0, unrelated = 0, granted = 0, mixed = 0;
	struct walkrules_check c;
	unsigned int to_root;
	int status, err;
	time_t end;
	pid_t child;

	mkdirs("top/a/b/c");
	ASSERT_EQ(0, wr_reset(self->dev));
	ASSERT_EQ(0, wr_add_rule(self->dev, "unrelated", 0, EXEC, 0));
	ASSERT_EQ(0, wr_check_path(self->dev, "top/a/b/c", READ, NULL, 0, &c));
	ASSERT_EQ(WALKRULES_DENIED, c.result);
	to_root = c.visited;
	ASSERT_LT(4, to_root);
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		end = time(NULL) + 3;
		while (time(NULL) < end) {
			if (wr_reset(self->dev) ||
			    wr_add_rule(self->dev, "unrelated", 0, EXEC, 0))
				_exit(2);
			if (wr_add_rule(self->dev, "top", 0, READ, 0))
				_exit(3);
		}
		_exit(0);
	}
	end = time(NULL) + 3;
	while (time(NULL) < end) {
		err = wr_check_path(self->dev, "top/a/b/c", READ, NULL, 0, &c);
		ASSERT_EQ(0, err);
		if (c.result == WALKRULES_ALLOWED && c.visited == 1)
			empty++;
		else if (c.result == WALKRULES_DENIED && c.visited == to_root)
			unrelated++;
		else if (c.result == WALKRULES_ALLOWED && c.visited == 4)
			granted++;
		else if (!mixed++)
			TH_LOG("mixed: %s after %u ancestors",
			       c.result == WALKRULES_ALLOWED ? "allowed" : "denied",
			       c.visited);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	/* A child killed by a signal has WEXITSTATUS 0 too. */
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	TH_LOG("%ld checks: %ld with no rule, %ld with the unrelated rule only,",
	       empty + unrelated + granted + mixed, empty, unrelated);
	TH_LOG("%ld with both, %ld mixed", granted, mixed);
	EXPECT_EQ(0, mixed);
	EXPECT_LT(0, granted);
	EXPECT_LT(0, unrelated);
}

/* Bad input: each gets its errno. */
TEST_F(tmp, bad_input)
{
	struct walkrules_rule rule = { .size = sizeof(rule), .access = READ };
	struct walkrules_check c;
	struct {
		struct walkrules_check c;
		__u64 extra;
	} big = {};
	int fd, status;
	pid_t child;

	mkdirs("dir");
	fd = open("dir", O_PATH | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(WALKRULES_ABI_VERSION, ioctl(self->dev, WALKRULES_IOC_VERSION));
	EXPECT_EQ(-1, ioctl(self->dev, _IO('W', 42)));
	EXPECT_EQ(ENOTTY, errno);

	/* Bad file descriptors. */
	EXPECT_EQ(-EBADF, wr_add_rule_fd(self->dev, -1, 0, READ, 0));
	EXPECT_EQ(-EBADF, wr_add_rule_fd(self->dev, 999, 0, READ, 0));
	EXPECT_EQ(-EBADF, wr_check_fd(self->dev, -1, READ, NULL, 0, &c));
	/* Unknown access bits, layers, flags. */
	EXPECT_EQ(-EINVAL, wr_add_rule_fd(self->dev, fd, 0, 1 << 10, 0));
	EXPECT_EQ(-EINVAL, wr_add_rule_fd(self->dev, fd, 16, READ, 0));
	EXPECT_EQ(-EINVAL, wr_add_rule_fd(self->dev, fd, 0, READ, 1 << 7));
	EXPECT_EQ(-EINVAL, wr_add_rule_fd(self->dev, fd, 0, 0, 0));
	EXPECT_EQ(-EINVAL, wr_check_fd(self->dev, fd, 1 << 10, NULL, 0, &c));
	/* Sizes: smaller is EINVAL, larger E2BIG. */
	rule.fd = fd;
	rule.size = sizeof(rule) - 4;
	EXPECT_EQ(-1, ioctl(self->dev, WALKRULES_IOC_ADD_RULE, &rule));
	EXPECT_EQ(EINVAL, errno);
	rule.size = sizeof(rule) + 8;
	EXPECT_EQ(-1, ioctl(self->dev, WALKRULES_IOC_ADD_RULE, &rule));
	EXPECT_EQ(E2BIG, errno);
	big.c.size = sizeof(big);
	big.c.fd = fd;
	EXPECT_EQ(-1, ioctl(self->dev, WALKRULES_IOC_CHECK, &big));
	EXPECT_EQ(E2BIG, errno);
	/* A trace larger than the module allows. */
	EXPECT_EQ(-E2BIG, wr_check_fd(self->dev, fd, READ, trace, 1 << 20, &c));
	/* A trace too small: ENOSPC, and the size it needed. */
	EXPECT_EQ(-ENOSPC, wr_check_fd(self->dev, fd, READ, trace, 1, &c));
	EXPECT_LT(1, c.trace_needed);
	/* A bad path pointer. */
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.flags = WALKRULES_CHECK_PATH;
	c.path = 1;
	EXPECT_EQ(-1, ioctl(self->dev, WALKRULES_IOC_CHECK, &c));
	EXPECT_EQ(EFAULT, errno);
	/* A bad structure pointer. */
	EXPECT_EQ(-1, ioctl(self->dev, WALKRULES_IOC_CHECK, (void *)1));
	EXPECT_EQ(EFAULT, errno);

	/* Unprivileged: checks yes, rule changes no. */
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		if (setresuid(65534, 65534, 65534))
			_exit(2);
		if (wr_check_fd(self->dev, fd, READ, NULL, 0, &c))
			_exit(3);
		if (wr_add_rule_fd(self->dev, fd, 0, READ, 0) != -EPERM)
			_exit(4);
		if (wr_reset(self->dev) != -EPERM)
			_exit(5);
		_exit(0);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(fd);
}

/* --- Decisions against a user-space model, on random trees. --- */

#define NODES 40
#define LAYERS 4
#define ROUNDS 12
#define CHECKS 30

struct model {
	int parent[NODES];		/* -1: TMP itself */
	char path[NODES][256];
	unsigned short grant[NODES][LAYERS];
	unsigned short layers;
};

static unsigned int rng_state;

static unsigned int rng(void)
{
	rng_state = rng_state * 1103515245 + 12345;
	return rng_state >> 16;
}

static int model_allows(const struct model *m, int node, unsigned int access)
{
	unsigned short unmet[16];
	int bit, layer, all;

	for (bit = 0; bit < 16; bit++)
		unmet[bit] = access & (1 << bit) ? m->layers : 0;
	for (; node >= 0; node = m->parent[node]) {
		for (layer = 0; layer < LAYERS; layer++)
			for (bit = 0; bit < 16; bit++)
				if (m->grant[node][layer] & (1 << bit))
					unmet[bit] &= ~(1 << layer);
		all = 1;
		for (bit = 0; bit < 16; bit++)
			all &= !unmet[bit];
		if (all)
			return 1;
	}
	/* Nothing above TMP grants (the rules are reset). */
	for (bit = 0; bit < 16; bit++)
		if (unmet[bit])
			return 0;
	return 1;
}

TEST_F(tmp, decisions_match_model)
{
	static struct model m;
	struct walkrules_check c;
	int round, i, node, cases = 0;
	unsigned int access;

	rng_state = 20261121;
	for (round = 0; round < ROUNDS; round++) {
		memset(&m, 0, sizeof(m));
		ASSERT_EQ(0, wr_reset(self->dev));
		for (i = 0; i < NODES; i++) {
			m.parent[i] = i ? (int)(rng() % (i + 1)) - 1 : -1;
			if (m.parent[i] < 0)
				snprintf(m.path[i], sizeof(m.path[i]),
					 "r%d/n%d", round, i);
			else
				snprintf(m.path[i], sizeof(m.path[i]), "%s/n%d",
					 m.path[m.parent[i]], i);
			mkdirs(m.path[i]);
		}
		for (i = 0; i < 1 + (int)(rng() % 12); i++) {
			int layer = rng() % LAYERS;
			unsigned int rights = 1 + rng() % WALKRULES_ACCESS_ALL;

			node = rng() % NODES;
			ASSERT_EQ(0, wr_add_rule(self->dev, m.path[node], layer,
						 rights, 0));
			m.grant[node][layer] |= rights;
			m.layers |= 1 << layer;
		}
		for (i = 0; i < CHECKS; i++) {
			node = rng() % NODES;
			access = 1 + rng() % WALKRULES_ACCESS_ALL;
			ASSERT_EQ(0, wr_check_path(self->dev, m.path[node],
						   access, NULL, 0, &c));
			EXPECT_EQ(model_allows(&m, node, access), c.result)
			{
				TH_LOG("round %d: %s, access %#x", round,
				       m.path[node], access);
			}
			cases++;
		}
	}
	TH_LOG("%d random cases", cases);
}

TEST_HARNESS_MAIN
