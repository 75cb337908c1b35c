#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn guest logs into test results.

  results.py boot NAME CONSOLE JOBLOG [--expect-suite S ...] [--expect-section T ...]
                [--allow-skip T=REGEX ...]
      Parse one boot: the KUnit KTAP in the kernel console (with the
      tree's own tools/testing/kunit/kunit.py parse), the TAP of each
      WB-BEGIN/WB-END section of the job log (the "kselftest" section is
      run_kselftest.sh's output: a row per program, named COLL/PROG), and
      scan the console for splats. Appends rows to the results file given by $WB_RESULTS. A
      KUnit suite S or a job section T that is expected and missing is a
      failure; so is a skipped test of a section T whose name no
      --allow-skip T=REGEX matches (whole name).
  results.py kunit-run NAME JSON STATUS [--expect-suite S ...]
      Rows for a `kunit.py run --json=JSON` that exited with STATUS: one
      per suite, an expected suite missing is a failure, and so is a
      status other than 0 with no failed case to show for it.
  results.py check NAME pass|fail|skip [DETAIL]
      Record one check (a build, a linter) as a row.
  results.py expect-splat NAME CONSOLE JOBLOG TEXT [--in FUNC] [--allow RE ...]
      A negative test: passes if the console shows TEXT (with FUNC in the
      backtrace that follows it), the guest's job finished, and every other
      splat line matches one of the --allow expressions.
  results.py scan CONSOLE
      Scan a kernel console log for splats; exit 1 if there is one.
  results.py summary
      Print the table and the final 'N passed, N failed, N skipped' line;
      exit 1 if anything failed.

A row is: group, passed, failed, skipped, detail (tab separated).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

RESULTS = os.environ.get("WB_RESULTS", "build/results.tsv")
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The assembled tree, for kunit.py (lib.sh's $SRC).
SRC = os.environ.get("WB_SRC", os.path.join(TOP, "build", "src"))

# Kernel log lines that fail a run whatever the tests said.
SPLATS = [
    r"WARNING:", r"BUG:", r"KASAN:", r"Oops", r"Kernel panic",
    r"suspicious RCU usage", r"possible recursive locking",
    r"possible circular locking", r"inconsistent lock state",
    r"lock held when returning", r"bad unlock balance",
    r"sleeping function called from invalid context",
    r"refcount_t:", r"UBSAN:", r"general protection fault",
    r"INFO: task .* blocked for more than", r"rcu_sched self-detected stall",
    r"rcu: INFO: .* detected stalls",
]
SPLAT_RE = re.compile("|".join(SPLATS))

RESULT_RE = re.compile(r"^(\s*)(ok|not ok) (\d+)\b\s*-?\s*([^#]*?)\s*(#\s*(.*))?$")
INDENT_RE = re.compile(r"^(\s*)(KTAP version|TAP version|# Subtest:|\d+\.\.\d+)")


def read_lines(path):
    """A log's lines; none if the guest never wrote it."""
    try:
        return open(path, errors="replace").read().splitlines()
    except FileNotFoundError:
        return []


def add_row(group, passed, failed, skipped, detail=""):
    os.makedirs(os.path.dirname(RESULTS) or ".", exist_ok=True)
    with open(RESULTS, "a") as f:
        f.write(f"{group}\t{passed}\t{failed}\t{skipped}\t{detail}\n")


def tap_leaves(lines):
    """Yield (name, status) for each leaf result of (K)TAP lines.

    A result line closes a test; it is a leaf unless a deeper-indented
    line (a nested subtest) came since the last result at its depth."""
    nested = set()
    for line in lines:
        m = RESULT_RE.match(line)
        if not m:
            m2 = INDENT_RE.match(line)
            if m2:
                depth = len(m2.group(1))
                nested.update(d for d in range(depth))
            continue
        depth = len(m.group(1))
        directive = (m.group(6) or "").strip().upper()
        is_parent = depth in nested
        # A result at depth d closes everything deeper and itself.
        nested = {d for d in nested if d < depth}
        if depth > 0:
            nested.update(range(depth))
        if is_parent:
            continue
        if directive.startswith("SKIP"):
            status = "skip"
        elif m.group(2) == "ok":
            status = "pass"
        else:
            status = "fail"
        yield m.group(4).strip(), status


# test_progs (selftests/bpf): "#N/M  TEST/SUBTEST:RESULT" for a subtest,
# "#N  TEST:RESULT" for a test, then "Summary: ...".
TEST_PROGS_RE = re.compile(r"^#(\d+)(/\d+)?\s+(.+?):(OK|FAIL|SKIP)\b")


def test_progs_leaves(lines):
    """Yield (name, status) for each leaf result of test_progs' output.

    A test with subtests is a leaf only when it failed and none of its
    subtests did (test_progs fails it for what went wrong outside them);
    output with results and no Summary line was cut short: a failure."""
    # A failed test's lines come again in "All error logs:": once each.
    seen, tests, failed_subtests = set(), [], set()
    with_subtests, summary = set(), False
    for line in lines:
        if line.startswith("Summary: "):
            summary = True
        m = TEST_PROGS_RE.match(line)
        if not m or (m.group(1), m.group(2)) in seen:
            continue
        seen.add((m.group(1), m.group(2)))
        status = {"OK": "pass", "FAIL": "fail", "SKIP": "skip"}[m.group(4)]
        if m.group(2):
            with_subtests.add(m.group(1))
            if status == "fail":
                failed_subtests.add(m.group(1))
            yield m.group(3), status
        else:
            tests.append((m.group(1), m.group(3), status))
    for num, name, status in tests:
        if num not in with_subtests or (status == "fail" and num not in failed_subtests):
            yield name, status
    if seen and not summary:
        yield "test_progs: no Summary line (cut short?)", "fail"


def count(leaves):
    c = {"pass": [], "fail": [], "skip": []}
    for name, st in leaves:
        c[st].append(name)
    return c


def kunit_suites(console_path):
    """The KUnit results in a console, as kunit.py parse reads them:
    {suite: {"pass": [...], "fail": [...], "skip": [...]}} (parameterized
    cases' parameters are leaves, named "case/param"), or a str saying
    why there are none."""
    kunit = os.path.join(SRC, "tools", "testing", "kunit", "kunit.py")
    if not os.path.exists(kunit):
        return f"no {kunit}"
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "kunit.json")
        # kunit.py changes to the kernel tree: absolute paths. It exits 1
        # when a test failed; the JSON says which.
        r = subprocess.run([sys.executable, kunit, "parse", "--json=" + out,
                            os.path.abspath(console_path)],
                           capture_output=True, text=True)
        try:
            data = json.load(open(out))
        except (OSError, ValueError):
            return f"kunit.py parse gave no results (exit {r.returncode}): " + \
                " ".join((r.stdout + r.stderr).split()[-12:])
    return json_suites(data)


def json_suites(data):
    """kunit.py's JSON as {suite: {"pass": [...], ...}} (see kunit_suites)."""
    suites = {}

    # kunit.py stands in a nameless failed test for each one the plan
    # announced and the output lacks (a crash, a cut log).
    missing = "(missing: announced, not run)"

    def status(tc):
        return {"PASS": "pass", "SKIP": "skip"}.get(tc["status"], "fail")

    def leaves(group, c, prefix=""):
        for tc in group["test_cases"]:
            c[status(tc)].append(prefix + (tc["name"] or missing))
        for sub in group["sub_groups"]:
            leaves(sub, c, prefix + sub["name"] + "/")

    for group in data["sub_groups"]:
        c = {"pass": [], "fail": [], "skip": []}
        leaves(group, c)
        suites[group["name"]] = c
    # A suite with no case that ran (crashed, or empty) is a leaf itself.
    for tc in data["test_cases"]:
        suites[tc["name"] or missing] = {"pass": [], "fail": [], "skip": [], "self": status(tc)}
    return suites


def kunit_rows(name, suites, expect):
    """One row per KUnit suite; an expected suite that is missing fails."""
    expect = list(expect)
    for suite, c in suites.items():
        if "self" in c:
            add_row(f"{name}: kunit/{suite}", 0, int(c["self"] == "fail"),
                    int(c["self"] == "skip"), "no case ran")
        else:
            add_row(f"{name}: kunit/{suite}", len(c["pass"]), len(c["fail"]),
                    len(c["skip"]), ", ".join(c["fail"][:5]))
        if suite in expect:
            expect.remove(suite)
            if not c["pass"] and not c["fail"]:
                add_row(f"{name}: kunit/{suite} (empty)", 0, 1, 0, "no test ran")
    for suite in expect:
        add_row(f"{name}: kunit/{suite}", 0, 1, 0, "suite missing from the console")


def kunit_run(name, json_path, status, expect):
    try:
        suites = json_suites(json.load(open(json_path)))
    except (OSError, ValueError) as e:
        add_row(f"{name}", 0, 1, 0, f"no results from kunit.py (exit {status}): {e}")
        return
    kunit_rows(name, suites, expect)
    failed = any(c.get("fail") or c.get("self") == "fail" for c in suites.values())
    if status != 0 and not failed:
        add_row(f"{name}", 0, 1, 0, f"kunit.py exited {status} with no failed case")


# kselftest's runner (kselftest/runner.sh): a program's output is its
# header, its own TAP with "# " before every line, then its result line
# (at the end of the program's last line if that had no newline).
HEADER_RE = re.compile(r"^# selftests: (\S+): (\S+)$")
PROGRAM_RE = re.compile(r"^(.*?)(ok|not ok) \d+ selftests: (\S+): (\S+)\s*(#\s*(.*))?$")


def kselftest_programs(lines):
    """(COLL/PROG, its TAP lines, status, timeout or None, why) for each
    program the runner's output finishes; then the one it started and
    did not finish, if any, with status None."""
    out, cur, name, warn = [], None, None, None
    for line in lines:
        m = HEADER_RE.match(line)
        if m:
            cur, name, warn = [], f"{m.group(1)}/{m.group(2)}", None
            continue
        m = PROGRAM_RE.match(line)
        if m and name == f"{m.group(3)}/{m.group(4)}" and (
                not m.group(1) or m.group(1).startswith("#")):
            if m.group(1):
                before = m.group(1)
                cur.append(before[2:] if before.startswith("# ") else before[1:])
            directive = (m.group(6) or "").strip()
            timeout = why = None
            rc = 0 if m.group(2) == "ok" else 1
            t = re.fullmatch(r"TIMEOUT (\d+) seconds", directive)
            e = re.fullmatch(r"exit=(\d+)", directive)
            if t:
                timeout = t.group(1)
            elif e:
                rc = int(e.group(1))
            elif directive.upper().startswith("SKIP"):
                # The whole program skipped (exit 4): one skipped test.
                cur = cur + [f"ok 1 {name} # SKIP"]
            elif rc:
                why = f"{name}: {warn}" if warn else f"{name}: not run (not executable?)"
            out.append((name, cur, rc, timeout, why))
            cur, name = None, None
            continue
        if cur is not None and line.startswith("#"):
            inner = line[2:] if line.startswith("# ") else line[1:]
            if inner.startswith("Warning: "):
                warn = inner[len("Warning: "):]
            cur.append(inner)
    if name is not None:
        out.append((name, cur, None, None, "did not finish"))
    return out


def boot(name, console_path, job_path, expect, expect_sections, allow_skips=()):
    console = read_lines(console_path)
    job = read_lines(job_path)

    suites = kunit_suites(console_path) if console else {}
    if isinstance(suites, str):
        add_row(f"{name}: kunit (kunit.py parse)", 0, 1, 0, suites)
        suites = {}
    kunit_rows(name, suites, expect)

    def section_row(section, lines, rc, timeout=None, why=None):
        c = count(list(tap_leaves(lines)) + list(test_progs_leaves(lines)))
        detail = ", ".join(c["fail"][:5])
        failed = len(c["fail"])
        if timeout:
            failed, detail = failed + 1, f"killed at its timeout ({timeout} s)"
        elif rc != 0 and failed == 0:
            failed, detail = 1, why or f"exited {rc} with no failing test (crash?)"
        # Only the skips the test run expects, each with its reason.
        allowed = [rx for sec, rx in allow_skips if sec == section]
        odd = [t for t in c["skip"] if not any(re.fullmatch(rx, t) for rx in allowed)]
        if odd:
            failed += len(odd)
            detail = "unexpected skip: " + ", ".join(odd[:3]) + (f"; {detail}" if detail else "")
        if not c["pass"] and not failed and not c["skip"]:
            failed, detail = 1, "no test ran"
        add_row(f"{name}: {section}", len(c["pass"]), failed, len(c["skip"]), detail)
        if section in expect_sections:
            expect_sections.remove(section)

    def kselftest_rows(lines):
        for prog, plines, prc, timeout, why in kselftest_programs(lines):
            if prc is None:
                add_row(f"{name}: {prog}", 0, 1, 0, why)
                if prog in expect_sections:
                    expect_sections.remove(prog)
            else:
                section_row(prog, plines, prc, timeout, why)

    section, lines = None, []
    for line in job:
        if line.startswith("WB-BEGIN "):
            section, lines = line.split()[1], []
        elif line.startswith("WB-END ") and section:
            # WB-END NAME STATUS (guest/test.sh)
            rc = int(line.split()[2])
            if section == "kselftest":
                kselftest_rows(lines)
            else:
                section_row(section, lines, rc)
            section = None
        elif section:
            lines.append(line)
    if section == "kselftest":
        kselftest_rows(lines)
    elif section:
        add_row(f"{name}: {section}", 0, 1, 0, "did not finish")
        if section in expect_sections:
            expect_sections.remove(section)
    for section in expect_sections:
        add_row(f"{name}: {section}", 0, 1, 0, "missing from the job log")

    first = scan(console, console_path)
    if first is not None:
        add_row(f"{name}: kernel log", 0, 1, 0, f"splat: {first[:80]}")
    else:
        add_row(f"{name}: kernel log", 1, 0, 0, "no splat")


def scan(console, path):
    """Print the first splat with its context; return its line or None."""
    splats = [i for i, l in enumerate(console) if SPLAT_RE.search(l)]
    if not splats:
        return None
    first = splats[0]
    print(f"---- {len(splats)} splat line(s) in {path}; the first, at line {first + 1}: ----",
          file=sys.stderr)
    print("\n".join(console[max(0, first - 5):first + 40]), file=sys.stderr)
    return console[first].strip()


def expect_splat(name, console_path, job_path, text, func, allow):
    """A negative test: the console must show this report and nothing worse."""
    console = read_lines(console_path)
    job = read_lines(job_path)
    problems = []
    at = [i for i, l in enumerate(console) if text in l]
    if not at:
        problems.append(f"no '{text}' in {console_path}")
    elif func and not any(func in l for l in console[at[0]:at[0] + 40]):
        problems.append(f"the report's backtrace does not name {func}")
    others = [l.strip() for l in console
              if SPLAT_RE.search(l) and text not in l
              and not any(a.search(l) for a in allow)]
    if others:
        scan(console, console_path)
        problems.append(f"unexpected splat: {others[0][:80]}")
    if not any(l.startswith("WB-EXIT ") for l in job):
        problems.append("the guest's job did not finish")
    add_row(name, int(not problems), int(bool(problems)), 0, "; ".join(problems))


def kunit_why(path, most=4):
    """The failed expectations of KUnit cases in a console log, as one line:
    "CASE: MESSAGE; ..." (an expectation's own message if it has one, else
    its "Expected ..." line), at most `most` of them."""
    out, case, msg, exp, n = [], None, None, None, 0

    def flush():
        if case:
            w = f"{case}: {msg or exp or 'failed'}"
            if w not in out:
                out.append(w)

    for line in read_lines(path):
        line = line.rstrip("\r")
        m = re.search(r"# (\S+): (EXPECTATION|ASSERTION) FAILED", line)
        if m:
            flush()
            case, msg, exp, n = m.group(1), None, None, 8
            continue
        if n <= 0:
            continue
        n -= 1
        if re.match(r"\s+(not )?ok ", line):
            flush()
            case, n = None, 0
        elif exp is None and re.match(r"\s+Expected ", line):
            exp = re.sub(r", but$", "", line.strip())
        # A message is printed at the start of a line; kernel log lines
        # ("subsystem: ...") and KTAP lines ("# ...") are not messages.
        elif msg is None and re.match(r"[^\s#\[]", line) and not re.match(r"[\w.-]+: ", line):
            msg = line.strip()
    flush()
    more = f" (+{len(out) - most} more)" if len(out) > most else ""
    return "; ".join(out[:most]) + more


def summary():
    rows = [l.rstrip("\n").split("\t") for l in open(RESULTS)]
    width = max(len(r[0]) for r in rows)
    tp = tf = ts = 0
    print(f"{'group':<{width}}  pass  fail  skip")
    for g, p, f, s, d in rows:
        p, f, s = int(p), int(f), int(s)
        tp, tf, ts = tp + p, tf + f, ts + s
        mark = "  <-- " + d if f else ""
        print(f"{g:<{width}}  {p:4}  {f:4}  {s:4}{mark}")
    print(f"{tp} passed, {tf} failed, {ts} skipped")
    return 1 if tf else 0


def main(argv):
    if argv[1] == "boot":
        args, expect, sections = argv[2:], [], []
        while "--expect-suite" in args:
            i = args.index("--expect-suite")
            expect.append(args[i + 1])
            del args[i:i + 2]
        while "--expect-section" in args:
            i = args.index("--expect-section")
            sections.append(args[i + 1])
            del args[i:i + 2]
        skips = []
        while "--allow-skip" in args:
            i = args.index("--allow-skip")
            sec, _, rx = args[i + 1].partition("=")
            skips.append((sec, rx))
            del args[i:i + 2]
        boot(args[0], args[1], args[2], list(dict.fromkeys(expect)),
             list(dict.fromkeys(sections)), skips)
    elif argv[1] == "kunit-run":
        args, expect = argv[2:], []
        while "--expect-suite" in args:
            i = args.index("--expect-suite")
            expect.append(args[i + 1])
            del args[i:i + 2]
        kunit_run(args[0], args[1], int(args[2]), expect)
    elif argv[1] == "check":
        passed, skipped = argv[3] == "pass", argv[3] == "skip"
        add_row(argv[2], int(passed), int(not passed and not skipped), int(skipped),
                " ".join(argv[4:]))
    elif argv[1] == "expect-splat":
        args, allow, func = argv[2:], [], None
        while "--allow" in args:
            i = args.index("--allow")
            allow.append(re.compile(args[i + 1]))
            del args[i:i + 2]
        if "--in" in args:
            i = args.index("--in")
            func = args[i + 1]
            del args[i:i + 2]
        expect_splat(args[0], args[1], args[2], args[3], func, allow)
    elif argv[1] == "scan":
        console = read_lines(argv[2])
        if scan(console, argv[2]) is not None:
            print(f"ERROR: the kernel log {argv[2]} has a splat (above)", file=sys.stderr)
            return 1
    elif argv[1] == "kunit-why":
        print(kunit_why(argv[2]))
    elif argv[1] == "summary":
        return summary()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
