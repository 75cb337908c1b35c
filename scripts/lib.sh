# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the workbench scripts. Sourced, not run.

set -eEuo pipefail

# Every failure names itself: the command, its status and where it ran
# (set -E carries the trap into functions). die() exits without it.
wb_on_err() {
	local rc=$? src=${BASH_SOURCE[1]:-$0}
	printf '\033[1;31mERROR: `%s` failed (exit %d) at %s:%d\033[0m\n' \
		"$BASH_COMMAND" "$rc" "${src#"${TOP:-}"/}" "${BASH_LINENO[0]}" >&2
}
trap wb_on_err ERR

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}

# The one kernel source this project is an overlay on.
KSRC_PKG=linux-source-6.12
KSRC_VERSION=6.12.117-1~deb12u1
KSRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
KSRC_TOPDIR=linux-source-6.12

PRISTINE=$BUILD/pristine/$KSRC_TOPDIR
SRC=$BUILD/src
export WB_SRC=$SRC # results.py: the tree whose kunit.py parses KUnit output
# kunit.py and the kernel's other Python must not leave __pycache__ in
# build/src (a fresh machine showed it, when tree.sh still checked for edits by hand).
export PYTHONDONTWRITEBYTECODE=1
LOGS=$BUILD/logs
mkdir -p "$LOGS"

# Debian's rustc-web toolchain, not the rustup one (which lacks rust-src).
KMAKE_RUST=(RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
	    CLIPPY_DRIVER=/usr/bin/clippy-driver RUSTFMT=/usr/bin/rustfmt
	    BINDGEN="$HOME/.cargo/bin/bindgen"
	    PAHOLE="$TOP/scripts/pahole-no-type-tags.sh")
JOBS=${JOBS:-$(nproc)}
# The kselftest collections the guests run (initramfs.sh installs them).
SELFTESTS=(landlock walk_ancestors bpf_path_iter)
# What the UML kernels' test job runs (guest/test.sh's wb.colls=): no BPF
# there (no JIT), and one CPU with no preemption, where no walk is ever
# interrupted: the tests that need restarts to happen run on the QEMU
# kernels only; walk_torture runs.
UM_COLLS=landlock,walk_ancestors/walk_torture
# What test-oldwalk's job runs (make test): the tests of Landlock's walk,
# which is all that kernel changes (Landlock's unchanged loop: what every
# kernel without Rust runs); the rest ran on the test kernel.
OLDWALK_COLLS=landlock,walk_ancestors/landlock_stress

# Kernel flavours: run (benchmarks, demo), test (lockdep, KASAN, ...) and
# oldwalk (run, with Landlock's unchanged walk, for comparison);
# test-oldwalk (test with Landlock's unchanged walk: make test); maxsmp
# (NR_CPUS=8192, objects only: make test); distro (no
# Rust, MODVERSIONS, BPF LSM and Landlock, as distributions configure 6.12:
# built to vmlinux, never booted); mutant is
# the run kernel with one check broken on purpose (make mutants). um and
# um-oldwalk: the same two as User-Mode Linux (ARCH=um) kernels, which run
# natively as a host process; kunit.py configures them (kbuild.sh).
flavour_obj() { echo "$BUILD/obj-$1"; }
flavour_frags() {
	case $1 in
	run | mutant) echo "$TOP/configs/base.config $TOP/configs/bpf.config" ;;
	test) echo "$TOP/configs/base.config $TOP/configs/bpf.config $TOP/configs/test.config" ;;
	oldwalk) echo "$TOP/configs/base.config $TOP/configs/bpf.config $TOP/configs/oldwalk.config" ;;
	test-oldwalk) echo "$TOP/configs/base.config $TOP/configs/bpf.config $TOP/configs/test.config $TOP/configs/oldwalk.config" ;;
	maxsmp) echo "$TOP/configs/base.config $TOP/configs/maxsmp.config" ;;
	distro) echo "$TOP/configs/distro.config" ;;
	um) echo "$SRC/fs/walk_ancestors.kunitconfig $TOP/configs/um.config" ;;
	um-oldwalk) echo "$SRC/fs/walk_ancestors.kunitconfig $TOP/configs/um.config $TOP/configs/oldwalk.config" ;;
	*) die "unknown kernel flavour '$1' (expected run, test, oldwalk, test-oldwalk, maxsmp, distro, mutant, um or um-oldwalk)" ;;
	esac
}
is_um() { case $1 in um | um-*) return 0 ;; esac; return 1; }
# The kernel image a flavour boots.
flavour_image() {
	if is_um "$1"; then
		echo "$(flavour_obj "$1")/linux"
	elif [ "$1" = distro ]; then
		echo "$(flavour_obj "$1")/vmlinux"
	else
		echo "$(flavour_obj "$1")/arch/x86/boot/bzImage"
	fi
}

kmake() { # kmake FLAVOUR make-args...
	local fl=$1 arch=()
	shift
	! is_um "$fl" || arch=(ARCH=um)
	make -C "$SRC" O="$(flavour_obj "$fl")" "${arch[@]}" LLVM=1 "${KMAKE_RUST[@]}" \
		-j"$JOBS" "$@"
}

# kunit_py FLAVOUR COMMAND [ARGS...]: kunit.py on a UML flavour's build
# directory, with its fragments as kunitconfigs and the make options
# kbuild.sh builds with (the same options: `kunit.py run` then finds the
# kernel up to date instead of rebuilding it).
kunit_py() {
	local fl=$1 cmd=$2 f opts=()
	shift 2
	for f in $(flavour_frags "$fl"); do opts+=(--kunitconfig="$f"); done
	for f in LLVM=1 "${KMAKE_RUST[@]}" CLIPPY=1; do opts+=(--make_options "$f"); done
	case $cmd in run | build) opts+=(--jobs="$JOBS") ;; esac
	(cd "$SRC" && python3 tools/testing/kunit/kunit.py "$cmd" --arch=um \
		--build_dir="$(flavour_obj "$fl")" "${opts[@]}" "$@")
}

# config_missing CONFIG FRAGMENT...: print each line of the fragments that
# the .config CONFIG does not have ("=n": that it sets). A later fragment's
# value for a symbol replaces an earlier one's, as in merge_config.sh.
config_missing() {
	local cfg=$1 f line sym
	shift
	local -A want=()
	for f in "$@"; do
		while IFS= read -r line; do
			case $line in CONFIG_*) want[${line%%=*}]=$line ;; esac
		done <"$f"
	done
	for sym in "${!want[@]}"; do
		line=${want[$sym]}
		case $line in
		CONFIG_*=n) ! grep -q "^$sym=" "$cfg" || echo "$line" ;;
		*) grep -qxF -- "$line" "$cfg" || echo "$line" ;;
		esac
	done
}

# boot_expect FLAVOUR: set BOOT_EXPECT to what `results.py boot` must find
# in that kernel's test job: every test kselftest's install lists, and the
# two the project promises whatever the list says; the KUnit suites. The
# only skips allowed: Landlock's hostfs cases (hostfs exists only on
# User-Mode Linux) and, on test-oldwalk, landlock_stress's check of
# the new walk's counters (they have no new walk); any other skip fails its
# row. The UML kernels and test-oldwalk run only their wb.colls= (UM_COLLS,
# OLDWALK_COLLS), with no KUnit at boot.
in_colls() { # in_colls COLLS COLL PROG: is COLL/PROG one of COLLS?
	case ,$1, in *,$2,* | *,$2/$3,*) return 0 ;; esac
	return 1
}
boot_expect() {
	local coll prog
	if is_um "$1"; then
		# KUnit runs through kunit.py there; every Landlock case runs,
		# the hostfs ones from a hostfs working directory: no skip.
		BOOT_EXPECT=(--expect-section hostfs)
		while IFS=: read -r coll prog; do
			! in_colls "$UM_COLLS" "$coll" "$prog" ||
				BOOT_EXPECT+=(--expect-section "$coll/$prog")
		done <"$BUILD/kselftest/kselftest-list.txt"
		return
	fi
	if [ "$1" = test-oldwalk ]; then
		BOOT_EXPECT=(--allow-skip 'landlock/fs_test=layout3_fs\.hostfs\..*'
			--allow-skip 'walk_ancestors/landlock_stress=trees\.quiet_walks_are_lockless'
			--expect-section walk_ancestors/landlock_stress)
		while IFS=: read -r coll prog; do
			! in_colls "$OLDWALK_COLLS" "$coll" "$prog" ||
				BOOT_EXPECT+=(--expect-section "$coll/$prog")
		done <"$BUILD/kselftest/kselftest-list.txt"
		return
	fi
	BOOT_EXPECT=(--expect-suite rust_doctests_kernel --expect-suite vfs_walk_ancestors
		--expect-suite landlock_fs --expect-suite bpf_kfunc_flags
		--expect-section walk_ancestors/walk_torture
		--expect-section bpf_path_iter/test_progs
		--allow-skip 'landlock/fs_test=layout3_fs\.hostfs\..*')
	while IFS=: read -r coll prog; do
		[ -n "$prog" ] && BOOT_EXPECT+=(--expect-section "$coll/$prog")
	done <"$BUILD/kselftest/kselftest-list.txt"
}

# Every step line carries the minutes since the outermost script started
# (WB_T0, inherited), so a CI log says where the time went.
export WB_T0=${WB_T0:-$(date +%s)}
say() {
	local t
	t=$(($(date +%s) - WB_T0))
	printf '\033[1m==> [%d:%02d] %s\033[0m\n' $((t / 60)) $((t % 60)) "$*" >&2
}
die() {
	printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2
	exit 1
}

# Run a command with its output in a log; on failure print the log's tail
# and name the step, so a build error never scrolls away.
logged() { # logged NAME cmd...
	local name=$1 log
	shift
	mkdir -p "$LOGS"
	log=$LOGS/$name.log
	if ! "$@" >"$log" 2>&1; then
		tail -n 60 "$log" >&2
		die "step '$name' failed; full log: $log"
	fi
}

# Hash of a list of files' contents and names, for stamps.
hash_files() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }
