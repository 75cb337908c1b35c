#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Regression checks of the guest's test runner (guest/test.sh, which runs
# kselftest's run_kselftest.sh with the guest's guest/timeout) and of how
# results.py reads its output, on the host with a fake kselftest install:
# a listed program that is missing fails, one that outlives its settings'
# timeout is killed and fails, a listed test absent from the job log fails,
# a skip no --allow-skip names fails, and a KUnit case reported "not ok" in a console fails its suite (read by
# the tree's kunit.py). Seconds.
#
#   check-runner.sh
#
# RUNNER names the runner under test (default: guest/test.sh).
# Results are rows in $WB_RESULTS (make test collects them); run alone, the
# script prints its own summary.
source "$(dirname "$0")/lib.sh"

RUNNER=${RUNNER:-$TOP/guest/test.sh}
[ -f "$RUNNER" ] || die "RUNNER: no '$RUNNER'"

source "$TOP/scripts/checks.sh"

ks=$tmp/kselftest
mkdir -p "$ks/c" "$ks/kselftest" "$tmp/bin"
# kselftest's runner from the tree, as the guest runs it: busybox's shell
# and applets, no perl and no stdbuf, and the guest's /usr/bin/timeout
# (guest/timeout) in place of the host's.
cp "$SRC/tools/testing/selftests/run_kselftest.sh" "$ks/"
cp "$SRC/tools/testing/selftests/kselftest/runner.sh" \
	"$SRC/tools/testing/selftests/kselftest/prefix.pl" "$ks/kselftest/"
sed -i '1s|.*|#!/bin/busybox sh|' "$ks/run_kselftest.sh"
sed -i -e "s|/usr/bin/timeout|$tmp/bin/timeout|g" -e 's|/usr/bin/perl|/nonexistent/perl|' \
	-e 's|/usr/bin/stdbuf|/nonexistent/stdbuf|' "$ks/kselftest/runner.sh"
printf '#!/bin/busybox sh\nexec /bin/busybox sh %s "$@"\n' "$TOP/guest/timeout" >"$tmp/bin/timeout"
for a in setsid mktemp sleep kill sed cut grep tr; do ln -s /bin/busybox "$tmp/bin/$a"; done
chmod +x "$tmp/bin/timeout"
printf 'c:missing\nc:slow\nc:fine\nc:stubborn\nc:leaver\nc:glued\n' >"$ks/kselftest-list.txt"
echo "timeout=1" >"$ks/c/settings"
# Past its timeout, with a child that keeps the output pipe open.
printf '#!/bin/sh\necho "TAP version 13"; echo 1..1; sleep 41 & sleep 41; echo ok 1 slow\n' >"$ks/c/slow"
printf '#!/bin/sh\necho "TAP version 13"; echo 1..3; echo ok 1 fine
echo "ok 2 known.one # SKIP not here"; echo "ok 3 other # SKIP not here"\n' >"$ks/c/fine"
# As kselftest_harness.h's test cases: a child in a process group of its
# own, which ignores SIGTERM; and one in the test's group that does too.
cat >"$ks/c/stubborn" <<'EOF2'
#!/bin/sh
echo "TAP version 13"; echo 1..1
python3 -c 'import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN); os.setpgrp(); time.sleep(42)' &
(trap "" TERM; exec sleep 43) &
sleep 44; echo ok 1 stubborn
EOF2
# Ends in time, leaving a child behind.
printf '#!/bin/sh\necho "TAP version 13"; echo 1..1; sleep 45 & echo ok 1 leaver\n' >"$ks/c/leaver"
# Its last line has no newline: the runner's result line follows it.
printf '#!/bin/sh\necho "TAP version 13"; echo 1..2; echo ok 1 glued.a; printf "checking b: "; exit 1\n' >"$ks/c/glued"
chmod +x "$ks"/c/*
out=$tmp/job.log
start=$(date +%s)
# Through a pipe, as to the guest's serial port: the runner appends to
# /dev/stdout, which on a file would write over the rest of the output.
WB_SELFTESTS=$ks WB_TSCALE=1 PATH="$tmp/bin:$PATH" timeout 120 /bin/busybox sh "$RUNNER" 2>&1 </dev/null |
	cat >"$out" || true
secs=$(($(date +%s) - start))
: >"$tmp/console.log"
rows=$tmp/rows.tsv
WB_RESULTS=$rows python3 "$TOP/scripts/results.py" boot fake "$tmp/console.log" "$out" \
	--expect-section c/missing --expect-section c/slow --expect-section c/fine \
	--expect-section c/stubborn --expect-section c/leaver --expect-section c/glued \
	--expect-section c/unlisted --allow-skip 'c/fine=known\..*' >/dev/null 2>&1 || true
left=$(ps -eo args | grep -cE '^(sleep 4[1-5]|python3 -c import os, signal)' || true)
row_is() { # row_is GROUP PASSED FAILED [DETAIL]: the row, with DETAIL in its detail
	awk -F'\t' -v g="fake: $1" -v p="$2" -v f="$3" -v d="${4:-}" \
		'$1 == g && $2 == p && $3 == f && index($5, d) { found = 1 } END { exit !found }' \
		"$rows" ||
		echo "$1: not $2 passed/$3 failed${4:+ ($4)} ($(grep -F "fake: $1" "$rows" | tr '\t' ' '))"
}
check "runner: a listed program that is missing is a failed test" \
	"$(row_is c/missing 0 1 "c/missing")"
check "runner: a program past its settings' timeout is killed and fails" \
	"$(row_is c/slow 0 1 "killed at its timeout (1 s)")" \
	"$(row_is c/stubborn 0 1 "killed at its timeout (1 s)")"
check "runner: what a test leaves running is killed, and the runner moves on" \
	"$(row_is c/leaver 1 0)" \
	"$([ "$left" = 0 ] || echo "$left of the tests' processes outlived them")" \
	"$([ $secs -lt 15 ] || echo "the runner took $secs s: not killed")"
check "runner: a result line after an unfinished output line is read" \
	"$(row_is c/glued 1 1 "exited 1")"
check "runner: a test missing from the job log fails" "$(row_is c/unlisted 0 1)"
check "runner: only an allowed skip passes; any other skip fails" \
	"$(row_is c/fine 1 1 "unexpected skip: other")"

# KUnit, from a console: one case not ok, one suite cut short.
cat >"$tmp/console.log" <<'EOF'
KTAP version 1
1..2
    KTAP version 1
    # Subtest: fake_suite
    # module: fake
    1..2
    ok 1 first_case
    not ok 2 second_case
not ok 1 fake_suite
    KTAP version 1
    # Subtest: cut_suite
    1..3
    ok 1 only_case
EOF
: >"$tmp/job.log"
out=$tmp/kunit.out
rm -f "$rows"
WB_RESULTS=$rows python3 "$TOP/scripts/results.py" boot fake "$tmp/console.log" \
	"$tmp/job.log" --expect-suite fake_suite --expect-suite cut_suite \
	--expect-suite absent_suite >"$out" 2>&1 || true
cat "$rows" >>"$out"
check "kunit.py parse: a failed case fails its suite" "$(row_is kunit/fake_suite 1 1)"
check "kunit.py parse: a suite cut short, and one absent, fail" \
	"$(row_is kunit/cut_suite 1 2)" "$(row_is kunit/absent_suite 0 1)"

checks_end
