#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install what the workbench needs, only what is missing, and check the
# pinned kernel source version.
#
#   deps.sh [--dry-run] [bench] [profile]
#
# --dry-run says what would be installed and changes nothing. `bench` also
# installs what the benchmark's plots need, `profile` perf (make profile). WB_CARGO names the cargo used to
# build bindgen-cli (default: the first `cargo` on PATH; Debian's cargo-web
# is installed when there is none).
source "$(dirname "$0")/lib.sh"

dry=0
bench=0
profile=0
for a in "$@"; do
	case $a in
	--dry-run) dry=1 ;;
	bench) bench=1 ;;
	profile) profile=1 ;;
	*) die "usage: deps.sh [--dry-run] [bench] [profile] (unknown argument '$a')" ;;
	esac
done

PKGS=(rustc-web rust-web-src rust-web-clippy rustfmt-web clang lld llvm
      libclang-dev qemu-system-x86 busybox-static libcap-dev flex bison bc
      libelf-dev zlib1g-dev libzstd-dev dwarves libssl-dev cpio make gcc libc6-dev
      python3 python3-sphinx perl
      rsync git patch xz-utils ca-certificates)
BINDGEN_VERSION=0.73.2
BINDGEN=$HOME/.cargo/bin/bindgen
CARGO=${WB_CARGO:-cargo}
[ $bench = 1 ] && PKGS+=(gnuplot-nox)
[ $profile = 1 ] && PKGS+=(linux-perf)

# The installed version of a package, or nothing. dpkg-query exits 1 for a
# package it has never heard of (not installed, never was): that is an
# answer here, not an error.
pkg_version() {
	{ dpkg-query -W -f='${db:Status-Abbrev} ${Version}' "$1" 2>/dev/null || true; } |
		awk '$1 == "ii" { print $2 }'
}

missing=()
for p in "${PKGS[@]}"; do
	[ -n "$(pkg_version "$p")" ] || missing+=("$p")
done
ksrc=$(pkg_version "$KSRC_PKG")
[ "$ksrc" = "$KSRC_VERSION" ] || missing+=("$KSRC_PKG=$KSRC_VERSION")

# bindgen-cli comes from crates.io, built by cargo: Debian's cargo-web (the
# same release as rustc-web) when the machine has no cargo of its own.
need_bindgen=0
[ "$("$BINDGEN" --version 2>/dev/null || true)" = "bindgen $BINDGEN_VERSION" ] || need_bindgen=1
if [ $need_bindgen = 1 ] && ! command -v "$CARGO" >/dev/null; then
	CARGO=/usr/bin/cargo
	[ -n "$(pkg_version cargo-web)" ] || missing+=(cargo-web)
fi

if [ $dry = 1 ]; then
	if [ ${#missing[@]} -gt 0 ]; then
		echo "deps: would install packages: ${missing[*]}"
	else
		echo "deps: every package is installed"
	fi
	if [ $need_bindgen = 1 ]; then
		echo "deps: would install bindgen-cli $BINDGEN_VERSION with $CARGO"
	else
		echo "deps: bindgen-cli $BINDGEN_VERSION is installed"
	fi
	exit 0
fi

if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] ||
		die "missing packages (${missing[*]}) and not root: install them with apt-get, or run this as root"
	say "installing: ${missing[*]}"
	logged apt-update apt-get update -q
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--allow-downgrades "${missing[@]}" >"$LOGS/apt-install.log" 2>&1; then
		tail -n 20 "$LOGS/apt-install.log" >&2
		die "apt-get install failed for: ${missing[*]} (log: $LOGS/apt-install.log)"
	fi
fi

ksrc=$(pkg_version "$KSRC_PKG")
[ "$ksrc" = "$KSRC_VERSION" ] ||
	die "$KSRC_PKG is version '${ksrc:-none}', this project is pinned to $KSRC_VERSION"
[ -f "$KSRC_TARBALL" ] || die "$KSRC_TARBALL is missing although $KSRC_PKG is installed"

if [ $need_bindgen = 1 ]; then
	command -v "$CARGO" >/dev/null ||
		die "no cargo ('$CARGO') to build bindgen-cli $BINDGEN_VERSION, although cargo-web was to be installed"
	say "installing bindgen-cli $BINDGEN_VERSION from crates.io with $CARGO (a few minutes)"
	logged bindgen-install "$CARGO" install --locked --force bindgen-cli --version "$BINDGEN_VERSION"
	[ "$("$BINDGEN" --version 2>/dev/null || true)" = "bindgen $BINDGEN_VERSION" ] ||
		die "$BINDGEN is not bindgen $BINDGEN_VERSION after cargo install"
fi

for t in /usr/bin/rustc /usr/bin/rustdoc /usr/bin/clippy-driver /usr/bin/rustfmt \
	clang ld.lld qemu-system-x86_64 cpio; do
	command -v "$t" >/dev/null || die "required tool '$t' not found after installation"
done
[ -x /bin/busybox ] || die "/bin/busybox (busybox-static) not found"
