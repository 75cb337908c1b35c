#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# What safe Rust must not be able to do with the walker, checked at compile
# time: the doctests of scripts/walk-api-compile-fail.rs, compiled (not
# run) against FLAVOUR's kernel crate with the flags of its own doctest
# build, but without 6.12's test builder, which cannot do compile_fail.
# One result row per doctest.
source "$(dirname "$0")/lib.sh"
results() { python3 "$TOP/scripts/results.py" "$@"; }

fl=${1:-test}
obj=$(flavour_obj "$fl")
cmdfile=$obj/rust/.doctests_kernel_generated.rs.cmd
[ -f "$cmdfile" ] || die "no $cmdfile: build the $fl kernel first"
# The saved command: `rm ...; mkdir ...; OBJTREE=... rustdoc ... --test-builder B lib.rs ...`.
cmd=$(sed -n 's/^savedcmd_rust\/doctests_kernel_generated.rs := //p' "$cmdfile" |
	sed 's/^.*OBJTREE=[^ ]* //; s/ --test-builder.*$//; s/--crate-name kernel/--crate-name walk_api/')
case $cmd in *rustdoc*--no-run*) ;; *) die "unexpected doctest command in $cmdfile" ;; esac
log=$LOGS/compile-fail-$fl.log
# The kernel's flags include nightly options, as its own build does.
(cd "$obj" && eval "RUSTC_BOOTSTRAP=1 $cmd $TOP/scripts/walk-api-compile-fail.rs") >"$log" 2>&1 || true
n=0
while read -r line; do
	n=$((n + 1))
	name=$(echo "$line" | sed 's/^test [^ ]* - (\(line [0-9]*\)) - \(.*\) \.\.\. .*$/\2 (\1)/')
	case $line in
	*' ... ok') results check "rust api: $fl: $name" pass ;;
	*) results check "rust api: $fl: $name" fail "see $log" ;;
	esac
done < <(grep -E '^test .* \.\.\. ' "$log")
[ $n -ge 7 ] || results check "rust api: $fl: compile-fail doctests ran" fail "only $n test(s); see $log"
