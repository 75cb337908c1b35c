#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install what the workbench needs, only what is missing, and check the
# pinned kernel source version.
source "$(dirname "$0")/lib.sh"

PKGS=(rustc-web rust-web-src rust-web-clippy rustfmt-web clang lld llvm
      libclang-dev qemu-system-x86 busybox-static libcap-dev flex bison bc
      libelf-dev libssl-dev cpio make gcc python3 rsync)
BINDGEN_VERSION=0.73.2
# `deps.sh bench` also installs what the benchmark's plots need.
[ "${1:-}" = bench ] && PKGS+=(gnuplot-nox)

pkg_version() { dpkg-query -W -f='${db:Status-Abbrev} ${Version}' "$1" 2>/dev/null |
	awk '$1 == "ii" { print $2 }'; }

missing=()
for p in "${PKGS[@]}"; do
	[ -n "$(pkg_version "$p")" ] || missing+=("$p")
done
ksrc=$(pkg_version "$KSRC_PKG")
[ "$ksrc" = "$KSRC_VERSION" ] || missing+=("$KSRC_PKG=$KSRC_VERSION")

if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}) and not root: install them with apt-get"
	say "installing: ${missing[*]}"
	logged apt-update apt-get update -q
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --allow-downgrades \
		"${missing[@]}" >"$LOGS/apt-install.log" 2>&1; then
		tail -n 20 "$LOGS/apt-install.log" >&2
		die "apt-get install failed for: ${missing[*]} (log: $LOGS/apt-install.log)"
	fi
fi

ksrc=$(pkg_version "$KSRC_PKG")
[ "$ksrc" = "$KSRC_VERSION" ] ||
	die "$KSRC_PKG is version '${ksrc:-none}', this project is pinned to $KSRC_VERSION"
[ -f "$KSRC_TARBALL" ] || die "$KSRC_TARBALL is missing although $KSRC_PKG is installed"

if [ "$("$HOME/.cargo/bin/bindgen" --version 2>/dev/null)" != "bindgen $BINDGEN_VERSION" ]; then
	command -v cargo >/dev/null || die "cargo not found: needed to install bindgen-cli $BINDGEN_VERSION"
	say "installing bindgen-cli $BINDGEN_VERSION from crates.io"
	logged bindgen-install cargo install --locked --force bindgen-cli --version "$BINDGEN_VERSION"
fi

for t in /usr/bin/rustc /usr/bin/rustdoc /usr/bin/clippy-driver /usr/bin/rustfmt \
	clang ld.lld qemu-system-x86_64 cpio; do
	command -v "$t" >/dev/null || die "required tool '$t' not found after installation"
done
[ -x /bin/busybox ] || die "/bin/busybox (busybox-static) not found"
