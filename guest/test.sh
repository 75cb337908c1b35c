#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every in-guest test, as the kselftest install lists them
# (/selftests/kselftest-list.txt: landlock, walk_ancestors, bpf_path_iter),
# run by kselftest's own runner (run_kselftest.sh, kselftest/runner.sh): each
# program in its collection's folder, killed at its collection's settings
# timeout (45 s without one), a missing program a failure. The guest is
# emulated, so the timeouts are first scaled by wb.tscale= (default 10) in
# the settings files. The runner's TAP goes between WB-BEGIN kselftest and
# WB-END kselftest markers; results.py reads a row per program from it.
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

list=$root/kselftest-list.txt
if [ ! -s "$list" ] || [ ! -x "$root/run_kselftest.sh" ]; then
	echo "WB-BEGIN kselftest"
	echo "TAP version 13"
	echo "1..1"
	echo "not ok 1 $list or $root/run_kselftest.sh is missing"
	echo "WB-END kselftest 1"
	exit 1
fi

# The selected tests, and each collection's timeout times the scale.
tests=
for coll in $(cut -d: -f1 "$list" | sort -u); do
	[ -d "$root/$coll" ] || continue
	s=$root/$coll/settings
	t=$(sed -n 's/^timeout=//p' "$s" 2>/dev/null)
	{
		grep -v '^timeout=' "$s" 2>/dev/null
		echo "timeout=$((${t:-45} * scale))"
	} >"$s.new" && mv "$s.new" "$s"
done
while IFS=: read -r coll prog; do
	[ -n "$coll" ] && [ -n "$prog" ] || continue
	case ${colls:-,$coll,} in *,$coll,* | *,$coll/$prog,*) ;; *) continue ;; esac
	tests="$tests -t $coll:$prog"
done <"$list"

if [ -z "$tests" ]; then
	# run_kselftest.sh with no -t runs everything.
	echo "WB-BEGIN kselftest"
	echo "TAP version 13"
	echo "1..1"
	echo "not ok 1 wb.colls=${colls#,} names no listed test"
	echo "WB-END kselftest 1"
	exit 1
fi
echo "WB-BEGIN kselftest"
# shellcheck disable=SC2086 # one word per option
"$root/run_kselftest.sh" $tests </dev/null
r=$?
echo "WB-END kselftest $r"
[ $r -eq 0 ] || rc=1
exit $rc
