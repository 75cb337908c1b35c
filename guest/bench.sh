#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmarks on the run kernel: the clock, the walks, contention, and
# Landlock; on the UML kernel (one CPU) all but contention.
set -e
export WALK_BENCH_REPS=${WALK_BENCH_REPS:-11}
b=/selftests/walk_ancestors/walk_bench
$b clock
$b walk
grep -q "wb.uml=1" /proc/cmdline || $b contention
$b landlock | sed 's/^landlock/landlock-new/'
grep -q "wb.uml=1" /proc/cmdline || $b renames | sed 's/^renames/renames-new/'
