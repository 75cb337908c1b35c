#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make torture SECONDS=N`: the long walk torture run on the debug kernel.
source "$(dirname "$0")/lib.sh"
seconds=${1:-1800}
"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"
"$TOP/scripts/kbuild.sh" test
"$TOP/scripts/initramfs.sh" test
out=$BUILD/boot-test-torture
say "[test] walk torture for ${seconds}s"
"$TOP/scripts/boot.sh" test torture "$out" $((seconds + 600)) "wb.seconds=$seconds"
export WB_RESULTS=$out/results.tsv
rm -f "$WB_RESULTS"
python3 "$TOP/scripts/results.py" boot test "$out/console.log" "$out/job.log"
sed -n '/^WB-BEGIN/,/^WB-END/p' "$out/job.log" | grep '^#'
python3 "$TOP/scripts/results.py" summary || exit
