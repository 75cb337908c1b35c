// SPDX-License-Identifier: GPL-2.0

//! The C interface of the walker: `vfs_walk_ancestors()`, `vfs_walk_ancestor_get()`,
//! `vfs_walk_parent()` and the lockless `vfs_walk_rcu_*()` steps, declared in
//! `include/linux/namei.h`.
//!
//! C callers hand in raw pointers; everything is checked here, so that bad input gets `-EINVAL`
//! and at most one line in the log, never an oops. The how-reached flags C sees are made from
//! the typed ones ([`How`](super::How)) here only.

use super::{
    lockless::{State, STATE_OFFSET},
    walk_ancestors, walk_parent, warn_once, Ancestor, Flow, NameError, RcuCursor, Visitor,
    WalkFlags,
};
use crate::{
    bindings,
    error::{code::*, Error, Result},
    ffi::{c_char, c_int, c_uint, c_void},
    fs::{OwnedPath, Path},
    sync::rcu,
    types::Opaque,
};
use core::{
    mem::{align_of, size_of, ManuallyDrop},
    ptr,
    sync::atomic::AtomicBool,
};

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
        let mut flags = ancestor.how().to_raw();
        if ancestor.may_sleep() {
            flags |= bindings::VFS_WALK_MAY_SLEEP;
        }
        match self.call(path, flags, Some(ancestor)) {
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
        let flags = bindings::VFS_WALK_RESTART | bindings::VFS_WALK_MAY_SLEEP;
        match self.call(NO_PATH, flags, None) {
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
        unsafe { how.write(reached.to_raw()) };
    }
    Ok(())
}

// C keeps an `RcuCursor` in a `struct vfs_walk_rcu`, opaque storage of the same size class:
// it must fit, and be aligned enough.
const _: () = {
    assert!(size_of::<RcuCursor<'static>>() <= size_of::<bindings::vfs_walk_rcu>());
    assert!(align_of::<RcuCursor<'static>>() <= align_of::<bindings::vfs_walk_rcu>());
};

/// The cursor `vfs_walk_rcu_start()` started in `walk`, or `None` if it started none there
/// (refused arguments, or zeroed storage).
///
/// What is returned points to an `RcuCursor` valid for `'g`: `vfs_walk_rcu_start()` wrote it
/// there, its start was alive when the read lock was taken and every ancestor since was found
/// under it, so all are freed at the earliest after the lock is dropped, which is after `'g`.
///
/// # Safety
///
/// `walk` is non-NULL and points to a `struct vfs_walk_rcu` that is zeroed or that
/// `vfs_walk_rcu_start()` filled while the caller held the RCU read lock, which it has held
/// since and holds for `'g`; nothing else wrote it.
unsafe fn cursor_in<'g>(
    walk: *const bindings::vfs_walk_rcu,
    _guard: &'g rcu::Guard,
) -> Option<*mut RcuCursor<'g>> {
    // The state is read as a number first: only a started cursor holds a valid one, and non-NULL
    // position pointers (the first two words, laid out as a `struct path`).
    // SAFETY: `walk` is valid; the state is a `u32` at `STATE_OFFSET`, within its size.
    let state = unsafe { walk.cast::<u8>().add(STATE_OFFSET).cast::<u32>().read() };
    State::from_raw(state)?;
    // SAFETY: `walk` is valid and starts with two pointer-sized words.
    let pos = unsafe { walk.cast::<bindings::path>().read() };
    if pos.mnt.is_null() || pos.dentry.is_null() {
        return None;
    }
    Some(walk.cast::<RcuCursor<'g>>().cast_mut())
}

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
    // SAFETY: `walk` is writable per the contract; `start` is NULL or alive.
    unsafe { start_cursor(walk, start, ptr::null()) }
}

/// Starts a cursor in `walk` at `start`, ending at `root` if `root` is not NULL.
///
/// # Safety
///
/// `walk` is non-NULL and writable; `start` and `root` are NULL or point to paths whose mount
/// and dentry are alive when the caller took the RCU read lock, which it holds.
unsafe fn start_cursor(
    walk: *mut bindings::vfs_walk_rcu,
    start: *const bindings::path,
    root: *const bindings::path,
) -> c_int {
    if let Err(e) = check_path(start).and_then(|()| {
        if root.is_null() {
            Ok(())
        } else {
            check_path(root)
        }
    }) {
        // Zeroed storage holds no cursor: `vfs_walk_rcu_next()` returns NULL.
        // SAFETY: `walk` is writable per the contract.
        unsafe { walk.write_bytes(0, 1) };
        return e.to_errno();
    }
    let guard = rcu::read_lock();
    // SAFETY: `start` was checked; its fields are alive under the caller's read lock.
    let start = unsafe { Path::from_raw(start) };
    let cursor = if root.is_null() {
        RcuCursor::new(start, &guard)
    } else {
        // SAFETY: `root` was checked, and is alive as `start` is; it is only compared.
        RcuCursor::with_root(start, unsafe { Path::from_raw(root) }, &guard)
    };
    // The cursor borrows what the caller's read-side section keeps alive, not this guard: it is
    // kept in the caller's storage, which the caller uses only within that section.
    // SAFETY: `walk` is writable, and large and aligned enough (asserted above).
    unsafe { walk.cast::<RcuCursor<'_>>().write(cursor) };
    0
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// `walk` is NULL or writable; `start` and `root` are NULL or point to paths whose mount and
/// dentry are alive when the caller took the RCU read lock, which it holds.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_rcu_start_root(
    walk: *mut bindings::vfs_walk_rcu,
    start: *const bindings::path,
    root: *const bindings::path,
) -> c_int {
    if walk.is_null() {
        warn_once(
            &BAD_ARGS_WARNED,
            "vfs_walk_rcu_start_root(): NULL walk (-EINVAL)",
        );
        return EINVAL.to_errno();
    }
    if root.is_null() {
        warn_once(
            &BAD_ARGS_WARNED,
            "vfs_walk_rcu_start_root(): NULL root (-EINVAL)",
        );
        // SAFETY: `walk` is writable per the contract.
        unsafe { walk.write_bytes(0, 1) };
        return EINVAL.to_errno();
    }
    // SAFETY: `walk` is writable per the contract; `start` and `root` are NULL or alive.
    unsafe { start_cursor(walk, start, root) }
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// `walk` is NULL or points to a `struct vfs_walk_rcu` that is zeroed or that
/// `vfs_walk_rcu_start()` filled while the caller held the RCU read lock, which it has held
/// since; `how` is NULL or writable, and not inside `walk`.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_rcu_next(
    walk: *mut bindings::vfs_walk_rcu,
    how: *mut c_uint,
) -> *const bindings::path {
    if walk.is_null() {
        return ptr::null();
    }
    let guard = rcu::read_lock();
    // SAFETY: As the contract says.
    let Some(cursor) = (unsafe { cursor_in(walk, &guard) }) else {
        return ptr::null();
    };
    // SAFETY: `cursor_in()` returns a valid cursor, in storage the caller lends us for the call
    // (`walk` is a mutable pointer).
    let cursor = unsafe { &mut *cursor };
    if cursor.next(&guard).is_none() {
        return ptr::null();
    }
    // The position, inside the caller's storage, laid out as a `struct path`. The cursor is not
    // used after this: `how` is written last.
    let (path, reached) = (cursor.0.path().as_raw(), cursor.how());
    if !how.is_null() {
        // SAFETY: A non-NULL `how` is writable per the contract.
        unsafe { how.write(reached.to_raw()) };
    }
    path
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
    // SAFETY: As the contract says.
    let Some(cursor) = (unsafe { cursor_in(walk, &guard) }) else {
        return false;
    };
    // Only read.
    // SAFETY: `cursor_in()` returns a valid cursor.
    unsafe { &*cursor }.valid()
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// As for [`vfs_walk_rcu_next`]; `buf` is NULL or points to `size` writable bytes, not inside
/// `walk`.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_rcu_name(
    walk: *const bindings::vfs_walk_rcu,
    buf: *mut c_char,
    size: usize,
) -> c_int {
    if buf.is_null() || size == 0 {
        return EINVAL.to_errno();
    }
    // SAFETY: A non-NULL `buf` has `size` writable bytes per the contract, which nothing else
    // accesses during the call.
    let out = unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), size) };
    out[0] = 0;
    if walk.is_null() {
        return EINVAL.to_errno();
    }
    let guard = rcu::read_lock();
    // SAFETY: As the contract says.
    let Some(cursor) = (unsafe { cursor_in(walk, &guard) }) else {
        return EINVAL.to_errno();
    };
    // `kernel::error::code` has no `ENAMETOOLONG` on this base.
    const TOO_LONG: c_int = -(bindings::ENAMETOOLONG as c_int);
    // Only read.
    // SAFETY: `cursor_in()` returns a valid cursor.
    match unsafe { &*cursor }.name(&guard, out) {
        Ok(len) => c_int::try_from(len).unwrap_or(TOO_LONG),
        Err(NameError::Changed) => EAGAIN.to_errno(),
        Err(NameError::TooLong) => TOO_LONG,
    }
}

/// See `include/linux/namei.h`.
///
/// # Safety
///
/// As for [`vfs_walk_rcu_next`]; `out` is NULL or writable, and not inside `walk`.
#[no_mangle]
pub(super) unsafe extern "C" fn vfs_walk_rcu_get(
    walk: *const bindings::vfs_walk_rcu,
    out: *mut bindings::path,
) -> c_int {
    if out.is_null() {
        warn_once(&BAD_ARGS_WARNED, "vfs_walk_rcu_get(): NULL out (-EINVAL)");
        return EINVAL.to_errno();
    }
    // Whatever the outcome, `out` holds what the caller must put: nothing yet.
    // SAFETY: A non-NULL `out` is writable per the contract.
    unsafe { out.write(NO_PATH) };
    if walk.is_null() {
        warn_once(&BAD_ARGS_WARNED, "vfs_walk_rcu_get(): NULL walk (-EINVAL)");
        return EINVAL.to_errno();
    }
    let guard = rcu::read_lock();
    // SAFETY: As the contract says.
    let Some(cursor) = (unsafe { cursor_in(walk, &guard) }) else {
        return EINVAL.to_errno();
    };
    // Only read.
    // SAFETY: `cursor_in()` returns a valid cursor.
    let (path, ret) = match unsafe { &*cursor }.get(&guard) {
        Ok(path) => (path.into_raw(), 0),
        // Dropping them may sleep, and the caller is in a read-side section: they are the
        // caller's to put after it, as a success's are.
        Err(stale) => (stale.into_raw(), EAGAIN.to_errno()),
    };
    // SAFETY: `out` is writable, and not inside `walk`; the references go to the caller.
    unsafe { out.write(path) };
    ret
}
