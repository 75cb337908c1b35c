#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Diagnostic: the BPF path iterator tests alone (part of the test job):
# selftests/bpf's (test_progs), then the behaviour tests.
cd /selftests/bpf_path_iter && ./test_progs
cd /tmp && /selftests/bpf_path_iter/path_iter_test
