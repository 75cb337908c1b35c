#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Diagnostic: the BPF path iterator tests alone (part of the test job):
# selftests/bpf's (test_progs), then the behaviour tests; fails if either does.
rc=0
cd /selftests/bpf_path_iter && ./test_progs || rc=1
cd /tmp && /selftests/bpf_path_iter/path_iter_test || rc=1
exit $rc
