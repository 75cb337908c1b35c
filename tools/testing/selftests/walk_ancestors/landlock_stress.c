// SPDX-License-Identifier: GPL-2.0
/*
 * Landlock on vfs_walk_ancestors(), under churn.
 *
 * Two trees: everything under "allowed/" may be read (one Landlock rule on
 * "allowed"), nothing under "denied/" may. Renamers shuffle directories
 * inside each tree (including RENAME_EXCHANGE), a mounter mounts and
 * unmounts tmpfs on directories inside them, and sandboxed openers open
 * files deep in both. Whatever instant an open is checked at, a file under
 * "allowed/" is allowed and one under "denied/" is denied: any other answer
 * is a walk that saw a chain that never existed. ENOENT (a file moved away
 * meanwhile) is counted, not judged.
 *
 * Landlock's walk counters (<debugfs>/landlock/walk_stats) show that a quiet
 * system is answered by the lockless walk, and what the churn exercised.
 *
 * The "refer" test links and renames a file to another directory while
 * directories move, and the "torn" test opens a file while directories
 * move, in ways that only a walk seeing a chain that never existed would
 * allow (see below).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"

#define DEPTH 12
#define STATS "/sys/kernel/debug/landlock/walk_stats"

struct walk_stats {
	unsigned long rcu, ref, restarts;
};

static int read_stats(struct walk_stats *s)
{
	FILE *f = fopen(STATS, "r");
	int n;

	if (!f)
		return -errno;
	n = fscanf(f, "rcu_answers %lu ref_answers %lu restarts %lu",
		   &s->rcu, &s->ref, &s->restarts);
	fclose(f);
	return n == 3 ? 0 : -EINVAL;
}

/* read_stats() from a file opened before sandboxing: one system call. */
static int pread_stats(int fd, struct walk_stats *s)
{
	char buf[256];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (sscanf(buf, "rcu_answers %lu ref_answers %lu restarts %lu",
		   &s->rcu, &s->ref, &s->restarts) != 3)
		return -EINVAL;
	return 0;
}

static void mkdirs(const char *base, char *leaf, size_t len)
{
	int i;

	snprintf(leaf, len, "%s", base);
	mkdir(leaf, 0755);
	for (i = 0; i < DEPTH; i++) {
		strncat(leaf, i == DEPTH / 2 ? "/m" : "/d", len - strlen(leaf) - 1);
		mkdir(leaf, 0755);
	}
}

static void touch(const char *dir, const char *name)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	if (fd >= 0)
		close(fd);
}

/*
 * Restricts the calling thread: @access handled, granted beneath the
 * directory @dir_fd (O_PATH; closed).
 */
static int restrict_beneath_fd(int dir_fd, __u64 access)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = access,
	};
	struct landlock_path_beneath_attr beneath = {
		.allowed_access = access,
		.parent_fd = dir_fd,
	};
	int ruleset, err;

	if (dir_fd < 0)
		return -EBADF;
	ruleset = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0) {
		close(dir_fd);
		return -errno;
	}
	err = syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		      &beneath, 0);
	close(dir_fd);
	if (err)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (syscall(__NR_landlock_restrict_self, ruleset, 0))
		return -errno;
	close(ruleset);
	return 0;
}

/* Restricts the calling thread: @access handled, granted beneath @dir. */
static int restrict_beneath(const char *dir, __u64 access)
{
	return restrict_beneath_fd(open(dir, O_PATH | O_CLOEXEC), access);
}

/* Restricts the calling thread: read access only beneath "allowed". */
static int sandbox(void)
{
	return restrict_beneath("allowed", LANDLOCK_ACCESS_FS_READ_FILE);
}

FIXTURE(trees) {
	char dir[64];
	char allowed_leaf[256], denied_leaf[256];
};

FIXTURE_SETUP(trees)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/walk-stress.%d", getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	/* Its own mount: every walk crosses it, and it must unmount after. */
	ASSERT_EQ(0, mount("tmpfs", self->dir, "tmpfs", 0, NULL));
	ASSERT_EQ(0, chdir(self->dir));
	mkdirs("allowed", self->allowed_leaf, sizeof(self->allowed_leaf));
	mkdirs("denied", self->denied_leaf, sizeof(self->denied_leaf));
	touch(self->allowed_leaf, "f");
	touch(self->denied_leaf, "f");
	mkdir("allowed/x", 0755);
	mkdir("denied/x", 0755);
}

FIXTURE_TEARDOWN(trees)
{
	chdir("/");
	/* Unmounted already by a test that checks it; else now. */
	umount2(self->dir, MNT_DETACH);
	rmdir(self->dir);
}

/* Opens @n times a file that must open and one that must not, sandboxed. */
static int sandboxed_opens(const char *allowed_leaf, const char *denied_leaf,
			   int n)
{
	char a[300], d[300];
	int i, fd, status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		if (sandbox())
			_exit(2);
		snprintf(a, sizeof(a), "%s/f", allowed_leaf);
		snprintf(d, sizeof(d), "%s/f", denied_leaf);
		for (i = 0; i < n; i++) {
			fd = open(a, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				_exit(3);
			close(fd);
		}
		if (open(d, O_RDONLY | O_CLOEXEC) >= 0 || errno != EACCES)
			_exit(4);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* A quiet system: every Landlock walk is answered without references. */
TEST_F(trees, quiet_walks_are_lockless)
{
	struct walk_stats before, after;

	if (read_stats(&before))
		SKIP(return, "no " STATS " (kernel built without the new walk?)");
	ASSERT_EQ(0, sandboxed_opens(self->allowed_leaf, self->denied_leaf, 1000));
	ASSERT_EQ(0, read_stats(&after));
	TH_LOG("lockless answers %lu, reference answers %lu, restarts %lu",
	       after.rcu - before.rcu, after.ref - before.ref,
	       after.restarts - before.restarts);
	EXPECT_LE(1001, after.rcu - before.rcu);
	EXPECT_EQ(0, after.ref - before.ref);
	EXPECT_EQ(0, after.restarts - before.restarts);
}

/* The same answers on any kernel, with or without the new walk. */
TEST_F(trees, answers)
{
	ASSERT_EQ(0, sandboxed_opens(self->allowed_leaf, self->denied_leaf, 10));
}

static atomic_int stop;

static void on_alarm(int sig)
{
	stop = 1;
}

/* Swaps two directories inside a tree, back and forth. */
static void renamer(const char *tree)
{
	char a[64], b[64];

	long done = 0, failed = 0;

	snprintf(a, sizeof(a), "%s/d/d", tree);
	snprintf(b, sizeof(b), "%s/x", tree);
	while (!stop) {
		if (syscall(__NR_renameat2, AT_FDCWD, a, AT_FDCWD, b,
			    RENAME_EXCHANGE))
			failed++;
		else
			done++;
	}
	printf("# %s %s: %ld exchanges, %ld failed\n", __func__, tree, done,
	       failed);
}

/*
 * Mounts tmpfs over a directory of a tree, fills it with the rest of the
 * leaf's path so that opens walk across it, and unmounts it. Not lazily: a
 * file opened through a lazily detached mount is no longer beneath
 * "allowed", and denying it is right.
 */
static void mounter(const char *tree, const char *leaf)
{
	/*
	 * WALK_STRESS_LAZY=1 unmounts lazily instead, to show that denials
	 * then happen with either walk (they are right, see above).
	 */
	int lazy = !!getenv("WALK_STRESS_LAZY");
	char dir[64], path[300];
	const int flags = lazy ? MNT_DETACH : 0;
	char moved[64];
	const char *rest;
	time_t busy;
	long i = 0;

	snprintf(dir, sizeof(dir), "%s/d/d/d", tree);
	snprintf(moved, sizeof(moved), "%s/x/d", tree);
	rest = leaf + strlen(dir);
	while (!stop) {
		if (!mount("tmpfs", dir, "tmpfs", 0, NULL)) {
			char *p;

			snprintf(path, sizeof(path), "%s%s", dir, rest);
			for (p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
				*p = '\0';
				mkdir(path, 0755);
				*p = '/';
			}
			mkdir(path, 0755);
			touch(path, "f");
			/*
			 * Where it is now: the renamer may have exchanged d/d
			 * with x meanwhile. Opens keep it busy for a moment; a
			 * leaked reference would keep it busy for ever.
			 */
			busy = 0;
			while (umount2(dir, flags) && umount2(moved, flags)) {
				if (stop && !busy)
					busy = time(NULL);
				if (busy && time(NULL) > busy + 10) {
					printf("# %s %s: %s stays mounted: %s\n",
					       __func__, tree, dir, strerror(errno));
					_exit(1);
				}
				sched_yield();
			}
			i++;
		}
	}
	printf("# %s %s: %ld mounts\n", __func__, tree, i);
}

/* Opens files deep in both trees; exits 1 on a wrong answer. */
static void opener(const char *allowed_leaf, const char *denied_leaf)
{
	char a[300], d[300];
	long denied_allowed = 0, allowed_denied = 0, n = 0, gone = 0;
	int fd;

	if (sandbox())
		_exit(2);
	snprintf(a, sizeof(a), "%s/f", allowed_leaf);
	snprintf(d, sizeof(d), "%s/f", denied_leaf);
	while (!stop) {
		fd = open(a, O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
		else if (errno == ENOENT)
			gone++;
		else
			denied_allowed++;
		fd = open(d, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			allowed_denied++;
		} else if (errno == ENOENT) {
			gone++;
		} else if (errno != EACCES) {
			allowed_denied++;
		}
		n += 2;
	}
	printf("# %s %d: %ld opens, %ld wrongly denied, %ld wrongly allowed,",
	       __func__, getpid(), n, denied_allowed, allowed_denied);
	printf(" %ld ENOENT (moved away)\n", gone);
	_exit(denied_allowed || allowed_denied ? 1 : 0);
}

TEST_F_TIMEOUT(trees, churn_gives_only_possible_answers, 120)
{
	const char *env = getenv("WALK_STRESS_SECONDS");
	int seconds = env ? atoi(env) : 5;
	struct walk_stats before, after;
	pid_t pids[6];
	int i, status, have_stats;

	have_stats = !read_stats(&before);
	signal(SIGALRM, on_alarm);
	for (i = 0; i < 6; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i])
			continue;
		alarm(seconds);
		switch (i) {
		case 0:
		case 1:
			opener(self->allowed_leaf, self->denied_leaf);
			break;
		case 2:
			renamer("allowed");
			break;
		case 3:
			renamer("denied");
			break;
		case 4:
			mounter("allowed", self->allowed_leaf);
			break;
		case 5:
			mounter("denied", self->denied_leaf);
			break;
		}
		_exit(0);
	}
	for (i = 0; i < 6; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
	if (have_stats && !read_stats(&after))
		TH_LOG("lockless answers %lu, reference answers %lu, restarts %lu",
		       after.rcu - before.rcu, after.ref - before.ref,
		       after.restarts - before.restarts);
	/*
	 * No reference leaked: the tmpfs every open walked through unmounts
	 * without EBUSY (and each tmpfs the mounters had walked through did,
	 * else they would have exited 1).
	 */
	ASSERT_EQ(0, chdir("/"));
	EXPECT_EQ(0, umount2(self->dir, 0))
	{
		TH_LOG("umount %s: %s", self->dir, strerror(errno));
	}
}

/*
 * Linking and renaming to another directory under directory moves.
 *
 * Landlock lets a file be linked or renamed into another directory only if
 * the source directory has at least the rights of the destination
 * (current_check_refer_path()): collect_domain_accesses() walks from each
 * directory up to the mount's root.  Here "g" grants every handled access
 * (REFER, MAKE_REG, REMOVE_FILE) and no rule covers "n".  The source
 * directory S is never beneath "g", so link(S/f, g/dst/new) is denied with
 * EXDEV and rename(S/f, g/dst/new) with EACCES (no REMOVE_FILE on S).
 *
 * S is the bottom of one of two chains of REFER_DEPTH directories, "c0"
 * and "c1".  The chain holding S is in "n", the other in "g".  A mover
 * moves S to the other chain, after taking that chain out of "g", and then
 * moves the chain S left into "g":
 *
 *	g/c1 -> n/c1, n/c0/d/.../d/S -> n/c1/d/.../d/S, n/c0 -> g/c0
 *
 * and back.  A walk that takes S's parent before S leaves and reaches the
 * top of the chain after it entered "g" sees a chain that never existed,
 * S beneath "g", and grants.  The lockless walk detects that (rename_lock)
 * and starts over, and must then forget the grant: a link granted although
 * every walk of the call was answered lockless is wrong.
 *
 * A reference walk takes each parent at a different instant and can see
 * such a chain too, as can stock Landlock's walk (dget_parent() per step,
 * no rename_lock): those grants are counted, not judged, and without walk
 * counters (the unchanged walk) no grant is judged.  One sandboxed process
 * makes the calls, so that the counters move only with them.  After each
 * move, the mover waits for the call that may have raced it to answer:
 * nothing moves during that call's next lockless attempt, which answers.
 *
 * A rename() between directories holds the filesystem's s_vfs_rename_mutex
 * (lock_rename()) while Landlock checks it, and so does every move of a
 * directory to another: rename() is always denied, whatever the walk.
 */

/*
 * From S to "g": REFER_DEPTH + 3 ancestors, fewer than the 256 steps after
 * which the lockless walk checks rename_lock on its way.
 */
#define REFER_DEPTH 240
/* One call in REFER_RENAME_EVERY is a rename(), the others link(). */
#define REFER_RENAME_EVERY 16

struct refer_counts {
	/* Written by the referrer. */
	long links, link_denied, renames, rename_denied, gone, wrong;
	long granted, granted_lockless, ref_calls, restarted_lockless;
	atomic_long calls;
	/* Written by the mover. */
	long moves, move_failed;
};

FIXTURE(refer) {
	char dir[64];
	int n, g, dst, s, bottom[2];
	struct refer_counts *counts;
};

/* Makes @name in @parent, REFER_DEPTH directories deep; returns the bottom. */
static int make_chain(int parent, const char *name)
{
	int fd, next, i;

	if (mkdirat(parent, name, 0755))
		return -1;
	fd = openat(parent, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (i = 0; fd >= 0 && i < REFER_DEPTH; i++) {
		mkdirat(fd, "d", 0755);
		next = openat(fd, "d", O_PATH | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = next;
	}
	return fd;
}

FIXTURE_SETUP(refer)
{
	int fd;

	snprintf(self->dir, sizeof(self->dir), "/tmp/walk-refer.%d", getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	ASSERT_EQ(0, chdir(self->dir));
	ASSERT_EQ(0, mkdir("g", 0755));
	ASSERT_EQ(0, mkdir("g/dst", 0755));
	ASSERT_EQ(0, mkdir("n", 0755));
	self->g = open("g", O_PATH | O_DIRECTORY | O_CLOEXEC);
	self->dst = open("g/dst", O_PATH | O_DIRECTORY | O_CLOEXEC);
	self->n = open("n", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, self->g);
	ASSERT_LE(0, self->dst);
	ASSERT_LE(0, self->n);
	self->bottom[0] = make_chain(self->n, "c0");
	self->bottom[1] = make_chain(self->g, "c1");
	ASSERT_LE(0, self->bottom[0]);
	ASSERT_LE(0, self->bottom[1]);
	ASSERT_EQ(0, mkdirat(self->bottom[0], "S", 0755));
	self->s = openat(self->bottom[0], "S", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, self->s);
	fd = openat(self->s, "f", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	ASSERT_LE(0, fd);
	close(fd);
	self->counts = mmap(NULL, sizeof(*self->counts),
			    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			    -1, 0);
	ASSERT_NE(MAP_FAILED, self->counts);
}

FIXTURE_TEARDOWN(refer)
{
	char cmd[128];

	chdir("/");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	system(cmd);
}

/* Runs the calling process on @cpu only, if there is more than one. */
static void pin(int cpu)
{
	cpu_set_t set;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Moves S from chain to chain, never beneath "g"; see above. */
static void mover(const int *bottom, int n, int g, struct refer_counts *c)
{
	static const char *const name[] = { "c0", "c1" };
	int cur = 0, next;
	long calls;

	pin(0);
	while (!stop) {
		next = !cur;
		/* Each move only if the one before it was done. */
		if (renameat(g, name[next], n, name[next]) ||
		    renameat(bottom[cur], "S", bottom[next], "S") ||
		    renameat(n, name[cur], g, name[cur])) {
			c->move_failed++;
			break;
		}
		c->moves++;
		cur = next;
		/* Until the call that may have raced the move has answered. */
		calls = atomic_load(&c->calls);
		while (!stop && atomic_load(&c->calls) == calls)
			sched_yield();
	}
}

/*
 * Sandboxed: links and renames S/f into g/dst, reading Landlock's walk
 * counters (@stats, or -1) around each call to tell how it was answered.
 */
static void referrer(int s, int dst, int stats, struct refer_counts *c)
{
	struct walk_stats before = {}, after = {};
	int have_stats, ret, err;
	long i;

	pin(1);
	if (restrict_beneath("g", LANDLOCK_ACCESS_FS_REFER |
				  LANDLOCK_ACCESS_FS_MAKE_REG |
				  LANDLOCK_ACCESS_FS_REMOVE_FILE))
		_exit(2);
	have_stats = stats >= 0 && !pread_stats(stats, &before);
	for (i = 1; !stop; i++) {
		bool is_rename = !(i % REFER_RENAME_EVERY);

		if (is_rename)
			ret = renameat(s, "f", dst, "new");
		else
			ret = linkat(s, "f", dst, "new", 0);
		err = ret ? errno : 0;
		if (have_stats && pread_stats(stats, &after))
			_exit(3);
		if (is_rename) {
			c->renames++;
			if (err == EACCES)
				c->rename_denied++;
			else if (err == ENOENT)
				c->gone++;
			else
				c->wrong++;
		} else {
			c->links++;
			if (err == EXDEV) {
				c->link_denied++;
			} else if (err == ENOENT) {
				c->gone++;
			} else if (err) {
				c->wrong++;
			} else {
				c->granted++;
				if (have_stats && after.ref == before.ref)
					c->granted_lockless++;
				unlinkat(dst, "new", 0);
				if (have_stats && pread_stats(stats, &after))
					_exit(3);
			}
		}
		if (after.ref != before.ref)
			c->ref_calls++;
		else if (after.restarts != before.restarts)
			c->restarted_lockless++;
		before = after;
		atomic_fetch_add(&c->calls, 1);
	}
	_exit(0);
}

TEST_F_TIMEOUT(refer, moves_never_grant_lockless, 120)
{
	const char *env = getenv("WALK_STRESS_SECONDS");
	int seconds = env ? atoi(env) : 5;
	struct refer_counts *c = self->counts;
	struct walk_stats before, after;
	int i, status, have_stats, stats;
	pid_t pids[2];

	stats = open(STATS, O_RDONLY | O_CLOEXEC);
	have_stats = stats >= 0 && !read_stats(&before);
	signal(SIGALRM, on_alarm);
	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i])
			continue;
		alarm(seconds);
		if (i)
			referrer(self->s, self->dst, have_stats ? stats : -1, c);
		else
			mover(self->bottom, self->n, self->g, c);
		_exit(0);
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
	TH_LOG("%ld moves, %ld failed", c->moves, c->move_failed);
	TH_LOG("link: %ld calls, %ld denied (EXDEV), %ld granted, %ld of them answered lockless",
	       c->links, c->link_denied, c->granted, c->granted_lockless);
	TH_LOG("rename: %ld calls, %ld denied (EACCES)", c->renames,
	       c->rename_denied);
	TH_LOG("either: %ld ENOENT (after a rename granted), %ld other answers",
	       c->gone, c->wrong);
	EXPECT_EQ(0, c->wrong);
	EXPECT_EQ(0, c->move_failed);
	EXPECT_LT(0, c->moves);
	if (!have_stats) {
		TH_LOG("no " STATS ": grants not judged (stock's walk can see a torn chain)");
		return;
	}
	ASSERT_EQ(0, read_stats(&after));
	TH_LOG("lockless answers %lu, reference answers %lu, restarts %lu",
	       after.rcu - before.rcu, after.ref - before.ref,
	       after.restarts - before.restarts);
	TH_LOG("calls: %ld restarted and answered lockless, %ld answered with references",
	       c->restarted_lockless, c->ref_calls);
	/* The moves raced the walks... */
	EXPECT_LT(0, c->restarted_lockless);
	/* ... and a restarted lockless walk forgot what it saw before. */
	EXPECT_EQ(0, c->granted_lockless);
}

/*
 * Opens under moves that only a torn chain would allow.
 *
 * Two layers: the first grants READ_FILE beneath P, the second beneath S;
 * a file is readable only where both are ancestors.  The tree is
 * R/z/{P,Q}/a/f with S beside R, and a mover moves a between P and Q and z
 * between R and S, only ever through the states
 *
 *	(P,R) -> (Q,R) -> (Q,S) -> (Q,R) -> (P,R)
 *
 * so a is never under P while z is under S: no instant allows reading
 * a/f, and every open of it must fail with EACCES.  A walk that took a's
 * parent in (P,R) and z's in (Q,S) sees a chain that never existed and
 * allows; so does a restarted walk that kept the first layer's grant (the
 * layer masks) or the verdict of the attempt it abandoned.  As in the
 * refer test, only opens that the lockless walk answered (the walk
 * counters of one sandboxed process, read around each open) are judged:
 * the reference walk, like stock Landlock's, takes each parent at a
 * different instant and may see the torn chain too.
 */
struct torn_counts {
	long moves, move_failed;
	long opens, denied, granted, granted_lockless, restarted_lockless;
	long ref_opens, wrong;
};

FIXTURE(torn) {
	char dir[64];
	struct torn_counts *counts;
};

FIXTURE_SETUP(torn)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/walk-torn.%d", getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	ASSERT_EQ(0, chdir(self->dir));
	ASSERT_EQ(0, mkdir("R", 0755));
	ASSERT_EQ(0, mkdir("R/z", 0755));
	ASSERT_EQ(0, mkdir("R/z/P", 0755));
	ASSERT_EQ(0, mkdir("R/z/P/a", 0755));
	ASSERT_EQ(0, mkdir("R/z/Q", 0755));
	ASSERT_EQ(0, mkdir("S", 0755));
	touch("R/z/P/a", "f");
	self->counts = mmap(NULL, sizeof(*self->counts), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->counts);
	memset(self->counts, 0, sizeof(*self->counts));
}

FIXTURE_TEARDOWN(torn)
{
	char cmd[128];

	munmap(self->counts, sizeof(*self->counts));
	chdir("/");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	system(cmd);
}

static void torn_mover(struct torn_counts *c)
{
	static const char *const moves[][2] = {
		{ "R/z/P/a", "R/z/Q/a" }, { "R/z", "S/z" },
		{ "S/z", "R/z" }, { "R/z/Q/a", "R/z/P/a" },
	};
	unsigned int i;

	pin(0);
	while (!stop) {
		for (i = 0; i < ARRAY_SIZE(moves); i++) {
			if (rename(moves[i][0], moves[i][1]))
				c->move_failed++;
			else
				c->moves++;
		}
	}
}

/*
 * Opens a/f through @a, sandboxed by a layer granting beneath @p and one
 * granting beneath @s (all opened before the mover started: their paths
 * change); judges lockless answers.
 */
static void torn_opener(int a, int p, int s, int stats, struct torn_counts *c)
{
	struct walk_stats before, after;
	int fd, err;

	pin(1);
	if (restrict_beneath_fd(p, LANDLOCK_ACCESS_FS_READ_FILE) ||
	    restrict_beneath_fd(s, LANDLOCK_ACCESS_FS_READ_FILE))
		_exit(2);
	while (!stop) {
		if (stats >= 0 && pread_stats(stats, &before))
			_exit(3);
		fd = openat(a, "f", O_RDONLY | O_CLOEXEC);
		err = errno;
		if (stats >= 0 && pread_stats(stats, &after))
			_exit(3);
		c->opens++;
		if (fd >= 0) {
			close(fd);
			c->granted++;
			if (stats >= 0 && after.ref == before.ref)
				c->granted_lockless++;
		} else if (err == EACCES) {
			c->denied++;
		} else {
			c->wrong++;
		}
		if (stats < 0)
			continue;
		if (after.ref != before.ref)
			c->ref_opens++;
		else if (after.restarts != before.restarts)
			c->restarted_lockless++;
	}
}

TEST_F_TIMEOUT(torn, torn_chains_never_open_lockless, 120)
{
	const char *env = getenv("WALK_STRESS_SECONDS");
	int seconds = env ? atoi(env) : 5;
	struct torn_counts *c = self->counts;
	int i, status, stats, a, p, s;
	pid_t pids[2];

	stats = open(STATS, O_RDONLY | O_CLOEXEC);
	a = open("R/z/P/a", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, a);
	p = open("R/z/P", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, p);
	s = open("S", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, s);
	signal(SIGALRM, on_alarm);
	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i])
			continue;
		alarm(seconds);
		if (i)
			torn_opener(a, p, s, stats, c);
		else
			torn_mover(c);
		_exit(0);
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
	TH_LOG("%ld moves, %ld failed", c->moves, c->move_failed);
	TH_LOG("%ld opens: %ld denied (EACCES), %ld granted, %ld other answers",
	       c->opens, c->denied, c->granted, c->wrong);
	EXPECT_EQ(0, c->wrong);
	EXPECT_EQ(0, c->move_failed);
	EXPECT_LT(0, c->moves);
	EXPECT_LT(0, c->denied);
	if (stats < 0) {
		TH_LOG("no " STATS ": grants not judged (stock's walk can see a torn chain)");
		return;
	}
	TH_LOG("opens: %ld restarted and answered lockless, %ld answered with references",
	       c->restarted_lockless, c->ref_opens);
	TH_LOG("%ld granted lockless", c->granted_lockless);
	/* The moves raced the walks... */
	EXPECT_LT(0, c->restarted_lockless);
	/* ... and no lockless answer allowed what no instant allows. */
	EXPECT_EQ(0, c->granted_lockless);
}

TEST_HARNESS_MAIN
