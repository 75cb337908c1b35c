// SPDX-License-Identifier: GPL-2.0
/*
 * The guest half of `make bench`: prints one tab-separated line per
 * measurement, for scripts/bench.py to turn into tables and plots.
 *
 *   walk_bench walk        ns per walk: floor, rcu, ref, refloop, by depth,
 *                          in a plain tree and across a tmpfs and a bind mount
 *   walk_bench contention  walks per second with 1 and 2 walkers (one per
 *                          CPU) on one shared path, rcu and ref
 *   walk_bench landlock    ns per openat() and Landlock's walk time per check,
 *                          by depth, in two rule layouts
 *   walk_bench clock       the kernel clock: ns per ktime_get_ns() read and
 *                          its smallest step
 *
 * WALK_BENCH_REPS in the environment sets the repetitions (default 5).
 *
 * Line formats:
 *   clock REP NS_PER_READ SMALLEST_STEP_NS
 *   walk LAYOUT MODE DEPTH REP NS_PER_WALK VISITS
 *   contention MODE WALKERS REP WALKS_PER_SEC
 *   landlock LAYOUT DEPTH REP NS_PER_OPENAT HOOK_NS_PER_CHECK
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
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

#define BENCH "/sys/kernel/debug/walk_ancestors/bench"
#define WALK_TIME "/sys/kernel/debug/landlock/walk_time"
#define BASE "/tmp/walk-bench"
static int reps = 5;
#define REPS reps
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void die(const char *what)
{
	fprintf(stderr, "walk_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Creates @depth nested directories "d" under @dirfd; returns the deepest. */
static int deep_tree(int dirfd, int depth)
{
	int fd = dup(dirfd), next, i;

	for (i = 0; i < depth; i++) {
		if (mkdirat(fd, "d", 0755) && errno != EEXIST)
			die("mkdirat");
		next = openat(fd, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (next < 0)
			die("openat");
		close(fd);
		fd = next;
	}
	return fd;
}

/* One in-kernel measurement: ns per walk, and ancestors per walk. */
static double bench_once(int bench, const char *mode, unsigned long long iters,
			 int fd, unsigned long long *visits)
{
	char buf[96], m[16];
	unsigned long long it, ns;
	int n;

	n = snprintf(buf, sizeof(buf), "%s %llu %d", mode, iters, fd);
	if (write(bench, buf, n) != n)
		die("bench write");
	n = pread(bench, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		die("bench read");
	buf[n] = '\0';
	if (sscanf(buf, "%15s %llu %llu %llu", m, &it, visits, &ns) != 4)
		die("bench result");
	return (double)ns / iters;
}

/* Enough iterations for about @target_ns per measurement. */
static unsigned long long calibrate(int bench, const char *mode, int fd,
				    double target_ns)
{
	unsigned long long visits;
	double per = bench_once(bench, mode, 20, fd, &visits);
	double iters = target_ns / (per > 1 ? per : 1);

	return iters < 20 ? 20 : iters > 2000000 ? 2000000 : (unsigned long long)iters;
}

static const char *const modes[] = { "floor", "rcu", "ref", "refloop" };
static const int depths[] = { 1, 4, 16, 64, 256, 1024, 4096 };

static void bench_walks(const char *layout, int top)
{
	int bench = open(BENCH, O_RDWR | O_CLOEXEC);
	unsigned long long iters[4], visits;
	int d, m, rep, fd;

	if (bench < 0)
		die(BENCH);
	for (d = 0; d < (int)ARRAY_SIZE(depths); d++) {
		fd = deep_tree(top, depths[d]);
		for (m = 0; m < 4; m++)
			iters[m] = calibrate(bench, modes[m], fd, 20e6);
		/* Modes interleaved within each repetition, for fairness. */
		for (rep = 0; rep < REPS; rep++)
			for (m = 0; m < 4; m++) {
				double ns = bench_once(bench, modes[m], iters[m],
						       fd, &visits);

				printf("walk\t%s\t%s\t%d\t%d\t%.1f\t%llu\n", layout,
				       modes[m], depths[d], rep, ns, visits);
				fflush(stdout);
			}
		close(fd);
	}
	close(bench);
}

static void setup_base(void)
{
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		die("mount namespace");
	mkdir(BASE, 0755);
	if (mount("tmpfs", BASE, "tmpfs", 0, NULL))
		die("mount " BASE);
}

static void cmd_walk(void)
{
	int top;

	setup_base();
	/* Plain: BASE/plain/d/d/... */
	mkdir(BASE "/plain", 0755);
	top = open(BASE "/plain", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bench_walks("plain", top);
	close(top);
	/* Mounts: a tmpfs at BASE/t, and in it x bind-mounted on y. */
	mkdir(BASE "/t", 0755);
	if (mount("tmpfs", BASE "/t", "tmpfs", 0, NULL))
		die("mount tmpfs");
	mkdir(BASE "/t/x", 0755);
	mkdir(BASE "/t/y", 0755);
	if (mount(BASE "/t/x", BASE "/t/y", NULL, MS_BIND, NULL))
		die("bind mount");
	top = open(BASE "/t/y", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bench_walks("mounts", top);
	close(top);
}

static void cmd_clock(void)
{
	int bench = open(BENCH, O_RDWR | O_CLOEXEC), rep;
	unsigned long long step;
	double ns;

	if (bench < 0)
		die(BENCH);
	for (rep = 0; rep < REPS; rep++) {
		ns = bench_once(bench, "clock", 1000000, bench, &step);
		printf("clock\t%d\t%.2f\t%llu\n", rep, ns, step);
	}
	close(bench);
}

static void cmd_contention(void)
{
	static const char *const cmodes[] = { "rcu", "ref" };
	int top, fd, m, walkers, rep, i, status;
	unsigned long long iters;

	setup_base();
	mkdir(BASE "/c", 0755);
	top = open(BASE "/c", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd = deep_tree(top, 64);
	for (m = 0; m < 2; m++) {
		int bench = open(BENCH, O_RDWR | O_CLOEXEC);

		iters = calibrate(bench, cmodes[m], fd, 200e6);
		close(bench);
		for (rep = 0; rep < REPS; rep++)
			for (walkers = 1; walkers <= 2; walkers++) {
				unsigned long long start = now_ns(), end;

				for (i = 0; i < walkers; i++) {
					if (fork() == 0) {
						cpu_set_t set;
						unsigned long long visits;
						int bench;

						CPU_ZERO(&set);
						CPU_SET(i, &set);
						sched_setaffinity(0, sizeof(set), &set);
						bench = open(BENCH, O_RDWR | O_CLOEXEC);
						bench_once(bench, cmodes[m], iters, fd, &visits);
						_exit(0);
					}
				}
				for (i = 0; i < walkers; i++)
					wait(&status);
				end = now_ns();
				printf("contention\t%s\t%d\t%d\t%.0f\n", cmodes[m],
				       walkers, rep,
				       walkers * iters * 1e9 / (end - start));
				fflush(stdout);
			}
	}
}

static int read_walk_time(unsigned long long *calls, unsigned long long *ns)
{
	FILE *f = fopen(WALK_TIME, "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "calls %llu ns %llu", calls, ns);
	fclose(f);
	return n == 2 ? 0 : -1;
}

static int add_rule(int ruleset, int dirfd, __u64 access)
{
	struct landlock_path_beneath_attr b = {
		.allowed_access = access,
		.parent_fd = dirfd,
	};

	return syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		       &b, 0);
}

/*
 * (a) Landlock's own filesystem benchmark: a rule on every directory
 *     granting an access that is not requested; openat(O_CREAT) denied.
 * (b) Tingmao Wang's RFC: two rules near the root; an openat() they allow.
 */
static void landlock_one(char layout, int depth, int rep)
{
	unsigned long long c0, n0, c1, n1, start, end, count;
	int top, leaf, fd, i, ruleset, dir, ready[2], go_pipe[2];
	char go;
	pid_t child;
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = layout == 'a' ?
			LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_EXECUTE :
			LANDLOCK_ACCESS_FS_READ_FILE,
	};

	count = depth >= 1000 ? 200 : depth >= 100 ? 1000 : 4000;
	top = open(BASE "/ll", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	leaf = deep_tree(top, depth);
	fd = openat(leaf, "f", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	close(fd);
	if (pipe(ready) || pipe(go_pipe))
		die("pipe");
	child = fork();
	if (!child) {
		ruleset = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
		if (ruleset < 0)
			die("landlock_create_ruleset");
		if (layout == 'a') {
			dir = dup(top);
			for (i = 0; i <= depth; i++) {
				int next;

				if (add_rule(ruleset, dir, LANDLOCK_ACCESS_FS_EXECUTE))
					die("landlock_add_rule");
				next = openat(dir, "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				close(dir);
				if (next < 0)
					break;
				dir = next;
			}
		} else {
			if (add_rule(ruleset, top, LANDLOCK_ACCESS_FS_READ_FILE))
				die("landlock_add_rule");
			dir = open(BASE, O_PATH | O_CLOEXEC);
			if (add_rule(ruleset, dir, LANDLOCK_ACCESS_FS_READ_FILE))
				die("landlock_add_rule");
			close(dir);
		}
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(__NR_landlock_restrict_self, ruleset, 0))
			die("landlock_restrict_self");
		if (write(ready[1], "r", 1) != 1 || read(go_pipe[0], &go, 1) != 1)
			die("sync");
		start = now_ns();
		for (i = 0; i < (int)count; i++) {
			if (layout == 'a') {
				fd = openat(leaf, "new", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
				if (fd >= 0 || errno != EACCES)
					die("openat(O_CREAT) was not denied");
			} else {
				fd = openat(leaf, "f", O_RDONLY | O_CLOEXEC);
				if (fd < 0)
					die("openat was not allowed");
				close(fd);
			}
		}
		end = now_ns();
		/* The parent printed the line's start; it adds the hook's time. */
		printf("%llu\t", (end - start) / count);
		fflush(stdout);
		_exit(0);
	}
	if (read(ready[0], &go, 1) != 1)
		die("sync");
	if (read_walk_time(&c0, &n0)) {
		c0 = 0;
		n0 = 0;
	}
	printf("landlock\t%c\t%d\t%d\t", layout, depth, rep);
	fflush(stdout);
	if (write(go_pipe[1], "g", 1) != 1)
		die("sync");
	waitpid(child, NULL, 0);
	close(ready[0]);
	close(ready[1]);
	close(go_pipe[0]);
	close(go_pipe[1]);
	if (read_walk_time(&c1, &n1) || c1 == c0)
		printf("-\n");
	else
		printf("%.1f\n", (double)(n1 - n0) / (c1 - c0));
	close(leaf);
	close(top);
}

static void cmd_landlock(void)
{
	static const int ns[] = { 1, 10, 30, 100, 1000 };
	int i, rep;
	char layout;

	setup_base();
	for (layout = 'a'; layout <= 'b'; layout++)
		for (i = 0; i < 5; i++) {
			mkdir(BASE "/ll", 0755);
			for (rep = 0; rep < REPS; rep++)
				landlock_one(layout, ns[i], rep);
			system("rm -rf " BASE "/ll");
		}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("WALK_BENCH_REPS"))
		reps = atoi(getenv("WALK_BENCH_REPS"));
	if (reps < 1 || reps > 1000) {
		fprintf(stderr, "walk_bench: WALK_BENCH_REPS must be 1..1000\n");
		return 2;
	}
	if (argc == 2 && !strcmp(argv[1], "walk")) {
		cmd_walk();
	} else if (argc == 2 && !strcmp(argv[1], "contention")) {
		cmd_contention();
	} else if (argc == 2 && !strcmp(argv[1], "landlock")) {
		cmd_landlock();
	} else if (argc == 2 && !strcmp(argv[1], "clock")) {
		cmd_clock();
	} else {
		fprintf(stderr, "usage: walk_bench walk|contention|landlock|clock\n");
		return 2;
	}
	return 0;
}
