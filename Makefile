# SPDX-License-Identifier: GPL-2.0
# Front door of the workbench. Everything is built under build/ (ignored).

.PHONY: all run test tree kernels initramfs deps clean help

all: run

help:
	@echo "make run    - set up, build the run kernel, boot it, run the demo"
	@echo "make test   - set up, build both kernels, run every check and test"
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

clean:
	rm -rf build
