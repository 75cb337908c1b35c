#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every in-guest test. Each test program prints TAP; the host parses the
# lines between the WB-BEGIN and WB-END markers.
rc=0
run_tap() { # run_tap NAME DIR PROGRAM
	echo "WB-BEGIN $1"
	(cd "$2" && case $3 in /*) "$3" ;; *) "./$3" ;; esac)
	r=$?
	echo "WB-END $1 $r"
	[ $r -eq 0 ] || rc=1
}

# Landlock's own selftests. fs_test needs a writable cwd for its tmp/ tree.
for t in base_test fs_test net_test ptrace_test scoped_abstract_unix_test \
	scoped_signal_test scoped_test; do
	[ -x /selftests/landlock/$t ] || continue
	run_tap "landlock/$t" /selftests/landlock $t
done
# The project's own selftests. The torture run lasts wb.torture= seconds.
for arg in $(cat /proc/cmdline); do
	case $arg in wb.torture=*) export WALK_TORTURE_SECONDS=${arg#wb.torture=} ;; esac
done
for t in /selftests/walk_ancestors/*_test /selftests/walk_ancestors/*_stress \
	/selftests/walk_ancestors/walk_torture; do
	[ -x "$t" ] || continue
	run_tap "walk_ancestors/${t##*/}" /tmp "$t"
done
# The BPF path iterators, from BPF LSM programs (missing: a failure).
run_tap "bpf_path_iter/path_iter_test" /tmp /selftests/bpf_path_iter/path_iter_test
exit $rc
