#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The whole test run: set-up, both kernels, the static checks, every test in
# both guests, then one summary ending in 'N passed, N failed, N skipped'.
source "$(dirname "$0")/lib.sh"

export WB_RESULTS=$BUILD/results.tsv
results() { python3 "$TOP/scripts/results.py" "$@"; }

"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"
rm -f "$WB_RESULTS"
for fl in run test oldwalk; do
	"$TOP/scripts/kbuild.sh" "$fl"
	results check "build: $fl kernel (CLIPPY=1, no warnings)" pass
done
"$TOP/scripts/initramfs.sh"

say "static checks"
"$TOP/scripts/check-static.sh"

for fl in run test oldwalk; do
	say "[$fl] booting the test job"
	out=$BUILD/boot-$fl-test
	"$TOP/scripts/boot.sh" "$fl" test "$out" 900
	results boot "$fl" "$out/console.log" "$out/job.log" \
		--expect-suite rust_doctests_kernel --expect-suite vfs_walk_ancestors
done

say "summary"
results summary
