#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn walk_bench output into build/bench/results.md and PNG plots.

  bench.py OUTDIR JOBLOG...

Every figure is the median of the repetitions, with min and max; every
comparison is a ratio of medians measured in the same run.
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


def med(xs):
    return statistics.median(xs)


def fmt(xs, digits=0):
    return f"{med(xs):.{digits}f} ({min(xs):.{digits}f}–{max(xs):.{digits}f})"


def parse(paths):
    walk = defaultdict(list)       # (layout, mode, depth) -> [ns]
    visits = {}                    # (layout, depth) -> visits
    cont = defaultdict(list)       # (mode, walkers) -> [walks/s]
    ll = defaultdict(list)         # (kernel, layout, depth) -> [(ns, hook)]
    for path in paths:
        for line in open(path):
            f = line.rstrip("\n").split("\t")
            if f[0] == "walk" and len(f) == 7:
                walk[(f[1], f[2], int(f[3]))].append(float(f[5]))
                visits[(f[1], int(f[3]))] = int(f[6])
            elif f[0] == "contention" and len(f) == 5:
                cont[(f[1], int(f[2]))].append(float(f[4]))
            elif f[0].startswith("landlock-") and len(f) == 6:
                hook = None if f[5] == "-" else float(f[5])
                ll[(f[0][len("landlock-"):], f[1], int(f[2]))].append((float(f[4]), hook))
    return walk, visits, cont, ll


def main(argv):
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    walk, visits, cont, ll = parse(argv[2:])
    md = []
    targets = []
    md.append("# vfs_walk_ancestors() benchmarks\n")
    md.append("Measured in a QEMU guest under TCG (software emulation, 2 vCPUs): absolute "
              "times mean little and are slow; the ratios, measured side by side in one "
              "run, are the result. Each figure: median of 5 repetitions (min–max).\n")

    for layout, title in [("plain", "a plain tree"),
                          ("mounts", "a tree across a tmpfs mount and a bind mount")]:
        depths = sorted({d for (l, m, d) in walk if l == layout})
        if not depths:
            continue
        md.append(f"## 1. The walk itself, in the kernel: {title}\n")
        md.append("ns per walk, and per ancestor visited; ratios of medians.\n")
        md.append("| depth | ancestors | " + " | ".join(MODE_NAMES[m] for m in MODES) +
                  " | lockless / floor per ancestor | reference / lockless | 6.12 loop / lockless |")
        md.append("|" + "---|" * (2 + len(MODES) + 3))
        for d in depths:
            v = visits[(layout, d)]
            cells = [f"{fmt(walk[(layout, m, d)])} ({med(walk[(layout, m, d)]) / v:.1f}/anc)"
                     for m in MODES]
            rf = med(walk[(layout, "rcu", d)]) / med(walk[(layout, "floor", d)])
            rr = med(walk[(layout, "ref", d)]) / med(walk[(layout, "rcu", d)])
            lr = med(walk[(layout, "refloop", d)]) / med(walk[(layout, "rcu", d)])
            md.append(f"| {d} | {v} | " + " | ".join(cells) +
                      f" | {rf:.2f}x | {rr:.2f}x | {lr:.2f}x |")
            if d >= 16:
                targets.append((f"{layout}, depth {d}: lockless within 1.5x of the floor per ancestor",
                                rf <= 1.5, f"{rf:.2f}x"))
                targets.append((f"{layout}, depth {d}: lockless at least 3x faster than the reference walk",
                                rr >= 3, f"{rr:.2f}x"))
        md.append("")
        with open(f"{out}/walk-{layout}.dat", "w") as f:
            for d in depths:
                v = visits[(layout, d)]
                f.write(f"{d} " + " ".join(f"{med(walk[(layout, m, d)]) / v:.2f}" for m in MODES) + "\n")

    if cont:
        md.append("## 2. Contention: two walkers on one shared path (depth 64)\n")
        md.append("| walk | 1 walker, walks/s | 2 walkers, walks/s | 2 / 1 |")
        md.append("|---|---|---|---|")
        for m in ["rcu", "ref"]:
            one, two = cont[(m, 1)], cont[(m, 2)]
            md.append(f"| {MODE_NAMES[m]} | {fmt(one)} | {fmt(two)} | {med(two) / med(one):.2f}x |")
        scale = med(cont[("rcu", 2)]) / med(cont[("rcu", 1)])
        ahead = med(cont[("rcu", 2)]) / med(cont[("ref", 2)])
        md.append(f"\nWith 2 walkers the lockless walk does {ahead:.2f}x the reference walk's walks.\n")
        targets.append(("2 walkers: lockless throughput at least 1.7x its 1-walker throughput",
                        scale >= 1.7, f"{scale:.2f}x"))
        targets.append(("2 walkers: lockless clearly ahead of the reference walk (>= 1.5x)",
                        ahead >= 1.5, f"{ahead:.2f}x"))

    if ll:
        md.append("## 3. Landlock, end to end\n")
        md.append("A sandboxed process calls openat() in the deepest of N nested directories. "
                  "\"openat\" is the whole call's time; \"walk\" is Landlock's own time per check "
                  "(is_access_to_paths_allowed()'s walk, timed by CONFIG_SECURITY_LANDLOCK_WALK_BENCH). "
                  "new: vfs_walk_ancestors(); old: the same tree built with "
                  "CONFIG_SECURITY_LANDLOCK_WALK_ANCESTORS=n. ns, median (min–max).\n")
        for layout, title in [("a", "(a) a rule on every directory granting an access not requested; openat(O_CREAT) denied"),
                              ("b", "(b) two rules near the root; an openat() they allow")]:
            depths = sorted({d for (k, l, d) in ll if l == layout})
            md.append(f"### {title}\n")
            md.append("| N | openat, new | openat, old | walk, new | walk, old | walk new / old |")
            md.append("|---|---|---|---|---|---|")
            rows = []
            for d in depths:
                new, old = ll.get(("new", layout, d)), ll.get(("old", layout, d))
                if not new or not old:
                    continue
                hn = [h for _, h in new if h is not None]
                ho = [h for _, h in old if h is not None]
                r = med(hn) / med(ho) if hn and ho else float("nan")
                rows.append((d, r))
                md.append(f"| {d} | {fmt([n for n, _ in new])} | {fmt([n for n, _ in old])} | "
                          f"{fmt(hn) if hn else '-'} | {fmt(ho) if ho else '-'} | {r:.2f}x |")
                targets.append((f"Landlock layout ({layout}), N={d}: walk time below the unchanged walk's",
                                r < 1, f"{r:.2f}x"))
                if layout == "b" and d == 30:
                    targets.append(("Landlock layout (b), N=30: walk time at most 0.35x the unchanged walk's",
                                    r <= 0.35, f"{r:.2f}x"))
            md.append("")
            with open(f"{out}/landlock-{layout}.dat", "w") as f:
                for d, r in rows:
                    hn = [h for _, h in ll[("new", layout, d)] if h is not None]
                    ho = [h for _, h in ll[("old", layout, d)] if h is not None]
                    f.write(f"{d} {med(hn):.1f} {med(ho):.1f}\n")

    md.append("## Targets\n")
    md.append("| target | measured | |")
    md.append("|---|---|---|")
    for what, ok, val in targets:
        md.append(f"| {what} | {val} | {'met' if ok else '**missed**'} |")
    md.append("")
    text = "\n".join(md)
    open(f"{out}/results.md", "w").write(text)
    print(text)
    plots(out)


def plots(out):
    script = []
    for layout in ["plain", "mounts"]:
        if os.path.exists(f"{out}/walk-{layout}.dat"):
            script.append(f"""
set terminal png size 900,600 noenhanced
set output '{out}/walk-{layout}.png'
set title 'ns per ancestor, {layout} (QEMU/TCG: compare, do not read absolutely)'
set logscale x 2
set xlabel 'depth'
set ylabel 'ns per ancestor'
set key top left
plot '{out}/walk-{layout}.dat' using 1:2 with linespoints title 'floor', \\
     '' using 1:3 with linespoints title 'vfs_walk_ancestors lockless', \\
     '' using 1:4 with linespoints title 'vfs_walk_ancestors reference', \\
     '' using 1:5 with linespoints title '6.12 Landlock loop'
unset logscale x
""")
    for layout in ["a", "b"]:
        if os.path.exists(f"{out}/landlock-{layout}.dat"):
            script.append(f"""
set terminal png size 900,600 noenhanced
set output '{out}/landlock-{layout}.png'
set title 'Landlock walk time per check, layout ({layout})'
set logscale xy
set xlabel 'N (directory depth)'
set ylabel 'ns per check'
set key top left
plot '{out}/landlock-{layout}.dat' using 1:2 with linespoints title 'vfs_walk_ancestors', \\
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
