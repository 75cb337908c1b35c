#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: build the run kernel and the one with Landlock's unchanged
# walk, boot each with its benchmark job, and turn the results into a
# Markdown table and PNG plots in build/bench/.
source "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" bench
"$TOP/scripts/tree.sh"
for fl in run oldwalk; do
	"$TOP/scripts/kbuild.sh" "$fl"
done
"$TOP/scripts/initramfs.sh"
say "[run] benchmarks (a few minutes under TCG)"
"$TOP/scripts/boot.sh" run bench "$BUILD/boot-run-bench" 1800
say "[oldwalk] Landlock benchmark"
"$TOP/scripts/boot.sh" oldwalk bench-oldwalk "$BUILD/boot-oldwalk-bench" 1800
for b in run-bench oldwalk-bench; do
	python3 "$TOP/scripts/results.py" scan "$BUILD/boot-$b/console.log"
	grep -q '^WB-EXIT 0' "$BUILD/boot-$b/job.log" ||
		die "the $b job failed: $BUILD/boot-$b/job.log"
done
python3 "$TOP/scripts/bench.py" "$BUILD/bench" \
	"$BUILD/boot-run-bench/job.log" "$BUILD/boot-oldwalk-bench/job.log"
