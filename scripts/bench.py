#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn walk_bench output into build/bench/results.md and PNG plots.

  bench.py OUTDIR --qemu JOBLOG... [--uml JOBLOG...]

Two platforms, each with its own tables: QEMU under TCG (the run and
oldwalk kernels, 2 emulated CPUs) and User-Mode Linux (the um and
um-oldwalk kernels, native, one host CPU). Every figure is the median of
the repetitions, with min and max; every comparison is a ratio of medians
measured in the same run. A target's verdict is "met" or "missed" only
when the two distributions are apart: their interquartile ranges, in the
ratio, are on one side of the target (the first quartile of the
numerator over the third of the denominator, and the third over the
first); else "inconclusive". Tables show each figure's min and max too.
"""
import os
import statistics
import subprocess
import sys
from collections import defaultdict

MODES = ["floor", "rcu", "ref", "refloop"]
MODE_NAMES = {
    "floor": "floor (bare d_parent loop)",
    "rcu": "vfs_walk_ancestors() lockless",
    "ref": "vfs_walk_ancestors() reference walk",
    "refloop": "6.12 Landlock loop (dget_parent/follow_up)",
}
PLATFORMS = {
    "qemu": "QEMU under TCG (software emulation, 2 vCPUs)",
    "uml": "User-Mode Linux (native, one host CPU, pinned)",
}


def med(xs):
    return statistics.median(xs)


def fmt(xs, digits=0):
    return f"{med(xs):.{digits}f} ({min(xs):.{digits}f}–{max(xs):.{digits}f})"


def quartiles(xs):
    if len(xs) < 2:
        return xs[0], xs[0]
    q = statistics.quantiles(xs, n=4)
    return q[0], q[2]


def ratio(num, den):
    """(ratio of medians, lowest, highest) of two samples: the lowest and
    highest ratio of their interquartile ranges."""
    n1, n3 = quartiles(num)
    d1, d3 = quartiles(den)
    return med(num) / med(den), n1 / d3, n3 / d1


def verdict(r, ok):
    """ok(x): whether a ratio x meets the target. "met"/"missed" only if
    the whole range of ratios the samples allow is on one side."""
    lo, hi = r[1], r[2]
    if ok(lo) and ok(hi):
        return "met"
    if not ok(lo) and not ok(hi):
        return "**missed**"
    return "inconclusive"


def rfmt(r):
    return f"{r[0]:.2f}x ({r[1]:.2f}–{r[2]:.2f})"


def parse(paths):
    walk = defaultdict(list)       # (layout, mode, depth) -> [ns]
    visits = {}                    # (layout, depth) -> visits
    cont = defaultdict(list)       # (mode, walkers) -> [walks/s]
    ll = defaultdict(list)         # (kernel, layout, depth) -> [(ns, hook)]
    clock = []                     # [(ns per read, smallest step)]
    ren = defaultdict(list)        # (kernel, rate) -> [(renames/s, hook, p50, p99, rcu, ref, restarts, checks)]
    bpf = defaultdict(list)        # (mode, depth) -> [(ns per walk, ancestors per walk, invalid)]
    bpf_platform = []              # [(cpus, jit, spectre_v2)]
    for path in paths:
        for line in open(path):
            f = line.rstrip("\r\n").split("\t")
            if f[0] == "walk" and len(f) == 7:
                walk[(f[1], f[2], int(f[3]))].append(float(f[5]))
                visits[(f[1], int(f[3]))] = int(f[6])
            elif f[0] == "contention" and len(f) == 5:
                cont[(f[1], int(f[2]))].append(float(f[4]))
            elif f[0].startswith("landlock-") and len(f) == 6:
                hook = None if f[5] == "-" else float(f[5])
                ll[(f[0][len("landlock-"):], f[1], int(f[2]))].append((float(f[4]), hook))
            elif f[0] == "clock" and len(f) == 4:
                clock.append((float(f[2]), int(f[3])))
            elif f[0] == "bpfwalk" and len(f) == 7:
                bpf[(f[1], int(f[2]))].append((float(f[4]), float(f[5]), int(f[6])))
            elif f[0] == "bpfwalk-platform" and len(f) == 4:
                bpf_platform.append(tuple(f[1:4]))
            elif f[0].startswith("renames-") and len(f) == 11:
                ren[(f[0][len("renames-"):], int(f[1]))].append(
                    (float(f[3]), float(f[4])) + tuple(int(x) for x in f[5:11]))
    return walk, visits, cont, ll, clock, ren, bpf, bpf_platform


def platform(md, targets, out, plat, paths):
    walk, visits, cont, ll, clock, ren, bpf, bpf_platform = parse(paths)
    md.append(f"# {PLATFORMS[plat]}\n")
    if clock:
        reads = [c for c, _ in clock]
        steps = [s for _, s in clock]
        md.append(f"The kernel clock (`ktime_get_ns()`): a read costs {fmt(reads, 1)} ns, "
                  f"its smallest step is {min(steps)} ns. Each walk figure below times about "
                  f"20 ms of walks, repeated inside one timed region; Landlock's walk time is "
                  f"timed per check, so each of its figures includes about one clock read.\n")

    def target(what, r, ok, text):
        targets[what][plat] = f"{rfmt(r)}: {verdict(r, ok)}"
        targets[what]["text"] = text

    for layout, title in [("plain", "a plain tree"),
                          ("mounts", "a tree across a tmpfs mount and a bind mount")]:
        depths = sorted({d for (l, m, d) in walk if l == layout})
        if not depths:
            continue
        reps = len(walk[(layout, "rcu", depths[0])])
        md.append(f"## 1. The walk itself, in the kernel: {title}\n")
        md.append(f"ns per walk, median of {reps} (min–max), and per ancestor visited; "
                  "ratios of medians (and of the interquartile ranges).\n")
        md.append("| depth | ancestors | " + " | ".join(MODE_NAMES[m] for m in MODES) +
                  " | lockless / floor per ancestor | reference / lockless | 6.12 loop / lockless |")
        md.append("|" + "---|" * (2 + len(MODES) + 3))
        for d in depths:
            v = visits[(layout, d)]
            w = {m: walk[(layout, m, d)] for m in MODES}
            cells = [f"{fmt(w[m])} ({med(w[m]) / v:.1f}/anc)" for m in MODES]
            rf, rr, lr = ratio(w["rcu"], w["floor"]), ratio(w["ref"], w["rcu"]), \
                ratio(w["refloop"], w["rcu"])
            md.append(f"| {d} | {v} | " + " | ".join(cells) +
                      f" | {rfmt(rf)} | {rfmt(rr)} | {rfmt(lr)} |")
            if d >= 16:
                target(f"{layout}, depth {d}: lockless / floor per ancestor", rf,
                       lambda x: x <= 1.5, "<= 1.5x")
                target(f"{layout}, depth {d}: reference / lockless", rr,
                       lambda x: x >= 3, ">= 3x")
        md.append("")
        with open(f"{out}/walk-{layout}-{plat}.dat", "w") as f:
            for d in depths:
                v = visits[(layout, d)]
                f.write(f"{d} " + " ".join(f"{med(walk[(layout, m, d)]) / v:.2f}"
                                           for m in MODES) + "\n")

    if cont:
        md.append("## 2. Contention: two walkers on one shared path (depth 64)\n")
        md.append("| walk | 1 walker, walks/s | 2 walkers, walks/s | 2 / 1 |")
        md.append("|---|---|---|---|")
        for m in ["rcu", "ref"]:
            one, two = cont[(m, 1)], cont[(m, 2)]
            md.append(f"| {MODE_NAMES[m]} | {fmt(one)} | {fmt(two)} | {rfmt(ratio(two, one))} |")
        scale = ratio(cont[("rcu", 2)], cont[("rcu", 1)])
        ahead = ratio(cont[("rcu", 2)], cont[("ref", 2)])
        md.append(f"\nWith 2 walkers the lockless walk does {rfmt(ahead)} the reference "
                  "walk's walks.\n")
        target("2 walkers: lockless throughput / its 1-walker throughput", scale,
               lambda x: x >= 1.7, ">= 1.7x")
        target("2 walkers: lockless / reference walk throughput", ahead,
               lambda x: x >= 1.5, ">= 1.5x")

    if ll:
        md.append("## 3. Landlock, end to end\n")
        md.append("A sandboxed process calls openat() in the deepest of N nested directories. "
                  "\"openat\" is the whole call's time; \"walk\" is Landlock's own time per check "
                  "(is_access_to_paths_allowed()'s walk, timed by "
                  "CONFIG_SECURITY_LANDLOCK_WALK_BENCH). new: vfs_walk_ancestors(); old: the "
                  "same tree built with CONFIG_SECURITY_LANDLOCK_WALK_ANCESTORS=n. ns, median "
                  "(min–max); ratios of medians (and of the interquartile ranges).\n")
        for layout, title in [("a", "(a) a rule on every directory granting an access not "
                                    "requested; openat(O_CREAT) denied"),
                              ("b", "(b) two rules near the root; an openat() they allow")]:
            depths = sorted({d for (k, l, d) in ll if l == layout})
            md.append(f"### {title}\n")
            md.append("| N | openat, new | openat, old | openat new / old | walk, new | "
                      "walk, old | walk new / old |")
            md.append("|---|---|---|---|---|---|---|")
            rows = []
            for d in depths:
                new, old = ll.get(("new", layout, d)), ll.get(("old", layout, d))
                if not new or not old:
                    continue
                on, oo = [n for n, _ in new], [n for n, _ in old]
                hn = [h for _, h in new if h is not None]
                ho = [h for _, h in old if h is not None]
                ro = ratio(on, oo)
                cells = f"| {d} | {fmt(on)} | {fmt(oo)} | {rfmt(ro)} | "
                if hn and ho:
                    r = ratio(hn, ho)
                    rows.append((d, med(hn), med(ho)))
                    md.append(cells + f"{fmt(hn)} | {fmt(ho)} | {rfmt(r)} |")
                    target(f"Landlock ({layout}), N={d}: walk new / old", r,
                           lambda x: x < 1, "< 1x")
                    if layout == "b" and d == 30:
                        target("Landlock (b), N=30: walk new / old (at most)", r,
                               lambda x: x <= 0.35, "<= 0.35x")
                else:
                    md.append(cells + "- | - | - |")
                if d == 30:
                    target(f"Landlock ({layout}), N=30: whole openat() new / old", ro,
                           lambda x: x < 1, "report; < 1x")
            md.append("")
            with open(f"{out}/landlock-{layout}-{plat}.dat", "w") as f:
                for d, n, o in rows:
                    f.write(f"{d} {n:.1f} {o:.1f}\n")

    if ren:
        renames_table(md, target, ren)
    if bpf:
        bpf_table(md, bpf, bpf_platform)


def renames_table(md, target, ren):
    md.append("## 4. Landlock under unrelated rename churn\n")
    md.append("Layout (b) at N=30 (two rules near the root, an openat() they allow), opened "
              "for one second on CPU 0 while a renamer on CPU 1 exchanges two files "
              "(RENAME_EXCHANGE) in a directory no check walks, paced per millisecond at the "
              "rate asked (\"max\": unpaced). Every rename (d_exchange() too) writes the global "
              "rename_lock, which the lockless walk "
              "validates at its end. \"walk\" is Landlock's time per check (mean of the second, "
              "median over repetitions); p50/p99 are of whole openat() calls; \"lockless\" is the "
              "share of checks the lockless walk answered, \"restarts\" per check. Ratios are "
              "against the same kernel without churn (medians, and the interquartile ranges).\n")
    md.append("| kernel | renames/s asked | achieved | walk ns | walk / no churn | openat p50 | "
              "openat p99 | p99 / no churn | lockless | restarts per check |")
    md.append("|---|---|---|---|---|---|---|---|---|---|")
    for kernel in ("new", "old"):
        rates = sorted({r for (k, r) in ren if k == kernel}, key=lambda r: (r < 0, r))
        base = ren.get((kernel, 0))
        for r in rates:
            rows = ren[(kernel, r)]
            ach = [x[0] for x in rows]
            hook = [x[1] for x in rows]
            p50 = [x[2] for x in rows]
            p99 = [x[3] for x in rows]
            checks = sum(x[7] for x in rows) or 1
            lockless = sum(x[4] for x in rows) / max(1, sum(x[4] + x[5] for x in rows))
            restarts = sum(x[6] for x in rows) / checks
            rh = ratio(hook, [x[1] for x in base]) if base else None
            rp = ratio(p99, [x[3] for x in base]) if base else None
            md.append(f"| {kernel} | {'max' if r < 0 else r} | {fmt(ach)} | {fmt(hook, 1)} | "
                      f"{rfmt(rh) if rh else '-'} | {fmt(p50)} | {fmt(p99)} | "
                      f"{rfmt(rp) if rp else '-'} | "
                      f"{lockless * 100:.1f}% | {restarts:.3f} |")
            if kernel == "new" and r == 10000 and rp:
                target("Landlock per-check p99 under 10k renames/s / none (new)", rp,
                       lambda x: x <= 1.5, "<= 1.5x")
    md.append("")


BPF_MODES = ["ref", "rcu", "rcu-names", "probe", "probe-names"]
BPF_MODE_NAMES = {
    "ref": "referenced iterator",
    "rcu": "lockless iterator",
    "rcu-names": "lockless, + names",
    "probe": "probe-read loop",
    "probe-names": "probe-read loop, + names",
}


def fit(points):
    """Least squares of (x, y), each point weighted by 1/y^2 (its relative
    error counts, so the deep walks do not drown the shallow ones that
    decide the intercept): (slope, intercept)."""
    w = [1 / (y * y) if y else 0.0 for _, y in points]
    sw = sum(w) or 1.0
    mx = sum(wi * x for wi, (x, _) in zip(w, points)) / sw
    my = sum(wi * y for wi, (_, y) in zip(w, points)) / sw
    sxx = sum(wi * (x - mx) ** 2 for wi, (x, _) in zip(w, points))
    slope = sum(wi * (x - mx) * (y - my) for wi, (x, y) in zip(w, points)) / sxx if sxx else 0.0
    return slope, my - slope * mx


def bpf_table(md, bpf, bpf_platform):
    depths = sorted({d for (m, d) in bpf})
    modes = [m for m in BPF_MODES if any((m, d) in bpf for d in depths)]
    reps = len(bpf[(modes[0], depths[0])])
    md.append("## 5. BPF: the path iterators against the probe-read loop\n")
    if bpf_platform:
        cpus, jit, spectre = bpf_platform[0]
        md.append(f"{cpus} CPUs, bpf_jit_enable={jit}, spectre_v2: {spectre}.\n")
    md.append("QEMU only: User-Mode Linux has no BPF, so these ratios are TCG's (direction, "
              "not hardware's figures).\n")
    md.append("An LSM program (`lsm.s/file_open`, path_iter_bench.bpf.c) walks from the opened "
              "file to the root, about 20 ms of walks per timed region, in a tmpfs N "
              "directories deep: the referenced iterator (`bpf_for_each(path)`), the lockless "
              "one checked with `bpf_iter_path_rcu_valid()`, and the loop BPF tools ship "
              "(progs/path_iter_probe_loop.h: `d_parent` and `mnt_parent` read with "
              "`bpf_probe_read_kernel()`, one `bpf_loop()` round per step), each also with every "
              "ancestor's name copied (`bpf_iter_path_rcu_name()`, race-checked; "
              "`d_name` with `bpf_probe_read_kernel_str()`, not checked). The modes run in a "
              f"random order in each of {reps} repetitions. ns per walk, median (min–max), "
              "and per ancestor; ratios of medians (and of the interquartile ranges). What the "
              "probe-read loop gets wrong under churn, and the lockless walk reports, is counted "
              "by test_progs' path_iter_churn/lockless_chains_under_churn (printed with -v; the "
              "bpf job prints it).\n")
    md.append("| depth | ancestors | " + " | ".join(BPF_MODE_NAMES[m] for m in modes) +
              " | referenced / lockless | probe / lockless | probe / lockless, + names |")
    md.append("|" + "---|" * (2 + len(modes) + 3))
    per_mode = defaultdict(list)
    invalid = 0
    for d in depths:
        w = {m: [x[0] for x in bpf[(m, d)]] for m in modes}
        anc = {m: med([x[1] for x in bpf[(m, d)]]) for m in modes}
        invalid += sum(x[2] for m in modes for x in bpf[(m, d)])
        for m in modes:
            per_mode[m].append((anc[m], med(w[m])))
        cells = [f"{fmt(w[m])} ({med(w[m]) / max(anc[m], 1):.1f}/anc)" for m in modes]
        rr = ratio(w["ref"], w["rcu"]) if "ref" in w and "rcu" in w else None
        rp = ratio(w["probe"], w["rcu"]) if "probe" in w and "rcu" in w else None
        rn = ratio(w["probe-names"], w["rcu-names"]) \
            if "probe-names" in w and "rcu-names" in w else None
        md.append(f"| {d} | {anc.get('rcu', 0):.0f} | " + " | ".join(cells) + " | " +
                  " | ".join(rfmt(r) if r else "-" for r in (rr, rp, rn)) + " |")
    md.append("")
    md.append("Fitted over the depths (least squares of the medians, weighted by their "
              "relative error): ns per ancestor (slope) and per walk (intercept).\n")
    md.append("| walk | ns per ancestor | ns per walk |")
    md.append("|---|---|---|")
    for m in modes:
        slope, icpt = fit(per_mode[m])
        md.append(f"| {BPF_MODE_NAMES[m]} | {slope:.1f} | {icpt:.0f} |")
    md.append(f"\nLockless walks that did not validate, over all regions: {invalid}.\n")


def main(argv):
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    logs, plat = {"qemu": [], "uml": []}, None
    for a in argv[2:]:
        if a in ("--qemu", "--uml"):
            plat = a[2:]
        elif plat is None:
            sys.exit("usage: bench.py OUTDIR --qemu JOBLOG... [--uml JOBLOG...]")
        else:
            logs[plat].append(a)
    md = ["# vfs_walk_ancestors() benchmarks\n",
          "Two platforms, each measured side by side in one run: QEMU under TCG emulates "
          "every instruction (a call, an atomic and a cache miss cost about what any "
          "instruction costs: compare ratios, do not read absolutely); User-Mode Linux runs "
          "the kernel natively as a host process (real atomics and caches, one CPU, no "
          "preemption). A figure is the median of the repetitions (min–max); a ratio is "
          "the ratio of medians, with in parentheses the lowest and highest ratio of the "
          "two figures' interquartile ranges. Verdicts are \"met\" or \"missed\" only when "
          "that whole range is on one side of the target, else \"inconclusive\".\n"]
    targets = defaultdict(dict)
    for plat in ("qemu", "uml"):
        if logs[plat]:
            platform(md, targets, out, plat, logs[plat])
    md.append("# Targets\n")
    md.append("Ratio of medians (ratios of the interquartile ranges): verdict.\n")
    md.append("| figure | target | " + " | ".join(PLATFORMS[p].split(" (")[0]
                                                  for p in ("qemu", "uml")) + " |")
    md.append("|---|---|---|---|")
    for what, t in targets.items():
        md.append(f"| {what} | {t['text']} | {t.get('qemu', '-')} | {t.get('uml', '-')} |")
    md.append("")
    text = "\n".join(md)
    open(f"{out}/results.md", "w").write(text)
    print(text)
    plots(out)


def plots(out):
    script = []
    for plat in ("qemu", "uml"):
        name = PLATFORMS[plat].split(" (")[0]
        for layout in ["plain", "mounts"]:
            dat = f"{out}/walk-{layout}-{plat}.dat"
            if os.path.exists(dat):
                script.append(f"""
set terminal png size 900,600 noenhanced
set output '{out}/walk-{layout}-{plat}.png'
set title 'ns per ancestor, {layout}, {name}'
set logscale x 2
set xlabel 'depth'
set ylabel 'ns per ancestor'
set key top left
plot '{dat}' using 1:2 with linespoints title 'floor', \\
     '' using 1:3 with linespoints title 'vfs_walk_ancestors lockless', \\
     '' using 1:4 with linespoints title 'vfs_walk_ancestors reference', \\
     '' using 1:5 with linespoints title '6.12 Landlock loop'
unset logscale x
""")
        for layout in ["a", "b"]:
            dat = f"{out}/landlock-{layout}-{plat}.dat"
            if os.path.exists(dat):
                script.append(f"""
set terminal png size 900,600 noenhanced
set output '{out}/landlock-{layout}-{plat}.png'
set title 'Landlock walk time per check, layout ({layout}), {name}'
set logscale xy
set xlabel 'N (directory depth)'
set ylabel 'ns per check'
set key top left
plot '{dat}' using 1:2 with linespoints title 'vfs_walk_ancestors', \\
     '' using 1:3 with linespoints title 'unchanged walk'
unset logscale xy
""")
    try:
        subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)
        print(f"\nPlots: {out}/*.png")
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"\n(no plots: gnuplot failed: {e})")


if __name__ == "__main__":
    main(sys.argv)
