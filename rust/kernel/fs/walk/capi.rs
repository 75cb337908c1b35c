// SPDX-License-Identifier: GPL-2.0

//! The C interface of the walker: `vfs_walk_ancestors()`, `vfs_walk_ancestor_get()`,
//! `vfs_walk_parent()` and the lockless `vfs_walk_rcu_*()` steps, declared in
//! `include/linux/namei.h`.
//!
//! C callers hand in raw pointers; everything is checked here, so that bad input gets `-EINVAL`
//! and at most one line in the log, never an oops.

use super::{
    walk_ancestors, walk_parent, warn_once, Ancestor, CursorState, Flow, RcuCursor, RcuPos,
    Visitor, WalkFlags,
};
use crate::{
    bindings,
    error::{code::*, Error, Result},
    ffi::{c_int, c_uint, c_void},
    fs::{Dentry, OwnedPath, Path, VfsMount},
    sync::{rcu, seqlock::Seq},
    types::Opaque,
};
use core::{mem::ManuallyDrop, ptr, sync::atomic::AtomicBool};

/// The path of a restart call, and of the slot between calls.
const NO_PATH: bindings::path = bindings::path {
    mnt: ptr::null_mut(),
    dentry: ptr::null_mut(),
};

type WalkCb = unsafe extern "C" fn(*const bindings::vfs_walk_ancestor, *mut c_void) -> c_int;

// The C declaration of the callback type must be the one implemented here.
const _: bindings::vfs_walk_cb_t = None::<WalkCb>;

static BAD_ARGS_WARNED: AtomicBool = AtomicBool::new(false);
static BAD_RETURN_WARNED: AtomicBool = AtomicBool::new(false);
static BAD_RESTART_RETURN_WARNED: AtomicBool = AtomicBool::new(false);
static BAD_ANCESTOR_WARNED: AtomicBool = AtomicBool::new(false);

/// The C visitor: a callback, its data, and the `struct vfs_walk_ancestor` it is shown.
///
/// # Invariants
///
/// Outside [`CVisitor::call`], `slot.visit` is NULL. During it, `slot.self` is the address of
/// `slot` and `slot.visit` points to the [`Ancestor`] being visited (or is NULL for a restart).
struct CVisitor {
    cb: WalkCb,
    data: *mut c_void,
    /// One per walk, lent to the callback for one call at a time: the C side reads it through
    /// the pointer it is given while the walker holds `&mut self`, hence `Opaque`.
    slot: Opaque<bindings::vfs_walk_ancestor>,
}

impl CVisitor {
    fn new(cb: WalkCb, data: *mut c_void) -> Self {
        // INVARIANT: `visit` is NULL.
        Self {
            cb,
            data,
            slot: Opaque::new(bindings::vfs_walk_ancestor {
                path: NO_PATH,
                flags: 0,
                self_: ptr::null(),
                visit: ptr::null(),
            }),
        }
    }

    /// Calls the callback with `path` and `flags`; `ancestor` (if any) is what
    /// `vfs_walk_ancestor_get()` will take references to during the call.
    fn call(&self, path: bindings::path, flags: c_uint, ancestor: Option<&Ancestor<'_>>) -> c_int {
        let slot = self.slot.get();
        let visit = ancestor.map_or(ptr::null(), |a| ptr::from_ref(a).cast::<c_void>());
        // INVARIANT: `self` and `visit` as documented for the call.
        // SAFETY: `slot` is valid for writes; nothing reads it now (the callback runs below).
        unsafe {
            slot.write(bindings::vfs_walk_ancestor {
                path,
                flags,
                self_: slot,
                visit,
            })
        };
        // The slot, and the ancestor it points to, live until the callback returns.
        // SAFETY: The caller of `vfs_walk_ancestors()` gave a callback with this signature.
        let ret = unsafe { (self.cb)(slot, self.data) };
        // INVARIANT: `visit` is NULL again: a pointer kept past this call gets -EINVAL.
        // SAFETY: As for the write above.
        unsafe {
            (*slot).visit = ptr::null();
            (*slot).self_ = ptr::null();
        }
        ret
    }
}

impl Visitor for CVisitor {
    /// The callback's state is behind `data`, where the types say nothing: the C contract does.
    type Acc = ();

    fn visit(&self, _acc: &mut (), ancestor: &Ancestor<'_>) -> Result<Flow> {
        // SAFETY: `as_raw()` points to a valid `struct path`.
        let path = unsafe { *ancestor.path().as_raw() };
        match self.call(path, ancestor.cb_flags(), Some(ancestor)) {
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
        match self.call(NO_PATH, super::RESTART | super::MAY_SLEEP, None) {
            0 => Ok(()),
            // -ECHILD asks to be called again where the callback may sleep: it already may.
            r if r < 0 && r >= -(bindings::MAX_ERRNO as c_int) && r != ECHILD.to_errno() => {
                Err(Error::from_errno(r))
            }
            _ => {
                warn_once(
                    &BAD_RESTART_RETURN_WARNED,
                    "a callback answered VFS_WALK_RESTART with neither 0 nor an errno (-EINVAL)",
                );
                Err(EINVAL)
            }
        }
    }
}

/// Borrows the caller's references as an [`OwnedPath`] that must not be dropped.
///
/// # Safety
///
/// `path` is non-NULL, and the caller holds references on its non-NULL fields for as long as
/// the result is used.
unsafe fn borrow_path(path: *const bindings::path) -> ManuallyDrop<OwnedPath> {
    // `ManuallyDrop` keeps the caller's references from being dropped by us.
    // SAFETY: The caller's references stand in for the ones an `OwnedPath` owns.
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
    walk_ancestors(&start, flags, &mut CVisitor::new(cb, data), ())
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// `ancestor` is NULL or points to a readable `struct vfs_walk_ancestor`; `out` is NULL or
/// writable.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_ancestor_get(
    ancestor: *const bindings::vfs_walk_ancestor,
    out: *mut bindings::path,
) -> c_int {
    if ancestor.is_null() || out.is_null() {
        warn_once(
            &BAD_ARGS_WARNED,
            "vfs_walk_ancestor_get(): NULL argument (-EINVAL)",
        );
        return EINVAL.to_errno();
    }
    // The walker's own, a copy of it, or one whose call has returned: only its fields are read.
    // SAFETY: Per the contract `ancestor` points to a readable `struct vfs_walk_ancestor`.
    let (self_, visit) = unsafe { ((*ancestor).self_, (*ancestor).visit) };
    if !ptr::eq(self_, ancestor) || visit.is_null() {
        warn_once(
            &BAD_ANCESTOR_WARNED,
            "vfs_walk_ancestor_get(): not the ancestor of the current callback (-EINVAL)",
        );
        return EINVAL.to_errno();
    }
    // `self` is right and `visit` non-NULL only in a walker's slot during a call (`CVisitor`).
    // SAFETY: Then `visit` points to the `Ancestor` being visited, which outlives the call.
    let ancestor = unsafe { &*visit.cast::<Ancestor<'_>>() };
    match ancestor.take_ref() {
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
/// `path` is NULL or points to a writable `struct path` the caller holds references on; `how`
/// is NULL or writable.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_parent(
    path: *mut bindings::path,
    how: *mut c_uint,
) -> c_int {
    // SAFETY: The caller's guarantees are passed on.
    errno(unsafe { walk_parent_c(path, how) })
}

/// # Safety
///
/// As for [`vfs_walk_parent`].
unsafe fn walk_parent_c(path: *mut bindings::path, how: *mut c_uint) -> Result {
    check_path(path)?;
    // SAFETY: `path` was checked, and the caller holds references on it.
    let start = unsafe { borrow_path(path) };
    let (parent, reached) = walk_parent(&start)?.ok_or(ENOENT)?;
    // SAFETY: The caller's references on `path` are given up, replaced by the parent's.
    unsafe {
        bindings::path_put(path);
        path.write(parent.into_raw());
    }
    if !how.is_null() {
        // SAFETY: A non-NULL `how` is writable per the contract.
        unsafe { how.write(reached) };
    }
    Ok(())
}

/// The lockless cursor kept in a C `struct vfs_walk_rcu` between calls.
///
/// # Safety
///
/// The caller has held the RCU read lock since `vfs_walk_rcu_start()` filled `raw`, and holds it
/// for `'g`; only the walker wrote `raw`.
unsafe fn cursor_from_raw<'g>(
    raw: &bindings::vfs_walk_rcu,
    _guard: &'g rcu::Guard,
) -> Option<RcuCursor<'g>> {
    let state = match raw.state {
        s if s == CursorState::Walking as u32 => CursorState::Walking,
        s if s == CursorState::Top as u32 => CursorState::Top,
        s if s == CursorState::Invalid as u32 => CursorState::Invalid,
        // Zeroed (`start` refused its arguments), or not the walker's.
        _ => return None,
    };
    if raw.path.mnt.is_null() || raw.path.dentry.is_null() {
        return None;
    }
    // The start path was alive when the read lock was taken, and every ancestor since was found
    // under it, so they are freed at the earliest after it is dropped, which is after `'g`.
    // SAFETY: So both pointers are valid for `'g`.
    let (mnt, dentry) = unsafe {
        (
            VfsMount::from_raw(raw.path.mnt),
            Dentry::from_raw(raw.path.dentry),
        )
    };
    Some(RcuCursor {
        pos: RcuPos {
            mnt,
            dentry,
            seq: Seq::from_raw(raw.seq),
            how: raw.how,
        },
        m_seq: Seq::from_raw(raw.m_seq),
        r_seq: Seq::from_raw(raw.r_seq),
        steps: raw.steps,
        state,
    })
}

fn cursor_to_raw(cursor: &RcuCursor<'_>) -> bindings::vfs_walk_rcu {
    bindings::vfs_walk_rcu {
        path: bindings::path {
            mnt: cursor.pos.mnt.as_raw(),
            dentry: cursor.pos.dentry.as_raw(),
        },
        how: cursor.pos.how,
        seq: cursor.pos.seq.to_raw(),
        m_seq: cursor.m_seq.to_raw(),
        r_seq: cursor.r_seq.to_raw(),
        steps: cursor.steps,
        state: cursor.state as u32,
    }
}

const NO_WALK: bindings::vfs_walk_rcu = bindings::vfs_walk_rcu {
    path: NO_PATH,
    how: 0,
    seq: 0,
    m_seq: 0,
    r_seq: 0,
    steps: 0,
    state: 0,
};

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// `walk` is NULL or writable; `start` is NULL or points to a path whose mount and dentry are
/// alive when the caller took the RCU read lock, which it holds.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_rcu_start(
    walk: *mut bindings::vfs_walk_rcu,
    start: *const bindings::path,
) -> c_int {
    if walk.is_null() {
        warn_once(
            &BAD_ARGS_WARNED,
            "vfs_walk_rcu_start(): NULL walk (-EINVAL)",
        );
        return EINVAL.to_errno();
    }
    let raw = match check_path(start) {
        Err(e) => {
            // SAFETY: `walk` is writable per the contract.
            unsafe { walk.write(NO_WALK) };
            return e.to_errno();
        }
        Ok(()) => {
            let guard = rcu::read_lock();
            // SAFETY: `start` was checked; its fields are alive under the caller's read lock.
            let start = unsafe { Path::from_raw(start) };
            cursor_to_raw(&RcuCursor::new(start, &guard))
        }
    };
    // SAFETY: `walk` is writable per the contract.
    unsafe { walk.write(raw) };
    0
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// `walk` is NULL or points to a `struct vfs_walk_rcu` that `vfs_walk_rcu_start()` filled while
/// the caller held the RCU read lock, which it has held since.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_rcu_next(
    walk: *mut bindings::vfs_walk_rcu,
) -> *const bindings::path {
    if walk.is_null() {
        return ptr::null();
    }
    let guard = rcu::read_lock();
    // SAFETY: `walk` is valid per the contract, and only the walker writes it.
    let Some(mut cursor) = (unsafe { cursor_from_raw(&*walk, &guard) }) else {
        return ptr::null();
    };
    let stepped = cursor.next(&guard).is_some();
    // SAFETY: `walk` is writable per the contract.
    unsafe { walk.write(cursor_to_raw(&cursor)) };
    if stepped {
        // SAFETY: `walk` is valid; its `path` field now holds the ancestor.
        unsafe { ptr::addr_of!((*walk).path) }
    } else {
        ptr::null()
    }
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// As for [`vfs_walk_rcu_next`].
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_rcu_valid(walk: *const bindings::vfs_walk_rcu) -> bool {
    if walk.is_null() {
        return false;
    }
    let guard = rcu::read_lock();
    // SAFETY: `walk` is valid per the contract.
    unsafe { cursor_from_raw(&*walk, &guard) }.is_some_and(|cursor| cursor.valid())
}
