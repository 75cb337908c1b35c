/* SPDX-License-Identifier: GPL-2.0 */
/* path_iter_bench: the modes, shared by the BPF program and user space. */
#ifndef PATH_ITER_BENCH_H
#define PATH_ITER_BENCH_H

enum {
	BENCH_REF = 1,		/* bpf_for_each(path): the referenced iterator */
	BENCH_RCU,		/* the lockless iterator, checked with _valid() */
	BENCH_RCU_NAMES,	/* the same, with each ancestor's bpf_iter_path_rcu_name() */
	BENCH_PROBE,		/* the probe-read loop (progs/path_iter_probe_loop.h) */
	BENCH_PROBE_NAMES,	/* the same, copying each d_name */
};

#define BENCH_NAMES_SIZE	8192
#define BENCH_MAX_DEPTH		8192	/* bpf_loop() rounds of the probe-read loop */

#endif
