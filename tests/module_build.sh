#!/bin/sh
# kbench must build with no warnings and be sparse-clean against a kernel:
#   module_build.sh RELEASE OUTDIR
set -eu
rel=$1 out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"
log=$(C=1 W=1 "$here/scripts/build-module" "$rel" "$out" 2>&1) || {
	echo "$log"
	exit 1
}
echo "$log"
if echo "$log" | grep -Ei 'warning|error'; then
	echo "FAIL: kbench for $rel has warnings"
	exit 1
fi
test -f "$out/kbench.ko"
echo "PASS: kbench.ko for $rel, no warnings, sparse clean"
