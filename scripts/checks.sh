# SPDX-License-Identifier: GPL-2.0
# Shared by the workbench's self-checks (check-deps.sh, check-tree.sh).
# Sourced after lib.sh: a scratch directory $tmp (removed at exit), result
# rows into $WB_RESULTS (make test's, or a private one when run alone, then
# summarised by checks_end), and check NAME PROBLEM... for one row.

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

alone=0
if [ -z "${WB_RESULTS:-}" ]; then
	alone=1
	export WB_RESULTS=$tmp/results.tsv
fi
results() { python3 "$TOP/scripts/results.py" "$@"; }

# check NAME PROBLEM...: one row; passes if no PROBLEM is set (non-empty).
# On a failure the output of the command under test ($out) is printed.
check() {
	local name=$1 p problems=()
	shift
	for p in "$@"; do
		[ -z "$p" ] || problems+=("$p")
	done
	if [ ${#problems[@]} = 0 ]; then
		results check "$name" pass
	else
		say "$name: failed; the output was:"
		sed 's/^/    /' "$out" >&2
		results check "$name" fail "$(printf '%s; ' "${problems[@]}" | sed 's/; $//')"
	fi
}

checks_end() {
	if [ $alone = 1 ]; then
		results summary || exit
	fi
}
