#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# For profiling from the host: Landlock's benchmark (both layouts, every N).
WALK_BENCH_REPS=3 /selftests/walk_ancestors/walk_bench landlock
