#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make fresh-check`: prove the set-up on a fresh Debian 12. A throw-away
# bookworm root made by debootstrap (variant minbase, plus only git and make:
# deps.sh must install everything else), with the sources a Debian 12
# install has (main, updates, security); this repository's committed HEAD
# cloned into it; and the README's command run there as root in a chroot,
# with /proc, /sys and /dev mounted. Prints how long each stage took.
#
#   FRESH_CMD   the command, run in the clone (default: make run). Each
#               `&&`-separated part is a stage of its own, so
#               FRESH_CMD="scripts/deps.sh && scripts/tree.sh" times the
#               set-up alone, without a kernel build.
#   FRESH_DIR   where the root goes (default: build/fresh); a root left there
#               is removed first.
#   FRESH_WORKTREE=1  copy the working tree's uncommitted changes (modified
#               and new files) over the clone, to try them before a commit.
#   FRESH_KEEP=1      keep the root after a successful run (a failed run
#               always keeps it, for a look inside).
#   FRESH_MIRROR, FRESH_SECURITY  the Debian and Debian security mirrors.
source "$(dirname "$0")/lib.sh"

FRESH_CMD=${FRESH_CMD:-make run}
FRESH_DIR=${FRESH_DIR:-$BUILD/fresh}
FRESH_MIRROR=${FRESH_MIRROR:-http://deb.debian.org/debian}
FRESH_SECURITY=${FRESH_SECURITY:-http://deb.debian.org/debian-security}
SUITE=bookworm
root=$FRESH_DIR/root
clone=/root/$(basename "$TOP")
PATH=$PATH:/usr/sbin:/sbin

[ "$(id -u)" = 0 ] || die "fresh-check needs root: debootstrap, mount and chroot"

times=()
fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
# stage NAME cmd...: run one stage, print and record how long it took. (The
# command runs where set -e does not apply: it must return its failures.)
stage() {
	local name=$1 t0=$SECONDS rc=0
	shift
	say "[fresh] $name"
	"$@" || rc=$?
	times+=("$(fmt_time $((SECONDS - t0)))  $name")
	say "[fresh] $name: $(fmt_time $((SECONDS - t0)))$([ $rc = 0 ] || echo ", FAILED (exit $rc)")"
	[ $rc = 0 ] || die "fresh-check: stage '$name' failed (exit $rc); the root is kept in $root"
}

# Mounts under the root, deepest first; and their removal.
mounts_under() { awk -v r="$root/" 'index($2 "/", r) == 1 { print $2 }' /proc/self/mounts | sort -r; }
unmount_all() {
	local m
	for m in $(mounts_under); do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
}
finish() {
	local rc=$?
	unmount_all
	if [ ${#times[@]} -gt 0 ]; then
		say "[fresh] times:"
		printf '    %s\n' "${times[@]}" >&2
	fi
	if [ $rc = 0 ] && [ "${FRESH_KEEP:-0}" != 1 ] && [ -z "$(mounts_under)" ]; then
		say "[fresh] removing the root"
		rm -rf --one-file-system "$root"
	elif [ -d "$root" ]; then
		say "[fresh] the root is kept in $root (chroot $root; rm -rf it when done)"
	fi
}
trap finish EXIT

# A root left by an earlier run: unmount what it still has, then remove it.
if [ -e "$root" ]; then
	unmount_all
	[ -z "$(mounts_under)" ] || die "$root still has mounts ($(mounts_under | paste -sd' ')); not removing it"
	stage "remove the earlier root $root" rm -rf --one-file-system "$root"
fi
mkdir -p "$FRESH_DIR"

if ! command -v debootstrap >/dev/null; then
	install_debootstrap() {
		if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q debootstrap; } >"$FRESH_DIR/apt.log" 2>&1; then
			tail -n 20 "$FRESH_DIR/apt.log" >&2
			return 1
		fi
	}
	stage "install debootstrap" install_debootstrap
fi

debootstrap_root() {
	debootstrap --variant=minbase --include=git,make \
		"$SUITE" "$root" "$FRESH_MIRROR" >"$FRESH_DIR/debootstrap.log" 2>&1 || {
		tail -n 30 "$FRESH_DIR/debootstrap.log" >&2
		return 1
	}
}
stage "debootstrap $SUITE (minbase, git, make)" debootstrap_root

# What a Debian 12 install has and debootstrap does not write: the updates
# and security suites (linux-source-6.12 and rustc-web come from security).
cat >"$root/etc/apt/sources.list" <<EOF
deb $FRESH_MIRROR $SUITE main
deb $FRESH_MIRROR $SUITE-updates main
deb $FRESH_SECURITY $SUITE-security main
EOF
# The host's network set-up: its resolver, and the local CAs it trusts (a
# TLS-inspecting proxy's, here): ca-certificates, which deps.sh installs,
# adds them to the root's bundle, as on the host.
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
	mkdir -p "$root/usr/local/share/ca-certificates"
	cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi
# No daemon a package installs may start (on the host's kernel).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"

mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
# Unmounting must not propagate to the host's /dev (/dev/pts, /dev/shm).
mount --make-rslave "$root/dev"

clone_repo() {
	git clone -q "$TOP" "$root$clone" || return
	if [ "${FRESH_WORKTREE:-0}" = 1 ]; then
		say "[fresh] FRESH_WORKTREE=1: the working tree's uncommitted changes go over the clone:"
		git -C "$TOP" ls-files -z -m -o --exclude-standard | sort -zu |
			while IFS= read -r -d '' f; do
				echo "    $f" >&2
				if [ -e "$TOP/$f" ]; then
					mkdir -p "$root$clone/$(dirname "$f")"
					cp -p "$TOP/$f" "$root$clone/$f" || exit
				else
					rm -f "$root$clone/$f" || exit
				fi
			done || return
	fi
	say "[fresh] $clone is at $(git -C "$root$clone" log -1 --format='%h %s')"
}
stage "clone $TOP into $clone" clone_repo

# in_root CMD: CMD in the clone, as root in the chroot, with a login's
# environment: nothing of ours but JOBS.
in_root() {
	chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		${JOBS:+JOBS="$JOBS"} /bin/bash -c "cd $clone && $1"
}
rest=$FRESH_CMD
while [[ $rest == *' && '* ]]; do
	stage "chroot: ${rest%% && *}" in_root "${rest%% && *}"
	rest=${rest#* && }
done
stage "chroot: $rest" in_root "$rest"
say "[fresh] '$FRESH_CMD' succeeded on a fresh Debian 12"
