#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmarks on the kernel with Landlock's unchanged walk.
set -e
export WALK_BENCH_REPS=${WALK_BENCH_REPS:-11}
/selftests/walk_ancestors/walk_bench landlock | sed 's/^landlock/landlock-old/'
grep -q "wb.uml=1" /proc/cmdline ||
	/selftests/walk_ancestors/walk_bench renames | sed 's/^renames/renames-old/'
