#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Diagnostic: the BPF path walk benchmark alone (section 5 of make bench).
set -e
export WALK_BENCH_REPS=${WALK_BENCH_REPS:-11}
/selftests/bpf_path_iter/path_iter_bench
