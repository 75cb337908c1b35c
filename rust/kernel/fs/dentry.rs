// SPDX-License-Identifier: GPL-2.0

//! Directory entries.
//!
//! C header: [`include/linux/dcache.h`](srctree/include/linux/dcache.h)
//!
//! # Reference counting and RCU
//!
//! A `&Dentry` is valid either because someone holds a reference (an
//! [`OwnedPath`](super::OwnedPath), or C code) or because it was read under an [`rcu::Guard`]:
//! dentries are freed only after an RCU grace period, so what [`Dentry::parent`] returns lives as
//! long as the guard, even if the dentry is moved or killed meanwhile. Whether what was read is
//! still *current* is a separate question, answered by the dentry's [`d_seq`](Dentry::d_seq) and
//! the global [`rename_lock`].
//!
//! Since a `&Dentry` may be one nobody holds a reference to, and that may be dying, it offers no
//! way to take a reference: `dget()` on a dead dentry would resurrect it. References are taken
//! by [`OwnedPath`](super::OwnedPath), from a reference it already holds, or under RCU by the
//! walker, with `lockref_get_not_dead()` and a `d_seq` check, as `__legitimize_path()` does.

use crate::{
    bindings,
    sync::{
        rcu,
        seqlock::{SeqCountSpinlock, SeqLock},
    },
    types::Opaque,
};
use core::{
    ptr::{self, NonNull},
    sync::atomic::{fence, Ordering},
};

use super::Inode;

/// A `struct dentry`.
///
/// # Examples
///
/// The root of the mount namespace is the root of its dentry tree, its own parent:
///
/// ```
/// use kernel::{c_str, fs::OwnedPath, sync::rcu};
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// let dentry = root.dentry();
/// assert!(dentry.is_root());
/// let guard = rcu::read_lock();
/// assert!(core::ptr::eq(dentry.parent(&guard), dentry));
/// assert!(dentry.parent_unless_root(&guard).is_none());
/// drop(guard);
/// assert!(dentry.inode().is_some());
/// # Ok::<(), Error>(())
/// ```
///
/// # Invariants
///
/// A `&Dentry` points to a dentry that is not freed while the borrow lasts: its owner holds a
/// counted reference, or the borrow is tied to an [`rcu::Guard`].
#[repr(transparent)]
pub struct Dentry(Opaque<bindings::dentry>);

// SAFETY: Dentries are shared by all tasks and designed for concurrent access: `&Dentry` allows
// reads, each done with the protocol C uses for that field (`READ_ONCE()`, `d_seq`), and, inside
// the crate, taking a reference with C's own atomic operation (`lockref_get_not_dead()`), which
// any task may do concurrently with any other.
unsafe impl Sync for Dentry {}

impl Dentry {
    /// Creates a reference to a dentry from a raw pointer.
    ///
    /// # Safety
    ///
    /// `ptr` points to a dentry that is not freed during `'a`: the caller holds a reference, or
    /// the RCU read lock for all of `'a`.
    pub unsafe fn from_raw<'a>(ptr: *const bindings::dentry) -> &'a Self {
        // SAFETY: `Dentry` is a transparent wrapper, and the caller guarantees validity for `'a`.
        unsafe { &*ptr.cast() }
    }

    /// Returns the raw pointer.
    pub fn as_raw(&self) -> *mut bindings::dentry {
        self.0.get()
    }

    /// The dentry's sequence counter, bumped when it is moved, renamed or made negative.
    pub fn d_seq(&self) -> &SeqCountSpinlock {
        // `d_seq` is initialised when the dentry is allocated.
        // SAFETY: By the type invariants the dentry is alive.
        unsafe { SeqCountSpinlock::from_raw(ptr::addr_of!((*self.as_raw()).d_seq)) }
    }

    fn parent_ptr(&self) -> *mut bindings::dentry {
        // `d_parent` changes under `rename_lock`: read once, as C's `READ_ONCE()` does.
        // SAFETY: By the type invariants the dentry is alive.
        unsafe { ptr::read_volatile(ptr::addr_of!((*self.as_raw()).d_parent)) }
    }

    /// Returns the parent, without taking a reference.
    ///
    /// A concurrent rename may move the dentry: the result was its parent at the time of the
    /// read, which the caller checks with [`d_seq`](Self::d_seq) if it matters.
    pub fn parent<'g>(&self, _guard: &'g rcu::Guard) -> &'g Dentry {
        // SAFETY: `d_parent` is never NULL; RCU, held for `'g`, delays freeing the parent read.
        unsafe { Dentry::from_raw(self.parent_ptr()) }
    }

    /// Returns `true` if the dentry is the root of its dentry tree (`IS_ROOT()`): a file
    /// system's root, or a disconnected dentry.
    pub fn is_root(&self) -> bool {
        ptr::eq(self.parent_ptr(), self.as_raw())
    }

    /// Returns the parent, or `None` if the dentry is the root of its dentry tree
    /// ([`is_root`](Self::is_root)), from one read of `d_parent`.
    ///
    /// As for [`parent`](Self::parent), the caller checks [`d_seq`](Self::d_seq) if it matters
    /// that the answer is still current.
    pub fn parent_unless_root<'g>(&self, _guard: &'g rcu::Guard) -> Option<&'g Dentry> {
        let parent = self.parent_ptr();
        // SAFETY: `d_parent` is never NULL; RCU, held for `'g`, delays freeing the parent read.
        (!ptr::eq(parent, self.as_raw())).then(|| unsafe { Dentry::from_raw(parent) })
    }

    /// Returns the dentry's inode, or `None` for a negative dentry.
    pub fn inode(&self) -> Option<&Inode> {
        // `d_inode` changes only to or from NULL: read once.
        // SAFETY: By the type invariants the dentry is alive.
        let inode = unsafe { ptr::read_volatile(ptr::addr_of!((*self.as_raw()).d_inode)) };
        // A non-NULL `d_inode` is pinned by a referenced dentry, else freed after a grace period.
        // SAFETY: Either way it outlives the borrow of `self`.
        (!inode.is_null()).then(|| unsafe { Inode::from_raw(inode) })
    }

    /// Copies the dentry's name into `out`, NUL-terminated, and returns its length, or `None` if
    /// it does not fit (`out` then holds an empty string, if it has room for one).
    ///
    /// The name is read as `prepend_name()` reads it under RCU: a concurrent rename may change
    /// it meanwhile, so what is copied may be torn (cut short, or a mix of the old name and the
    /// new), but it is never read from outside the storage of one of them. The caller tells a
    /// torn copy from a good one with [`d_seq`](Self::d_seq), sampled before and checked after,
    /// as the lockless walk does.
    pub fn copy_name(&self, _guard: &rcu::Guard, out: &mut [u8]) -> Option<usize> {
        let dentry = self.as_raw();
        // `d_name.name` and `d_name.len` change together under `d_seq`, but are read without it:
        // each once, the pointer with acquire ordering, so that the characters of the name it
        // points to are those written before it was published.
        // SAFETY: By the type invariants the dentry is alive.
        let name = unsafe { ptr::read_volatile(ptr::addr_of!((*dentry).d_name.name)) };
        fence(Ordering::Acquire);
        // SAFETY: As above; `len` is a `u32` of the `hash_len` union, whichever member was written.
        let len = unsafe {
            ptr::read_volatile(ptr::addr_of!(
                (*dentry).d_name.__bindgen_anon_1.__bindgen_anon_1.len
            ))
        } as usize;
        // SAFETY: As above.
        let inline = unsafe { ptr::addr_of!((*dentry).d_iname) }.cast::<u8>();
        // The length may belong to the other name of a concurrent rename. An inline name lives
        // in `d_iname`, which a rename may be rewriting: never read past its end. An external
        // name is never written once published (a rename swaps pointers to it) and is
        // NUL-terminated: stopping at its NUL keeps the read inside it.
        let max = if ptr::eq(name, inline) {
            len.min(bindings::DNAME_INLINE_LEN as usize - 1)
        } else {
            len
        };
        let mut n = 0;
        while n < max {
            // SAFETY: `name` points to an inline name in the live dentry, read below
            // `DNAME_INLINE_LEN`, or to an external name, read up to its NUL at the latest; both
            // are freed only after an RCU grace period, and the guard holds this read-side
            // section.
            let c = unsafe { ptr::read_volatile(name.add(n)) };
            if c == 0 {
                break;
            }
            if n + 1 >= out.len() {
                if let Some(first) = out.first_mut() {
                    *first = 0;
                }
                return None;
            }
            out[n] = c;
            n += 1;
        }
        *out.get_mut(n)? = 0;
        Some(n)
    }

    /// Takes a reference to a dentry seen under RCU, unless it is dying.
    ///
    /// The dentry half of `__legitimize_path()` in fs/namei.c; the caller then checks `d_seq`.
    /// The reference is the caller's to drop, with `dput()`, which may sleep.
    pub(crate) fn try_get_rcu(&self, _guard: &rcu::Guard) -> Option<NonNull<bindings::dentry>> {
        // `lockref_get_not_dead()` takes a reference unless the dentry is being killed.
        // SAFETY: The dentry is alive by the type invariants.
        let got = unsafe {
            bindings::lockref_get_not_dead(ptr::addr_of_mut!((*self.as_raw()).d_lockref))
        };
        (got != 0).then(|| NonNull::from(self).cast())
    }
}

/// The global `rename_lock`, taken by every cross-directory rename (`d_move()`).
///
/// A reader that walked several dentries without references validates the whole chain at once
/// by checking that `rename_lock` did not change, as `prepend_path()` does.
pub fn rename_lock() -> &'static SeqLock {
    // SAFETY: `rename_lock` is a global, statically initialised seqlock.
    unsafe { SeqLock::from_raw(ptr::addr_of!(bindings::rename_lock)) }
}
