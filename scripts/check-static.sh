#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Static checks on the project's code, each recorded as one result row:
# patch messages, and how the kernels' Rust reads d_seq.
#   scripts/check-static.sh [FLAVOUR...]   the kernels to read (built
#                                          before; default: test)
source "$(dirname "$0")/lib.sh"
results() { python3 "$TOP/scripts/results.py" "$@"; }

# rustfmtcheck and checkpatch --strict (on each patch as git format-patch
# emits it, new files included) run once, in patches.sh. Here: no patch
# still says TODO in its message.
todo=()
for p in "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
	if sed '/^---$/q' "$p" | grep -q TODO; then
		todo+=("$(basename "$p")")
	fi
done
if [ ${#todo[@]} = 0 ]; then
	results check "static: no patch message says TODO" pass
else
	results check "static: no patch message says TODO" fail "${todo[*]}"
fi

# The debug kernels run the lockless walk's production code: the kernel
# crate of the test kernel (lockdep) reads d_seq inline, as the run
# kernel's does, and calls C only for lockdep's reader annotation. Where
# smp_rmb() is a compiler barrier (x86; uniprocessor kernels such as UML)
# it is inline too: no call per step (seen on UML's profile).
for fl in "${@:-test}"; do
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
