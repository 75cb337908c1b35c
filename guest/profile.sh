#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# For profiling from the host (scripts/profile.sh): one benchmark mode
# (wb.mode=, default rcu) of <debugfs>/walk_ancestors/bench for
# wb.iters= walks from a depth-64 directory of a tmpfs, then the result.
set -e
mode=rcu
iters=2000000
for arg in $(cat /proc/cmdline); do
	case $arg in
	wb.mode=*) mode=${arg#wb.mode=} ;;
	wb.iters=*) iters=${arg#wb.iters=} ;;
	esac
done
mkdir -p /tmp/p
mount -t tmpfs tmpfs /tmp/p
d=/tmp/p
i=0
while [ $i -lt 64 ]; do
	d=$d/d
	i=$((i + 1))
done
mkdir -p $d
exec 3<>/sys/kernel/debug/walk_ancestors/bench 4<$d
echo "$mode $iters 4" >&3
cat <&3
