#!/bin/sh
# check_layout.sh must fail where the layout breaks: on copies of the tree
# with a forbidden include, a folder circle and a module circle.
#   layout_selftest.sh SOURCE_DIR
set -eu
src=$1
check=$src/tests/layout/check_layout.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect_fail NAME FILE LINE: FILE (relative) gets LINE prepended.
expect_fail() {
	rm -rf "$tmp/t" && mkdir "$tmp/t"
	cp -r "$src/ubench" "$src/report" "$tmp/t/"
	{ echo "$3"; cat "$tmp/t/$2"; } >"$tmp/x" && mv "$tmp/x" "$tmp/t/$2"
	if out=$("$check" "$tmp/t" 2>&1); then
		echo "not ok - $1: the check passed"; fail=1
	else
		echo "ok - $1: $(echo "$out" | head -1)"
	fi
}

expect_fail "report/ may not call the CLI" report/stats.c '#include "cli/cli.h"'
expect_fail "host/ calling user/, which calls host/" ubench/host/mpol.c '#include "user/urun.h"'
expect_fail "a module circle (table <-> render)" report/table.c '#include "render.h"'
expect_fail "a header that does not exist" ubench/util/args.c '#include "nosuch.h"'
"$check" "$src" >/dev/null || { echo "not ok - the tree itself fails"; fail=1; }
exit $fail
