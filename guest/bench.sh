#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmarks on the run kernel: the walks, contention, and Landlock.
set -e
/selftests/walk_ancestors/walk_bench walk
/selftests/walk_ancestors/walk_bench contention
/selftests/walk_ancestors/walk_bench landlock | sed 's/^landlock/landlock-new/'
