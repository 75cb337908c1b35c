#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Landlock under unrelated rename churn alone (section 4 of make bench):
# "new" where Landlock walks with vfs_walk_ancestors() (it has walk_stats).
set -e
export WALK_BENCH_REPS=${WALK_BENCH_REPS:-11}
k=old
[ -e /sys/kernel/debug/landlock/walk_stats ] && k=new
/selftests/walk_ancestors/walk_bench renames | sed "s/^renames/renames-$k/"
