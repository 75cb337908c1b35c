#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Diagnostic: the walk benchmark alone (section 1 of make bench), to
# compare two builds of the run kernel by their ratios to the floor.
set -e
/selftests/walk_ancestors/walk_bench walk
