#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The whole test run: set-up, the patch series and its checks (with a build
# after every patch), the three kernels, the static checks, every test in
# the guests, then one summary ending in 'N passed, N failed, N skipped'.
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
# tree.sh refuses edits made by hand in build/src (on a small tree).
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
# The patch series (make patches): emitted, applied with git am, checked,
# and after every patch the directories it changes compiled in the run
# configuration (--dirs: `make patches` builds and links the whole kernel
# at every step); then the run kernel's build compiles the rest and links.
# The oldwalk kernel starts from a copy of the run kernel's objects
# (kbuild.sh).
"$TOP/scripts/patches.sh" --dirs ||
	results check "patches: the series could be made and checked" fail "(see above)"
# A kernel that does not build ends the run: nothing after can run. The
# UML kernel (configured by kunit.py) after the QEMU ones; um-oldwalk is
# built only where UML's user space runs (below).
build_kernel() { # build_kernel FLAVOUR: built, or the run ends
	if "$TOP/scripts/kbuild.sh" "$1"; then
		results check "build: $1 kernel (CLIPPY=1, no warnings)" pass
	else
		results check "build: $1 kernel (CLIPPY=1, no warnings)" fail \
			"see $LOGS/build-$1.log"
		results summary || exit
	fi
}
for fl in run test oldwalk um; do
	build_kernel "$fl"
done
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
"$TOP/scripts/initramfs.sh"

say "static checks"
"$TOP/scripts/check-static.sh"

# The selftests' config files say what their tests need: every kernel
# that runs them must have it ("=n": must not have it).
config_lacks() { # config_lacks FLAVOUR: the options its .config lacks
	local t cfgs=()
	if is_um "$1"; then
		# Landlock's config.um asks for hostfs.
		cfgs=(landlock/config landlock/config.um walk_ancestors/config)
	else
		for t in "${SELFTESTS[@]}"; do cfgs+=("$t/config"); done
	fi
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
for fl in run test oldwalk um; do
	config_check "$fl"
done

for fl in run test oldwalk; do
	say "[$fl] booting the test job"
	out=$BUILD/boot-$fl-test
	# The walk torture test runs a minute on the debug kernel.
	torture=10
	[ "$fl" = test ] && torture=60
	"$TOP/scripts/boot.sh" "$fl" test "$out" 900 "wb.torture=$torture" ||
		results check "boot: $fl: the guest finished its job" fail "(see above)"
	boot_expect "$fl"
	results boot "$fl" "$out/console.log" "$out/job.log" "${BOOT_EXPECT[@]}"
done

# User-Mode Linux: the KUnit suites through kunit.py itself, with the
# kunitconfigs the um kernel was configured from (it finds the kernel
# built and runs it); then the test job: Landlock's selftests with their
# hostfs cases, and the walk torture, natively on one CPU.
say "[um] kunit.py run"
rc=0
rm -f "$BUILD/kunit-um.json"
kunit_py um run --timeout=600 --json="$BUILD/kunit-um.json" >"$LOGS/kunit-um.log" 2>&1 || rc=$?
[ $rc -eq 0 ] || tail -n 30 "$LOGS/kunit-um.log" >&2
results kunit-run "um: kunit.py run" "$BUILD/kunit-um.json" "$rc" \
	--expect-suite vfs_walk_ancestors --expect-suite landlock_fs \
	--expect-suite rust_doctests_kernel
# um-oldwalk after um's test job, and only if UML's user space ran there:
# it exists for that job (its KUnit suites are um's).
uml_user=0
for fl in um um-oldwalk; do
	if [ "$fl" = um-oldwalk ]; then
		if [ $uml_user = 0 ]; then
			results check "build and test job: um-oldwalk kernel (not built: UML user space cannot run on this host, see the um row)" \
				skip "UML user space did not run"
			continue
		fi
		build_kernel um-oldwalk
		config_check um-oldwalk
	fi
	say "[$fl] the test job"
	out=$BUILD/boot-$fl-test
	rc=0
	"$TOP/scripts/boot.sh" "$fl" test "$out" 900 \
		"kunit.enable=0 wb.torture=10 wb.colls=$UM_COLLS" || rc=$?
	# UML 6.12 restores a process's FP state with a fixed-size XSAVE
	# buffer: on a host CPU whose XSAVE area is larger (AMX), the first
	# user process (init) dies at once with this message. The host, not
	# the kernel under test: reported as a skip naming it (the KUnit
	# suites above ran on this kernel in kernel space).
	if grep -q "ptrace set fp regs failed" "$out/console.log"; then
		results check "$fl: user space on UML (cannot run on this host CPU: UML 6.12's fixed XSAVE buffer, $(grep -o -m1 -w 'amx_tile' /proc/cpuinfo || echo 'large XSAVE'))" \
			skip "init killed: ptrace set fp regs failed"
		continue
	fi
	uml_user=1
	[ $rc -eq 0 ] ||
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
