#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Regression checks of the set-up itself (issue 11), one result row each:
# deps.sh on a machine that lacks things, made up with fake `dpkg-query`,
# `id`, `apt-get` and `cargo` first on PATH, and lib.sh's ERR trap. It takes
# seconds and installs nothing: the fake apt-get and cargo only record that
# they were called, and fail.
#
#   check-deps.sh
#
# DEPS_SH names the deps.sh under test (default: the one next to this
# script); the lib.sh in its directory is the one whose ERR trap is checked.
# Results are rows in $WB_RESULTS (make test collects them); run alone, the
# script prints its own summary.
source "$(dirname "$0")/lib.sh"

DEPS_SH=${DEPS_SH:-$TOP/scripts/deps.sh}
LIB_SH=$(dirname "$DEPS_SH")/lib.sh
[ -f "$DEPS_SH" ] || die "DEPS_SH: no '$DEPS_SH'"
[ -f "$LIB_SH" ] || die "no lib.sh next to '$DEPS_SH'"

source "$TOP/scripts/checks.sh"

# The fake commands. dpkg-query answers for the packages named in
# $FAKE_MISSING exactly as the real one does for a package it never heard
# of, and is the real one for everything else.
fake=$tmp/bin
mkdir -p "$fake"
cat >"$fake/dpkg-query" <<'EOF'
#!/usr/bin/env bash
args=() missing=() pkgs=0 value=0
for a in "$@"; do
	if [ $value = 1 ]; then
		args+=("$a") value=0
		continue
	fi
	case $a in
	-f | --showformat | --admindir | --root) args+=("$a") value=1 ;;
	-*) args+=("$a") ;;
	*)
		if [[ " ${FAKE_MISSING:-} " == *" $a "* ]]; then
			missing+=("$a")
		else
			args+=("$a") pkgs=1
		fi
		;;
	esac
done
[ ${#missing[@]} = 0 ] && exec /usr/bin/dpkg-query "$@"
[ $pkgs = 1 ] && /usr/bin/dpkg-query "${args[@]}"
for p in "${missing[@]}"; do
	echo "dpkg-query: no packages found matching $p" >&2
done
exit 1
EOF
cat >"$fake/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $*" >>"$FAKE_CALLS"
exit 100
EOF
cat >"$fake/cargo" <<'EOF'
#!/bin/sh
echo "cargo $*" >>"$FAKE_CALLS"
exit 101
EOF
# id, as an ordinary user (only for the case that asks for it).
mkdir -p "$tmp/user"
cat >"$tmp/user/id" <<'EOF'
#!/bin/sh
[ "$*" = -u ] && exec echo 1000
exec /usr/bin/id "$@"
EOF
chmod +x "$fake"/* "$tmp/user/id"

# deps_run NAME PATH-PREFIX MISSING [ENV=VALUE...] -- ARGS...: run deps.sh
# with the packages in MISSING never installed; its status in $rc, its
# output (both streams) in $out, what it installed in $calls.
deps_run() {
	local name=$1 prefix=$2 miss=$3 envs=()
	shift 3
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	out=$tmp/$name.out
	calls=$tmp/$name.calls
	: >"$calls"
	rc=0
	env "${envs[@]}" PATH="$prefix:$PATH" FAKE_MISSING="$miss" FAKE_CALLS="$calls" \
		BUILD="$tmp/build-$name" timeout 60 "$DEPS_SH" "$@" >"$out" 2>&1 </dev/null || rc=$?
}

# The words of the "would install packages:" line, padded with spaces.
would_install() {
	local line
	line=$(grep '^deps: would install packages: ' "$out" || true)
	echo " ${line#deps: would install packages: } "
}
status_is() { [ "$rc" = "$1" ] || echo "exit $rc, not $1"; }
installed_nothing() { [ ! -s "$calls" ] || echo "it ran: $(paste -sd, "$calls")"; }

# a. A package dpkg-query never heard of is missing, not an error: the kernel
#    source not installed at all made deps.sh die silently (set -e).
want="$KSRC_PKG=$KSRC_VERSION"
deps_run ksrc "$fake" "$KSRC_PKG" -- --dry-run
check "deps: --dry-run, $KSRC_PKG not installed: would install $want" \
	"$(status_is 0)" \
	"$([[ $(would_install) == *" $want "* ]] || echo "no 'would install packages: ... $want'")" \
	"$(installed_nothing)"

# b. No cargo and no bindgen: Debian's cargo-web is installed to build it.
mkdir -p "$tmp/home"
deps_run cargo "$fake" cargo-web WB_CARGO=wb-no-such-cargo HOME="$tmp/home" -- --dry-run
check "deps: --dry-run, no cargo and no bindgen: would install cargo-web and build bindgen-cli with it" \
	"$(status_is 0)" \
	"$([[ $(would_install) == *" cargo-web "* ]] || echo "cargo-web not in 'would install packages:'")" \
	"$(grep -Eq '^deps: would install bindgen-cli [0-9.]+ with /usr/bin/cargo$' "$out" ||
		echo "no 'would install bindgen-cli ... with /usr/bin/cargo'")" \
	"$(installed_nothing)"

# c. Not root and something missing: a message, and apt-get is not run.
deps_run user "$tmp/user:$fake" "$KSRC_PKG" --
check "deps: not root, $KSRC_PKG not installed: says so, exits 1, runs no apt-get" \
	"$(status_is 1)" \
	"$(grep -Fq "missing packages (" "$out" && grep -Fq "$want" "$out" &&
		grep -Fq ") and not root" "$out" ||
		echo "no 'missing packages (... $want ...) and not root'")" \
	"$(installed_nothing)"

# d. lib.sh's ERR trap names the failed command, its status and its line.
script=$tmp/err-trap.sh
printf '#!/usr/bin/env bash\nsource "%s"\nfalse\necho reached\n' "$LIB_SH" >"$script"
chmod +x "$script"
out=$tmp/err-trap.out
rc=0
BUILD=$tmp/build-trap "$script" >"$out" 2>&1 </dev/null || rc=$?
check "lib.sh: a failed command names itself (ERR trap)" \
	"$([ "$rc" != 0 ] || echo "exit 0")" \
	"$(! grep -q '^reached$' "$out" || echo "went on after the failure")" \
	"$(grep -Fq "failed (exit 1) at $script:3" "$out" ||
		echo "no 'failed (exit 1) at $script:3'")"

checks_end
