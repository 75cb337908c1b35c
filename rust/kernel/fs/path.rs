// SPDX-License-Identifier: GPL-2.0

//! Paths: a mount and a dentry in it.
//!
//! C header: [`include/linux/path.h`](srctree/include/linux/path.h)
//!
//! # Reference counting
//!
//! A [`Path`] is borrowed: `&Path` is a `struct path` someone else keeps alive, with references
//! (a file's `f_path`, an [`OwnedPath`]) or with the RCU read lock (an ancestor visited by the
//! lockless walk). It can be looked at, not kept: the borrow checker ends its use with the
//! borrow. An [`OwnedPath`] holds a reference on the mount and one on the dentry, like a C
//! `struct path` after `path_get()`, and drops them with `path_put()`.

use crate::{
    bindings,
    error::{code::*, to_result, Error, Result},
    str::CStr,
    types::Opaque,
    uaccess::UserPtr,
};
use core::{ops::Deref, ptr, ptr::NonNull};

use super::{Dentry, VfsMount};

/// A `struct path`, borrowed.
///
/// # Examples
///
/// ```
/// use kernel::{c_str, fs::{OwnedPath, Path}};
///
/// fn describe(path: &Path) -> &'static str {
///     if path.is_disconnected_root() {
///         "disconnected"
///     } else if path.is_mnt_root() {
///         "the root of its mount"
///     } else {
///         "inside its mount"
///     }
/// }
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// assert_eq!(describe(&root), "the root of its mount");
/// # Ok::<(), Error>(())
/// ```
///
/// # Invariants
///
/// `mnt` and `dentry` are non-NULL, `dentry` belongs to `mnt`'s file system, and neither is
/// freed while the borrow lasts.
#[repr(transparent)]
pub struct Path(Opaque<bindings::path>);

// SAFETY: `&Path` only gives access to `&VfsMount` and `&Dentry`, which are `Sync`.
unsafe impl Sync for Path {}

impl Path {
    /// Creates a reference to a path from a raw pointer.
    ///
    /// # Safety
    ///
    /// `ptr` points to a `struct path` with non-NULL `mnt` and `dentry` fields, which does not
    /// change during `'a`, and whose mount and dentry are not freed during `'a`.
    pub unsafe fn from_raw<'a>(ptr: *const bindings::path) -> &'a Self {
        // SAFETY: `Path` is a transparent wrapper, and the caller guarantees validity for `'a`.
        unsafe { &*ptr.cast() }
    }

    /// Returns the raw pointer, for C functions that take a `const struct path *`.
    pub fn as_raw(&self) -> *const bindings::path {
        self.0.get()
    }

    /// The mount.
    pub fn mnt(&self) -> &VfsMount {
        // SAFETY: By the type invariants `mnt` is non-NULL and alive for the borrow.
        unsafe { VfsMount::from_raw((*self.as_raw()).mnt) }
    }

    /// The dentry.
    pub fn dentry(&self) -> &Dentry {
        // SAFETY: By the type invariants `dentry` is non-NULL and alive for the borrow.
        unsafe { Dentry::from_raw((*self.as_raw()).dentry) }
    }

    /// Returns `true` if the dentry is the root of the mount (`mnt_root`): going up from here
    /// means leaving the mount.
    pub fn is_mnt_root(&self) -> bool {
        ptr::eq(self.dentry(), self.mnt().root())
    }

    /// Returns `true` for a disconnected directory: the root of its dentry tree (`IS_ROOT()`)
    /// but not of the mount, as a directory moved out of a bind mount of a subdirectory, or a
    /// dentry obtained from a file handle, are.
    pub fn is_disconnected_root(&self) -> bool {
        self.dentry().is_root() && !self.is_mnt_root()
    }

    /// Returns `true` if both name the same mount and dentry (`path_equal()`).
    pub fn same_as(&self, other: &Path) -> bool {
        ptr::eq(self.mnt(), other.mnt()) && ptr::eq(self.dentry(), other.dentry())
    }
}

/// A `struct path` holding a reference on its mount and on its dentry.
///
/// # Invariants
///
/// `inner` has non-NULL fields, and this object owns one reference on each.
///
/// # Examples
///
/// ```
/// use kernel::{c_str, fs::OwnedPath};
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// // The root of the mount namespace is the root of its mount.
/// assert!(root.is_mnt_root());
/// let other = root.clone();
/// assert!(other.same_as(&root));
/// # Ok::<(), Error>(())
/// ```
pub struct OwnedPath {
    inner: bindings::path,
}

// SAFETY: The references an `OwnedPath` holds may be dropped on any task.
unsafe impl Send for OwnedPath {}
// SAFETY: `&OwnedPath` only gives access to `&Path`, which is `Sync`.
unsafe impl Sync for OwnedPath {}

impl OwnedPath {
    /// Looks up `name` (`kern_path()`, following a final symlink), returning a referenced path.
    pub fn lookup(name: &CStr) -> Result<Self> {
        let mut inner = bindings::path {
            mnt: ptr::null_mut(),
            dentry: ptr::null_mut(),
        };
        // SAFETY: `name` is a valid NUL-terminated string and `inner` is writable.
        to_result(unsafe {
            bindings::kern_path(name.as_char_ptr(), bindings::LOOKUP_FOLLOW, &mut inner)
        })?;
        // INVARIANT: On success `kern_path()` returns a path holding a reference on each field.
        Ok(Self { inner })
    }

    /// Takes references to the path of the file open as `fd` in the current task (its
    /// `f_path`), `O_PATH` files included. Fails with `EBADF` if `fd` is not an open file.
    pub fn from_fd(fd: i32) -> Result<Self> {
        let fd = u32::try_from(fd).map_err(|_| EBADF)?;
        // SAFETY: `fget_raw()` may be called with any number; it returns a referenced file or
        // NULL. Unlike `fget()`, it accepts `O_PATH` files, which is all a path needs.
        let file = unsafe { bindings::fget_raw(fd) };
        if file.is_null() {
            return Err(EBADF);
        }
        // SAFETY: The file is referenced, so its `f_path` is, with non-NULL fields.
        let path = unsafe { Self::get_raw(ptr::addr_of!((*file).f_path)) };
        // SAFETY: We own the reference `fget_raw()` took.
        unsafe { bindings::fput(file) };
        Ok(path)
    }

    /// Looks up the NUL-terminated path name at user address `name`, relative to the current
    /// directory (`user_path_at(AT_FDCWD, ...)`), following a final symlink if `follow`.
    pub fn lookup_user(name: UserPtr, follow: bool) -> Result<Self> {
        let mut inner = bindings::path {
            mnt: ptr::null_mut(),
            dentry: ptr::null_mut(),
        };
        let flags = if follow { bindings::LOOKUP_FOLLOW } else { 0 };
        // SAFETY: `user_path_at()` checks the user address itself; `inner` is writable.
        to_result(unsafe {
            bindings::user_path_at(bindings::AT_FDCWD, name as *const _, flags, &mut inner)
        })?;
        // INVARIANT: On success the path holds a reference on each field.
        Ok(Self { inner })
    }

    /// Reads the extended attribute `name` of the dentry into `buf`, without permission checks
    /// (`__vfs_getxattr()`, as security modules read theirs). Returns its length, or `None` if
    /// the file has no such attribute; fails with `ERANGE` if `buf` is too small. May sleep.
    pub fn get_xattr(&self, name: &CStr, buf: &mut [u8]) -> Result<Option<usize>> {
        let inode = self.dentry().inode().ok_or(ENOENT)?;
        // SAFETY: We hold a reference on the dentry, which pins its (positive) inode; `name` is
        // NUL-terminated and `buf` is writable for its length.
        let ret = unsafe {
            bindings::__vfs_getxattr(
                self.inner.dentry,
                inode.as_raw(),
                name.as_char_ptr(),
                buf.as_mut_ptr().cast(),
                buf.len(),
            )
        };
        if ret == -(bindings::ENODATA as isize) {
            return Ok(None);
        }
        if ret < 0 {
            return Err(Error::from_errno(ret as i32));
        }
        Ok(Some(ret as usize))
    }

    /// Takes references to a path borrowed from C (`path_get()`).
    ///
    /// # Safety
    ///
    /// `ptr` points to a `struct path` with non-NULL fields on which the caller holds
    /// references (not merely the RCU read lock) for the duration of this call.
    pub unsafe fn get_raw(ptr: *const bindings::path) -> Self {
        // SAFETY: The caller guarantees `ptr` is valid and referenced, so `path_get()` may take
        // more references.
        unsafe { bindings::path_get(ptr) };
        // SAFETY: `ptr` is valid for reads.
        let inner = unsafe { *ptr };
        // INVARIANT: `path_get()` took one reference on each field.
        Self { inner }
    }

    /// Builds a path from references the caller owns.
    ///
    /// # Safety
    ///
    /// The caller owns one reference on `mnt` and one on `dentry`, which belongs to `mnt`,
    /// and gives them to the new object.
    pub(crate) unsafe fn from_refs(
        mnt: NonNull<bindings::vfsmount>,
        dentry: NonNull<bindings::dentry>,
    ) -> Self {
        // INVARIANT: The caller gives us one reference on each.
        Self {
            inner: bindings::path {
                mnt: mnt.as_ptr(),
                dentry: dentry.as_ptr(),
            },
        }
    }

    /// Gives the references to the caller, as a C `struct path` to release with `path_put()`.
    pub fn into_raw(self) -> bindings::path {
        let inner = self.inner;
        core::mem::forget(self);
        inner
    }

    /// Moves to the parent dentry in the same mount (`dget_parent()`); a dentry tree's root is
    /// its own parent.
    pub(crate) fn move_to_parent(&mut self) {
        // SAFETY: By the type invariants we hold a reference on the dentry.
        let parent = unsafe { bindings::dget_parent(self.inner.dentry) };
        // SAFETY: We own the old reference; the new one (never NULL) replaces it.
        unsafe { bindings::dput(core::mem::replace(&mut self.inner.dentry, parent)) };
    }

    /// Moves to the root of the mount, which the mount pins.
    pub(crate) fn move_to_mnt_root(&mut self) {
        // SAFETY: By the type invariants we hold a reference on the mount, which pins its root,
        // so `dget()` cannot resurrect a dead dentry.
        let root = unsafe { bindings::dget((*self.inner.mnt).mnt_root) };
        // SAFETY: We own the old reference; the new one replaces it.
        unsafe { bindings::dput(core::mem::replace(&mut self.inner.dentry, root)) };
    }

    /// At the root of a mount, moves to the dentry it covers in its parent mount and returns
    /// `true`; returns `false` (and stays) at the top (`follow_up()`).
    pub(crate) fn move_to_mountpoint(&mut self) -> bool {
        // SAFETY: By the type invariants `inner` holds references, which `follow_up()` trades
        // for references on the new position.
        unsafe { bindings::follow_up(&mut self.inner) != 0 }
    }
}

impl Clone for OwnedPath {
    fn clone(&self) -> Self {
        // SAFETY: By the type invariants `self` holds references, so more may be taken.
        unsafe { Self::get_raw(&self.inner) }
    }
}

impl Deref for OwnedPath {
    type Target = Path;

    fn deref(&self) -> &Path {
        // SAFETY: By the type invariants the fields are non-NULL and referenced for as long as
        // `self` is borrowed, and only `&mut self` methods change them.
        unsafe { Path::from_raw(&self.inner) }
    }
}

impl Drop for OwnedPath {
    fn drop(&mut self) {
        // SAFETY: By the type invariants we own a reference on each field.
        unsafe { bindings::path_put(&self.inner) };
    }
}
