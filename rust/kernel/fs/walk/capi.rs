// SPDX-License-Identifier: GPL-2.0

//! The C interface of the walker: `vfs_walk_ancestors()`, `vfs_walk_ancestor_get()` and
//! `vfs_walk_parent()`, declared in `include/linux/namei.h`.
//!
//! C callers hand in raw pointers; everything is checked here, so that bad input gets `-EINVAL`
//! and at most one line in the log, never an oops.

use super::{walk_ancestors, walk_parent, warn_once, Ancestor, Flow, Visitor, WalkFlags};
use crate::{
    bindings,
    error::{code::*, Error, Result},
    ffi::{c_int, c_uint, c_void},
    fs::OwnedPath,
};
use core::{mem::ManuallyDrop, sync::atomic::AtomicBool};

type WalkCb = unsafe extern "C" fn(*const bindings::path, *mut c_void, c_uint) -> c_int;

// The C declaration of the callback type must be the one implemented here.
const _: bindings::vfs_walk_cb_t = None::<WalkCb>;

static BAD_ARGS_WARNED: AtomicBool = AtomicBool::new(false);
static BAD_RETURN_WARNED: AtomicBool = AtomicBool::new(false);
static BAD_ANCESTOR_WARNED: AtomicBool = AtomicBool::new(false);

/// What the callback is given: a copy of the ancestor's `struct path`, followed by what
/// `vfs_walk_ancestor_get()` needs to find the walk from it (`container_of()`).
#[repr(C)]
struct Frame<'a> {
    path: bindings::path,
    magic: usize,
    ancestor: &'a Ancestor<'a>,
}

/// Distinguishes a frame from any other `struct path`: its own address, scrambled.
fn frame_magic(frame: *const c_void) -> usize {
    frame as usize ^ 0x5741_4c4b_414e_4345
}

struct CVisitor {
    cb: WalkCb,
    data: *mut c_void,
}

impl Visitor for CVisitor {
    fn visit(&mut self, ancestor: &Ancestor<'_>) -> Result<Flow> {
        let mut frame = Frame {
            // SAFETY: `as_raw()` points to a valid `struct path`.
            path: unsafe { *ancestor.path().as_raw() },
            magic: 0,
            ancestor,
        };
        frame.magic = frame_magic(core::ptr::addr_of!(frame).cast());
        // SAFETY: The caller of `vfs_walk_ancestors()` gave a callback with this signature; the
        // frame lives until it returns.
        let ret = unsafe { (self.cb)(&frame.path, self.data, ancestor.cb_flags()) };
        match ret {
            r if r == bindings::VFS_WALK_CONTINUE as c_int => Ok(Flow::Continue),
            r if r == bindings::VFS_WALK_STOP as c_int => Ok(Flow::Stop),
            r if r == ECHILD.to_errno() => Ok(Flow::NeedSleep),
            r if r < 0 && r >= -(bindings::MAX_ERRNO as c_int) => Err(Error::from_errno(r)),
            _ => {
                warn_once(
                    &BAD_RETURN_WARNED,
                    "a callback returned a value that is neither VFS_WALK_* nor an errno (-EINVAL)",
                );
                Err(EINVAL)
            }
        }
    }

    fn restart(&mut self) -> Result {
        // SAFETY: As above; a NULL ancestor with `VFS_WALK_RESTART` is part of the contract.
        let ret = unsafe {
            (self.cb)(
                core::ptr::null(),
                self.data,
                super::RESTART | super::MAY_SLEEP,
            )
        };
        if ret < 0 && ret >= -(bindings::MAX_ERRNO as c_int) {
            return Err(Error::from_errno(ret));
        }
        Ok(())
    }
}

/// Borrows the caller's references as an [`OwnedPath`] that must not be dropped.
///
/// # Safety
///
/// `path` is non-NULL, and the caller holds references on its non-NULL fields for as long as
/// the result is used.
unsafe fn borrow_path(path: *const bindings::path) -> ManuallyDrop<OwnedPath> {
    // SAFETY: The caller's references stand in for the ones an `OwnedPath` owns; `ManuallyDrop`
    // keeps them from being dropped twice.
    ManuallyDrop::new(unsafe {
        OwnedPath::from_refs(
            core::ptr::NonNull::new_unchecked((*path).mnt),
            core::ptr::NonNull::new_unchecked((*path).dentry),
        )
    })
}

/// Checks a path from C: non-NULL, with non-NULL fields.
fn check_path(path: *const bindings::path) -> Result {
    // SAFETY: Only read if non-NULL; a non-NULL `path` is valid per the C contract.
    if path.is_null() || unsafe { (*path).mnt.is_null() || (*path).dentry.is_null() } {
        warn_once(
            &BAD_ARGS_WARNED,
            "called with a NULL path, mount or dentry (-EINVAL)",
        );
        return Err(EINVAL);
    }
    Ok(())
}

fn errno(result: Result) -> c_int {
    match result {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// If non-NULL, `path` points to a `struct path` the caller holds references on, and `walk_cb`
/// is a function with the documented contract.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_ancestors(
    path: *const bindings::path,
    walk_cb: bindings::vfs_walk_cb_t,
    data: *mut c_void,
    flags: c_uint,
) -> c_int {
    // SAFETY: The caller's guarantees are passed on.
    errno(unsafe { walk_ancestors_c(path, walk_cb, data, flags) })
}

/// # Safety
///
/// As for [`vfs_walk_ancestors`].
unsafe fn walk_ancestors_c(
    path: *const bindings::path,
    walk_cb: bindings::vfs_walk_cb_t,
    data: *mut c_void,
    flags: c_uint,
) -> Result {
    check_path(path)?;
    let Some(cb) = walk_cb else {
        warn_once(&BAD_ARGS_WARNED, "called with a NULL callback (-EINVAL)");
        return Err(EINVAL);
    };
    let flags = WalkFlags::from_raw(flags)?;
    // SAFETY: `path` was checked, and the caller holds references on it.
    let start = unsafe { borrow_path(path) };
    walk_ancestors(&start, flags, &mut CVisitor { cb, data })
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// `ancestor` is NULL or the pointer a `vfs_walk_ancestors()` callback was given, during that
/// call; `out` is NULL or writable.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_ancestor_get(
    ancestor: *const bindings::path,
    out: *mut bindings::path,
) -> c_int {
    if ancestor.is_null() || out.is_null() {
        warn_once(
            &BAD_ARGS_WARNED,
            "vfs_walk_ancestor_get(): NULL argument (-EINVAL)",
        );
        return EINVAL.to_errno();
    }
    let frame = ancestor.cast::<Frame<'_>>();
    // SAFETY: Per the contract `ancestor` is the first field of a `Frame`; the magic check
    // catches most misuse.
    if unsafe { (*frame).magic } != frame_magic(frame.cast()) {
        warn_once(
            &BAD_ANCESTOR_WARNED,
            "vfs_walk_ancestor_get(): not an ancestor being visited (-EINVAL)",
        );
        return EINVAL.to_errno();
    }
    // SAFETY: The frame is valid during the callback, and so is the ancestor it borrows.
    match unsafe { (*frame).ancestor }.get() {
        Some(path) => {
            // SAFETY: `out` is writable per the contract; the references go to the caller.
            unsafe { out.write(path.into_raw()) };
            0
        }
        None => ECHILD.to_errno(),
    }
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// `path` is NULL or points to a writable `struct path` the caller holds references on.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_parent(path: *mut bindings::path) -> c_int {
    // SAFETY: The caller's guarantees are passed on.
    errno(unsafe { walk_parent_c(path) })
}

/// # Safety
///
/// As for [`vfs_walk_parent`].
unsafe fn walk_parent_c(path: *mut bindings::path) -> Result {
    check_path(path)?;
    // SAFETY: `path` was checked, and the caller holds references on it.
    let start = unsafe { borrow_path(path) };
    let parent = walk_parent(&start)?.ok_or(ENOENT)?;
    // SAFETY: The caller's references on `path` are given up, replaced by the parent's.
    unsafe {
        bindings::path_put(path);
        path.write(parent.into_raw());
    }
    Ok(())
}
