// SPDX-License-Identifier: GPL-2.0

//! Landlock-style access checks on top of `vfs_walk_ancestors()`, driven from user space.
//!
//! User space adds rules through `/dev/walkrules` (ABI: `include/uapi/linux/walkrules.h`): each
//! grants access rights beneath a file or directory, in one of 16 layers, like stacked Landlock
//! rulesets. A check walks from a path towards the root, as Landlock's
//! `is_access_to_paths_allowed()` does, and allows the access once every layer with rules has
//! granted every requested right on the path or an ancestor; it denies at the real root, and
//! allows at the root of an internal mount (nsfs) reached from a disconnected dentry.
//!
//! A rule may keep its grant in the `user.walk.grant` extended attribute. Reading it may sleep,
//! so when the walk reaches such a rule without being allowed to sleep, the visitor answers
//! [`Flow::NeedSleep`] and reads it when the walker calls again, now with references held:
//! the part of the walker's protocol only a real consumer proves.
//!
//! Each check reports the ancestors it visited and how: which walk answered, restarts, and
//! `-ECHILD` round trips.

use core::{
    cell::Cell,
    mem::{offset_of, size_of},
};
use kernel::{
    c_str,
    capability::{capable, CAP_SYS_ADMIN},
    fs::{
        walk::{walk_ancestors, Ancestor, Flow, Visitor, WalkFlags},
        OwnedPath,
    },
    ioctl::{_IO, _IOW, _IOWR},
    miscdevice::{self, MiscDevice, Registration},
    new_mutex,
    prelude::*,
    rbtree::RBTree,
    sync::{Arc, Mutex},
    uaccess::{UserPtr, UserSlice, UserSliceReader},
    uapi,
};

module! {
    type: WalkRulesModule,
    name: "rust_walkrules",
    author: "Rust for Linux Contributors",
    description: "Landlock-style access checks on vfs_walk_ancestors()",
    license: "GPL",
}

const NUM_LAYERS: usize = uapi::WALKRULES_NUM_LAYERS as usize;
const ACCESS_ALL: u32 = uapi::WALKRULES_ACCESS_ALL;
const NUM_ACCESS: usize = ACCESS_ALL.count_ones() as usize;
/// The most trace entries a check may ask for: deeper than the deepest test tree.
const MAX_TRACE: u32 = 1 << 16;
const XATTR_NAME: &CStr = c_str!("user.walk.grant");

const MAGIC: u32 = uapi::WALKRULES_IOC_MAGIC as u32;
const IOC_VERSION: u32 = _IO(MAGIC, 0);
const IOC_ADD_RULE: u32 = _IOW::<uapi::walkrules_rule>(MAGIC, 1);
const IOC_RESET: u32 = _IO(MAGIC, 2);
const IOC_CHECK: u32 = _IOWR::<uapi::walkrules_check>(MAGIC, 3);

struct WalkRulesModule {
    _dev: Pin<&'static Registration<WalkRules>>,
}

impl kernel::Module for WalkRulesModule {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let rules = Arc::new(Ruleset::new(), GFP_KERNEL)?;
        let dev = miscdevice::register(
            c_str!("walkrules"),
            0o666,
            try_pin_init!(WalkRules {
                rules <- new_mutex!(rules),
            }),
        )?;
        pr_info!(
            "/dev/walkrules ready (ABI {}, minor {})\n",
            uapi::WALKRULES_ABI_VERSION,
            dev.minor()
        );
        Ok(Self { _dev: dev })
    }
}

/// The rules on one inode.
struct Rule {
    /// Rights granted, per layer.
    grants: [u16; NUM_LAYERS],
    /// Layers whose grant is in the inode's `user.walk.grant` attribute.
    xattr_layers: u16,
    /// Keeps the inode, so its address stays its identity.
    _pin: OwnedPath,
}

/// An immutable set of rules: changes make a new one, so checks never lock it.
struct Ruleset {
    /// By inode address.
    rules: RBTree<usize, Rule>,
    /// Layers with at least one rule: those that must grant.
    layers: u16,
}

impl Ruleset {
    fn new() -> Self {
        Self {
            rules: RBTree::new(),
            layers: 0,
        }
    }

    /// A copy of `self` with one more rule.
    fn with_rule(&self, path: OwnedPath, layer: usize, access: u16, xattr: bool) -> Result<Self> {
        let mut next = Self::new();
        next.layers = self.layers | 1 << layer;
        for (key, rule) in self.rules.iter() {
            let copy = Rule {
                grants: rule.grants,
                xattr_layers: rule.xattr_layers,
                _pin: rule._pin.clone(),
            };
            next.rules.try_create_and_insert(*key, copy, GFP_KERNEL)?;
        }
        let key = inode_key(&path).ok_or(ENOENT)?;
        if let Some(rule) = next.rules.get_mut(&key) {
            rule.grants[layer] |= access;
            rule.xattr_layers |= u16::from(xattr) << layer;
        } else {
            let mut grants = [0; NUM_LAYERS];
            grants[layer] = access;
            let rule = Rule {
                grants,
                xattr_layers: u16::from(xattr) << layer,
                _pin: path,
            };
            next.rules.try_create_and_insert(key, rule, GFP_KERNEL)?;
        }
        Ok(next)
    }
}

fn inode_key(path: &kernel::fs::Path) -> Option<usize> {
    path.dentry().inode().map(|inode| inode.as_raw() as usize)
}

#[pin_data]
struct WalkRules {
    #[pin]
    rules: Mutex<Arc<Ruleset>>,
}

impl MiscDevice for WalkRules {
    fn ioctl(&self, cmd: u32, arg: usize) -> Result<isize> {
        match cmd {
            IOC_VERSION => Ok(uapi::WALKRULES_ABI_VERSION as isize),
            IOC_ADD_RULE => self.add_rule(arg).map(|()| 0),
            IOC_RESET => self.reset().map(|()| 0),
            IOC_CHECK => self.check(arg).map(|()| 0),
            _ => Err(ENOTTY),
        }
    }
}

/// Reads the `size` field every request starts with and checks it against the structure `T`
/// this module knows: smaller is `EINVAL`, larger `E2BIG`.
fn request<T>(arg: UserPtr) -> Result<UserSliceReader> {
    let mut reader = UserSlice::new(arg, size_of::<T>()).reader();
    let size = reader.read::<u32>()? as usize;
    if size < size_of::<T>() {
        return Err(EINVAL);
    }
    if size > size_of::<T>() {
        return Err(E2BIG);
    }
    Ok(reader)
}

impl WalkRules {
    fn add_rule(&self, arg: UserPtr) -> Result {
        if !capable(CAP_SYS_ADMIN) {
            return Err(EPERM);
        }
        let mut req = request::<uapi::walkrules_rule>(arg)?;
        let fd = req.read::<i32>()?;
        let layer = req.read::<u32>()? as usize;
        let access = req.read::<u32>()?;
        let flags = req.read::<u32>()?;
        let reserved = req.read::<u32>()?;
        let xattr = flags & uapi::WALKRULES_RULE_XATTR != 0;
        if layer >= NUM_LAYERS
            || access & !ACCESS_ALL != 0
            || flags & !uapi::WALKRULES_RULE_XATTR != 0
            || reserved != 0
            || (access == 0 && !xattr)
        {
            return Err(EINVAL);
        }
        let path = OwnedPath::from_fd(fd)?;
        let mut rules = self.rules.lock();
        let next = rules.with_rule(path, layer, access as u16, xattr)?;
        *rules = Arc::new(next, GFP_KERNEL)?;
        Ok(())
    }

    fn reset(&self) -> Result {
        if !capable(CAP_SYS_ADMIN) {
            return Err(EPERM);
        }
        let empty = Arc::new(Ruleset::new(), GFP_KERNEL)?;
        *self.rules.lock() = empty;
        Ok(())
    }

    fn check(&self, arg: UserPtr) -> Result {
        let mut req = request::<uapi::walkrules_check>(arg)?;
        let fd = req.read::<i32>()?;
        let path = req.read::<u64>()?;
        let access = req.read::<u32>()?;
        let flags = req.read::<u32>()?;
        let trace = req.read::<u64>()?;
        let trace_len = req.read::<u32>()?;
        let known_flags = uapi::WALKRULES_CHECK_PATH | uapi::WALKRULES_CHECK_NOFOLLOW;
        if access & !ACCESS_ALL != 0 || flags & !known_flags != 0 {
            return Err(EINVAL);
        }
        if trace_len > MAX_TRACE {
            return Err(E2BIG);
        }
        let trace_len = if trace == 0 { 0 } else { trace_len };

        let start = if flags & uapi::WALKRULES_CHECK_PATH != 0 {
            let follow = flags & uapi::WALKRULES_CHECK_NOFOLLOW == 0;
            OwnedPath::lookup_user(path as UserPtr, follow)?
        } else {
            OwnedPath::from_fd(fd)?
        };
        let rules = self.rules.lock().clone();
        let mut check = Check::new(&rules, trace_len as usize)?;
        let first = Verdict::new(&rules, access as u16);
        let verdict = walk_ancestors(&start, WalkFlags::default(), &mut check, first)?;

        let needed = verdict.visited;
        if needed <= trace_len {
            check.write_trace(&verdict, trace as UserPtr)?;
        }
        let mut out = UserSlice::new(
            arg + offset_of!(uapi::walkrules_check, trace_needed),
            size_of::<uapi::walkrules_check>() - offset_of!(uapi::walkrules_check, trace_needed),
        )
        .writer();
        out.write(&needed)?;
        if trace != 0 && needed > trace_len {
            return Err(ENOSPC);
        }
        out.write(&u32::from(verdict.allowed))?;
        out.write(&u32::from(verdict.answered_by_ref))?;
        out.write(&verdict.visited)?;
        out.write(&check.restarts)?;
        out.write(&check.echild.get())?;
        Ok(())
    }
}

/// One ancestor, as the trace reports it.
#[derive(Clone, Copy, Default)]
struct TraceEntry {
    ino: u64,
    dev: u32,
    flags: u32,
}

/// A check in progress: the visitor. The lockless walk only shares it; what the visits
/// collect is the [`Verdict`].
struct Check<'a> {
    rules: &'a Ruleset,
    restarts: u32,
    /// `-ECHILD` round trips: they describe the walking, so a restart keeps them.
    echild: Cell<u32>,
    /// Allocated before the walk (the lockless walk must not allocate); the first
    /// `min(visited, len)` entries are used. Entries are values, written through `&self`.
    trace: KVec<Cell<TraceEntry>>,
}

/// What a check's visits collect: the walker's accumulator, reset by the walker itself when
/// the walk starts over.
#[derive(Clone, Copy)]
struct Verdict {
    /// Per requested right, the layers that have not granted it yet.
    unmet: [u16; NUM_ACCESS],
    allowed: bool,
    answered_by_ref: bool,
    visited: u32,
}

impl<'a> Check<'a> {
    fn new(rules: &'a Ruleset, trace_len: usize) -> Result<Self> {
        Ok(Self {
            rules,
            restarts: 0,
            echild: Cell::new(0),
            trace: KVec::from_elem(Cell::new(TraceEntry::default()), trace_len, GFP_KERNEL)?,
        })
    }

    fn record(&self, verdict: &mut Verdict, ancestor: &Ancestor<'_>, flags: u32) {
        let (ino, dev) = ancestor
            .path()
            .dentry()
            .inode()
            .map_or((0, 0), |inode| (inode.ino(), inode.dev()));
        if let Some(entry) = self.trace.get(verdict.visited as usize) {
            entry.set(TraceEntry { ino, dev, flags });
        }
        verdict.visited += 1;
        verdict.answered_by_ref = ancestor.may_sleep();
    }

    fn write_trace(&self, verdict: &Verdict, trace: UserPtr) -> Result {
        let entry_size = size_of::<uapi::walkrules_trace>();
        let used = &self.trace[..verdict.visited as usize];
        let mut out = UserSlice::new(trace, used.len() * entry_size).writer();
        for entry in used {
            let entry = entry.get();
            out.write(&entry.ino)?;
            // The kernel's dev_t: 12 bits of major, 20 of minor.
            out.write(&(entry.dev >> 20))?;
            out.write(&(entry.dev & 0xfffff))?;
            out.write(&entry.flags)?;
            out.write(&0u32)?;
        }
        Ok(())
    }

    /// One ancestor; `pinned` is `Some` where the visitor may sleep.
    fn check(
        &self,
        verdict: &mut Verdict,
        ancestor: &Ancestor<'_>,
        pinned: Option<&OwnedPath>,
    ) -> Result<Flow> {
        let path = ancestor.path();
        let mut flags = 0;
        if ancestor.may_sleep() {
            flags |= uapi::WALKRULES_TRACE_REF;
        }
        if ancestor.crossed_mount() {
            flags |= uapi::WALKRULES_TRACE_MNT_UP;
        }
        if ancestor.is_disconnected_jump() {
            flags |= uapi::WALKRULES_TRACE_DISCONNECTED;
        }
        if path.mnt().is_internal() {
            flags |= uapi::WALKRULES_TRACE_INTERNAL;
            if ancestor.is_disconnected_jump() {
                // As Landlock: internal file systems (nsfs, through /proc/<pid>/ns/*) are
                // allowed once their disconnected root is reached.
                self.record(verdict, ancestor, flags);
                verdict.allowed = true;
                return Ok(Flow::Stop);
            }
        }

        let rule = inode_key(path).and_then(|key| self.rules.rules.get(&key));
        if let Some(rule) = rule {
            flags |= uapi::WALKRULES_TRACE_RULE;
            if rule.xattr_layers != 0 {
                // Reading an extended attribute may sleep: ask to be called again where it
                // may (the walker undoes what this visit changed in the verdict).
                let Some(pinned) = pinned else {
                    self.echild.set(self.echild.get() + 1);
                    return Ok(Flow::NeedSleep);
                };
                let mut value = [0u8; 16];
                let rights = match pinned.get_xattr(XATTR_NAME, &mut value) {
                    Ok(Some(len)) => parse_grant(&value[..len]),
                    // No attribute, or one too long to be a mask: no grant.
                    Ok(None) => 0,
                    Err(e) if e == ERANGE => 0,
                    Err(e) => return Err(e),
                };
                for layer in 0..NUM_LAYERS {
                    if rule.xattr_layers & 1 << layer != 0 {
                        verdict.grant(layer, rights);
                    }
                }
            }
            for (layer, rights) in rule.grants.iter().enumerate() {
                if *rights != 0 {
                    verdict.grant(layer, *rights);
                }
            }
        }
        self.record(verdict, ancestor, flags);
        if verdict.all_granted() {
            verdict.allowed = true;
            return Ok(Flow::Stop);
        }
        Ok(Flow::Continue)
    }
}

impl Verdict {
    /// Nothing granted yet: every layer with rules still has to grant each requested right.
    fn new(rules: &Ruleset, requested: u16) -> Self {
        let mut unmet = [0; NUM_ACCESS];
        for (right, layers) in unmet.iter_mut().enumerate() {
            if requested & 1 << right != 0 {
                *layers = rules.layers;
            }
        }
        Self {
            unmet,
            allowed: false,
            answered_by_ref: false,
            visited: 0,
        }
    }

    fn grant(&mut self, layer: usize, rights: u16) {
        for (right, unmet) in self.unmet.iter_mut().enumerate() {
            if rights & 1 << right != 0 {
                *unmet &= !(1 << layer);
            }
        }
    }

    fn all_granted(&self) -> bool {
        self.unmet.iter().all(|unmet| *unmet == 0)
    }
}

/// Parses a `user.walk.grant` value: a hexadecimal mask such as `0x3`.
fn parse_grant(value: &[u8]) -> u16 {
    let value = value.strip_prefix(b"0x").unwrap_or(value);
    let mut mask: u32 = 0;
    for digit in value
        .iter()
        .take_while(|c| !c.is_ascii_whitespace() && **c != 0)
    {
        let Some(d) = (*digit as char).to_digit(16) else {
            return 0;
        };
        mask = (mask << 4 | d) & 0xffff;
    }
    (mask & ACCESS_ALL) as u16
}

impl Visitor for Check<'_> {
    type Acc = Verdict;

    fn visit(&self, verdict: &mut Verdict, ancestor: &Ancestor<'_>) -> Result<Flow> {
        self.check(verdict, ancestor, None)
    }

    fn visit_pinned(
        &mut self,
        verdict: &mut Verdict,
        ancestor: &Ancestor<'_>,
        pinned: &OwnedPath,
    ) -> Result<Flow> {
        self.check(verdict, ancestor, Some(pinned))
    }

    fn restart(&mut self) -> Result {
        // The verdict is the walker's to reset; the trace entries past it are unused.
        self.restarts += 1;
        Ok(())
    }
}
