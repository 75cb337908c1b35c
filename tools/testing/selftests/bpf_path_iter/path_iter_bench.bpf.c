// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF half of path_iter_bench: when the benchmark process opens a file,
 * walk from it to the root @walks times in one mode, timed as one region,
 * and record the time and the ancestors reached. The mode is chosen before
 * the region; nothing but the walks is inside it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_experimental.h"
#include "progs/path_iter_kfuncs.h"
#include "progs/path_iter_probe_loop.h"
#include "path_iter_bench.h"

char _license[] SEC("license") = "GPL";

__u32 bench_pid;
int mode;
__u32 walks;
__u64 elapsed_ns;
__u64 visits;		/* ancestors reached, summed over the walks */
__u32 invalid;		/* lockless walks bpf_iter_path_rcu_valid() refused */

/* Where the names go: each at the offset after the last, wrapping. */
#define NAME_CAP	256
#define NAMES_MASK	(BENCH_NAMES_SIZE / 2 - 1)
char names[BENCH_NAMES_SIZE];

struct probe_ctx {
	struct probe_walk w;
	__u32 off;
	bool copy;
};

static long probe_round(__u32 i, struct probe_ctx *c)
{
	char *name = c->copy ? names + (c->off & NAMES_MASK) : NULL;

	if (!probe_walk_step(&c->w, name, NAME_CAP))
		return 1;
	if (c->copy)
		c->off += c->w.name_len;
	return 0;
}

SEC("lsm.s/file_open")
int BPF_PROG(bench_walk, struct file *file)
{
	__u64 n = 0, t0 = 0, t1 = 0;
	__u32 bad = 0, off = 0;
	int i;

	if ((bpf_get_current_pid_tgid() >> 32) != bench_pid)
		return 0;
	if (mode == BENCH_REF) {
		struct path *p;

		t0 = bpf_ktime_get_ns();
		bpf_for(i, 0, walks) {
			bpf_for_each(path, p, &file->f_path, 0)
				n++;
		}
		t1 = bpf_ktime_get_ns();
	} else if (mode == BENCH_RCU || mode == BENCH_RCU_NAMES) {
		bool copy = mode == BENCH_RCU_NAMES;
		struct bpf_iter_path_rcu it;
		int len;

		bpf_rcu_read_lock();
		t0 = bpf_ktime_get_ns();
		bpf_for(i, 0, walks) {
			bpf_iter_path_rcu_new(&it, &file->f_path, 0);
			while (bpf_iter_path_rcu_next(&it)) {
				if (copy) {
					char *at = names + (off & NAMES_MASK);

					len = bpf_iter_path_rcu_name(&it, at, NAME_CAP);
					off += len + 1;
				}
				n++;
			}
			bad += !bpf_iter_path_rcu_valid(&it);
			bpf_iter_path_rcu_destroy(&it);
		}
		t1 = bpf_ktime_get_ns();
		bpf_rcu_read_unlock();
	} else if (mode == BENCH_PROBE || mode == BENCH_PROBE_NAMES) {
		struct probe_ctx c = { .copy = mode == BENCH_PROBE_NAMES };

		/* As the tools run it: in a read-side section (a kprobe's). */
		bpf_rcu_read_lock();
		t0 = bpf_ktime_get_ns();
		bpf_for(i, 0, walks) {
			probe_walk_start(&c.w, &file->f_path);
			bpf_loop(BENCH_MAX_DEPTH, probe_round, &c, 0);
			n += c.w.n;
		}
		t1 = bpf_ktime_get_ns();
		bpf_rcu_read_unlock();
	} else {
		return 0;
	}
	elapsed_ns = t1 - t0;
	visits = n;
	invalid = bad;
	return 0;
}
