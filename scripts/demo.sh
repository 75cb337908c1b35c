#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot the run kernel and show the demo's output.
source "$(dirname "$0")/lib.sh"
out=$BUILD/boot-run-demo
"$TOP/scripts/boot.sh" run run "$out" 300
python3 "$TOP/scripts/results.py" scan "$out/console.log"
sed '/^WB-EXIT /d' "$out/job.log"
rc=$(sed -n 's/^WB-EXIT \([0-9]*\).*/\1/p' "$out/job.log")
[ "$rc" = 0 ] || die "the demo failed in the guest (exit $rc)"
