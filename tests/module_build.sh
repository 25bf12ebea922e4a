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
# Every TSC read of the module's own code (not the alternatives patched in
# at boot) is followed by an LFENCE within 8 instructions: kbench_tsc()
# orders the read both ways, so a region's ops cannot start before t0.
objdump -d "$out/kbench.ko" | awk '
/^Disassembly of section/ { alt = ($4 ~ /altinstr/); pending = 0; next }
alt { next }
/\trdtscp? *$/ {
	if (pending) { bad++; print "unfenced TSC read before: " $0 }
	pending = 1; left = 8; reads++; next
}
pending && /\tlfence/ { pending = 0; next }
pending && /^ +[0-9a-f]+:\t/ {
	if (--left == 0) { bad++; print "unfenced TSC read near: " $0; pending = 0 }
}
END {
	if (pending) bad++
	printf "%d TSC reads, %d without a following lfence\n", reads, bad
	exit bad != 0 || reads == 0
}' || { echo "FAIL: kbench for $rel reads the TSC without ordering later ops"; exit 1; }
echo "PASS: kbench.ko for $rel, no warnings, sparse clean, TSC reads fenced"
