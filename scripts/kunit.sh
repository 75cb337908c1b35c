#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make kunit: the fast inner loop. The walker's, Landlock's and the Rust
# doctests' KUnit suites, through the kernel's own kunit.py, on User-Mode
# Linux (the um kernel: fs/walk_ancestors.kunitconfig plus
# configs/um.config, in build/obj-um). The first run builds the kernel
# (minutes); after an edit kbuild rebuilds what changed and the suites run
# in seconds. Extra arguments go to `kunit.py run` (a filter glob such as
# 'vfs_walk_ancestors.walk_rcu*', or --raw_output).
source "$(dirname "$0")/lib.sh"

say "[um] kunit.py run (log: $LOGS/kunit.log)"
mkdir -p "$LOGS"
kunit_py um run --timeout=600 "$@" 2>&1 | tee "$LOGS/kunit.log"
exit "${PIPESTATUS[0]}"
