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
//! The parts: this file is the visitor API and the two walks' drivers ([`walk_ancestors`],
//! [`walk_parent`]); `walk/lockless.rs` is the lockless engine (the counterpart of `struct
//! nameidata`: a position, its `d_seq`, the sampled `mount_lock` and `rename_lock`), which no
//! caller sees into, and [`RcuCursor`], its step-at-a-time form; `walk/refwalk.rs` is the walk
//! with references; `walk/capi.rs` is the C interface.

use crate::{
    bindings,
    error::{code::*, Result},
    sync::rcu,
};
use core::{
    ops::BitOr,
    sync::atomic::{AtomicBool, Ordering},
};

use super::{OwnedPath, Path};

mod capi;
mod lockless;
mod refwalk;

pub use lockless::{NameError, RcuCursor};
use lockless::{RcuWalk, StaleSlot, State, WAIT};
use refwalk::{step_ref, walk_ref};

/// How many lockless attempts a walk makes before it walks with references.
///
/// Each lockless attempt fails only if a rename or a mount change happened during it: under
/// such churn a second attempt often succeeds, and the bound keeps the worst case at two
/// lockless walks plus one reference walk.
pub const MAX_RCU_ATTEMPTS: u32 = 2;

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

/// How an ancestor was reached from the one visited before it.
///
/// ```
/// use kernel::fs::walk::How;
///
/// let how = How::MNT_UP | How::DISCONNECTED;
/// assert!(how.contains(How::MNT_UP) && !How::NONE.contains(How::MNT_UP));
/// assert_eq!(How::NONE.to_raw(), 0);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[repr(transparent)]
pub struct How(u32);

impl How {
    /// An ordinary step to the parent (or the start).
    pub const NONE: Self = Self(0);
    /// Reached by leaving a mount for its parent: the dentry above the covered mountpoint.
    pub const MNT_UP: Self = Self(bindings::VFS_WALK_MNT_UP);
    /// A mount's root, reached by jumping there from a disconnected directory.
    pub const DISCONNECTED: Self = Self(bindings::VFS_WALK_DISCONNECTED);

    /// Returns `true` if every flag of `other` is set in `self`.
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The C bits: `VFS_WALK_MNT_UP`, `VFS_WALK_DISCONNECTED`.
    pub fn to_raw(self) -> u32 {
        self.0
    }
}

impl BitOr for How {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}

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
/// struct Jumps {
///     crossings: u32,
///     disconnected: u32,
/// }
///
/// struct Keep(Option<OwnedPath>);
///
/// impl Visitor for Keep {
///     type Acc = Jumps;
///
///     fn visit(&self, _jumps: &mut Jumps, _ancestor: &Ancestor<'_>) -> Result<Flow> {
///         // Without references: ask for them.
///         Ok(Flow::NeedSleep)
///     }
///
///     fn visit_pinned(
///         &mut self,
///         jumps: &mut Jumps,
///         ancestor: &Ancestor<'_>,
///         pinned: &OwnedPath,
///     ) -> Result<Flow> {
///         assert!(ancestor.may_sleep());
///         jumps.crossings += u32::from(ancestor.crossed_mount());
///         jumps.disconnected += u32::from(ancestor.is_disconnected_jump());
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
/// let jumps = walk_ancestors(&root, WalkFlags::default(), &mut keep, Jumps::default())?;
/// assert!(keep.0.ok_or(EINVAL)?.same_as(&root));
/// assert_eq!(jumps, Jumps::default());
/// # Ok::<(), Error>(())
/// ```
pub struct Ancestor<'a> {
    mode: Mode<'a>,
    how: How,
}

enum Mode<'a> {
    /// Lockless: the walk's position, valid under `guard`.
    Rcu {
        walk: &'a RcuWalk<'a, WAIT>,
        guard: &'a rcu::Guard,
        stale: &'a StaleSlot,
    },
    /// With references, held by the walker.
    Ref(&'a OwnedPath),
}

impl<'a> Ancestor<'a> {
    /// The lockless walk's position.
    fn lockless(walk: &'a RcuWalk<'a, WAIT>, guard: &'a rcu::Guard, stale: &'a StaleSlot) -> Self {
        Self {
            mode: Mode::Rcu { walk, guard, stale },
            how: walk.how(),
        }
    }

    /// A position of the walk with references.
    fn pinned(path: &'a OwnedPath, how: How) -> Self {
        Self {
            mode: Mode::Ref(path),
            how,
        }
    }

    /// The ancestor. During the lockless walk it is not pinned: to keep it, answer
    /// [`Flow::NeedSleep`] and clone the path [`Visitor::visit_pinned`] is given.
    pub fn path(&self) -> &Path {
        match self.mode {
            Mode::Rcu { walk, .. } => walk.path(),
            Mode::Ref(path) => path,
        }
    }

    /// Returns `true` if the visitor may sleep now (the walker holds references).
    pub fn may_sleep(&self) -> bool {
        matches!(self.mode, Mode::Ref(_))
    }

    /// How this ancestor was reached.
    pub fn how(&self) -> How {
        self.how
    }

    /// Returns `true` if this ancestor was reached by leaving a mount for its parent: it is the
    /// dentry above the covered mountpoint (which, like `..`, is not visited).
    pub fn crossed_mount(&self) -> bool {
        self.how.contains(How::MNT_UP)
    }

    /// Returns `true` if this ancestor is a mount's root reached by jumping there from a
    /// disconnected directory (see [`Path::is_disconnected_root`]), the way Landlock continues.
    pub fn is_disconnected_jump(&self) -> bool {
        self.how.contains(How::DISCONNECTED)
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
            Mode::Rcu { walk, guard, stale } => {
                // The references of a failed attempt wait in `stale` until the read-side section
                // ends, and the slot holds one set: after a failure, every further attempt in
                // this lockless walk fails too. The callback then answers -ECHILD, which the
                // walker cannot honour with a slot in use: it restarts with references.
                if !stale.is_empty() {
                    return None;
                }
                match walk.legitimize(guard) {
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
    walk_ref(start.clone(), How::NONE, visitor, &mut work).map(|()| work)
}

/// Returns the parent of `path`: the next ancestor [`walk_ancestors`] would visit, with a
/// reference, and how it was reached, or `None` if `path` has none. This is the step-by-step
/// walk of the BPF path iterator (`path_walk_parent()`), on the same engine.
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
pub fn walk_parent(path: &OwnedPath) -> Result<Option<(OwnedPath, How)>> {
    crate::task::might_sleep();
    {
        // Declared before the guard: references a failed legitimisation took are dropped
        // after the read-side critical section.
        let stale = StaleSlot::default();
        let guard = rcu::read_lock();
        let mut walk = RcuWalk::<WAIT>::start(path, &guard);
        if walk.step(&guard) {
            // As the lockless walk's `unlazy_walk()`: the parent, if nothing was renamed.
            if !walk.renamed() {
                match walk.legitimize(&guard) {
                    Ok(parent) => return Ok(Some((parent, walk.how()))),
                    Err(refs) => stale.park(refs),
                }
            }
        } else if walk.state() == State::Top && !walk.mounts_changed() {
            // No parent, if no mount changed meanwhile.
            return Ok(None);
        }
    }
    let mut parent = path.clone();
    Ok(step_ref(&mut parent).map(|how| (parent, how)))
}

/// How a lockless attempt ended.
enum RcuEnd {
    /// Validated: the visitor's verdict stands.
    Done(Result),
    /// The visitor needs to sleep at this ancestor, now referenced, reached this way.
    Unlazy(OwnedPath, How),
    /// Something changed during the walk: start over.
    Invalid,
    /// The visitor needs to sleep, but its ancestor could not be kept, or the walk has visited
    /// [`MAX_RCU_STEPS`] ancestors and is not done: start over, with references.
    Abandon,
}

/// One lockless attempt: the engine driven by the visitor (visit the position, handle
/// [`Flow::NeedSleep`], step, validate).
fn walk_rcu<V: Visitor + ?Sized>(start: &OwnedPath, visitor: &V, acc: &mut V::Acc) -> RcuEnd {
    // Declared before the guard, so that references it holds are dropped after the read-side
    // critical section ends.
    let stale = StaleSlot::default();
    let guard = rcu::read_lock();
    let mut walk = RcuWalk::<WAIT>::start(start, &guard);

    let verdict = loop {
        // Kept to undo what a visit that answers `NeedSleep` changed: it is called again.
        let before = *acc;
        match visitor.visit(acc, &Ancestor::lockless(&walk, &guard, &stale)) {
            Ok(Flow::Continue) => {}
            Ok(Flow::Stop) => break Ok(()),
            Err(e) => break Err(e),
            Ok(Flow::NeedSleep) => {
                *acc = before;
                // `unlazy_walk()`: keep this ancestor and go on with references, if what was
                // visited so far is still one chain (no rename since the start; the position
                // and mount_lock are checked by legitimize).
                if !stale.is_empty() || walk.renamed() {
                    return RcuEnd::Abandon;
                }
                return match walk.legitimize(&guard) {
                    Ok(owned) => RcuEnd::Unlazy(owned, walk.how()),
                    Err(refs) => {
                        stale.park(refs);
                        RcuEnd::Abandon
                    }
                };
            }
        }
        if !walk.step(&guard) {
            match walk.state() {
                State::Top => break Ok(()),
                _ => return RcuEnd::Invalid,
            }
        }
        // Another ancestor to visit, after `MAX_RCU_STEPS` visits: end the read-side section here
        // and walk with references instead (a walk of exactly `MAX_RCU_STEPS` ancestors has
        // reached the top above and stays lockless).
        if walk.steps() >= MAX_RCU_STEPS {
            return RcuEnd::Abandon;
        }
    };

    // However the walk ended, what the visitor saw must have been one chain at one instant.
    if !walk.valid() {
        return RcuEnd::Invalid;
    }
    RcuEnd::Done(verdict)
}

static NEED_SLEEP_WARNED: AtomicBool = AtomicBool::new(false);

/// Prints `msg` the first time `flag` is seen clear: bad input gets a clear errno, and the log
/// one line.
fn warn_once(flag: &AtomicBool, msg: &str) {
    if !flag.swap(true, Ordering::Relaxed) {
        crate::pr_warn!("vfs_walk_ancestors: {}\n", msg);
    }
}
