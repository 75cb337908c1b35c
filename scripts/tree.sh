#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Assemble the kernel tree: the pristine Debian source, the patches in
# patches/series applied in order, and the overlay files copied at their
# kernel paths. Only files whose content changed are rewritten, so kbuild
# rebuilds only what changed.
source "$(dirname "$0")/lib.sh"

# --discard: drop the edits made by hand in build/src (see below).
discard=0
case ${1:-} in
--discard) discard=1 ;;
'') ;;
*) die "usage: tree.sh [--discard]" ;;
esac

# Repository folders that hold files at their kernel paths.
mapfile -t OVERLAY_DIRS < <(python3 "$TOP/scripts/series.py" overlay-dirs)

stamp=$BUILD/pristine/.extracted
if [ "$(cat "$stamp" 2>/dev/null)" != "$KSRC_VERSION" ]; then
	say "extracting $KSRC_PKG $KSRC_VERSION"
	rm -rf "$BUILD/pristine" "$SRC"
	mkdir -p "$BUILD/pristine"
	tar -C "$BUILD/pristine" -xf "$KSRC_TARBALL" ||
		die "could not extract $KSRC_TARBALL"
	[ -f "$PRISTINE/Makefile" ] || die "$KSRC_TARBALL has no $KSRC_TOPDIR/Makefile"
	echo "$KSRC_VERSION" >"$stamp"
fi
if [ ! -f "$SRC/.assembled-from" ]; then
	say "copying the pristine tree to $SRC"
	rm -rf "$SRC"
	cp -a "$PRISTINE" "$SRC"
	echo "$KSRC_VERSION" >"$SRC/.assembled-from"
	: >"$SRC/.managed"
fi

stage=$BUILD/stage
rm -rf "$stage"
mkdir -p "$stage"

# Patches, in series order, applied to copies of the files they touch.
patches=()
if [ -f "$TOP/patches/series" ]; then
	while read -r p; do
		case $p in '' | '#'*) continue ;; esac
		[ -f "$TOP/patches/$p" ] || die "patches/series names '$p', which does not exist"
		patches+=("$TOP/patches/$p")
	done <"$TOP/patches/series"
fi
python3 "$TOP/scripts/series.py" check-files ||
	die "patches/files does not match the overlay files (above)"
# Each patch's edits of existing files; its edits of new files that an
# earlier patch added are already in their final versions here.
managed=()
for p in "${patches[@]}"; do
	python3 "$TOP/scripts/series.py" overlay-filter "$p" >"$BUILD/patch.cur"
	while read -r f; do
		managed+=("$f")
		if [ ! -e "$stage/$f" ] && [ -e "$PRISTINE/$f" ]; then
			mkdir -p "$stage/$(dirname "$f")"
			cp -p "$PRISTINE/$f" "$stage/$f"
		fi
	done < <(sed -n 's@^+++ b/\([^[:space:]]*\).*@\1@p' "$BUILD/patch.cur")
	[ -s "$BUILD/patch.cur" ] || continue
	if ! patch -p1 -s -N --no-backup-if-mismatch -r - -d "$stage" <"$BUILD/patch.cur" \
		>"$LOGS/patch.log" 2>&1; then
		cat "$LOGS/patch.log" >&2
		die "patch $(basename "$p") does not apply to $KSRC_VERSION"
	fi
done

# Overlay files: new files at their kernel paths.
for d in "${OVERLAY_DIRS[@]}"; do
	[ -d "$TOP/$d" ] || continue
	while IFS= read -r -d '' f; do
		f=${f#"$TOP"/}
		if [ -e "$stage/$f" ]; then
			die "$f is both an overlay file and touched by a patch"
		fi
		if [ -e "$PRISTINE/$f" ]; then
			die "overlay file $f exists in the kernel tree: change it with a patch instead"
		fi
		mkdir -p "$stage/$(dirname "$f")"
		cp -p "$TOP/$f" "$stage/$f"
		managed+=("$f")
	done < <(find "$TOP/$d" -type f -print0)
done

# build/src is made, not edited: an edit there would be overwritten
# below, or built without being in the series. Refuse, and say what to do.
if [ $discard = 1 ]; then
	python3 "$TOP/scripts/hand-edits.py" discard "$SRC" "$stage" "$PRISTINE"
elif ! python3 "$TOP/scripts/hand-edits.py" check "$SRC" "$stage" "$PRISTINE"; then
	die "$SRC holds edits made by hand (above): nothing was changed"
fi

# Copy what changed; restore what the project no longer manages.
rsync -rc "$stage/" "$SRC/"
printf "%s\n" "${managed[@]}" | sed "/^$/d" | sort -u >"$BUILD/managed.new"
comm -23 "$SRC/.managed" "$BUILD/managed.new" | while read -r f; do
	if [ -e "$PRISTINE/$f" ]; then
		cp -p "$PRISTINE/$f" "$SRC/$f"
	else
		rm -f "$SRC/$f"
	fi
done
mv "$BUILD/managed.new" "$SRC/.managed"
rm -f "$SRC/.series-checkout"
python3 "$TOP/scripts/hand-edits.py" record "$SRC"
