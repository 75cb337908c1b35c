// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF path walks side by side (make bench): per walk from a file to the
 * root, the referenced iterator (bpf_for_each(path)), the lockless iterator
 * checked with bpf_iter_path_rcu_valid(), with and without each ancestor's
 * race-checked name, and the probe-read loop BPF tools ship today
 * (progs/path_iter_probe_loop.h, with bpf_loop()), with and without copying
 * each d_name; in a tmpfs, at the depths of walk_bench. Each figure is one
 * region of about 20 ms of walks timed in the program (path_iter_bench.bpf.c)
 * when this process opens the deepest file; the modes run in a random order
 * in each repetition.
 *
 * WALK_BENCH_REPS in the environment sets the repetitions (default 5).
 *
 * Line formats:
 *   bpfwalk-platform CPUS JIT SPECTRE_V2
 *   bpfwalk-seed SEED          (of the modes' order)
 *   bpfwalk MODE DEPTH REP NS_PER_WALK ANCESTORS_PER_WALK INVALID_WALKS
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include "path_iter_bench.h"
#include "path_iter_bench.skel.h"

#define BASE "/tmp/path-iter-bench"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define TARGET_NS 20e6

static const struct {
	int mode;
	const char *name;
} modes[] = {
	{ BENCH_REF, "ref" },
	{ BENCH_RCU, "rcu" },
	{ BENCH_RCU_NAMES, "rcu-names" },
	{ BENCH_PROBE, "probe" },
	{ BENCH_PROBE_NAMES, "probe-names" },
};

static const int depths[] = { 1, 4, 16, 64, 256, 1024, 4096 };

static void die(const char *what)
{
	fprintf(stderr, "path_iter_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* @depth nested directories "d" under @dirfd, and a file f in the deepest: its fd. */
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
	next = openat(fd, "f", O_CREAT | O_RDONLY | O_CLOEXEC, 0644);
	if (next < 0)
		die("create f");
	close(next);
	return fd;
}

/* One region: @walks walks in @mode. */
static double bench_once(struct path_iter_bench *skel, int mode, unsigned int walks,
			 int dirfd, double *per_walk, unsigned int *invalid)
{
	int fd;

	skel->bss->mode = mode;
	skel->bss->walks = walks;
	skel->bss->elapsed_ns = 0;
	skel->bss->visits = 0;
	fd = openat(dirfd, "f", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open f");
	close(fd);
	if (!skel->bss->elapsed_ns) {
		errno = EIO;
		die("the program did not run");
	}
	*per_walk = (double)skel->bss->visits / walks;
	*invalid = skel->bss->invalid;
	return (double)skel->bss->elapsed_ns / walks;
}

static unsigned int calibrate(struct path_iter_bench *skel, int mode, int dirfd)
{
	unsigned int invalid;
	double anc, per = bench_once(skel, mode, 4, dirfd, &anc, &invalid);
	double walks = TARGET_NS / (per > 1 ? per : 1);

	return walks < 4 ? 4 : walks > 1000000 ? 1000000 : (unsigned int)walks;
}

static void print_machine(void)
{
	char jit[16] = "?", spectre[256] = "?";
	FILE *f;

	f = fopen("/proc/sys/net/core/bpf_jit_enable", "r");
	if (f) {
		if (!fgets(jit, sizeof(jit), f))
			snprintf(jit, sizeof(jit), "?");
		fclose(f);
	}
	f = fopen("/sys/devices/system/cpu/vulnerabilities/spectre_v2", "r");
	if (f) {
		if (!fgets(spectre, sizeof(spectre), f))
			snprintf(spectre, sizeof(spectre), "?");
		fclose(f);
	}
	jit[strcspn(jit, "\n")] = 0;
	spectre[strcspn(spectre, "\n")] = 0;
	printf("bpfwalk-platform\t%ld\t%s\t%s\n", sysconf(_SC_NPROCESSORS_ONLN), jit, spectre);
}

int main(void)
{
	const char *env = getenv("WALK_BENCH_REPS");
	int reps = env ? atoi(env) : 5;
	struct path_iter_bench *skel;
	unsigned int walks[ARRAY_SIZE(modes)], invalid, seed;
	int order[ARRAY_SIZE(modes)];
	int top, d, m, rep, fd, i, j, t;
	double ns, anc;

	if (reps < 1)
		reps = 1;
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		die("mount namespace");
	mkdir(BASE, 0755);
	if (mount("tmpfs", BASE, "tmpfs", 0, NULL))
		die("mount " BASE);
	top = open(BASE, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (top < 0)
		die(BASE);
	skel = path_iter_bench__open_and_load();
	if (!skel)
		die("path_iter_bench__open_and_load");
	if (path_iter_bench__attach(skel))
		die("path_iter_bench__attach");
	skel->bss->bench_pid = getpid();
	print_machine();
	seed = time(NULL);
	srand(seed);
	printf("bpfwalk-seed\t%u\n", seed);

	for (d = 0; d < (int)ARRAY_SIZE(depths); d++) {
		/* No walks while the tree is built: its opens are not measured. */
		skel->bss->mode = 0;
		fd = deep_tree(top, depths[d]);
		for (m = 0; m < (int)ARRAY_SIZE(modes); m++)
			walks[m] = calibrate(skel, modes[m].mode, fd);
		for (rep = 0; rep < reps; rep++) {
			/* A new order of the modes in every repetition (Fisher-Yates). */
			for (i = 0; i < (int)ARRAY_SIZE(modes); i++)
				order[i] = i;
			for (i = ARRAY_SIZE(modes) - 1; i > 0; i--) {
				j = rand() % (i + 1);
				t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
			for (i = 0; i < (int)ARRAY_SIZE(modes); i++) {
				m = order[i];
				ns = bench_once(skel, modes[m].mode, walks[m], fd, &anc, &invalid);
				printf("bpfwalk\t%s\t%d\t%d\t%.1f\t%.1f\t%u\n", modes[m].name,
				       depths[d], rep, ns, anc, invalid);
				fflush(stdout);
			}
		}
		close(fd);
	}
	path_iter_bench__destroy(skel);
	return 0;
}
