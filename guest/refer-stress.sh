#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Diagnostic: Landlock's link/rename checks under directory moves, alone
# (landlock_stress's refer test; wb.refer_seconds= sets its length).
for arg in $(cat /proc/cmdline); do
	case $arg in wb.refer_seconds=*) export WALK_STRESS_SECONDS=${arg#wb.refer_seconds=} ;; esac
done
cd /tmp && /selftests/walk_ancestors/landlock_stress -r refer.moves_never_grant_lockless
exit 0
