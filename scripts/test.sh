#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The whole test run: set-up, the debug (test) kernel, the patch series and
# its checks, the test-oldwalk and distribution (no Rust) kernels, the
# static checks, every test in the guests, then one summary ending in
# 'N passed, N failed, N skipped'. What make test leaves to other targets,
# for CI's time (README, "Measured times"): the build after every patch
# (make patches), the UML kernel and kunit.py run (make kunit), the run
# kernel (make run, make bench).
source "$(dirname "$0")/lib.sh"

export WB_RESULTS=$BUILD/results.tsv
results() { python3 "$TOP/scripts/results.py" "$@"; }

"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"
rm -f "$WB_RESULTS"
# The set-up's own checks: deps.sh on a machine that lacks things (faked),
# and the ERR trap. Seconds; nothing is installed.
"$TOP/scripts/check-deps.sh" ||
	results check "deps: the set-up checks could run" fail "(see above)"
# tree.sh, the series as git history (on a small tree).
"$TOP/scripts/check-tree.sh" ||
	results check "tree: the tree.sh checks could run" fail "(see above)"
# The guest's test runner and the reading of its output (a fake install).
"$TOP/scripts/check-runner.sh" ||
	results check "runner: the runner checks could run" fail "(see above)"
# The KUnit suite's kunitconfig, as kunit.py resolves it for x86_64 with
# the project's toolchain: every option it names ends up set (kunit.py
# config fails otherwise). Seconds; nothing is built. `kunit.py run` with it
# builds and boots a kernel of its own: see the README.
# The same on UML, kunit.py's default, alone (the um kernel adds
# configs/um.config to it).
kopts=(--make_options LLVM=1)
for o in "${KMAKE_RUST[@]}"; do kopts+=(--make_options "$o"); done
for arch in x86_64 um; do
	if out=$(cd "$SRC" && python3 tools/testing/kunit/kunit.py config --arch=$arch \
		--build_dir="$BUILD/kunit-config-$arch" \
		--kunitconfig=fs/walk_ancestors.kunitconfig "${kopts[@]}" 2>&1); then
		results check "kunit.py config: fs/walk_ancestors.kunitconfig ($arch)" pass
	else
		echo "$out" | tail -n 8 >&2
		results check "kunit.py config: fs/walk_ancestors.kunitconfig ($arch)" fail \
			"$(echo "$out" | grep -i missing | head -n 1 | cut -c1-100)"
	fi
done
# A kernel that does not build ends the run: nothing after can run.
build_kernel() { # build_kernel FLAVOUR: built, or the run ends
	if "$TOP/scripts/kbuild.sh" "$1"; then
		results check "build: $1 kernel (CLIPPY=1, no warnings)" pass
	else
		results check "build: $1 kernel (CLIPPY=1, no warnings)" fail \
			"see $LOGS/build-$1.log"
		results summary || exit
	fi
}
build_kernel test
# The patch series (make patches): emitted, applied with git am to the
# pristine tree, checked (checkpatch, kernel-doc, htmldocs; rustfmt and
# rustdoc in the test kernel's configured directory). Not built after every
# patch here: `make patches` does that (every step compiled and linked).
"$TOP/scripts/patches.sh" --no-bisect ||
	results check "patches: the series could be made and checked" fail "(see above)"
# The test kernel with Landlock's unchanged walk, from a copy of its objects
# (kbuild.sh).
build_kernel test-oldwalk
# A distribution's configuration without Rust (6.12's RUST excludes
# MODVERSIONS): the series must link there, with the walker and its BPF
# kfuncs compiled out (configs/distro.config). Not booted; a failure here
# does not stop the tests of the other kernels.
if "$TOP/scripts/kbuild.sh" distro; then
	results check "build: distro kernel (no Rust; MODVERSIONS, BPF LSM, Landlock; vmlinux linked)" pass
else
	results check "build: distro kernel (no Rust; MODVERSIONS, BPF LSM, Landlock; vmlinux linked)" fail \
		"see $LOGS/build-distro.log"
fi
# What safe Rust must not compile (references in a lockless visit).
"$TOP/scripts/check-compile-fail.sh" test
# The torture module with a distribution's NR_CPUS: nothing sized by it on
# the stack.
"$TOP/scripts/check-frame.sh"
"$TOP/scripts/initramfs.sh" test

say "static checks"
"$TOP/scripts/check-static.sh" test

# The selftests' config files say what their tests need: every kernel
# that runs them must have it ("=n": must not have it).
config_lacks() { # config_lacks FLAVOUR: the options its .config lacks
	local t cfgs=()
	for t in "${SELFTESTS[@]}"; do cfgs+=("$t/config"); done
	for t in "${cfgs[@]}"; do
		config_missing "$(flavour_obj "$1")/.config" \
			"$SRC/tools/testing/selftests/$t" | sed "s|^|${t%%/*}: |"
	done
}
config_check() { # config_check FLAVOUR
	local lacks
	lacks=$(config_lacks "$1")
	if [ -z "$lacks" ]; then
		results check "selftests' config files: the $1 kernel has every option" pass
	else
		echo "$lacks" >&2
		results check "selftests' config files: the $1 kernel has every option" fail \
			"$(echo "$lacks" | tr '\n' ' ' | cut -c1-100)"
	fi
}
for fl in test test-oldwalk; do
	config_check "$fl"
done

# The test kernel runs every test, the KUnit suites at boot and the walk
# torture for 30 s (make torture runs it longer); test-oldwalk only the
# tests of Landlock's walk (lib.sh's OLDWALK_COLLS).
for fl in test test-oldwalk; do
	say "[$fl] booting the test job"
	out=$BUILD/boot-$fl-test
	extra="wb.torture=30"
	[ "$fl" = test ] || extra="kunit.enable=0 wb.colls=$OLDWALK_COLLS"
	"$TOP/scripts/boot.sh" "$fl" test "$out" 900 "$extra" ||
		results check "boot: $fl: the guest finished its job" fail "(see above)"
	boot_expect "$fl"
	results boot "$fl" "$out/console.log" "$out/job.log" "${BOOT_EXPECT[@]}"
done

# The negative test: a callback that may sleep (takes a mutex) where it was
# told it may not must be reported by DEBUG_ATOMIC_SLEEP, from that callback,
# and the machine must carry on (lockdep's and RCU-lockdep's reports of the
# same bug are allowed, nothing else).
say "[test] booting the negative test (a splat is expected)"
out=$BUILD/boot-test-badsleep
"$TOP/scripts/boot.sh" test badsleep "$out" 300 ||
	results check "boot: test/badsleep: the guest finished its job" fail "(see above)"
results expect-splat "test: negative: callback may sleep in atomic context" \
	"$out/console.log" "$out/job.log" \
	"BUG: sleeping function called from invalid context" --in bad_sleep_cb \
	--allow "WARNING: suspicious RCU usage" \
	--allow "Illegal context switch in RCU read-side critical section" \
	--allow "BUG: Invalid wait context"

say "summary"
# Its status is the run's; `|| exit` keeps the ERR trap from adding a line.
results summary || exit
