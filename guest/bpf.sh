#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Diagnostic: the BPF path iterator tests alone (part of the test job):
# selftests/bpf's, in their test_progs; then the churn tests again, verbose,
# for what their oracles counted (the lockless walk's torn chains, the
# probe-read loop's chains that never were).
cd /selftests/bpf_path_iter || exit 1
./test_progs || exit 1
./test_progs -v -t path_iter_churn | grep -E "opens:|renames|never were|never had|never was"
exit 0
