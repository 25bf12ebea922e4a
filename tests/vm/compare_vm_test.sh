#!/bin/sh
# The statistics of compare, on real guest runs (6.12, quick profile, a few
# cases, enough repetitions):
#   compare_vm_test.sh BUILD_DIR
# A and B: the same kernel booted twice (A/A): no significant regression in
#   at least 95% of the cells.
# C: kbench loaded with a synthetic slowdown of one case (slow_case=kmalloc):
#   compare A C exits 1, flags kmalloc cells and no cell of another case.
set -eu
build=$1
nb=$build/numabench
work=$build/test-vm/compare
cases=kmalloc,kfree,buddy_alloc,vmalloc
slow_ns=1000
rm -rf "$work"
mkdir -p "$work"
start=$(date +%s)

run() {
	"$nb" run --vm --quiet --kernel 6.12 --profile quick --only "$cases" \
		--reps 5 "$@"
}
run --out "$work/A"
run --out "$work/B"
run --out "$work/C" --module-params "slow_case=kmalloc slow_ns=$slow_ns"
echo "three runs: $(($(date +%s) - start)) s wall"

# compare OUT A X: exit code into $rc, compare.csv in OUT
cmp() {
	rc=0
	"$nb" compare --quiet --out "$1" "$2" "$3" || rc=$?
}
# count CSV VERDICT [TEST]: cells of compare.csv with that verdict (and test)
count() {
	awk -F, -v v="$2" -v t="${3:-}" 'NR > 1 && $NF == v && (t == "" || $3 == t)' \
		"$1/compare.csv" | wc -l
}
cells() {
	awk -F, -v t="${2:-}" 'NR > 1 && $NF != "skipped" && (t == "" || $3 == t)' \
		"$1/compare.csv" | wc -l
}
fails=0
check() {
	if eval "$2"; then
		echo "ok - $1"
	else
		echo "not ok - $1"
		fails=$((fails + 1))
	fi
}

cmp "$work/AB" "$work/A" "$work/B"
n=$(cells "$work/AB") reg=$(count "$work/AB" regression)
echo "A/A: $n cells compared, $reg flagged as regressions, exit $rc"
check "A/A compared cells" '[ "$n" -gt 50 ]'
check "A/A: no regression in >= 95% of cells ($reg of $n flagged)" \
	'[ $((reg * 100)) -le $((n * 5)) ]'
check "A/A: exit code says whether a cell was flagged" \
	'[ "$rc" -eq $((reg > 0 ? 1 : 0)) ]'

cmp "$work/AC" "$work/A" "$work/C"
n=$(cells "$work/AC") reg=$(count "$work/AC" regression)
nk=$(cells "$work/AC" kmalloc) regk=$(count "$work/AC" regression kmalloc)
echo "slowdown ($slow_ns ns per kmalloc): $n cells compared, $reg flagged, $regk of $nk kmalloc cells, exit $rc"
check "A/C exits 1 (a regression)" '[ "$rc" -eq 1 ]'
check "A/C flags only kmalloc cells ($reg flagged, $regk kmalloc)" \
	'[ "$reg" -eq "$regk" ]'
check "A/C flags at least 90% of the kmalloc cells ($regk of $nk)" \
	'[ "$nk" -gt 0 ] && [ $((regk * 10)) -ge $((nk * 9)) ]'
check "A/C compare.txt names C's module params" \
	'grep -qF "module params" "$work/AC/compare.txt"'
echo "total: $(($(date +%s) - start)) s wall"
[ "$fails" -eq 0 ]
