#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Configure (from tinyconfig plus the fragments in configs/; the UML
# flavours through kunit.py) and build one kernel flavour (lib.sh). Incremental: the configuration is redone only
# when a fragment changes, and kbuild rebuilds only what changed. Targets
# other than bzImage may be named (check-frame.sh builds single objects).
source "$(dirname "$0")/lib.sh"

fl=${1:?usage: kbuild.sh run|test|oldwalk|test-oldwalk|maxsmp|distro|um|um-oldwalk [TARGET...]}
shift
targets=("$@")
# UML: `all` is the `linux` binary and what `kunit.py run` builds.
default_target=bzImage
! is_um "$fl" || default_target=all
# distro: linked, not booted (see lib.sh).
[ "$fl" != distro ] || default_target=vmlinux
[ ${#targets[@]} -gt 0 ] || targets=("$default_target")
obj=$(flavour_obj "$fl")
frags=$(flavour_frags "$fl")
mkdir -p "$obj"
# WB_BISECT=K: building the tree as patch K of the series leaves it (see
# patches.sh): options of later patches do not exist yet, so the fragment
# check is skipped, and the next ordinary build configures afresh. A step
# is configured again only when its Kconfig files (the options the patches
# so far add), the fragments or the toolchain differ from the last step's.
bisect=${WB_BISECT:-}
blog=build-$fl
# The files the series (and any edit in no commit yet) adds or changes.
source "$TOP/scripts/series-lib.sh"
managed=$BUILD/series-files
{
	sgit diff --name-only base
	sgit ls-files -o # every path is ignored by Debian's .gitignore
} | sort -u >"$managed"
# shellcheck disable=SC2086
cfg_hash=$(hash_files $frags "$managed")
if [ -n "$bisect" ]; then
	blog=bisect-$fl-$bisect
	# shellcheck disable=SC2086
	cfg_hash=bisect-$({
		find "$SRC" -name 'Kconfig*' -type f -print0 | sort -z | xargs -0 cat
		cat $frags
		/usr/bin/rustc --version
		clang --version
	} | sha256sum | cut -c1-16)
fi
if [ "$(cat "$obj/.config-from" 2>/dev/null)" != "$cfg_hash" ] || [ ! -f "$obj/.config" ]; then
	# An oldwalk flavour is another kernel with one option off (oldwalk:
	# run's, test-oldwalk: test's, um-oldwalk: um's): starting from that
	# kernel's objects, kbuild rebuilds what the option touches (minutes),
	# not everything.
	case $fl in
	oldwalk) from=run ;;
	*-oldwalk) from=${fl%-oldwalk} ;;
	*) from= ;;
	esac
	from_obj=$(flavour_obj "${from:-none}")
	if [ -n "$from" ] && [ -z "$bisect" ] && [ -f "$from_obj/vmlinux" ]; then
		say "[$fl] starting from the $from kernel's objects"
		rm -rf "$obj"
		cp -a "$from_obj" "$obj"
	fi
	say "[$fl] configuring"
	if is_um "$fl"; then
		# kunit.py's own configuration (its UML options, then olddefconfig),
		# so that `kunit.py run` on this directory keeps it.
		logged "config-$fl" kunit_py "$fl" config
	else
		logged "config-$fl" kmake "$fl" tinyconfig
		# shellcheck disable=SC2086
		logged "config-$fl-merge" "$SRC/scripts/kconfig/merge_config.sh" -m -O "$obj" \
			"$obj/.config" $frags
		logged "config-$fl-olddef" kmake "$fl" olddefconfig
	fi
	# Kconfig drops symbols whose dependencies are unmet without failing:
	# check that every fragment line survived (a later fragment's value for
	# a symbol replaces an earlier one's, as in merge_config.sh).
	# shellcheck disable=SC2086 # $frags: a list of paths
	mapfile -t bad < <(config_missing "$obj/.config" $frags)
	[ ${#bad[@]} -eq 0 ] || [ -n "$bisect" ] ||
		die "[$fl] config options not taken (unmet dependencies?): ${bad[*]}"
	echo "$cfg_hash" >"$obj/.config-from"
fi

say "[$fl] building (log: $LOGS/$blog.log)"
logged "$blog" kmake "$fl" CLIPPY=1 "${targets[@]}"
if [ "${targets[*]}" = "$default_target" ]; then
	[ -f "$(flavour_image "$fl")" ] || die "[$fl] no $(flavour_image "$fl") after the build"
fi
# Warnings are errors for the project's own code: any rustc or clippy
# diagnostic, and C warnings in the files the project adds, or at the lines
# it adds to the files it patches (scripts/project-warnings.py).
# (CONFIG_WERROR is not usable: clang 14 warns on untouched 6.12 code.)
# Not Rust's: a line naming a C warning flag ("[-Wnull-pointer-arithmetic]",
# which bindgen's clang prints on UML's asm-generic/io.h, and which parallel
# make can splice behind another line's "warning:"; the C warnings are
# project-warnings.py's), and scripts/test_fortify.sh's report on the
# FORTIFY_SOURCE tests (kunit.py's UML options enable it; clang 14 makes
# it say "unsafe strcpy() usage lacked '__write_overflow' symbol").
# A build that warned has still written its objects: the files the
# warnings name are touched, so that the next build compiles them again
# and warns again, instead of finding them up to date.
forget_warned() {
	local f
	sed -nE -e 's/^([^ :]+):[0-9]+:[0-9]+: warning:.*/\1/p' \
		-e 's/^ *--> ([^ :]+):[0-9]+:[0-9]+$/\1/p' "$LOGS/$blog.log" | sort -u |
		while read -r f; do
			case $f in /*) ;; *) f=$SRC/$f ;; esac
			[ ! -f "$f" ] || touch "$f" || true
		done
}
if grep -nE '^(warning|error)(\[|:)' "$LOGS/$blog.log" |
	grep -vE "\[-W[[:alnum:]=-]+\]|^[0-9]+:warning: unsafe [a-z_0-9]+\(\) usage lacked '__[a-z_]+' symbol in " >&2; then
	forget_warned
	die "[$fl] the build printed Rust warnings (see above; log: $LOGS/$blog.log)"
fi
if [ -s "$managed" ] &&
	! python3 "$TOP/scripts/project-warnings.py" "$SRC" "$PRISTINE" "$managed" \
		"$LOGS/$blog.log"; then
	forget_warned
	die "[$fl] the build printed C warnings in the project's code (log: $LOGS/$blog.log)"
fi
