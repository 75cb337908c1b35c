// SPDX-License-Identifier: GPL-2.0

//! The walk with references: where the lockless walk hands over, and what a visitor that always
//! sleeps gets. Landlock's loop in `is_access_to_paths_allowed()`: `dget_parent()` and
//! `follow_up()`, one reference held at a time; it always progresses, whatever changes meanwhile.

use crate::{
    error::{code::*, Result},
    fs::OwnedPath,
};

use super::{warn_once, Ancestor, Flow, How, Visitor, NEED_SLEEP_WARNED};

/// Walks from `position`, which was reached as `how` says, visiting it first.
pub(super) fn walk_ref<V: Visitor + ?Sized>(
    mut position: OwnedPath,
    mut how: How,
    visitor: &mut V,
    acc: &mut V::Acc,
) -> Result {
    loop {
        let ancestor = Ancestor::pinned(&position, how);
        match visitor.visit_pinned(acc, &ancestor, &position)? {
            Flow::Continue => {}
            Flow::Stop => return Ok(()),
            Flow::NeedSleep => {
                warn_once(
                    &NEED_SLEEP_WARNED,
                    "a visitor asked to sleep where it was told it may (-EINVAL)",
                );
                return Err(EINVAL);
            }
        }

        match step_ref(&mut position) {
            Some(reached) => how = reached,
            None => return Ok(()),
        }
    }
}

/// One step up with references, `follow_dotdot()` as Landlock takes it: moves `position` to its
/// parent and returns how it was reached, or `None` at the top (`position` is then the top,
/// past any hidden mounts it was stacked on).
pub(super) fn step_ref(position: &mut OwnedPath) -> Option<How> {
    let mut how = How::NONE;
    if position.is_mnt_root() {
        // `follow_up()`, again while the mountpoint is the root of a mount hidden under another.
        loop {
            if !position.move_to_mountpoint() {
                return None;
            }
            if !position.is_mnt_root() {
                break;
            }
        }
        how = How::MNT_UP;
    }
    if position.dentry().is_root() {
        position.move_to_mnt_root();
        how = how | How::DISCONNECTED;
    } else {
        position.move_to_parent();
    }
    Some(how)
}
