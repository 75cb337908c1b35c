#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every in-guest test, as the kselftest install lists them
# (/selftests/kselftest-list.txt: landlock, walk_ancestors, bpf_path_iter).
# Each program prints TAP; the host parses the lines between the WB-BEGIN
# and WB-END markers. As kselftest's runner does, a test runs in its
# collection's folder with the timeout of the collection's settings file
# (45 s without one), here times wb.tscale= (default 10): the guest is
# emulated. A listed program that is missing is a failed test, not a skip;
# one that runs out of time is killed and fails.
# On User-Mode Linux (boot.sh): wb.colls=A,B/P runs those collections and
# programs only (the UML kernel has no BPF, one CPU), and wb.hostfs=DIR runs them from a copy on
# hostfs (the host's DIR), as Landlock's hostfs cases need.
rc=0
root=${WB_SELFTESTS:-/selftests}	# elsewhere only to test this script
scale=${WB_TSCALE:-10}
colls=
hostfs=
for arg in $(cat /proc/cmdline); do
	case $arg in
	wb.torture=*) export WALK_TORTURE_SECONDS=${arg#wb.torture=} ;;
	wb.tscale=*) scale=${arg#wb.tscale=} ;;
	wb.colls=*) colls=,${arg#wb.colls=}, ;;
	wb.hostfs=*) hostfs=${arg#wb.hostfs=} ;;
	esac
done
if [ -n "$hostfs" ]; then
	echo "WB-BEGIN hostfs"
	if mkdir -p /host && mount -t hostfs -o "$hostfs" hostfs /host &&
		cp -a "$root" /host/selftests; then
		root=/host/selftests
		echo "ok 1 the selftests run from hostfs ($hostfs)"
		echo "WB-END hostfs 0"
	else
		echo "not ok 1 the selftests could not be copied to hostfs $hostfs"
		echo "WB-END hostfs 1"
		rc=1
	fi
fi

limit() { # limit COLLECTION: seconds
	t=$(sed -n 's/^timeout=//p' "$root/$1/settings" 2>/dev/null)
	echo $((${t:-45} * scale))
}

list=$root/kselftest-list.txt
if [ ! -s $list ]; then
	echo "WB-BEGIN kselftest-list"
	echo "not ok 1 $list is missing or empty"
	echo "WB-END kselftest-list 1"
	exit 1
fi
while IFS=: read -r coll prog; do
	[ -n "$coll" ] && [ -n "$prog" ] || continue
	case ${colls:-,$coll,} in *,$coll,* | *,$coll/$prog,*) ;; *) continue ;; esac
	name=$coll/$prog
	echo "WB-BEGIN $name"
	if [ ! -x "$root/$coll/$prog" ]; then
		echo "TAP version 13"
		echo "1..1"
		echo "not ok 1 $name # the program is missing from $root/$coll"
		echo "WB-END $name 127"
		rc=1
		continue
	fi
	lim=$(limit "$coll")
	start=$(date +%s)
	(cd "$root/$coll" && timeout -s KILL "$lim" "./$prog") </dev/null
	r=$?
	secs=$(($(date +%s) - start))
	if [ $secs -ge "$lim" ] && [ $r -ne 0 ]; then
		echo "WB-END $name $r secs=$secs timeout=$lim"
	else
		echo "WB-END $name $r secs=$secs"
	fi
	[ $r -eq 0 ] || rc=1
done <$list
exit $rc
