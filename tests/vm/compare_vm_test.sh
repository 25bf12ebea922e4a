#!/bin/sh
# The statistics of compare, on real guest runs (6.12, quick profile, a few
# cases, 3 repetitions a boot), each side a set of two boots as regress
# writes it, so the boots are the units (a single run's repetitions never
# see boot-to-boot shifts, and a same-kernel pair of single runs was
# flagged in 1 to 7 of 132 cells):
#   compare_vm_test.sh BUILD_DIR
# A and B: the same kernel, two boots each (A/A): no significant regression
#   in at least 95% of the cells.
# C: kbench loaded with a synthetic slowdown of one case (slow_case=kmalloc):
#   compare A C exits 1 and flags kmalloc cells; other cells no more than
#   A/A allows.
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
	"$nb" run --vm --quiet --kernel 6.12 --profile quick --only "$cases" --modes hot \
		--reps 3 "$@"
}
mkdir -p "$work/A" "$work/B" "$work/C"
for boot in 1 2; do
	run --out "$work/A/boot-$boot"
	run --out "$work/B/boot-$boot"
	run --out "$work/C/boot-$boot" --module-params "slow_case=kmalloc slow_ns=$slow_ns"
done
echo "six boots: $(($(date +%s) - start)) s wall"

# compare OUT A X [FLAGS]: exit code into $rc, compare.csv in OUT
cmp() {
	out=$1 a=$2 b=$3
	shift 3
	rc=0
	"$nb" compare --quiet --out "$out" "$@" "$a" "$b" || rc=$?
}
# field CSV NAME: the column number of NAME in compare.csv's header
field() {
	head -1 "$1/compare.csv" | tr , '\n' | grep -nx "$2" | cut -d: -f1
}
# count DIR VERDICT [TEST]: cells of compare.csv with that verdict (and
# test; TEST+mixed, its scaling sweep's mix, is that test too)
count() {
	awk -F, -v v="$2" -v t="${3:-}" -v vc="$(field "$1" verdict)" \
		-v tc="$(field "$1" test)" \
		'NR > 1 && $vc == v && (t == "" || $tc == t || $tc == t "+mixed")' \
		"$1/compare.csv" | wc -l
}
# cells DIR [TEST]: cells tested for time (p not empty)
cells() {
	awk -F, -v t="${2:-}" -v pc="$(field "$1" p)" -v tc="$(field "$1" test)" \
		'NR > 1 && $pc != "" && (t == "" || $tc == t || $tc == t "+mixed")' \
		"$1/compare.csv" | wc -l
}
. "$(dirname "$0")/check.sh"

cmp "$work/AB" "$work/A" "$work/B"
n=$(cells "$work/AB") reg=$(count "$work/AB" regression)
# a shift of every cell alike is a verdict of its own (global), not a cell's
glob=$(grep -c "every cell slower alike" "$work/AB/compare.txt" || true)
echo "A/A: $n cells compared, $reg flagged as regressions, $glob global, exit $rc"
check "A/A compared cells" '[ "$n" -gt 50 ]'
check "A/A: no regression in >= 95% of cells ($reg of $n flagged)" \
	'[ $((reg * 100)) -le $((n * 5)) ]'
check "A/A: exit code says whether a cell (or every cell alike) was flagged" \
	'[ "$rc" -eq $((reg + glob > 0 ? 1 : 0)) ]'

# C's kbench ran with other module parameters: refused unless accepted.
rc=0
"$nb" compare --quiet "$work/A" "$work/C" 2>"$work/AC.err" >/dev/null || rc=$?
check "A/C without --allow-mismatch is refused: exit 2 ($rc)" '[ "$rc" -eq 2 ]'
check "A/C refusal names the module params" \
	'grep -q "module params.*--allow-mismatch" "$work/AC.err"'
cmp "$work/AC" "$work/A" "$work/C" --allow-mismatch
n=$(cells "$work/AC") reg=$(count "$work/AC" regression)
nk=$(cells "$work/AC" kmalloc) regk=$(count "$work/AC" regression kmalloc)
no=$((n - nk)) rego=$((reg - regk))
echo "slowdown ($slow_ns ns per kmalloc): $n cells compared, $regk of $nk kmalloc cells flagged, $rego of $no other cells, exit $rc"
# Under TCG the slowed op itself is noisy (ndelay in an emulated guest),
# so not every kmalloc cell need clear the test (single runs of 5 reps:
# 56-100% flagged); other cells get the same allowance as A/A, since
# between-boot shifts reach a cell now and then.
check "A/C exits 1 (a regression)" '[ "$rc" -eq 1 ]'
check "A/C flags at least a third of the kmalloc cells ($regk of $nk)" \
	'[ "$nk" -gt 0 ] && [ $((regk * 3)) -ge "$nk" ]'
check "A/C flags at most 5% of the other cells ($rego of $no), as A/A" \
	'[ $((rego * 100)) -le $((no * 5)) ]'
check "A/C: kmalloc cells are flagged at 5x the rate of the others" \
	'[ $((regk * no)) -ge $((5 * rego * nk)) ]'
check "A/C: the worst regression is a kmalloc cell" \
	'grep -qE "worst time regression .* in kernel/kmalloc(\+mixed)?/" "$work/AC/compare.txt"'
check "A/C compare.txt names C's module params and says they were accepted" \
	'grep -qF "module params" "$work/AC/compare.txt" &&
	 grep -q "accepted by the user: .*module params" "$work/AC/compare.txt"'
# A bad slowdown (no such case) fails insmod in the guest: exit 2, the
# module's refusal relayed, no results written.
rc=0
run --reps 1 --out "$work/bad" --module-params "slow_case=nosuch slow_ns=10" \
	2>"$work/bad.err" || rc=$?
check "bad --module-params: exit 2 ($rc)" '[ "$rc" -eq 2 ]'
check "bad --module-params: the rejection is reported" \
	'grep -q "kbench rejected" "$work/bad.err"'
check "bad --module-params: no results.csv" '[ ! -e "$work/bad/results.csv" ]'
echo "total: $(($(date +%s) - start)) s wall"
[ "$fails" -eq 0 ]
