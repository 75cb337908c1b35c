#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmarks on the run kernel: the clock, the walks, contention, Landlock,
# and the BPF path walks; on the UML kernel (one CPU, no BPF) the clock, the
# walks and Landlock.
set -e
export WALK_BENCH_REPS=${WALK_BENCH_REPS:-11}
b=/selftests/walk_ancestors/walk_bench
$b clock
$b walk
grep -q "wb.uml=1" /proc/cmdline || $b contention
$b landlock | sed 's/^landlock/landlock-new/'
grep -q "wb.uml=1" /proc/cmdline || $b renames | sed 's/^renames/renames-new/'
# The BPF iterators against the probe-read loop (no BPF on UML).
grep -q "wb.uml=1" /proc/cmdline || /selftests/bpf_path_iter/path_iter_bench
