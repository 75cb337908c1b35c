#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Builds the project's C files that size things by NR_CPUS with a
# distribution's NR_CPUS=8192 (MAXSMP) and FRAME_WARN=2048: a stack frame
# over the limit is a warning, and a failed result row. Only the objects are
# built, in their own object directory (configured once, then incremental).
source "$(dirname "$0")/lib.sh"
results() { python3 "$TOP/scripts/results.py" "$@"; }

OBJS=(fs/walk_ancestors_torture.o fs/walk_ancestors_kunit.o fs/walk_ancestors_bench.o)
obj=$BUILD/obj-maxsmp
frags="$TOP/configs/base.config $TOP/configs/maxsmp.config"
mkdir -p "$obj"
# shellcheck disable=SC2086
cfg_hash=$(hash_files $frags "$SRC/.managed")
if [ "$(cat "$obj/.config-from" 2>/dev/null)" != "$cfg_hash" ] || [ ! -f "$obj/.config" ]; then
	say "[maxsmp] configuring"
	logged config-maxsmp make -C "$SRC" O="$obj" LLVM=1 "${KMAKE_RUST[@]}" tinyconfig
	# shellcheck disable=SC2086
	logged config-maxsmp-merge "$SRC/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" $frags
	logged config-maxsmp-olddef make -C "$SRC" O="$obj" LLVM=1 "${KMAKE_RUST[@]}" olddefconfig
	for want in CONFIG_NR_CPUS=8192 CONFIG_FRAME_WARN=2048 CONFIG_VFS_WALK_ANCESTORS_TORTURE=y; do
		grep -qx "$want" "$obj/.config" || die "[maxsmp] $want did not survive Kconfig"
	done
	echo "$cfg_hash" >"$obj/.config-from"
fi
say "[maxsmp] building ${OBJS[*]}"
log=$LOGS/build-maxsmp.log
# Always compiled again: warnings are read from this build's log, and an
# object left from an earlier build would print none.
for o in "${OBJS[@]}"; do
	rm -f "$obj/$o"
done
if ! make -C "$SRC" O="$obj" LLVM=1 "${KMAKE_RUST[@]}" -j"$JOBS" prepare "${OBJS[@]}" \
	>"$log" 2>&1; then
	tail -n 30 "$log" >&2
	results check "build: NR_CPUS=8192, FRAME_WARN=2048: ${OBJS[*]}" fail "build failed; log: $log"
	exit 0
fi
if grep -E 'warning:|error:' "$log" >&2; then
	results check "build: NR_CPUS=8192, FRAME_WARN=2048: ${OBJS[*]}" fail \
		"$(grep -cE 'warning:|error:' "$log") warning(s); log: $log"
else
	results check "build: NR_CPUS=8192, FRAME_WARN=2048: ${OBJS[*]}" pass
fi
