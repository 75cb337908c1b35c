// SPDX-License-Identifier: GPL-2.0

//! File systems: the VFS objects an ancestor walk needs.
//!
//! C headers: [`include/linux/dcache.h`](srctree/include/linux/dcache.h),
//! [`include/linux/mount.h`](srctree/include/linux/mount.h),
//! [`include/linux/path.h`](srctree/include/linux/path.h),
//! [`include/linux/namei.h`](srctree/include/linux/namei.h)
//!
//! # Lifetimes
//!
//! C keeps a dentry or a mount alive either with a counted reference (`dget()`/`mntget()`, or
//! `path_get()` for both) or, for readers that do not sleep, with the RCU read lock: both kinds
//! of object are freed only after a grace period. The Rust types say which:
//!
//! - [`OwnedPath`] owns a reference on a mount and one on a dentry of it, like a C `struct path`
//!   after `path_get()`, and drops them when it goes out of scope;
//! - `&Dentry`, `&VfsMount` and `&Path` are borrowed: from an owner, or from an
//!   [`rcu::Guard`](crate::sync::rcu::Guard) in which case they cannot outlive the read-side
//!   critical section. Because a borrow may be RCU-only, they offer no way to take a reference:
//!   `dget()` on a dentry that is being killed would bring it back.
//!
//! [`walk`] visits a path and each of its ancestors, without references when it can; it is the
//! implementation of `vfs_walk_ancestors()`.

pub mod dentry;
pub mod inode;
pub mod mount;
pub mod path;
pub mod walk;

pub use dentry::Dentry;
pub use inode::Inode;
pub use mount::VfsMount;
pub use path::{OwnedPath, Path};
