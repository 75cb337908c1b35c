#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Static checks on the project's code, each recorded as one result row:
# rustfmt, checkpatch on the patches and on the new files.
source "$(dirname "$0")/lib.sh"
results() { python3 "$TOP/scripts/results.py" "$@"; }

if kmake run rustfmtcheck >"$LOGS/rustfmtcheck.log" 2>&1; then
	results check "static: rustfmtcheck" pass
else
	tail -n 30 "$LOGS/rustfmtcheck.log" >&2
	results check "static: rustfmtcheck" fail "see $LOGS/rustfmtcheck.log"
fi

checkpatch() { "$SRC/scripts/checkpatch.pl" --strict --no-tree --terse --show-types "$@"; }

mapfile -t patches < <(sed -n '/^[^#]/p' "$TOP/patches/series" 2>/dev/null)
for p in "${patches[@]}"; do
	if sed '/^---$/q' "$TOP/patches/$p" | grep -q TODO; then
		results check "checkpatch: patches/$p" fail "its commit message still says TODO"
		continue
	fi
	if out=$(cd "$SRC" && checkpatch "$TOP/patches/$p" 2>&1); then
		results check "checkpatch: patches/$p" pass
	else
		echo "$out" >&2
		results check "checkpatch: patches/$p" fail "$(echo "$out" | tail -n 1)"
	fi
done

# New files are checked as whole files (-f): Rust, C (BPF programs too),
# and headers.
mapfile -t files < <(cd "$TOP" && git ls-files -co --exclude-standard -- rust samples include \
	fs security lib tools | grep -E '\.(rs|c|h)$')
if [ ${#files[@]} -gt 0 ]; then
	if out=$(cd "$TOP" && checkpatch -f "${files[@]}" 2>&1); then
		results check "checkpatch: ${#files[@]} new files" pass
	else
		echo "$out" >&2
		results check "checkpatch: ${#files[@]} new files" fail "$(echo "$out" | grep -c ': ') problem(s)"
	fi
fi

# The debug kernels run the lockless walk's production code: the kernel
# crate of the test kernel (lockdep) reads d_seq inline, as the run
# kernel's does, and calls C only for lockdep's reader annotation. Where
# smp_rmb() is a compiler barrier (x86; uniprocessor kernels such as UML)
# it is inline too: no call per step (seen on UML's profile).
for fl in run test um; do
	obj=$(flavour_obj "$fl")/rust/kernel.o
	name="static: the $fl kernel's Rust reads d_seq inline (no read_seqcount_spinlock_* or smp_rmb call)"
	pat='rust_helper_(read_seqcount_spinlock_[a-z]*|smp_rmb)'
	if ! und=$(nm -u "$obj" 2>&1); then
		results check "$name" fail "nm -u $obj: $und"
	elif grep -qE "$pat" <<<"$und"; then
		results check "$name" fail "$obj calls $(grep -oE "$pat" <<<"$und" | head -n 1)"
	else
		results check "$name" pass
	fi
done
