// SPDX-License-Identifier: GPL-2.0

//! Walking from a path towards the root: `vfs_walk_ancestors()`.
//!
//! C header: [`include/linux/namei.h`](srctree/include/linux/namei.h)
//!
//! Design: [walk-ancestors.rst](srctree/Documentation/filesystems/walk-ancestors.rst)
//!
//! Security modules apply rules to subtrees by looking at a path and every ancestor of it, as
//! Landlock does. [`walk_ancestors`] shows each of them to a [`Visitor`], in the order `..`
//! would reach them, and hides how: it first walks without references and without sleeping,
//! under RCU, each step checked with the dentry's `d_seq` and mount crossings with `mount_lock`,
//! and validates `mount_lock` and `rename_lock` when the walk ends, so that what the visitor saw
//! was one chain that existed at one instant (the scheme of `follow_dotdot_rcu()` and
//! `prepend_path()`). When that fails, it tells the visitor to forget what it saw and walks
//! again; after [`MAX_RCU_ATTEMPTS`] lockless attempts, with references (`dget_parent()`,
//! `follow_up()`), where the visitor may sleep and the walk always progresses. A lockless attempt
//! that has visited [`MAX_RCU_STEPS`] ancestors and has further to go also tells the visitor to
//! forget them and walks again with references, so that its RCU read-side critical section stays
//! short however deep the tree.
//!
//! A visitor that must sleep for some ancestor answers [`Flow::NeedSleep`] when called without
//! [`Ancestor::may_sleep`]; the walker takes references to that ancestor (as `unlazy_walk()`
//! does) and calls it again for the same ancestor, now allowed to sleep. (If the walk so far can
//! no longer be validated, the visitor is told to restart instead, and the walk starts over with
//! references.)
//!
//! What a lockless visit can change is said by the types. [`Visitor::visit`] gets the visitor
//! shared (`&self`: its rules, its configuration) and a [`Visitor::Acc`] exclusive, and `Acc` is
//! `Copy + 'static`: a value (a verdict, masks, counts) that owns nothing, borrows nothing and
//! has no destructor. So a lockless visit cannot take a reference to an ancestor (references are
//! only handed to [`Visitor::visit_pinned`], where the visitor may sleep and has itself
//! exclusive), nor drop a reference the visitor kept, by replacing it or through its
//! accumulator: that would be a `path_put()` inside the read-side critical section, perhaps the
//! last one. And because `Acc` is a value, the walker itself puts it back to what it was at the
//! start when the walk starts over, and undoes what a visit answering [`Flow::NeedSleep`]
//! changed: what a visitor collects in `Acc` cannot outlive a walk that did not happen.
//!
//! What the types do not stop, all of it outside `Acc`: state behind interior mutability (a
//! `Cell`, an atomic, a lock, a `static`), which the walker cannot reset, so [`Visitor::restart`]
//! must; a clone of an [`OwnedPath`] the visitor holds, dropped in the visit (a put that is not
//! the last, since the visitor still holds its own, or the last one if it came from a `Cell` or
//! a lock); and calling a function that sleeps: Rust cannot say "does not sleep" today. The
//! kernel catches the last two at run time where it is built to (`CONFIG_DEBUG_ATOMIC_SLEEP`):
//! `dput()`, `mntput()` and every sleeping function start with `might_sleep()`, which reports a
//! call inside the read-side critical section (the negative test of `make test` shows it).
//! Nothing catches a verdict kept in a `Cell` across a restart: keep verdicts in `Acc`.
//!
//! The walk state, the counterpart of `struct nameidata` (a position, its `d_seq`, the sampled
//! `mount_lock` and `rename_lock`), never leaves this module.

use crate::{
    bindings,
    error::{code::*, Result},
    sync::{rcu, seqlock::Seq},
};
use core::{
    cell::Cell,
    ptr,
    sync::atomic::{AtomicBool, Ordering},
};

use super::{
    dentry::rename_lock,
    mount::mount_lock,
    path::{RcuPath, StaleRefs},
    Dentry, OwnedPath, Path, VfsMount,
};

mod capi;

/// How many lockless attempts a walk makes before it walks with references.
///
/// Each lockless attempt fails only if a rename or a mount change happened during it: under
/// such churn a second attempt often succeeds, and the bound keeps the worst case at two
/// lockless walks plus one reference walk.
pub const MAX_RCU_ATTEMPTS: u32 = 2;

/// How often (in steps) a lockless walk checks that no rename or mount change happened yet, so
/// that a walk on a very deep tree under churn gives up early instead of at the end.
const RCU_CHECK_INTERVAL: u32 = 256;

/// How many ancestors a lockless attempt visits at most: past them, the visitor is told to
/// restart and the walk starts over with references, as when an ancestor could not be kept.
///
/// An RCU read-side critical section must stay short (it holds up grace periods, and on a kernel
/// without preemption it does not yield the CPU), and nothing else bounds this one: a tree's
/// depth is not bounded by `PATH_MAX`, since a process can `chdir()` into a directory and create
/// more below it. The bound is four times the 2048 levels a path of `PATH_MAX` bytes names at
/// most, and keeps walks of the depth-4096 trees the benchmarks use lockless. [`RcuCursor`] does
/// not apply it: its caller drives, and bounds, each step.
pub const MAX_RCU_STEPS: u32 = 8192;

/// What a [`Visitor`] wants after seeing an ancestor.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flow {
    /// Go on to the next ancestor.
    Continue,
    /// End the walk: it succeeded.
    Stop,
    /// Call me again for this ancestor where I may sleep. Only valid when called without
    /// [`Ancestor::may_sleep`]. What the visit changed in the accumulator is undone first.
    ///
    /// ```
    /// # use kernel::{c_str, fs::{walk::*, OwnedPath}};
    /// // Counts its visits, and asks for references at the first one after counting it.
    /// struct Eager;
    ///
    /// impl Visitor for Eager {
    ///     type Acc = u32;
    ///
    ///     fn visit(&self, visits: &mut u32, ancestor: &Ancestor<'_>) -> Result<Flow> {
    ///         *visits += 1;
    ///         if ancestor.may_sleep() {
    ///             Ok(Flow::Continue)
    ///         } else {
    ///             Ok(Flow::NeedSleep)
    ///         }
    ///     }
    ///
    ///     fn restart(&mut self) -> Result {
    ///         Ok(())
    ///     }
    /// }
    ///
    /// // The root is visited twice, without and with references, and counted once.
    /// let root = OwnedPath::lookup(c_str!("/"))?;
    /// assert_eq!(walk_ancestors(&root, WalkFlags::default(), &mut Eager, 0)?, 1);
    /// # Ok::<(), Error>(())
    /// ```
    NeedSleep,
}

/// How to walk.
///
/// ```
/// use kernel::fs::walk::WalkFlags;
///
/// assert_eq!(WalkFlags::from_raw(1)?, WalkFlags::SLEEPING_VISITOR);
/// assert!(WalkFlags::from_raw(0x80).is_err());
/// assert!(!WalkFlags::default().contains(WalkFlags::SLEEPING_VISITOR));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct WalkFlags(u32);

impl WalkFlags {
    /// The visitor sleeps for every ancestor: only call it where it may (skip the lockless walk).
    pub const SLEEPING_VISITOR: Self = Self(bindings::VFS_WALK_SLEEPING_CB);

    /// Converts the C `flags` of `vfs_walk_ancestors()`, rejecting unknown bits.
    pub fn from_raw(flags: u32) -> Result<Self> {
        if flags & !Self::SLEEPING_VISITOR.0 != 0 {
            return Err(EINVAL);
        }
        Ok(Self(flags))
    }

    /// Returns `true` if every flag of `other` is set in `self`.
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }
}

/// How an ancestor was reached: the C `cb_flags` (`VFS_WALK_*` in `include/linux/namei.h`).
const MAY_SLEEP: u32 = bindings::VFS_WALK_MAY_SLEEP;
const RESTART: u32 = bindings::VFS_WALK_RESTART;
const MNT_UP: u32 = bindings::VFS_WALK_MNT_UP;
const DISCONNECTED: u32 = bindings::VFS_WALK_DISCONNECTED;

/// An ancestor being visited: a path and how it was reached.
///
/// It is only lent to [`Visitor::visit`] and [`Visitor::visit_pinned`], for the duration of the
/// call: during the lockless walk nothing keeps the path alive beyond it. (What a visitor reads
/// from the path under an RCU guard of its own lives as long as that guard; the walker's guard
/// is not lent out.)
///
/// # Examples
///
/// A visitor that keeps the last ancestor it saw, counting in its accumulator how each was
/// reached. A reference can only be kept in [`Visitor::visit_pinned`], where the visitor may
/// sleep: replacing (and so dropping) the one kept before is allowed there too.
///
/// ```
/// use kernel::{c_str, fs::{walk::*, OwnedPath}};
///
/// #[derive(Clone, Copy, Default, PartialEq, Debug)]
/// struct How {
///     crossings: u32,
///     disconnected: u32,
/// }
///
/// struct Keep(Option<OwnedPath>);
///
/// impl Visitor for Keep {
///     type Acc = How;
///
///     fn visit(&self, _how: &mut How, _ancestor: &Ancestor<'_>) -> Result<Flow> {
///         // Without references: ask for them.
///         Ok(Flow::NeedSleep)
///     }
///
///     fn visit_pinned(
///         &mut self,
///         how: &mut How,
///         ancestor: &Ancestor<'_>,
///         pinned: &OwnedPath,
///     ) -> Result<Flow> {
///         assert!(ancestor.may_sleep());
///         how.crossings += u32::from(ancestor.crossed_mount());
///         how.disconnected += u32::from(ancestor.is_disconnected_jump());
///         self.0 = Some(pinned.clone());
///         Ok(Flow::Continue)
///     }
///
///     fn restart(&mut self) -> Result {
///         self.0 = None;
///         Ok(())
///     }
/// }
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// let mut keep = Keep(None);
/// let how = walk_ancestors(&root, WalkFlags::default(), &mut keep, How::default())?;
/// assert!(keep.0.ok_or(EINVAL)?.same_as(&root));
/// assert_eq!(how, How::default());
/// # Ok::<(), Error>(())
/// ```
pub struct Ancestor<'a> {
    mode: Mode<'a>,
    how: u32,
}

enum Mode<'a> {
    /// Lockless: the path is valid under `guard`, and was current when `d_seq` was `seq` and
    /// `mount_lock` was `m_seq`.
    Rcu {
        path: &'a RcuPath<'a>,
        seq: Seq,
        m_seq: Seq,
        guard: &'a rcu::Guard,
        stale: &'a StaleSlot,
    },
    /// With references, held by the walker.
    Ref(&'a OwnedPath),
}

impl Ancestor<'_> {
    /// The ancestor. During the lockless walk it is not pinned: to keep it, answer
    /// [`Flow::NeedSleep`] and clone the path [`Visitor::visit_pinned`] is given.
    pub fn path(&self) -> &Path {
        match self.mode {
            Mode::Rcu { path, .. } => path,
            Mode::Ref(path) => path,
        }
    }

    /// Returns `true` if the visitor may sleep now (the walker holds references).
    pub fn may_sleep(&self) -> bool {
        self.how & MAY_SLEEP != 0
    }

    /// Returns `true` if this ancestor was reached by leaving a mount for its parent: it is the
    /// dentry above the covered mountpoint (which, like `..`, is not visited).
    pub fn crossed_mount(&self) -> bool {
        self.how & MNT_UP != 0
    }

    /// Returns `true` if this ancestor is a mount's root reached by jumping there from a
    /// disconnected directory (see [`Path::is_disconnected_root`]), the way Landlock continues.
    pub fn is_disconnected_jump(&self) -> bool {
        self.how & DISCONNECTED != 0
    }

    /// The C `cb_flags` for this call (`VFS_WALK_MAY_SLEEP`, `VFS_WALK_MNT_UP`, ...).
    pub fn cb_flags(&self) -> u32 {
        self.how
    }

    /// Takes a reference to this ancestor, for the C API (`vfs_walk_ancestor_get()`), whose
    /// callers are told where they may drop it; safe Rust keeps what
    /// [`Visitor::visit_pinned`] is given.
    ///
    /// Always succeeds where the visitor may sleep. During the lockless walk it fails if the
    /// ancestor changed or is going away (as `legitimize_path()` does).
    fn take_ref(&self) -> Option<OwnedPath> {
        match self.mode {
            Mode::Ref(path) => Some(path.clone()),
            Mode::Rcu {
                path,
                seq,
                m_seq,
                guard,
                stale,
            } => {
                // The references of a failed attempt wait in `stale` until the read-side section
                // ends, and the slot holds one set: after a failure, every further attempt in
                // this lockless walk fails too. The callback then answers -ECHILD, which the
                // walker cannot honour with a slot in use: it restarts with references.
                if !stale.is_empty() {
                    return None;
                }
                match path.legitimize(seq, m_seq, guard) {
                    Ok(owned) => Some(owned),
                    Err(refs) => {
                        stale.park(refs);
                        None
                    }
                }
            }
        }
    }
}

/// Something that looks at a path and its ancestors: the callback of [`walk_ancestors`].
///
/// The visitor is in two parts: itself, which the lockless walk only shares (`&self`), and an
/// accumulator ([`Visitor::Acc`]), a `Copy` value the visits change: see the [module](self)
/// documentation for what this rules out.
pub trait Visitor {
    /// What the visits collect: a verdict, masks, counts of ancestors.
    ///
    /// `Copy`, so it owns nothing (no reference, no allocation) and changing it drops nothing;
    /// `'static`, so it borrows nothing either (a borrowed `Cell` would keep its contents
    /// across a restart). [`walk_ancestors`] starts it from the value it is given, puts it back
    /// to that value whenever the walk starts over, and returns it.
    type Acc: Copy + 'static;

    /// Looks at one ancestor; the first is the starting path itself.
    ///
    /// Without [`Ancestor::may_sleep`] this runs under the RCU read lock and must not sleep; to
    /// sleep, or to keep the ancestor, answer [`Flow::NeedSleep`]: the walker undoes what this
    /// call changed in `acc` and calls [`Visitor::visit_pinned`] for the same ancestor. An
    /// error ends the walk and is returned by [`walk_ancestors`], unless the lockless attempt
    /// it ended turns out not to be valid: it is then discarded with the attempt, which starts
    /// over.
    fn visit(&self, acc: &mut Self::Acc, ancestor: &Ancestor<'_>) -> Result<Flow>;

    /// Looks at one ancestor where the visitor may sleep: `pinned` is the ancestor with the
    /// references the walker holds, what sleeping operations such as reading an extended
    /// attribute need, and the only way for a visitor to keep an ancestor (clone it into
    /// `self`).
    ///
    /// Called for every ancestor of the walk with references, and for the ancestor a lockless
    /// visit answered [`Flow::NeedSleep`] for. [`Flow::NeedSleep`] is not a valid answer here.
    /// The default is [`Visitor::visit`].
    fn visit_pinned(
        &mut self,
        acc: &mut Self::Acc,
        ancestor: &Ancestor<'_>,
        pinned: &OwnedPath,
    ) -> Result<Flow> {
        let _ = pinned;
        self.visit(acc, ancestor)
    }

    /// The walk is starting over: forget what the previous visits kept in the visitor.
    ///
    /// The accumulator is already back to its value at the start. What else the visitor
    /// derived from the ancestors it saw (references [`Visitor::visit_pinned`] kept, anything
    /// behind interior mutability) comes from a walk that did not happen and must go too. Only
    /// what describes the walking itself, such as a count of restarts, may stay. Called where
    /// the visitor may sleep, so dropping kept references here is fine. An error ends the walk.
    ///
    /// There is no default: a visitor that forgot to reset would keep what it derived from a
    /// walk that did not happen, and fail open. A visitor with nothing to forget says so with
    /// `Ok(())`.
    fn restart(&mut self) -> Result;
}

/// Shows `start` and each of its ancestors to `visitor`, towards the root.
///
/// At a mount's root the walk continues in the parent mount, past the covered mountpoint and
/// any mount hidden under another one, as `..` does (`follow_up()`, `choose_mountpoint()`); it
/// ends after the root of the mount namespace, or the top of a detached mount. A disconnected
/// directory continues at its mount's root, as Landlock does. See the [module](self)
/// documentation for how the walk runs.
///
/// Returns the accumulator, which started as `acc`, when the visitor stopped the walk or the
/// root was passed, or the visitor's error. The caller must be able to sleep. No reference is
/// held on return, except those the visitor kept (clones of what [`Visitor::visit_pinned`] is
/// given).
///
/// # Examples
///
/// Count the ancestors of the root: just itself.
///
/// ```
/// use kernel::{
///     c_str,
///     fs::{
///         walk::{walk_ancestors, Ancestor, Flow, Visitor, WalkFlags},
///         OwnedPath,
///     },
/// };
///
/// struct Count;
///
/// impl Visitor for Count {
///     type Acc = u32;
///
///     fn visit(&self, count: &mut u32, _ancestor: &Ancestor<'_>) -> Result<Flow> {
///         *count += 1;
///         Ok(Flow::Continue)
///     }
///
///     fn restart(&mut self) -> Result {
///         // The count is the accumulator: the walker resets it.
///         Ok(())
///     }
/// }
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// assert_eq!(walk_ancestors(&root, WalkFlags::default(), &mut Count, 0)?, 1);
/// # Ok::<(), Error>(())
/// ```
///
/// A visitor that needs to sleep for every ancestor asks to be called where it may:
///
/// ```
/// # use kernel::{c_str, fs::{walk::*, OwnedPath}};
/// struct Sleepy;
///
/// impl Visitor for Sleepy {
///     type Acc = bool;
///
///     fn visit(&self, slept: &mut bool, ancestor: &Ancestor<'_>) -> Result<Flow> {
///         if !ancestor.may_sleep() {
///             return Ok(Flow::NeedSleep);
///         }
///         *slept = true;
///         Ok(Flow::Continue)
///     }
///
///     fn restart(&mut self) -> Result {
///         Ok(())
///     }
/// }
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// assert!(walk_ancestors(&root, WalkFlags::default(), &mut Sleepy, false)?);
/// # Ok::<(), Error>(())
/// ```
pub fn walk_ancestors<V: Visitor + ?Sized>(
    start: &OwnedPath,
    flags: WalkFlags,
    visitor: &mut V,
    acc: V::Acc,
) -> Result<V::Acc> {
    crate::task::might_sleep();
    let mut work = acc;
    if !flags.contains(WalkFlags::SLEEPING_VISITOR) {
        for _ in 0..MAX_RCU_ATTEMPTS {
            // The lockless attempt only shares the visitor.
            match walk_rcu(start, &*visitor, &mut work) {
                RcuEnd::Done(result) => return result.map(|()| work),
                RcuEnd::Unlazy(position, how) => {
                    return walk_ref(position, how, visitor, &mut work).map(|()| work)
                }
                RcuEnd::Invalid => {
                    work = acc;
                    visitor.restart()?;
                }
                RcuEnd::Abandon => {
                    work = acc;
                    visitor.restart()?;
                    break;
                }
            }
        }
    }
    walk_ref(start.clone(), 0, visitor, &mut work).map(|()| work)
}

/// Returns the parent of `path`: the next ancestor [`walk_ancestors`] would visit, with a
/// reference, and how it was reached (the C `VFS_WALK_MNT_UP`, `VFS_WALK_DISCONNECTED` bits), or
/// `None` if `path` has none. This is the step-by-step walk of the BPF path iterator
/// (`path_walk_parent()`), on top of the same steps.
///
/// It steps locklessly and takes a reference to the parent only (as `legitimize_path()` does),
/// so that a step costs what `dget_parent()` does; if the step cannot be validated, it steps
/// with references instead, as the reference walk does.
///
/// # Examples
///
/// ```
/// use kernel::{c_str, fs::{walk::walk_parent, OwnedPath}};
///
/// let root = OwnedPath::lookup(c_str!("/"))?;
/// assert!(walk_parent(&root)?.is_none());
/// # Ok::<(), Error>(())
/// ```
pub fn walk_parent(path: &OwnedPath) -> Result<Option<(OwnedPath, u32)>> {
    crate::task::might_sleep();
    {
        // Declared before the guard: references a failed legitimisation took are dropped
        // after the read-side critical section.
        let stale = StaleSlot::default();
        let guard = rcu::read_lock();
        let m_seq = mount_lock().read_begin();
        let r_seq = rename_lock().read_begin();
        let pos = RcuPos::start::<WAIT>(path);
        match step_rcu::<WAIT>(&pos, m_seq, &guard) {
            // As the lockless walk's `unlazy_walk()`: the parent, if nothing was renamed.
            Step::Next(next) if !rename_lock().read_retry(r_seq) => {
                match RcuPath::new(next.mnt, next.dentry).legitimize(next.seq, m_seq, &guard) {
                    Ok(parent) => return Ok(Some((parent, next.how))),
                    Err(refs) => stale.park(refs),
                }
            }
            // No parent, if no mount changed meanwhile.
            Step::Top if !mount_lock().read_retry(m_seq) => return Ok(None),
            _ => {}
        }
    }
    let mut parent = path.clone();
    Ok(step_ref(&mut parent).map(|how| (parent, how)))
}

/// A lockless walk driven one step at a time by its caller, inside one RCU read-side critical
/// section: the walk of the BPF lockless path iterator.
///
/// It goes up from a path as the lockless attempts of [`walk_ancestors`] do (the same step
/// function), takes no reference, allocates nothing and never sleeps. It cannot start over or
/// fall back to references: instead [`RcuCursor::valid`] says, whenever the caller asks,
/// whether the ancestors it returned so far were one chain at one instant (the last one's
/// `d_seq`, `mount_lock` and `rename_lock` unchanged since the start), and the caller retries
/// or gives up if not. A walk that is found invalid on the way ends early.
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
pub struct RcuCursor<'g> {
    pos: RcuPos<'g>,
    m_seq: Seq,
    r_seq: Seq,
    steps: u32,
    state: CursorState,
}

#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
enum CursorState {
    /// At `pos`; `next()` steps on.
    Walking = 1,
    /// Past the root: `pos` was the last ancestor.
    Top = 2,
    /// A change was seen during the walk: it ended, and is not valid.
    Invalid = 3,
}

impl<'g> RcuCursor<'g> {
    /// Starts at `start`, which [`RcuCursor::next`] does not return: the first call returns its
    /// parent.
    ///
    /// It never waits for a writer: a sequence found odd (a rename or mount change in progress,
    /// perhaps on this CPU, interrupted by the caller) makes the walk invalid instead.
    pub fn new(start: &'g Path, _guard: &'g rcu::Guard) -> Self {
        // As `walk_rcu()` and `path_init()`: the global sequences first, sampled.
        let m_seq = mount_lock().sample();
        let r_seq = rename_lock().sample();
        Self {
            pos: RcuPos::start::<SAMPLE>(start),
            m_seq,
            r_seq,
            steps: 0,
            state: CursorState::Walking,
        }
    }

    /// Steps to the parent of the current position and returns it, or `None` past the root
    /// and once a change has been seen. Every `RCU_CHECK_INTERVAL` (256) steps it checks
    /// `mount_lock` and `rename_lock`, so that a walk under churn ends, however deep the tree.
    pub fn next(&mut self, guard: &'g rcu::Guard) -> Option<(&'g VfsMount, &'g Dentry)> {
        if self.state != CursorState::Walking {
            return None;
        }
        self.steps = self.steps.wrapping_add(1);
        if self.steps % RCU_CHECK_INTERVAL == 0
            && (mount_lock().read_retry(self.m_seq) || rename_lock().read_retry(self.r_seq))
        {
            self.state = CursorState::Invalid;
            return None;
        }
        match step_rcu::<SAMPLE>(&self.pos, self.m_seq, guard) {
            Step::Next(next) => {
                self.pos = next;
                Some((self.pos.mnt, self.pos.dentry))
            }
            Step::Top => {
                self.state = CursorState::Top;
                None
            }
            Step::Invalid => {
                self.state = CursorState::Invalid;
                None
            }
        }
    }

    /// How the ancestor last returned by [`RcuCursor::next`] was reached: the C
    /// `VFS_WALK_MNT_UP` and `VFS_WALK_DISCONNECTED` bits (0 before the first step).
    pub fn how(&self) -> u32 {
        self.pos.how
    }

    /// Returns `true` if every ancestor returned so far, and the end of the walk if it was
    /// reached, were one chain that existed at one instant since [`RcuCursor::new`]: what a
    /// lockless attempt of [`walk_ancestors`] validates before its verdict stands.
    pub fn valid(&self) -> bool {
        self.state != CursorState::Invalid
            && !self.pos.dentry.d_seq().read_retry(self.pos.seq)
            && !mount_lock().read_retry(self.m_seq)
            && !rename_lock().read_retry(self.r_seq)
    }
}

/// How a lockless attempt ended.
enum RcuEnd {
    /// Validated: the visitor's verdict stands.
    Done(Result),
    /// The visitor needs to sleep at this ancestor, now referenced, reached this way.
    Unlazy(OwnedPath, u32),
    /// Something changed during the walk: start over.
    Invalid,
    /// The visitor needs to sleep, but its ancestor could not be kept, or the walk has visited
    /// [`MAX_RCU_STEPS`] ancestors and is not done: start over, with references.
    Abandon,
}

/// The lockless walk's position: the counterpart of `nd->path` and `nd->seq`.
struct RcuPos<'g> {
    mnt: &'g VfsMount,
    dentry: &'g Dentry,
    seq: Seq,
    how: u32,
}

impl<'g> RcuPos<'g> {
    /// Where a lockless walk starts: `path`, its `d_seq` begun as [`d_seq_begin`] says.
    #[inline(always)]
    fn start<const WAIT_FOR_WRITER: bool>(path: &'g Path) -> Self {
        Self {
            mnt: path.mnt(),
            dentry: path.dentry(),
            seq: d_seq_begin::<WAIT_FOR_WRITER>(path.dentry()),
            how: 0,
        }
    }
}

/// One lockless attempt.
fn walk_rcu<V: Visitor + ?Sized>(start: &OwnedPath, visitor: &V, acc: &mut V::Acc) -> RcuEnd {
    // Declared before the guard, so that references it holds are dropped after the read-side
    // critical section ends.
    let stale = StaleSlot::default();
    let guard = rcu::read_lock();
    // As `path_init()` does for a lockless walk: sample the global sequences first.
    let m_seq = mount_lock().read_begin();
    let r_seq = rename_lock().read_begin();
    let mut pos = RcuPos::start::<WAIT>(start);
    let mut steps: u32 = 0;

    let verdict = loop {
        let path = RcuPath::new(pos.mnt, pos.dentry);
        let ancestor = Ancestor {
            mode: Mode::Rcu {
                path: &path,
                seq: pos.seq,
                m_seq,
                guard: &guard,
                stale: &stale,
            },
            how: pos.how,
        };
        // Kept to undo what a visit that answers `NeedSleep` changed: it is called again.
        let before = *acc;
        match visitor.visit(acc, &ancestor) {
            Ok(Flow::Continue) => {}
            Ok(Flow::Stop) => break Ok(()),
            Err(e) => break Err(e),
            Ok(Flow::NeedSleep) => {
                *acc = before;
                // `unlazy_walk()`: keep this ancestor and go on with references, if what was
                // visited so far is still one chain (no rename or mount change since the start).
                if !stale.is_empty() || rename_lock().read_retry(r_seq) {
                    return RcuEnd::Abandon;
                }
                return match path.legitimize(pos.seq, m_seq, &guard) {
                    Ok(owned) => RcuEnd::Unlazy(owned, pos.how),
                    Err(refs) => {
                        stale.park(refs);
                        RcuEnd::Abandon
                    }
                };
            }
        }
        steps += 1;
        if steps % RCU_CHECK_INTERVAL == 0
            && (mount_lock().read_retry(m_seq) || rename_lock().read_retry(r_seq))
        {
            return RcuEnd::Invalid;
        }
        match step_rcu::<WAIT>(&pos, m_seq, &guard) {
            Step::Next(next) => pos = next,
            Step::Top => break Ok(()),
            Step::Invalid => return RcuEnd::Invalid,
        }
        // Another ancestor to visit, after `MAX_RCU_STEPS` visits: end the read-side section here
        // and walk with references instead (a walk of exactly `MAX_RCU_STEPS` ancestors has
        // reached the top above and stays lockless).
        if steps >= MAX_RCU_STEPS {
            return RcuEnd::Abandon;
        }
    };

    // However the walk ended, what the visitor saw must have been one chain at one instant:
    // the last ancestor unchanged, and no rename or mount change anywhere since the start
    // (`prepend_path()` validates its lockless walk the same way).
    if pos.dentry.d_seq().read_retry(pos.seq)
        || mount_lock().read_retry(m_seq)
        || rename_lock().read_retry(r_seq)
    {
        return RcuEnd::Invalid;
    }
    RcuEnd::Done(verdict)
}

enum Step<'g> {
    Next(RcuPos<'g>),
    Top,
    Invalid,
}

/// How [`step_rcu`] starts a dentry's `d_seq` read section: [`walk_ancestors`] waits while a
/// writer is at work, as `follow_dotdot_rcu()` does (it runs in process context, so the writer
/// is on another CPU and finishes); [`RcuCursor`] samples, and an odd count fails the step,
/// because its caller may have interrupted that writer on its own CPU.
const WAIT: bool = true;
const SAMPLE: bool = false;

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
    let (mut mnt, mut dentry, mut seq, mut how) = (pos.mnt, pos.dentry, pos.seq, 0);

    if ptr::eq(dentry, mnt.root()) {
        // The mount's root was visited as it was when its `d_seq` was read; `follow_dotdot_rcu()`
        // does not check that again when it leaves a mount, but every ancestor the visitor saw
        // should be unchanged until the walk left it, so check it as for any other ancestor.
        if dentry.d_seq().read_retry(seq) {
            return Step::Invalid;
        }
        // `choose_mountpoint_rcu()`: leave the mount, skipping mounts stacked on the root of
        // another (their mountpoint is hidden, as `follow_up()` skips it).
        loop {
            let Some((parent, mountpoint)) = mnt.parent(guard) else {
                return Step::Top;
            };
            (mnt, dentry) = (parent, mountpoint);
            if !ptr::eq(mountpoint, parent.root()) {
                break;
            }
        }
        seq = d_seq_begin::<WAIT_FOR_WRITER>(dentry);
        // Makes sure that the reference walk could have reached this state.
        if mount_lock().read_retry(m_seq) {
            return Step::Invalid;
        }
        how |= MNT_UP;
    }

    // `follow_dotdot_rcu()` takes `d_parent` and, for a bind mount, checks that it is still
    // under the mount's root (`path_connected()`), else fails. Landlock instead walks on to the
    // root of the dentry tree and from there to the mount's root; we match Landlock.
    let (next, jump) = match dentry.parent_unless_root(guard) {
        Some(parent) => (parent, 0),
        None => (mnt.root(), DISCONNECTED),
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

/// The walk with references, from `position`, which was reached as `how` says: Landlock's loop
/// in `is_access_to_paths_allowed()`. It always progresses, whatever changes meanwhile.
fn walk_ref<V: Visitor + ?Sized>(
    mut position: OwnedPath,
    mut how: u32,
    visitor: &mut V,
    acc: &mut V::Acc,
) -> Result {
    loop {
        let ancestor = Ancestor {
            mode: Mode::Ref(&position),
            how: how | MAY_SLEEP,
        };
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
fn step_ref(position: &mut OwnedPath) -> Option<u32> {
    let mut how = 0;
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
        how |= MNT_UP;
    }
    if position.dentry().is_root() {
        position.move_to_mnt_root();
        how |= DISCONNECTED;
    } else {
        position.move_to_parent();
    }
    Some(how)
}

/// Where a lockless attempt parks references it could not use until the read-side section ends.
#[derive(Default)]
struct StaleSlot(Cell<Option<StaleRefs>>);

impl StaleSlot {
    fn is_empty(&self) -> bool {
        let refs = self.0.take();
        let empty = refs.is_none();
        self.0.set(refs);
        empty
    }

    /// Parks `refs`. The slot must be empty: dropping what it held could sleep.
    fn park(&self, refs: StaleRefs) {
        let old = self.0.replace(Some(refs));
        debug_assert!(old.is_none());
        core::mem::forget(old);
    }
}

static NEED_SLEEP_WARNED: AtomicBool = AtomicBool::new(false);

/// Prints `msg` the first time `flag` is seen clear: bad input gets a clear errno, and the log
/// one line.
fn warn_once(flag: &AtomicBool, msg: &str) {
    if !flag.swap(true, Ordering::Relaxed) {
        crate::pr_warn!("vfs_walk_ancestors: {}\n", msg);
    }
}
