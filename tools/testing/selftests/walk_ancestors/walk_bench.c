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
 *   walk_bench renames     Landlock under unrelated rename churn: layout (b)
 *                          at depth 30 opened for a second while a renamer on
 *                          the other CPU renames in a tree the opener never
 *                          walks, at 0, 1k, 10k, 100k renames/s and flat out
 *
 * WALK_BENCH_REPS in the environment sets the repetitions (default 5).
 *
 * Line formats:
 *   clock REP NS_PER_READ SMALLEST_STEP_NS
 *   walk LAYOUT MODE DEPTH REP NS_PER_WALK VISITS
 *   contention MODE WALKERS REP WALKS_PER_SEC
 *   landlock LAYOUT DEPTH REP NS_PER_OPENAT HOOK_NS_PER_CHECK
 *   renames RATE REP RENAMES_PER_SEC HOOK_NS_PER_CHECK OPENAT_P50_NS
 *           OPENAT_P99_NS RCU_ANSWERS REF_ANSWERS RESTARTS CHECKS
 *           (RATE 0: no renamer; -1: flat out)
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
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

#define BENCH "/sys/kernel/debug/walk_ancestors/bench"
#define WALK_TIME "/sys/kernel/debug/landlock/walk_time"
#define WALK_STATS "/sys/kernel/debug/landlock/walk_stats"
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

/* Layout (b): read access granted at @top and at BASE. */
static void add_layout_b_rules(int ruleset, int top)
{
	int dir;

	if (add_rule(ruleset, top, LANDLOCK_ACCESS_FS_READ_FILE))
		die("landlock_add_rule");
	dir = open(BASE, O_PATH | O_CLOEXEC);
	if (add_rule(ruleset, dir, LANDLOCK_ACCESS_FS_READ_FILE))
		die("landlock_add_rule");
	close(dir);
}

static void restrict_self(int ruleset)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(__NR_landlock_restrict_self, ruleset, 0))
		die("landlock_restrict_self");
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
			add_layout_b_rules(ruleset, top);
		}
		restrict_self(ruleset);
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

/* Landlock's walk counters (<debugfs>/landlock/walk_stats). */
struct stats {
	unsigned long long rcu, ref, restarts;
};

static int read_stats(struct stats *s)
{
	FILE *f = fopen(WALK_STATS, "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "rcu_answers %llu ref_answers %llu restarts %llu", &s->rcu, &s->ref,
		   &s->restarts);
	fclose(f);
	return n == 3 ? 0 : -1;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

#define RENAME_OPENS_MAX 200000

/*
 * One second of Landlock checks (layout b, depth 30: two rules near the
 * root, an openat() they allow) on CPU 0 while a renamer on CPU 1 renames a
 * file with another in BASE/churn (RENAME_EXCHANGE: d_exchange(), which
 * writes rename_lock as d_move() does), which no check walks, @rate times per
 * second (paced per millisecond by spinning; 0: no renamer; -1: as fast as it
 * can).
 */
static void renames_one(int rate, int rep, int top, int leaf)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE,
	};
	unsigned long long c0, n0, c1, n1, *lat, start, t, end;
	unsigned long long *renamed;	/* shared with the children: atomics */
	struct stats s0, s1;
	int ruleset, fd, n = 0, status;
	pid_t renamer = 0, opener;
	int ready[2];
	char go;

	renamed = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	lat = mmap(NULL, RENAME_OPENS_MAX * sizeof(*lat), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (renamed == MAP_FAILED || lat == MAP_FAILED)
		die("mmap");
	/* Renames done; set: stop; opens done. */
	renamed[0] = 0;
	renamed[1] = 0;
	renamed[2] = 0;
	if (rate) {
		renamer = fork();
		if (!renamer) {
			unsigned long long next = now_ns(), i = 0;
			long burst = rate > 1000 ? rate / 1000 : 1;
			long period = rate > 1000 ? 1000000 : rate > 0 ? 1000000000 / rate : 0;

			pin(1);
			while (!__atomic_load_n(&renamed[1], __ATOMIC_RELAXED)) {
				long b;

				for (b = 0; b < burst; b++, i++) {
					/* Both always exist: the next run finds them. */
					if (syscall(__NR_renameat2, AT_FDCWD, BASE "/churn/x",
						    AT_FDCWD, BASE "/churn/y", RENAME_EXCHANGE))
						die("renameat2(RENAME_EXCHANGE)");
					__atomic_store_n(&renamed[0], i + 1, __ATOMIC_RELAXED);
				}
				/*
				 * Paced by spinning on the clock: this CPU is the
				 * renamer's, and a sleep would round to the tick.
				 */
				if (period) {
					next += period;
					while (now_ns() < next &&
					       !__atomic_load_n(&renamed[1], __ATOMIC_RELAXED))
						;
				}
			}
			_exit(0);
		}
	}
	if (pipe(ready))
		die("pipe");
	opener = fork();
	if (!opener) {
		pin(0);
		ruleset = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr), 0);
		if (ruleset < 0)
			die("landlock_create_ruleset");
		add_layout_b_rules(ruleset, top);
		restrict_self(ruleset);
		if (write(ready[1], "r", 1) != 1)
			die("sync");
		start = now_ns();
		end = start + 1000000000ULL;
		for (t = start; t < end && n < RENAME_OPENS_MAX; n++) {
			fd = openat(leaf, "f", O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				die("openat was not allowed");
			close(fd);
			lat[n] = now_ns() - t;
			t += lat[n];
		}
		__atomic_store_n(&renamed[2], n, __ATOMIC_RELAXED);
		_exit(0);
	}
	if (read(ready[0], &go, 1) != 1)
		die("sync");
	/* The opener's checks only (the renamer has no Landlock domain). */
	/* No counters on a kernel with Landlock's unchanged walk: zeros. */
	if (read_walk_time(&c0, &n0))
		die(WALK_TIME);
	if (read_stats(&s0))
		memset(&s0, 0, sizeof(s0));
	start = now_ns();
	t = __atomic_load_n(&renamed[0], __ATOMIC_RELAXED);
	waitpid(opener, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("opener failed");
	end = now_ns();
	t = __atomic_load_n(&renamed[0], __ATOMIC_RELAXED) - t;
	if (read_walk_time(&c1, &n1))
		die(WALK_TIME);
	if (read_stats(&s1))
		memset(&s1, 0, sizeof(s1));
	__atomic_store_n(&renamed[1], 1, __ATOMIC_RELAXED);
	if (renamer)
		waitpid(renamer, NULL, 0);
	n = __atomic_load_n(&renamed[2], __ATOMIC_RELAXED);
	qsort(lat, n, sizeof(*lat), cmp_ull);
	printf("renames\t%d\t%d\t%.0f\t%.1f\t%llu\t%llu\t%llu\t%llu\t%llu\t%llu\n", rate, rep,
	       t * 1e9 / (end - start), c1 > c0 ? (double)(n1 - n0) / (c1 - c0) : 0.0,
	       lat[n / 2], lat[n * 99 / 100], s1.rcu - s0.rcu, s1.ref - s0.ref,
	       s1.restarts - s0.restarts, c1 - c0);
	close(ready[0]);
	close(ready[1]);
	munmap(renamed, 4096);
	munmap(lat, RENAME_OPENS_MAX * sizeof(*lat));
}

static void cmd_renames(void)
{
	static const int rates[] = { 0, 1000, 10000, 100000, -1 };
	int top, leaf, fd, i, rep;

	setup_base();
	mkdir(BASE "/ll", 0755);
	mkdir(BASE "/churn", 0755);
	for (i = 0; i < 2; i++) {
		fd = open(i ? BASE "/churn/y" : BASE "/churn/x", O_CREAT | O_WRONLY | O_CLOEXEC,
			  0644);
		if (fd < 0)
			die("churn file");
		close(fd);
	}
	top = open(BASE "/ll", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	leaf = deep_tree(top, 30);
	fd = openat(leaf, "f", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	close(fd);
	/* Rates interleaved within each repetition, for fairness. */
	for (rep = 0; rep < REPS; rep++)
		for (i = 0; i < (int)ARRAY_SIZE(rates); i++)
			renames_one(rates[i], rep, top, leaf);
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
	} else if (argc == 2 && !strcmp(argv[1], "renames")) {
		cmd_renames();
	} else {
		fprintf(stderr, "usage: walk_bench walk|contention|landlock|clock|renames\n");
		return 2;
	}
	return 0;
}
