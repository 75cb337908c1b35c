// SPDX-License-Identifier: GPL-2.0

//! Mounts.
//!
//! C headers: [`include/linux/mount.h`](srctree/include/linux/mount.h),
//! [`fs/mount.h`](srctree/fs/mount.h)
//!
//! A `struct vfsmount` is embedded in the private `struct mount`, which knows where the mount is
//! attached: its parent mount and the dentry it covers there. Those links change under
//! [`mount_lock`], and mounts are freed only after an RCU grace period, so under an
//! [`rcu::Guard`] they can be followed without references and validated afterwards by checking
//! that `mount_lock` did not change, as `choose_mountpoint_rcu()` in fs/namei.c does.
//!
//! As with [`Dentry`], a `&VfsMount` may be borrowed from RCU and offers no way to take a
//! reference; [`OwnedPath`](super::OwnedPath) holds them.

use crate::{
    bindings,
    sync::{
        rcu,
        seqlock::{Seq, SeqLock},
    },
    types::Opaque,
};
use core::ptr::{self, NonNull};

use super::Dentry;

/// A `struct vfsmount`.
///
/// # Examples
///
/// ```
/// use kernel::{c_str, fs::{mount::mount_lock, OwnedPath}, sync::rcu};
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// let mnt = root.mnt();
/// assert!(core::ptr::eq(mnt.root(), root.dentry()));
/// assert!(!mnt.is_internal());
/// // Following a mount's parent without references, validated with `mount_lock`.
/// let guard = rcu::read_lock();
/// let seq = mount_lock().read_begin();
/// let parent = mnt.parent(&guard).map(|(parent, _mountpoint)| parent.root().is_root());
/// let valid = !mount_lock().read_retry(seq);
/// drop(guard);
/// // `/` is at the top of its mount namespace, or on top of the initial rootfs.
/// assert!(!valid || parent.unwrap_or(true));
/// # Ok::<(), Error>(())
/// ```
///
/// # Invariants
///
/// A `&VfsMount` points to a mount that is not freed while the borrow lasts: someone holds a
/// reference, or the borrow is tied to an [`rcu::Guard`].
#[repr(transparent)]
pub struct VfsMount(Opaque<bindings::vfsmount>);

// SAFETY: Mounts are shared by all tasks; `&VfsMount` allows reads of fields that are set when
// the mount is created and of links validated with `mount_lock`, and, inside the crate, taking a
// reference with C's own concurrent-safe function (`__legitimize_mnt()`).
unsafe impl Sync for VfsMount {}

impl VfsMount {
    /// Creates a reference to a mount from a raw pointer.
    ///
    /// # Safety
    ///
    /// `ptr` points to a mount that is not freed during `'a`: the caller holds a reference, or
    /// the RCU read lock for all of `'a`.
    pub unsafe fn from_raw<'a>(ptr: *const bindings::vfsmount) -> &'a Self {
        // SAFETY: `VfsMount` is a transparent wrapper, and the caller guarantees validity.
        unsafe { &*ptr.cast() }
    }

    /// Returns the raw pointer.
    pub fn as_raw(&self) -> *mut bindings::vfsmount {
        self.0.get()
    }

    /// The root of the mounted tree (`mnt_root`).
    pub fn root(&self) -> &Dentry {
        // `mnt_root` is set when the mount is created and pinned until it is freed, after an RCU
        // grace period: an RCU borrow may use it too, as `choose_mountpoint_rcu()` does.
        // SAFETY: By the type invariants the mount is alive, so its `mnt_root` is (see above).
        unsafe { Dentry::from_raw((*self.as_raw()).mnt_root) }
    }

    /// Returns `true` for a kernel-internal mount (`MNT_INTERNAL`), such as nsfs or pipefs,
    /// which is not part of any mount namespace.
    pub fn is_internal(&self) -> bool {
        // `mnt_flags` changes (remount), but not `MNT_INTERNAL`, set at creation: one read.
        // SAFETY: By the type invariants the mount is alive.
        let flags = unsafe { ptr::read_volatile(ptr::addr_of!((*self.as_raw()).mnt_flags)) };
        flags & bindings::MNT_INTERNAL as i32 != 0
    }

    /// Returns the mount this one is attached to and the dentry it covers there, or `None` at
    /// the top of a mount namespace or of a detached tree.
    ///
    /// The answer is only good if [`mount_lock`] did not change since the caller sampled it.
    pub fn parent<'g>(&self, _guard: &'g rcu::Guard) -> Option<(&'g VfsMount, &'g Dentry)> {
        let mut mountpoint = ptr::null_mut();
        // SAFETY: The mount is alive (type invariants) and RCU is held, as the helper requires.
        let parent = unsafe { bindings::vfsmount_parent(self.as_raw(), &mut mountpoint) };
        if parent.is_null() {
            return None;
        }
        // Both are freed only after a grace period, which cannot end during `'g`.
        // SAFETY: Both were reached from a mount alive under RCU (see above).
        Some(unsafe { (VfsMount::from_raw(parent), Dentry::from_raw(mountpoint)) })
    }

    /// Takes a reference to a mount seen under RCU, if `mount_lock` is still at `m_seq`.
    ///
    /// This is `__legitimize_mnt()`. `Err(Some(_))` is a reference that was taken but is stale;
    /// the caller drops it with `mntput()`, which may sleep, after the read-side section.
    pub(crate) fn try_get_rcu(
        &self,
        m_seq: Seq,
        _guard: &rcu::Guard,
    ) -> Result<NonNull<bindings::vfsmount>, Option<NonNull<bindings::vfsmount>>> {
        // SAFETY: The mount is alive (type invariants), RCU held, as `__legitimize_mnt()` needs.
        match unsafe { bindings::vfsmount_legitimize(self.as_raw(), m_seq.raw()) } {
            0 => Ok(NonNull::from(self).cast()),
            1 => Err(None),
            _ => Err(Some(NonNull::from(self).cast())),
        }
    }
}

/// The global `mount_lock`, written whenever a mount is attached, moved or detached.
#[inline]
pub fn mount_lock() -> &'static SeqLock {
    extern "C" {
        // Defined in `fs/namespace.c` and declared in `fs/mount.h`, which is private to `fs/`
        // and not in the bindings. Its address is a link-time constant: no call per walk.
        // Declared as a `SeqLock`, a transparent `Opaque<seqlock_t>`: C writes it, and an
        // immutable static may only be written where its bytes are inside an `UnsafeCell`.
        static mount_lock: SeqLock;
    }
    // Only a shared reference is made, and `SeqLock` allows C's concurrent writes (`Opaque`).
    // SAFETY: `mount_lock` is a global seqlock, statically initialised and never freed.
    unsafe { &*core::ptr::addr_of!(mount_lock) }
}
