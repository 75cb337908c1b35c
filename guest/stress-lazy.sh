#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Diagnostic: Landlock's stress test with lazy unmounts, whose denials of
# files opened through a detached mount are right with either walk.
cd /tmp && WALK_STRESS_LAZY=1 /selftests/walk_ancestors/landlock_stress
exit 0
