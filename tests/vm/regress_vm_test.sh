#!/bin/sh
# numabench regress end to end: two guest kernels, a small plan:
#   regress_vm_test.sh BUILD_DIR
# It must leave both runs and every compare.* file, and exit 0 or 1 as its
# summary says (1 exactly when it counts a regression).
set -eu
build=$1
work=$build/test-vm/regress
rm -rf "$work"
mkdir -p "$build/test-vm"
start=$(date +%s)
rc=0
"$build/numabench" regress --kernels 6.1,6.12 --profile quick \
	--only kmalloc,buddy_alloc --reps 3 --quiet --out "$work" \
	>"$work.summary" || rc=$?
cat "$work.summary"
echo "regress: exit $rc, $(($(date +%s) - start)) s wall"
fails=0
for f in 6.1/results.csv 6.12/results.csv compare.txt compare.csv \
	 compare.md compare.tex compare.html; do
	if [ -s "$work/$f" ]; then
		echo "ok - $f"
	else
		echo "not ok - $f missing"
		fails=$((fails + 1))
	fi
done
# The summary row of the new kernel: run compared regressions ...
reg=$(awk '$1 ~ /^6\.12/ && $2 ~ /^[0-9]+$/ { print $3 }' "$work.summary")
compared=$(awk '$1 ~ /^6\.12/ && $2 ~ /^[0-9]+$/ { print $2 }' "$work.summary")
echo "compared $compared cells, $reg regressions"
if [ -n "$reg" ] && [ "$compared" -gt 0 ] &&
   [ "$rc" -eq $((reg > 0 ? 1 : 0)) ]; then
	echo "ok - exit $rc matches $reg regressions"
else
	echo "not ok - exit $rc, summary regressions '$reg', compared '$compared'"
	fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
