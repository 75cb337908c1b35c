#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The negative test: a callback that sleeps where it was told it may not.
# The host expects the "sleeping function called from invalid context"
# report in the kernel log.
/selftests/walk_ancestors/walk_torture badsleep
