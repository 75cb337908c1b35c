#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds the project's C files that size things by NR_CPUS with a
# distribution's NR_CPUS=8192 (the maxsmp flavour: MAXSMP, FRAME_WARN=2048):
# a stack frame over the limit is a warning in a project file, which
# kbuild.sh fails on. Only the objects are built, in their own object
# directory (configured once, then incremental).
source "$(dirname "$0")/lib.sh"
results() { python3 "$TOP/scripts/results.py" "$@"; }

OBJS=(fs/walk_ancestors_torture.o fs/walk_ancestors_kunit.o fs/walk_ancestors_bench.o)
row="build: NR_CPUS=8192, FRAME_WARN=2048: ${OBJS[*]}"
# Always compiled again: kbuild.sh reads warnings from this build's log,
# and an object left from an earlier build would print none.
for o in "${OBJS[@]}"; do
	rm -f "$(flavour_obj maxsmp)/$o"
done
if "$TOP/scripts/kbuild.sh" maxsmp prepare "${OBJS[@]}"; then
	results check "$row" pass
else
	results check "$row" fail "see above; log: $LOGS/build-maxsmp.log"
fi
