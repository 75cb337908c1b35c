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

/* Restricts the calling thread: read access only beneath "allowed". */
static int sandbox(void)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	struct landlock_path_beneath_attr beneath = {
		.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	int ruleset, err;

	ruleset = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		return -errno;
	beneath.parent_fd = open("allowed", O_PATH | O_CLOEXEC);
	if (beneath.parent_fd < 0)
		return -errno;
	err = syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		      &beneath, 0);
	close(beneath.parent_fd);
	if (err)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (syscall(__NR_landlock_restrict_self, ruleset, 0))
		return -errno;
	close(ruleset);
	return 0;
}

FIXTURE(trees) {
	char dir[64];
	char allowed_leaf[256], denied_leaf[256];
};

FIXTURE_SETUP(trees)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/walk-stress.%d", getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
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
	char cmd[128];

	chdir("/");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	system(cmd);
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
	const char *rest;
	long i = 0;

	snprintf(dir, sizeof(dir), "%s/d/d/d", tree);
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
			while (umount2(dir, lazy ? MNT_DETACH : 0) && errno == EBUSY)
				sched_yield();
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
	 * No reference leaked: a mount on the walked directories unmounts
	 * without EBUSY.
	 */
	ASSERT_EQ(0, mount("tmpfs", "allowed/d", "tmpfs", 0, NULL));
	EXPECT_EQ(0, umount2("allowed/d", 0));
	ASSERT_EQ(0, mount("tmpfs", "denied/d", "tmpfs", 0, NULL));
	EXPECT_EQ(0, umount2("denied/d", 0));
}

TEST_HARNESS_MAIN
