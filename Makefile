# SPDX-License-Identifier: GPL-2.0
# Front door of the workbench. Everything is built under build/ (ignored).

.PHONY: all run shell test kunit patches bench profile torture mutants fresh-check tree kernels initramfs deps clean help

all: run

help:
	@echo "make run    - set up, build the run kernel, boot it, run the demo"
	@echo "make shell  - set up, build the run kernel, boot it to a shell (Ctrl-A X quits)"
	@echo "make test   - set up, build the debug, test-oldwalk and no-Rust kernels, run every check and test"
	@echo "make kunit  - the inner loop: the walker's and Landlock's KUnit suites on User-Mode Linux (kunit.py)"
	@echo "make patches - the patch series for review, in build/patches/, checked"
	@echo "make bench  - the benchmarks, QEMU and native (UML): tables and plots in build/bench/"
	@echo "make profile [MODE=rcu] - perf profiles of the native benchmarks in build/profile/"
	@echo "make torture SECONDS=N - the long walk torture run on the debug kernel"
	@echo "make mutants [MUTANTS='NAME...'] - break each check of the walker once; the tests must catch it"
	@echo "make fresh-check - 'make run' in a new Debian 12 root (debootstrap, chroot; as root);"
	@echo "                   FRESH_CMD='scripts/deps.sh && scripts/tree.sh' for the set-up alone"
	@echo "make clean  - remove build/"

deps:
	@scripts/deps.sh

tree: deps
	@scripts/tree.sh

run: tree
	@scripts/kbuild.sh run
	@scripts/initramfs.sh
	@scripts/demo.sh

shell: tree
	@scripts/kbuild.sh run
	@scripts/initramfs.sh
	@scripts/shell.sh

test:
	@scripts/test.sh

kunit: tree
	@scripts/kunit.sh

patches:
	@scripts/patches.sh

bench:
	@scripts/bench.sh

MODE ?= rcu
profile:
	@scripts/profile.sh $(MODE)

SECONDS ?= 1800
torture:
	@scripts/torture.sh $(SECONDS)

MUTANTS ?=
mutants: tree
	@scripts/mutants.sh $(MUTANTS)

# FRESH_CMD, FRESH_DIR, FRESH_WORKTREE, FRESH_KEEP: see scripts/fresh-check.sh.
fresh-check:
	@scripts/fresh-check.sh

clean:
	rm -rf --one-file-system build
