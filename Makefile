# SPDX-License-Identifier: GPL-2.0
# Front door of the workbench. Everything is built under build/ (ignored).

.PHONY: all run test patches bench torture tree kernels initramfs deps clean help

all: run

help:
	@echo "make run    - set up, build the run kernel, boot it, run the demo"
	@echo "make test   - set up, build the kernels, run every check and test"
	@echo "make patches - the patch series for review, in build/patches/, checked"
	@echo "make bench  - the benchmarks: a table and plots in build/bench/"
	@echo "make torture SECONDS=N - the long walk torture run on the debug kernel"
	@echo "make clean  - remove build/"

deps:
	@scripts/deps.sh

tree: deps
	@scripts/tree.sh

run: tree
	@scripts/kbuild.sh run
	@scripts/initramfs.sh
	@scripts/demo.sh

test:
	@scripts/test.sh

patches:
	@scripts/patches.sh

bench:
	@scripts/bench.sh

SECONDS ?= 1800
torture:
	@scripts/torture.sh $(SECONDS)

clean:
	rm -rf build
