// SPDX-License-Identifier: GPL-2.0

//! Inodes, read-only.
//!
//! C header: [`include/linux/fs.h`](srctree/include/linux/fs.h)

use crate::{bindings, types::Opaque};

/// A `struct inode`, borrowed.
///
/// Only what identifies an inode is exposed: its number and the device of its super block.
///
/// # Examples
///
/// ```
/// use kernel::{c_str, fs::OwnedPath};
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// let inode = root.dentry().inode().ok_or(ENOENT)?;
/// assert!(inode.ino() != 0);
/// let again = OwnedPath::lookup(c_str!("/."))?;
/// let same = again.dentry().inode().ok_or(ENOENT)?;
/// assert_eq!((inode.ino(), inode.dev()), (same.ino(), same.dev()));
/// # Ok::<(), Error>(())
/// ```
///
/// # Invariants
///
/// A `&Inode` points to a live inode for as long as the borrow lasts (the dentry it was reached
/// from pins it, or the RCU read lock delays its freeing).
#[repr(transparent)]
pub struct Inode(Opaque<bindings::inode>);

// SAFETY: Inodes are shared by all tasks; the fields read here are set at creation.
unsafe impl Sync for Inode {}
// No `Send`: an `Inode` is only ever borrowed (`&Inode`, which `Sync` makes `Send`); nothing
// owns one to send.

impl Inode {
    /// Creates a reference to an inode from a raw pointer.
    ///
    /// # Safety
    ///
    /// `ptr` points to an inode that stays alive for `'a`.
    pub unsafe fn from_raw<'a>(ptr: *const bindings::inode) -> &'a Self {
        // SAFETY: `Inode` is a transparent wrapper, and the caller guarantees validity for `'a`.
        unsafe { &*ptr.cast() }
    }

    /// Returns the raw pointer.
    pub fn as_raw(&self) -> *mut bindings::inode {
        self.0.get()
    }

    /// The inode number (`i_ino`).
    pub fn ino(&self) -> u64 {
        // SAFETY: By the type invariants the inode is alive; `i_ino` does not change.
        unsafe { (*self.as_raw()).i_ino as u64 }
    }

    /// The device of the inode's super block (`i_sb->s_dev`), as the kernel encodes `dev_t`.
    pub fn dev(&self) -> u32 {
        // A super block's `s_dev` does not change while it has inodes.
        // SAFETY: By the type invariants the inode is alive, and so is its super block.
        unsafe { (*(*self.as_raw()).i_sb).s_dev }
    }
}
