#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The long torture run: WALK_TORTURE_SECONDS from the kernel command line
# (wb.seconds=N, default 1800).
seconds=1800
for arg in $(cat /proc/cmdline); do
	case $arg in wb.seconds=*) seconds=${arg#wb.seconds=} ;; esac
done
echo "WB-BEGIN walk_ancestors/walk_torture_long"
/selftests/walk_ancestors/walk_torture "$seconds"
r=$?
echo "WB-END walk_ancestors/walk_torture_long $r"
exit $r
