// SPDX-License-Identifier: GPL-2.0

//! The lockless walk: one engine for the lockless attempts of
//! [`walk_ancestors`](super::walk_ancestors), for [`walk_parent`](super::walk_parent)'s first
//! try, and for [`RcuCursor`], the step-at-a-time walk of the BPF lockless iterator.
//!
//! [`RcuWalk`] is the counterpart of `struct nameidata` in a lockless `..` walk: a position, its
//! `d_seq`, and the `mount_lock` and `rename_lock` sampled at the start. Each check of the
//! lockless walk exists once, here: a step is [`step_rcu`] (`follow_dotdot_rcu()`), the periodic
//! check and the end validation are [`RcuWalk::step`] and [`RcuWalk::valid`], and keeping a
//! position is [`RcuWalk::legitimize`] (`__legitimize_path()`). C keeps an [`RcuCursor`] in a
//! `struct vfs_walk_rcu`, which it sees as opaque storage (see `capi.rs`): no sequence count is
//! visible outside this module.

use crate::{
    bindings,
    fs::{dentry::rename_lock, mount::mount_lock, Dentry, OwnedPath, Path, VfsMount},
    sync::{rcu, seqlock::Seq},
};
use core::{cell::Cell, mem::offset_of, ptr, ptr::NonNull};

use super::How;

/// How often (in steps) a lockless walk checks that no rename or mount change happened yet, so
/// that a walk on a very deep tree under churn gives up early instead of at the end.
const RCU_CHECK_INTERVAL: u32 = 256;

/// How [`step_rcu`] starts a dentry's `d_seq` read section: the walks of
/// [`walk_ancestors`](super::walk_ancestors) wait while a writer is at work, as
/// `follow_dotdot_rcu()` does (they run in process context, so the writer is on another CPU and
/// finishes); [`RcuCursor`] samples, and an odd count fails the step, because its caller may
/// have interrupted that writer on its own CPU.
pub(super) const WAIT: bool = true;
/// See [`WAIT`].
pub(super) const SAMPLE: bool = false;

/// A position of the lockless walk: the counterpart of `nd->path` and `nd->seq`.
///
/// `#[repr(C)]`, its first two fields laid out as a `struct path`: [`RcuWalk::path`] lends it
/// as one, and C is given a pointer to it.
#[repr(C)]
#[derive(Clone, Copy)]
struct RcuPos<'g> {
    mnt: &'g VfsMount,
    dentry: &'g Dentry,
    seq: Seq,
    how: How,
}

// The fields a `struct path` has, where it has them.
const _: () = {
    assert!(offset_of!(RcuPos<'static>, mnt) == offset_of!(bindings::path, mnt));
    assert!(offset_of!(RcuPos<'static>, dentry) == offset_of!(bindings::path, dentry));
    assert!(core::mem::size_of::<&VfsMount>() == core::mem::size_of::<*mut bindings::vfsmount>());
    assert!(core::mem::size_of::<&Dentry>() == core::mem::size_of::<*mut bindings::dentry>());
};

/// Where an [`RcuWalk`] is.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub(super) enum State {
    /// At a position; [`RcuWalk::step`] goes on.
    Walking = 1,
    /// Past the root: the position was the last ancestor.
    Top = 2,
    /// A change was seen during the walk: it ended, and is not valid.
    Invalid = 3,
}

impl State {
    /// The state whose number C storage holds, if it holds one.
    pub(super) fn from_raw(raw: u32) -> Option<Self> {
        [Self::Walking, Self::Top, Self::Invalid]
            .into_iter()
            .find(|s| *s as u32 == raw)
    }
}

/// A lockless walk, inside one RCU read-side critical section (`'g`): no reference is taken,
/// nothing allocated. `WAIT_FOR_WRITER` is [`WAIT`] or [`SAMPLE`]; the code it selects is
/// decided at compile time.
#[repr(C)]
pub(super) struct RcuWalk<'g, const WAIT_FOR_WRITER: bool> {
    pos: RcuPos<'g>,
    m_seq: Seq,
    r_seq: Seq,
    steps: u32,
    state: State,
}

/// Where C storage keeps the state (`capi.rs` reads it before trusting the rest).
pub(super) const STATE_OFFSET: usize = offset_of!(RcuWalk<'static, SAMPLE>, state);

impl<'g, const WAIT_FOR_WRITER: bool> RcuWalk<'g, WAIT_FOR_WRITER> {
    /// Starts at `start`, as `path_init()` does for a lockless walk: the global sequences
    /// first, then the position's `d_seq`.
    #[inline(always)]
    pub(super) fn start(start: &'g Path, _guard: &'g rcu::Guard) -> Self {
        let (m_seq, r_seq) = if WAIT_FOR_WRITER {
            (mount_lock().read_begin(), rename_lock().read_begin())
        } else {
            (mount_lock().sample(), rename_lock().sample())
        };
        Self {
            pos: RcuPos {
                mnt: start.mnt(),
                dentry: start.dentry(),
                seq: d_seq_begin::<WAIT_FOR_WRITER>(start.dentry()),
                how: How::NONE,
            },
            m_seq,
            r_seq,
            steps: 0,
            state: State::Walking,
        }
    }

    /// The position, as a path: valid while the read-side critical section lasts, pinned by
    /// nothing else.
    pub(super) fn path(&self) -> &Path {
        // SAFETY: `pos` starts with a mount and a dentry pointer laid out as a `struct path`
        // (asserted above), both alive for `'g`, which outlives this borrow.
        unsafe { Path::from_raw(ptr::from_ref(&self.pos).cast()) }
    }

    /// The position's mount and dentry, for the whole read-side critical section.
    pub(super) fn position(&self) -> (&'g VfsMount, &'g Dentry) {
        (self.pos.mnt, self.pos.dentry)
    }

    /// How the position was reached from the one before it (nothing at the start).
    pub(super) fn how(&self) -> How {
        self.pos.how
    }

    /// How many steps were taken.
    pub(super) fn steps(&self) -> u32 {
        self.steps
    }

    /// Where the walk is.
    pub(super) fn state(&self) -> State {
        self.state
    }

    /// Steps to the parent of the position and returns `true`, or returns `false` past the
    /// root ([`State::Top`], the position unchanged) or once a change is seen
    /// ([`State::Invalid`]). Every `RCU_CHECK_INTERVAL` (256) steps it checks `mount_lock` and
    /// `rename_lock`, so that a walk under churn ends, however deep the tree.
    #[inline(always)]
    pub(super) fn step(&mut self, guard: &'g rcu::Guard) -> bool {
        if self.state != State::Walking {
            return false;
        }
        self.steps = self.steps.wrapping_add(1);
        if self.steps % RCU_CHECK_INTERVAL == 0 && self.changed() {
            self.state = State::Invalid;
            return false;
        }
        match step_rcu::<WAIT_FOR_WRITER>(&self.pos, self.m_seq, guard) {
            Step::Next(next) => {
                self.pos = next;
                true
            }
            Step::Top => {
                self.state = State::Top;
                false
            }
            Step::Invalid => {
                self.state = State::Invalid;
                false
            }
        }
    }

    /// Returns `true` if a mount was attached, moved or detached, or a dentry renamed, anywhere
    /// since the start.
    #[inline(always)]
    fn changed(&self) -> bool {
        mount_lock().read_retry(self.m_seq) || rename_lock().read_retry(self.r_seq)
    }

    /// Returns `true` if a mount changed since the start.
    pub(super) fn mounts_changed(&self) -> bool {
        mount_lock().read_retry(self.m_seq)
    }

    /// Returns `true` if a dentry was renamed since the start: a position reached since may not
    /// be where the reference walk would have gone (`unlazy_walk()` checks the same).
    pub(super) fn renamed(&self) -> bool {
        rename_lock().read_retry(self.r_seq)
    }

    /// Returns `true` if every position so far, and the end if the walk reached it, were one
    /// chain that existed at one instant: no change seen on the way, the position unchanged, and
    /// no rename or mount change anywhere since the start (`prepend_path()` validates its
    /// lockless walk the same way).
    #[inline(always)]
    pub(super) fn valid(&self) -> bool {
        self.state != State::Invalid
            && !self.pos.dentry.d_seq().read_retry(self.pos.seq)
            && !self.changed()
    }

    /// Copies the last component of the position's path, as `d_path()` prints it, into `out`,
    /// NUL-terminated, and returns its length: the dentry's name; for a mount's root, the name
    /// of the mountpoint the mount covers (below any mounts stacked on it, as
    /// [`choose_mountpoint_rcu`] finds it); nothing for the root of the mount namespace.
    ///
    /// It is validated as a step is: the position's `d_seq` unchanged since it was reached and
    /// `mount_lock` since the start; for a mount's root, the mountpoint's `d_seq` unchanged
    /// while its name is read. A name a rename may have torn, or changed since the position was
    /// reached, is reported as [`NameError::Changed`] (`out` then holds an empty string), never
    /// returned. A rename of the mountpoint before the read gives its new name: like any
    /// rename, it makes the walk invalid (`rename_lock`).
    pub(super) fn name(&self, guard: &'g rcu::Guard, out: &mut [u8]) -> Result<usize, NameError> {
        let named = self.name_unchecked(guard, out);
        if named.is_err() {
            // Not a part of a name either.
            if let Some(first) = out.first_mut() {
                *first = 0;
            }
        }
        named
    }

    fn name_unchecked(&self, guard: &'g rcu::Guard, out: &mut [u8]) -> Result<usize, NameError> {
        if self.state == State::Invalid {
            return Err(NameError::Changed);
        }
        let (mnt, dentry) = (self.pos.mnt, self.pos.dentry);
        let copied = if ptr::eq(dentry, mnt.root()) {
            match choose_mountpoint_rcu(mnt, guard) {
                Some((_, mountpoint)) => {
                    let seq = d_seq_begin::<WAIT_FOR_WRITER>(mountpoint);
                    let copied = mountpoint.copy_name(guard, out);
                    if mountpoint.d_seq().read_retry(seq) || mount_lock().read_retry(self.m_seq) {
                        return Err(NameError::Changed);
                    }
                    copied
                }
                None => match out.first_mut() {
                    Some(first) => {
                        *first = 0;
                        Some(0)
                    }
                    None => None,
                },
            }
        } else {
            dentry.copy_name(guard, out)
        };
        // The position unchanged since it was reached: the name is the one it had then.
        if dentry.d_seq().read_retry(self.pos.seq) || mount_lock().read_retry(self.m_seq) {
            return Err(NameError::Changed);
        }
        copied.ok_or(NameError::TooLong)
    }

    /// Ends the walk at the position, as if it were the root: [`State::Top`].
    fn end_here(&mut self) {
        if self.state == State::Walking {
            self.state = State::Top;
        }
    }

    /// Returns `true` if the position is `(mnt, dentry)`, compared as addresses.
    fn is_at(&self, mnt: NonNull<bindings::vfsmount>, dentry: NonNull<bindings::dentry>) -> bool {
        ptr::eq(self.pos.mnt.as_raw(), mnt.as_ptr())
            && ptr::eq(self.pos.dentry.as_raw(), dentry.as_ptr())
    }

    /// Takes references to the position if it is still current: its dentry's `d_seq` and
    /// `mount_lock` unchanged (`__legitimize_path()`). On failure, the references that were
    /// taken are returned, for the caller to drop after the read-side section.
    pub(super) fn legitimize(&self, guard: &rcu::Guard) -> Result<OwnedPath, StaleRefs> {
        let mnt = match self.pos.mnt.try_get_rcu(self.m_seq, guard) {
            Ok(mnt) => mnt,
            Err(stale) => {
                return Err(StaleRefs {
                    mnt: stale,
                    dentry: None,
                })
            }
        };
        let Some(dentry) = self.pos.dentry.try_get_rcu(guard) else {
            return Err(StaleRefs {
                mnt: Some(mnt),
                dentry: None,
            });
        };
        if self.pos.dentry.d_seq().read_retry(self.pos.seq) {
            return Err(StaleRefs {
                mnt: Some(mnt),
                dentry: Some(dentry),
            });
        }
        // SAFETY: We took one reference on each, and `dentry` belongs to `mnt`.
        Ok(unsafe { OwnedPath::from_refs(mnt, dentry) })
    }
}

/// Why [`RcuCursor::name`] returned no name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    /// The position, or the mountpoint whose name it has, changed since it was reached (a
    /// rename, a mount change), or the walk is invalid: what was read may be torn.
    Changed,
    /// The name and its NUL do not fit in the buffer.
    TooLong,
}

enum Step<'g> {
    Next(RcuPos<'g>),
    Top,
    Invalid,
}

#[inline(always)]
fn d_seq_begin<const WAIT_FOR_WRITER: bool>(dentry: &Dentry) -> Seq {
    if WAIT_FOR_WRITER {
        dentry.d_seq().read_begin()
    } else {
        dentry.d_seq().sample()
    }
}

/// One lockless step up: `follow_dotdot_rcu()`, without a process root or `LOOKUP_BENEATH` to
/// stop at, and continuing at the mount's root where `follow_dotdot_rcu()` would find the
/// parent not connected (see the comment below).
///
/// Inlined: it runs once per ancestor, and a call costs more than its checks.
#[inline(always)]
fn step_rcu<'g, const WAIT_FOR_WRITER: bool>(
    pos: &RcuPos<'g>,
    m_seq: Seq,
    guard: &'g rcu::Guard,
) -> Step<'g> {
    let (mut mnt, mut dentry, mut seq, mut how) = (pos.mnt, pos.dentry, pos.seq, How::NONE);

    if ptr::eq(dentry, mnt.root()) {
        // The mount's root was visited as it was when its `d_seq` was read; `follow_dotdot_rcu()`
        // does not check that again when it leaves a mount, but every ancestor the visitor saw
        // should be unchanged until the walk left it, so check it as for any other ancestor.
        if dentry.d_seq().read_retry(seq) {
            return Step::Invalid;
        }
        let Some((parent, mountpoint)) = choose_mountpoint_rcu(mnt, guard) else {
            return Step::Top;
        };
        (mnt, dentry) = (parent, mountpoint);
        seq = d_seq_begin::<WAIT_FOR_WRITER>(dentry);
        // Makes sure that the reference walk could have reached this state.
        if mount_lock().read_retry(m_seq) {
            return Step::Invalid;
        }
        how = How::MNT_UP;
    }

    // `follow_dotdot_rcu()` takes `d_parent` and, for a bind mount, checks that it is still
    // under the mount's root (`path_connected()`), else fails. Landlock instead walks on to the
    // root of the dentry tree and from there to the mount's root; we match Landlock.
    let (next, jump) = match dentry.parent_unless_root(guard) {
        Some(parent) => (parent, How::NONE),
        None => (mnt.root(), How::DISCONNECTED),
    };
    let next_seq = d_seq_begin::<WAIT_FOR_WRITER>(next);
    // Makes sure that `dentry` was still where we found it when we read its parent.
    if dentry.d_seq().read_retry(seq) {
        return Step::Invalid;
    }
    Step::Next(RcuPos {
        mnt,
        dentry: next,
        seq: next_seq,
        how: how | jump,
    })
}

/// `choose_mountpoint_rcu()`: the mount above `mnt` and the dentry it covers there, skipping
/// mounts stacked on the root of another (their mountpoint is hidden, as `follow_up()` skips
/// it); `None` at the top. Only good if `mount_lock` did not change meanwhile.
#[inline(always)]
fn choose_mountpoint_rcu<'g>(
    mut mnt: &'g VfsMount,
    guard: &'g rcu::Guard,
) -> Option<(&'g VfsMount, &'g Dentry)> {
    loop {
        let (parent, mountpoint) = mnt.parent(guard)?;
        if !ptr::eq(mountpoint, parent.root()) {
            return Some((parent, mountpoint));
        }
        mnt = parent;
    }
}

/// A lockless walk driven one step at a time by its caller, inside one RCU read-side critical
/// section: the walk of the BPF lockless path iterator.
///
/// It goes up from a path as the lockless attempts of [`walk_ancestors`](super::walk_ancestors)
/// do (the same engine), takes no reference, allocates nothing and never sleeps or waits for a
/// writer. It cannot start over or fall back to references: instead [`RcuCursor::valid`] says,
/// whenever the caller asks, whether the ancestors it returned so far were one chain at one
/// instant, and the caller retries or gives up if not. A walk that is found invalid on the way
/// ends early.
///
/// `#[repr(C)]`, the walk first: C storage holds it, and `capi.rs` reads the walk's state and
/// position where the walk has them.
///
/// # Examples
///
/// ```
/// use kernel::{c_str, fs::{walk::RcuCursor, OwnedPath}, sync::rcu};
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// let guard = rcu::read_lock();
/// let mut cursor = RcuCursor::new(&root, &guard);
/// // The root has no parent; with no rename or mount change meanwhile, that was the truth.
/// assert!(cursor.next(&guard).is_none());
/// assert!(cursor.valid());
/// # drop(guard);
/// # Ok::<(), Error>(())
/// ```
#[repr(C)]
pub struct RcuCursor<'g>(pub(super) RcuWalk<'g, SAMPLE>, Option<Root>);

/// Where a cursor ends, as `d_path()` ends at the process root: a mount and a dentry, only
/// compared with the cursor's positions, never dereferenced (so nothing needs to keep them
/// alive; while the read-side section lasts, the addresses cannot be reused by others).
#[derive(Clone, Copy)]
struct Root {
    mnt: NonNull<bindings::vfsmount>,
    dentry: NonNull<bindings::dentry>,
}

impl<'g> RcuCursor<'g> {
    /// Starts at `start`, which [`RcuCursor::next`] does not return: the first call returns its
    /// parent.
    ///
    /// It never waits for a writer: a sequence found odd (a rename or mount change in progress,
    /// perhaps on this CPU, interrupted by the caller) makes the walk invalid instead.
    pub fn new(start: &'g Path, guard: &'g rcu::Guard) -> Self {
        Self(RcuWalk::start(start, guard), None)
    }

    /// As [`RcuCursor::new`], but the walk ends at `root` if it gets there: `root` is then the
    /// last ancestor returned, and its [name](RcuCursor::name) is empty, so that the names
    /// spell the path as `d_path()` does for a process whose root is `root`. A walk that
    /// does not pass `root` goes on to the root of the mount namespace.
    ///
    /// ```
    /// use kernel::{c_str, fs::{walk::RcuCursor, OwnedPath}, sync::rcu};
    ///
    /// let root = OwnedPath::lookup(c_str!("/"))?;
    /// let guard = rcu::read_lock();
    /// // Starting at the root: it is not returned, and the walk ends there.
    /// let mut cursor = RcuCursor::with_root(&root, &root, &guard);
    /// assert!(cursor.next(&guard).is_none());
    /// assert_eq!(cursor.name(&guard, &mut [0u8; 2]), Ok(0));
    /// assert!(cursor.valid());
    /// # drop(guard);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn with_root(start: &'g Path, root: &Path, guard: &'g rcu::Guard) -> Self {
        let root = Root {
            mnt: NonNull::from(root.mnt()).cast(),
            dentry: NonNull::from(root.dentry()).cast(),
        };
        let mut cursor = Self(RcuWalk::start(start, guard), Some(root));
        if cursor.at_root() {
            cursor.0.end_here();
        }
        cursor
    }

    fn at_root(&self) -> bool {
        self.1
            .is_some_and(|root| self.0.is_at(root.mnt, root.dentry))
    }

    /// Steps to the parent of the current position and returns it, or `None` past the root
    /// and once a change has been seen.
    pub fn next(&mut self, guard: &'g rcu::Guard) -> Option<(&'g VfsMount, &'g Dentry)> {
        if !self.0.step(guard) {
            return None;
        }
        if self.at_root() {
            // Returned, and the last: the walk ends there.
            self.0.end_here();
        }
        Some(self.0.position())
    }

    /// How the ancestor last returned by [`RcuCursor::next`] was reached (nothing before the
    /// first step).
    pub fn how(&self) -> How {
        self.0.how()
    }

    /// Copies the last component of the current position's path (the start, before the first
    /// [`RcuCursor::next`]; then the ancestor it returned last) into `out`, NUL-terminated, as
    /// `d_path()` prints it: the dentry's name, the name of the covered mountpoint for a
    /// mount's root, nothing for the root of the mount namespace. Returns its length.
    ///
    /// A name torn by a concurrent rename is an error, not a result: the position (and the
    /// mountpoint) must be unchanged since it was reached. Joined, the names of an iteration
    /// [`RcuCursor::valid`] accepts are the path `d_path()` would have printed at that instant
    /// (for a path connected to its mount's root).
    ///
    /// ```
    /// use kernel::{c_str, fs::{walk::{NameError, RcuCursor}, OwnedPath}, sync::rcu};
    ///
    /// let root = OwnedPath::lookup(c_str!("/"))?;
    /// let guard = rcu::read_lock();
    /// let cursor = RcuCursor::new(&root, &guard);
    /// let mut name = [0xffu8; 4];
    /// // The root of the mount namespace has no name in a path.
    /// assert_eq!(cursor.name(&guard, &mut name), Ok(0));
    /// assert_eq!(name[0], 0);
    /// assert_eq!(cursor.name(&guard, &mut []), Err(NameError::TooLong));
    /// # drop(guard);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn name(&self, guard: &'g rcu::Guard, out: &mut [u8]) -> Result<usize, NameError> {
        if self.at_root() && self.0.state() != State::Invalid {
            // The root of a walk that ends there has no name in the path.
            return match out.first_mut() {
                Some(first) => {
                    *first = 0;
                    Ok(0)
                }
                None => Err(NameError::TooLong),
            };
        }
        self.0.name(guard, out)
    }

    /// Takes references to the current position if it is still what the walk saw: its
    /// dentry's `d_seq` unchanged since it was reached, `mount_lock` since the walk started,
    /// and the walk not invalid. That the position is still an ancestor of the start is what
    /// [`RcuCursor::valid`] says afterwards.
    ///
    /// On failure, the references that were taken are returned; dropping them may sleep, so
    /// they must outlive `guard`.
    pub(super) fn get(&self, guard: &'g rcu::Guard) -> Result<OwnedPath, StaleRefs> {
        if self.0.state() == State::Invalid {
            return Err(StaleRefs::default());
        }
        self.0.legitimize(guard)
    }

    /// Returns `true` if every ancestor returned so far, and the end of the walk if it was
    /// reached, were one chain that existed at one instant since [`RcuCursor::new`]: what a
    /// lockless attempt of [`walk_ancestors`](super::walk_ancestors) validates before its
    /// verdict stands.
    pub fn valid(&self) -> bool {
        self.0.valid()
    }
}

/// References taken under RCU for a position that turned out to be stale.
///
/// Dropping them may sleep, so the holder must outlive the [`rcu::Guard`]: declare it before.
///
/// # Invariants
///
/// Each non-`None` field is a reference this value owns.
#[derive(Default)]
pub(super) struct StaleRefs {
    mnt: Option<NonNull<bindings::vfsmount>>,
    dentry: Option<NonNull<bindings::dentry>>,
}

impl StaleRefs {
    /// Gives the references to the caller as a `struct path`, a field NULL where none was
    /// taken. Like the value, the path must be put (`path_put()`) after the read-side section.
    pub(super) fn into_raw(self) -> bindings::path {
        let this = core::mem::ManuallyDrop::new(self);
        bindings::path {
            mnt: this.mnt.map_or(ptr::null_mut(), NonNull::as_ptr),
            dentry: this.dentry.map_or(ptr::null_mut(), NonNull::as_ptr),
        }
    }
}

impl Drop for StaleRefs {
    fn drop(&mut self) {
        if let Some(dentry) = self.dentry {
            // SAFETY: By the type invariants we own this reference.
            unsafe { bindings::dput(dentry.as_ptr()) };
        }
        if let Some(mnt) = self.mnt {
            // SAFETY: By the type invariants we own this reference.
            unsafe { bindings::mntput(mnt.as_ptr()) };
        }
    }
}

/// Where a lockless attempt parks references it could not use until the read-side section ends.
///
/// Declared before the [`rcu::Guard`], so that it is dropped after the section.
#[derive(Default)]
pub(super) struct StaleSlot(Cell<Option<StaleRefs>>);

impl StaleSlot {
    pub(super) fn is_empty(&self) -> bool {
        let refs = self.0.take();
        let empty = refs.is_none();
        self.0.set(refs);
        empty
    }

    /// Parks `refs`. The slot must be empty: dropping what it held could sleep.
    pub(super) fn park(&self, refs: StaleRefs) {
        let old = self.0.replace(Some(refs));
        debug_assert!(old.is_none());
        core::mem::forget(old);
    }
}
