#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make mutants: the proof that the tests catch a broken walker. Each
# scripts/mutants/NN-NAME.patch breaks exactly one check (of the walker, the
# BPF lockless iterator, Landlock's or walkrules' restart): it is applied to
# build/src, the "mutant" kernel (the run kernel's configuration, in
# build/obj-mutant, started from the run kernel's objects) is rebuilt
# incrementally, the file is put back at once (content and time, so the
# other kernels see no change), the compile-fail checks of the Rust API run
# against it, and the kernel boots make test's own test job: KUnit at boot,
# then every selftest. A mutant is caught when a row
# make test would print fails. First the same job on the unbroken kernel,
# which must pass (else nothing the mutants show means anything).
#
#   scripts/mutants.sh [NAME-SUBSTRING...]   (make mutants MUTANTS=...)
#
# Prints the table mutant -> the rows that failed (also in
# build/mutants/table.md) and exits 1 if a mutant was not caught, did not
# apply or did not build.
source "$(dirname "$0")/lib.sh"

W=$BUILD/mutants
OBJ=$(flavour_obj mutant)
mkdir -p "$W"
exec 9>"$W/.lock"
flock -n 9 || die "another 'make mutants' is running"

mapfile -t all < <(ls "$TOP"/scripts/mutants/*.patch)
sel=()
for p in "${all[@]}"; do
	if [ $# -eq 0 ]; then
		sel+=("$p")
		continue
	fi
	for want in "$@"; do
		case $(basename "$p") in *"$want"*) sel+=("$p") && break ;; esac
	done
done
[ ${#sel[@]} -gt 0 ] || die "no mutant matches '$*' (see scripts/mutants/)"

"$TOP/scripts/kbuild.sh" run
"$TOP/scripts/initramfs.sh"
say "[mutant] starting from the run kernel's objects"
rm -rf "$OBJ"
cp -a "$(flavour_obj run)" "$OBJ"

# The object a mutated file is built into, removed after the file is put
# back with its old time (which would otherwise look older than it).
object_of() {
	case $1 in
	rust/kernel/*) echo rust/kernel.o ;;
	*) echo "${1%.*}.o" ;;
	esac
}

saved=()
put_back() {
	local f
	for f in "${saved[@]}"; do
		cp -p "$W/orig/$f" "$SRC/$f"
		rm -f "$OBJ/$(object_of "$f")"
	done
	saved=()
}
trap put_back EXIT

table=$W/table.md
: >"$table.new"
missed=0

# run_one NAME [PATCH]: build, boot, and list the failed rows.
run_one() {
	local name=$1 patch=${2:-} f out=$W/boot-$1 res=$W/$1.tsv failed
	local start=$SECONDS what="(none: the unbroken kernel)" why
	rm -f "$res"
	if [ -n "$patch" ]; then
		what=$(sed -n '1s/^Mutant: //p' "$patch")
		for f in $(sed -n 's|^+++ b/||p' "$patch"); do
			mkdir -p "$(dirname "$W/orig/$f")"
			cp -p "$SRC/$f" "$W/orig/$f"
			saved+=("$f")
		done
		if ! patch -p1 -s --no-backup-if-mismatch -d "$SRC" <"$patch"; then
			put_back
			echo "| $name | $what | does not apply |" >>"$table.new"
			missed=$((missed + 1))
			return
		fi
	fi
	say "[mutant] $name: building (log: $LOGS/mutant-$name.log)"
	if ! kmake mutant CLIPPY=1 bzImage >"$LOGS/mutant-$name.log" 2>&1; then
		put_back
		tail -n 20 "$LOGS/mutant-$name.log" >&2
		echo "| $name | $what | does not build |" >>"$table.new"
		missed=$((missed + 1))
		return
	fi
	put_back
	# What safe Rust must not compile, against the mutant's kernel crate
	# (its metadata is kept when put_back removes the object).
	WB_RESULTS=$res "$TOP/scripts/check-compile-fail.sh" mutant
	say "[mutant] $name: booting the test job"
	if ! "$TOP/scripts/boot.sh" mutant test "$out" 900 "wb.torture=10"; then
		WB_RESULTS=$res python3 "$TOP/scripts/results.py" check \
			"boot: the guest finished its job" fail "(hang or panic)"
	fi
	boot_expect mutant
	WB_RESULTS=$res python3 "$TOP/scripts/results.py" boot mutant \
		"$out/console.log" "$out/job.log" "${BOOT_EXPECT[@]}"
	# The rows that failed, with what failed in them.
	failed=$(awk -F'\t' '$3 > 0 { sub(/^mutant: /, "", $1);
		printf "%s%s%s", sep, $1, ($5 == "" ? "" : " (" $5 ")"); sep = "; " }' "$res")
	# Which expectations of the KUnit cases failed.
	why=$(python3 "$TOP/scripts/results.py" kunit-why "$out/console.log")
	[ -z "$why" ] || failed="$failed; KUnit: $why"
	say "[mutant] $name: $((SECONDS - start)) s; failed: ${failed:-nothing}"
	if [ -z "$patch" ]; then
		[ -z "$failed" ] || die "the unbroken kernel fails: $failed (see $res)"
		return
	fi
	if [ -z "$failed" ]; then
		failed="**NOT CAUGHT**"
		missed=$((missed + 1))
	fi
	echo "| $name | $what | $failed |" >>"$table.new"
}

run_one none
for p in "${sel[@]}"; do
	n=$(basename "$p" .patch)
	run_one "$n" "$p"
done
{
	echo "| mutant | what is broken | make test rows that fail |"
	echo "|---|---|---|"
	cat "$table.new"
} >"$table"
rm -f "$table.new"
cat "$table"
[ "$missed" -eq 0 ] || die "$missed mutant(s) not caught, not applied or not built (above)"
say "every mutant was caught"
