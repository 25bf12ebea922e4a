#!/bin/sh
# numabench regress end to end: two guest kernels, two boots each,
# alternating (6.1 6.12 6.1 6.12), a small plan:
#   regress_vm_test.sh BUILD_DIR
# It must leave every boot's run and every compare.* file, alternate the
# kernels, compare boots (not repetitions), and exit 0 or 1 as its summary
# says (1 exactly when it counts a regression).
set -eu
build=$1
work=$build/test-vm/regress
rm -rf "$work"
mkdir -p "$build/test-vm"
start=$(date +%s)
rc=0
"$build/numabench" regress --kernels 6.1,6.12 --profile quick \
	--only kmalloc,buddy_alloc --modes hot --boots 2 --reps 2 --quiet --out "$work" \
	>"$work.summary" 2>"$work.err" || rc=$?
cat "$work.err"
cat "$work.summary"
echo "regress: exit $rc, $(($(date +%s) - start)) s wall"
fails=0
for f in 6.1/boot-1/results.csv 6.12/boot-1/results.csv \
	 6.1/boot-2/results.csv 6.12/boot-2/results.csv compare.txt \
	 compare.csv compare.md compare.tex compare.html compare.json; do
	if [ -s "$work/$f" ]; then
		echo "ok - $f"
	else
		echo "not ok - $f missing"
		fails=$((fails + 1))
	fi
done
# The boots ran in turn: 6.1 6.12 6.1 6.12 (meta.json start times).
start_of() { sed -n 's/.*"start": "\([^"]*\)".*/\1/p' "$work/$1/meta.json"; }
order=$(for b in 6.1/boot-1 6.12/boot-1 6.1/boot-2 6.12/boot-2; do
	echo "$(start_of "$b") $b"; done | sort | cut -d' ' -f2 | tr '\n' ' ')
if [ "$order" = "6.1/boot-1 6.12/boot-1 6.1/boot-2 6.12/boot-2 " ]; then
	echo "ok - boots alternate: $order"
else
	echo "not ok - boots ran as: $order"
	fails=$((fails + 1))
fi
if grep -q "2 kernels x 2 boots = 4 guest runs" "$work.err" &&
   grep -q "2 boots (2 reps each)" "$work/compare.txt"; then
	echo "ok - the plan is announced and the boots are the units"
else
	echo "not ok - no plan line or the units are not boots"
	fails=$((fails + 1))
fi
# The summary row of the new kernel: run cells tested regressions ...
reg=$(awk '$1 ~ /^6\.12/ && $2 ~ /^[0-9]+$/ { print $4 }' "$work.summary")
compared=$(awk '$1 ~ /^6\.12/ && $2 ~ /^[0-9]+$/ { print $3 }' "$work.summary")
echo "tested $compared cells, $reg regressions"
if [ -n "$reg" ] && [ "$compared" -gt 0 ] &&
   [ "$rc" -eq $((reg > 0 ? 1 : 0)) ]; then
	echo "ok - exit $rc matches $reg regressions"
else
	echo "not ok - exit $rc, summary regressions '$reg', compared '$compared'"
	fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
