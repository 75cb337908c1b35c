// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space half of the walk torture test: builds a tree, hands
 * walkers in the kernel (<debugfs>/walk_ancestors/torture) the deepest
 * directories, and meanwhile runs, all at once:
 *
 *   renamers   moving directories of the walked chains up, down, across and
 *              with RENAME_EXCHANGE, and out of a bind mount and back;
 *   mounters   mounting tmpfs on directories of the chains (below the
 *              renamed ones, which a mount would pin), stacked and lazily
 *              unmounted (MNT_DETACH) too;
 *   a remover  deleting and recreating a walked subtree;
 *   movers     moving (MS_MOVE) a mount that walked chains cross between
 *              two places of the tree, as pivot_root() moves mounts;
 *
 * and the module's own renamer of the "torn" tree, whose lockless chains
 * the module checks against the tree's states (see
 * fs/walk_ancestors_torture.c). (chroot() is not churn for the walk: it
 * ignores process roots.)
 *
 * Then it prints the walkers' figures and each kind of churn's count of
 * operations, and checks: every kind did something, no walk failed, every
 * lockless chain existed link by link, every lockless chain of the torn
 * tree was its state at one instant of the walk, restarts stayed within
 * the walker's bound (2), and afterwards every mount unmounts without
 * EBUSY and the mount table is back to where it was (no reference leaked).
 *
 *   walk_torture [SECONDS]   (default 20; WALK_TORTURE_SECONDS also works)
 *   walk_torture badsleep    one walk whose callback may sleep where it must not
 *
 * Prints TAP (kselftest.h). A figure missing from the walkers' report fails
 * the checks that use it.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest.h"
#include "walkrules.h"

#define CTL "/sys/kernel/debug/walk_ancestors/torture"
#define T "/tmp/walk-torture"
#define MAX_RESTARTS 2
/* Levels between z and P in the torn tree (the module walks at most 128). */
#define TORN_DEPTH 100

static atomic_int stop;

static void on_alarm(int sig)
{
	stop = 1;
}

static void ok(int cond, const char *what)
{
	ksft_test_result(cond, "%s\n", what);
	fflush(stdout);
}

static int count_mounts(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "r");
	int c, n = 0;

	if (!f)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/*
 * Unmounts, without MNT_DETACH, every mount below T, deepest first; returns
 * how many could not be (EBUSY: something still references them).
 */
static int umount_all_below(void)
{
	char line[1024], mp[512];
	int left = 0, pass;

	for (pass = 0; pass < 64; pass++) {
		FILE *f = fopen("/proc/self/mountinfo", "r");
		int done = 0;

		left = 0;
		while (f && fgets(line, sizeof(line), f)) {
			/* Field 5 is the mount point. */
			if (sscanf(line, "%*s %*s %*s %*s %511s", mp) != 1 ||
			    strncmp(mp, T "/", strlen(T "/")))
				continue;
			left++;
			if (!umount2(mp, 0))
				done++;
		}
		if (f)
			fclose(f);
		if (!left || !done)
			break;
	}
	return left;
}

/* Operations per kind of churn, counted by the children in shared memory. */
enum { RENAMER, MOUNTER, REMOVER, MOVER, NR_CHURN };
static const char *const churn_names[] = { "renamers", "mounters", "remover", "movers" };
static atomic_long *ops_of;
static atomic_long *ops;

static void renamer(int which)
{
	static const char *const pairs[][2] = {
		{ T "/a/b", T "/x" },			/* up and back */
		{ T "/a/b/c/d", T "/a/y" },		/* across */
		{ T "/s/in/leaf", T "/s/out" },		/* out of the bind mount */
		{ T "/a/b/c", T "/z/c" },		/* down */
	};
	const char *const *p = pairs[which % 4];

	while (!stop) {
		if (which % 2) {
			if (!syscall(__NR_renameat2, AT_FDCWD, p[0], AT_FDCWD, p[1],
				     RENAME_EXCHANGE))
				(*ops)++;
		} else if (!rename(p[0], p[1]) || !rename(p[1], p[0])) {
			(*ops)++;
		}
	}
}

static void mounter(int which)
{
	/*
	 * On the walked chains, but not on a directory the renamers move (a
	 * mount point cannot be renamed) nor above one (it would hide it).
	 */
	static const char *const dirs[] = {
		T "/a/b/c/d/e", T "/a/b/c/d/e/f/g", T "/s/in/leaf/l2",
	};
	const char *dir = dirs[which % 3];
	long i = 0;

	while (!stop) {
		if (mount("tmpfs", dir, "tmpfs", 0, NULL))
			continue;
		(*ops)++;
		/* Stacked now and then, and lazily unmounted half the time. */
		if (i % 3 == 0 && !mount("tmpfs", dir, "tmpfs", 0, NULL))
			umount2(dir, MNT_DETACH);
		umount2(dir, i++ % 2 ? MNT_DETACH : 0);
	}
}

/* Through h itself, whatever is mounted on the way there. */
static void remover(int h)
{
	while (!stop) {
		mkdirat(h, "r1", 0755);
		mkdirat(h, "r1/r2", 0755);
		mkdirat(h, "r1/r2/r3", 0755);
		if (!unlinkat(h, "r1/r2/r3", AT_REMOVEDIR) &&
		    !unlinkat(h, "r1/r2", AT_REMOVEDIR) &&
		    !unlinkat(h, "r1", AT_REMOVEDIR))
			(*ops)++;
	}
}

/* Moves the mount on T/mv1 (walked from inside) to a/b/mv2 and back. */
static void mover(void)
{
	while (!stop) {
		if (mount(T "/mv1", T "/a/b/mv2", NULL, MS_MOVE, NULL))
			continue;
		(*ops)++;
		while (!stop && mount(T "/a/b/mv2", T "/mv1", NULL, MS_MOVE, NULL))
			;
	}
}

static long stat_of(const char *figures, const char *name)
{
	const char *p = strstr(figures, name);

	if (!p)
		ksft_print_msg("figure %s missing from the report\n", name);
	return p ? atol(p + strlen(name) + 1) : -1;
}

static int run_bad_sleep(void)
{
	int ctl = open(CTL, O_WRONLY), fd = open("/", O_PATH);
	char cmd[32];
	int n;

	if (ctl < 0 || fd < 0) {
		perror(CTL);
		return 1;
	}
	n = snprintf(cmd, sizeof(cmd), "badsleep %d", fd);
	printf("# %s: one walk whose callback takes a mutex without VFS_WALK_MAY_SLEEP\n",
	       __func__);
	fflush(stdout);
	return write(ctl, cmd, n) == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *env = getenv("WALK_TORTURE_SECONDS");
	int seconds = env ? atoi(env) : 20, ctl, i, n, mounts_before, h;
	static const char *const starts[] = {
		T "/a/b/c/d/e/f/g/h", T "/a/b/c/d", T "/s/bind/leaf/l2",
		T "/a/b", T "/a/b/c/d/e/f/g/h/r1", T "/z", T "/mv1/in/deep",
	};
	/*
	 * The torn tree, in the module's order: a, P, Q, z, R, S, with P and Q
	 * TORN_DEPTH levels below z.
	 */
	static char deep[512], torn[6][600];
	int fds[ARRAY_SIZE(starts)], tfds[ARRAY_SIZE(torn)];
	char cmd[128], figures[1024];
	pid_t pids[16];
	int nr = 0, kinds_ran = 1;

	if (argc == 2 && !strcmp(argv[1], "badsleep"))
		return run_bad_sleep();
	if (argc == 2)
		seconds = atoi(argv[1]);
	ksft_print_header();
	ksft_set_plan(8);
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		ksft_exit_fail_msg("mount namespace: %s\n", strerror(errno));
	mkdir(T, 0755);
	if (mount("tmpfs", T, "tmpfs", 0, NULL))
		ksft_exit_fail_msg("tmpfs on %s: %s\n", T, strerror(errno));
	mounts_before = count_mounts();
	mkdirs(T "/a/b/c/d/e/f/g/h/r1");
	mkdirs(T "/z/c");	/* exchanged with a/b/c */
	mkdirs(T "/a/y");	/* exchanged with a/b/c/d */
	mkdirs(T "/s/out");	/* exchanged with s/in/leaf, out of the bind mount */
	mkdirs(T "/s/in/leaf/l2");
	mkdirs(T "/s/bind");
	mkdirs(T "/a/b/mv2");
	mkdirs(T "/mv1");
	n = snprintf(deep, sizeof(deep), T "/t/R/z");
	for (i = 0; i < TORN_DEPTH; i++)
		n += snprintf(deep + n, sizeof(deep) - n, "/m");
	snprintf(torn[0], sizeof(torn[0]), "%s/P/a", deep);
	snprintf(torn[1], sizeof(torn[1]), "%s/P", deep);
	snprintf(torn[2], sizeof(torn[2]), "%s/Q", deep);
	snprintf(torn[3], sizeof(torn[3]), T "/t/R/z");
	snprintf(torn[4], sizeof(torn[4]), T "/t/R");
	snprintf(torn[5], sizeof(torn[5]), T "/t/S");
	mkdirs(torn[0]);
	mkdirs(torn[2]);
	mkdirs(torn[5]);
	if (mount(T "/s/in", T "/s/bind", NULL, MS_BIND, NULL) ||
	    mount("tmpfs", T "/mv1", "tmpfs", 0, NULL))
		ksft_exit_fail_msg("mounts: %s\n", strerror(errno));
	mkdirs(T "/mv1/in/deep");
	for (i = 0, n = 0; i < ARRAY_SIZE(starts); i++) {
		fds[i] = open(starts[i], O_PATH | O_CLOEXEC);
		if (fds[i] < 0)
			ksft_exit_fail_msg("%s: %s\n", starts[i], strerror(errno));
		n += snprintf(cmd + n, sizeof(cmd) - n, "%s%d", i ? " " : "", fds[i]);
	}
	for (i = 0; i < ARRAY_SIZE(torn); i++) {
		tfds[i] = open(torn[i], O_PATH | O_CLOEXEC);
		if (tfds[i] < 0)
			ksft_exit_fail_msg("%s: %s\n", torn[i], strerror(errno));
		n += snprintf(cmd + n, sizeof(cmd) - n, "%s%d", i ? "," : " torn=",
			      tfds[i]);
	}
	h = open(T "/a/b/c/d/e/f/g/h", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ops_of = mmap(NULL, NR_CHURN * sizeof(*ops_of), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (h < 0 || ops_of == MAP_FAILED)
		ksft_exit_fail_msg("set-up: %s\n", strerror(errno));

	signal(SIGALRM, on_alarm);
	for (i = 0; i < 9; i++) {
		pids[nr] = fork();
		if (!pids[nr]) {
			alarm(seconds);
			if (i < 4) {
				ops = &ops_of[RENAMER];
				renamer(i);
			} else if (i < 7) {
				ops = &ops_of[MOUNTER];
				mounter(i);
			} else if (i < 8) {
				ops = &ops_of[REMOVER];
				remover(h);
			} else {
				ops = &ops_of[MOVER];
				mover();
			}
			_exit(0);
		}
		nr++;
	}
	ctl = open(CTL, O_RDWR);
	if (ctl < 0)
		ksft_exit_fail_msg("%s: %s\n", CTL, strerror(errno));
	{
		char run[160];
		int len = snprintf(run, sizeof(run), "%d %s", seconds, cmd);

		ok(write(ctl, run, len) == len, "the walkers ran");
	}
	for (i = 0; i < nr; i++)
		waitpid(pids[i], NULL, 0);
	/* Each kind of churn did something, on the walked chains. */
	for (i = 0; i < NR_CHURN; i++) {
		printf("# churn: %s: %ld operations\n", churn_names[i],
		       (long)ops_of[i]);
		kinds_ran &= ops_of[i] >= 10;
	}
	ok(kinds_ran, "every kind of churn ran (at least 10 operations each)");
	n = pread(ctl, figures, sizeof(figures) - 1, 0);
	figures[n > 0 ? n : 0] = '\0';
	for (char *line = strtok(figures, "\n"); line; line = strtok(NULL, "\n"))
		printf("# %s\n", line);
	n = pread(ctl, figures, sizeof(figures) - 1, 0);
	figures[n > 0 ? n : 0] = '\0';
	ok(stat_of(figures, "errors") == 0, "every walk terminated without error");
	ok(stat_of(figures, "bad_chains") == 0, "every lockless chain existed link by link");
	ok(stat_of(figures, "torn_bad") == 0 && stat_of(figures, "torn_judged") > 0 &&
	   stat_of(figures, "torn_moves") > 0 && stat_of(figures, "torn_move_errors") == 0,
	   "every lockless chain of the torn tree was its state at one instant of the walk");
	ok(stat_of(figures, "max_restarts") >= 0 &&
	   stat_of(figures, "max_restarts") <= MAX_RESTARTS,
	   "restarts stayed within the bound (2)");
	ok(stat_of(figures, "rcu_answers") > 0 && stat_of(figures, "ref_answers") > 0 &&
	   stat_of(figures, "echild") > 0 && stat_of(figures, "refs_taken") > 0,
	   "lockless and reference answers, -ECHILD and references all exercised");
	for (i = 0; i < ARRAY_SIZE(starts); i++)
		close(fds[i]);
	for (i = 0; i < ARRAY_SIZE(torn); i++)
		close(tfds[i]);
	close(h);
	/* No reference leaked: everything unmounts, the table is as it was. */
	n = umount_all_below();
	if (n)
		printf("# %d mounts could not be unmounted\n", n);
	ok(n == 0 && count_mounts() == mounts_before,
	   "all mounts unmount without EBUSY and the mount table is back");
	ksft_finished();
}
