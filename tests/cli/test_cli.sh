#!/bin/sh
# Bad CLI input: a one-line error naming the flag, exit 2; a missing
# resource: exit 3 naming the package; --help: stdout, exit 0. Nothing is
# left behind in the run directory of a refused run.
#   test_cli.sh NUMABENCH
set -u
nb=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect CODE PATTERN ARGS...: exit code CODE, stderr (stdout for 0 and 1) matches PATTERN
expect() {
	code=$1 pat=$2
	shift 2
	out=$("$nb" "$@" 2>&1 >/dev/null)
	got=$?
	# 0, and compare's 1 (a regression): the verdict is on stdout
	[ "$code" -le 1 ] && out=$("$nb" "$@" 2>/dev/null)
	if [ "$got" -eq "$code" ] && printf '%s\n' "$out" | grep -q -- "$pat"; then
		echo "ok - $* -> $got"
	else
		echo "not ok - $* -> $got, expected $code matching '$pat'; got: $out"
		fails=$((fails + 1))
	fi
}

expect 0 'usage: numabench COMMAND' --help
expect 0 'usage: numabench run' run --help
expect 0 'usage: numabench guest' guest --help
expect 0 '^numabench [0-9]' --version
expect 2 "unknown command 'frob'" frob
expect 2 'usage: numabench' 
expect 2 "run: unknown option '--bogus'" run --bogus
expect 2 "run: unknown option '--frob'" run --frob=1
expect 2 "run: option '--reps' needs a value" run --reps
expect 2 "list: option '--kernel' needs a value" list --kernel
# help CMD: the command's own --help
expect 0 'usage: numabench run' help run
expect 0 'usage: numabench compare' help compare
expect 2 "help: unknown command 'nosuch'; expected one of run, list" help nosuch
expect 0 '130 interrupted by Ctrl-C' --help
expect 2 "'--reps'.*\|--reps" run --vm --reps 0 --out "$tmp/r"
expect 2 "--reps: 'x' is not a number" run --vm --reps x --out "$tmp/r"
expect 2 "--reps" run --vm --reps 1001 --out "$tmp/r"
expect 2 "--iterations" run --vm --iterations -5 --out "$tmp/r"
expect 2 "--iterations" run --vm --iterations 99999999999999999999 --out "$tmp/r"
expect 2 "--timeout" run --vm --timeout 1 --out "$tmp/r"
expect 2 "--accel: 'xen'" run --vm --accel xen --out "$tmp/r"
expect 2 "--topology" run --vm --topology 2x1G,3xQ --out "$tmp/r"
expect 2 "--topology" run --vm --topology '' --out "$tmp/r"
expect 2 "--topology" run --vm --topology 0x1G,2x1G --out "$tmp/r"
expect 2 "--topology" run --vm --topology 2x1G@10:20,2x1G@30:10 --out "$tmp/r"
expect 2 "exclude each other" run --vm --native
expect 2 "need --vm" run --native --topology 2x1G
expect 2 "cannot read" run --vm --profile "$tmp/none.ini" --out "$tmp/r"
printf '[run]\nreps = many\n' >"$tmp/bad.ini"
expect 2 "bad.ini:2: reps" run --vm --profile "$tmp/bad.ini" --out "$tmp/r"
printf '[run]\ncolour = blue\n' >"$tmp/bad2.ini"
expect 2 "unknown key 'colour'" run --vm --profile "$tmp/bad2.ini" --out "$tmp/r"
expect 3 "install linux-image-9.9" run --vm --kernel 9.9 --out "$tmp/r"
expect 2 "unexpected argument" run --vm extra
expect 2 "no COMMAND" guest
expect 2 "unexpected argument" topology extra
expect 2 "topology:" topology --sysfs "$tmp/nowhere"
expect 2 "--suite: 'bogus' is not a suite; expected kernel, user or all" run --vm --suite bogus --out "$tmp/r"
expect 2 "--suite: '' is not a suite" run --native --suite '' --out "$tmp/r"
printf '[user]\nmove_batches = 1,8192\n' >"$tmp/bad3.ini"
expect 2 "bad3.ini:2: move_batches" run --native --suite user --profile "$tmp/bad3.ini" --out "$tmp/r"
printf '[user]\nthp = sometimes\n' >"$tmp/bad4.ini"
expect 2 "thp: 'sometimes' is not on or off" run --native --suite user --profile "$tmp/bad4.ini" --out "$tmp/r"
printf '[user]\nmodes = bind,sideways\n' >"$tmp/bad5.ini"
expect 2 "bad5.ini:2: modes: 'sideways' is not a memory policy mode" run --native --suite user --profile "$tmp/bad5.ini" --out "$tmp/r"
printf '[kernel]\nmodes = hot,warm\n' >"$tmp/bad9.ini"
expect 2 "bad9.ini:2: modes: 'warm' is not a kernel mode" run --native --suite user --profile "$tmp/bad9.ini" --out "$tmp/r"
expect 2 "--modes: 'tepid' is not a kernel mode; expected hot, cold, pair, buddy, busy, purge or low" run --native --suite kernel --modes tepid --out "$tmp/r"
printf '[user]\nnodes = 2-1\n' >"$tmp/bad6.ini"
expect 2 "nodes: '2-1' has a reversed range" run --native --suite user --profile "$tmp/bad6.ini" --out "$tmp/r"
printf '[user]\nnodes = 63\n' >"$tmp/bad7.ini"
expect 2 "node 63 is not on this machine" run --native --suite user --profile "$tmp/bad7.ini" --out "$tmp/r"
printf '[user]\npages = 0\n' >"$tmp/bad8.ini"
expect 2 "bad8.ini:2: pages" run --native --suite user --profile "$tmp/bad8.ini" --out "$tmp/r"
expect 2 "no case or workload matches" run --native --suite user --only 'nothing*' --out "$tmp/r"
# every --only item must match: a typo is named, never dropped
expect 2 "^numabench: --only: no case or workload matches 'nosuch' (--suite user); see numabench list" run --native --suite user --only mbind,nosuch --out "$tmp/r"
expect 2 "--only: no case or workload matches 'nosuch', 'frob\*'" run --native --suite user --only 'nosuch,malloc,frob*' --dry-run
expect 2 "--only: no case or workload matches 'kmalloc' (--suite user)" run --native --suite user --only kmalloc --dry-run
# ... before any guest boots where the workloads alone decide
expect 2 "--only: no case or workload matches 'x' (--suite user)" run --vm --suite user --only malloc,x --quiet --out "$tmp/r"
# --profile naming a directory or an unreadable file: exit 2 with the path
expect 2 "--profile: '$tmp' is a directory, not a profile" run --native --suite user --profile "$tmp" --dry-run
printf '[run]\nreps = 1\n' >"$tmp/locked.ini" && chmod 000 "$tmp/locked.ini"
if ! cat "$tmp/locked.ini" >/dev/null 2>&1; then
	expect 2 "--profile: cannot read '$tmp/locked.ini'" run --native --suite user --profile "$tmp/locked.ini" --dry-run
fi
# options of the other suite: exit 2 naming them
expect 2 "run: --module-params: kernel-suite option, and --suite user runs no kernel cell" run --suite user --module-params slow_ns=1 --dry-run
expect 2 "run: --module-params, --modes: kernel-suite options" run --native --suite user --modes hot --module-params slow_ns=1 --out "$tmp/r"
expect 2 "run: --modes: kernel-suite option" run --vm --suite user --modes hot --out "$tmp/r"
# --out naming a file: an input error, before anything boots
: >"$tmp/afile"
expect 2 "--out: '$tmp/afile' exists and is not a directory" run --vm --out "$tmp/afile"
expect 2 "--out: '$tmp/afile' exists and is not a directory" run --native --suite user --out "$tmp/afile"
expect 2 "unexpected argument" timer extra
expect 0 "overhead_ns clock_gettime" timer
if [ "$(id -u)" -ne 0 ] || [ ! -e /proc/modules ] ||
   { [ ! -e /dev/kbench ] && [ ! -e "/lib/modules/$(uname -r)/build/Makefile" ]; }; then
	# no module loading here (kbench_host_can_load): the kernel suite is a missing resource, the
	# user suite is not
	expect 3 "cannot load kernel modules.*--suite user" run --native --suite kernel --out "$tmp/r"
	expect 3 "cannot load kernel modules" run --native --out "$tmp/r"
	# No flag: the guest boot is said first, in one line, --quiet or not
	# (no sh on PATH: no qemu either, so nothing boots here).
	mkdir -p "$tmp/nopath"
	notice="^numabench: this host cannot load kbench (.*): booting a .* QEMU guest (TCG)"
	for args in "list" "run --quiet --out $tmp/r" "run --dry-run"; do
		# shellcheck disable=SC2086
		first=$(PATH=$tmp/nopath "$nb" $args 2>&1 >/dev/null | head -1)
		if printf '%s\n' "$first" | grep -q "$notice.*; --native or --vm to choose"; then
			echo "ok - $args: the guest boot said first"
		else
			echo "not ok - $args: first line '$first'"
			fails=$((fails + 1))
		fi
	done
	first=$(PATH=$tmp/nopath "$nb" run --dry-run 2>&1 >/dev/null | head -1)
	case $first in *"module's case table"*) echo "ok - a dry run says it needs the case table" ;;
	*) echo "not ok - a dry run did not say why it boots: $first"; fails=$((fails + 1)) ;; esac
	# a dry run of the user suite needs no module: planned here, no guest
	out=$(PATH=$tmp/nopath "$nb" run --dry-run --suite user --profile quick 2>&1)
	if [ $? -eq 0 ] && printf '%s\n' "$out" | grep -q "plans the user suite on this machine, no guest" &&
	   printf '%s\n' "$out" | grep -q "user: [0-9]* cells"; then
		echo "ok - run --dry-run --suite user plans without a guest"
	else
		echo "not ok - run --dry-run --suite user: $out"
		fails=$((fails + 1))
	fi
fi
if [ -e "$tmp/r" ]; then
	echo "not ok - a refused run left $tmp/r behind"
	fails=$((fails + 1))
fi
mkdir -p "$tmp/used" && : >"$tmp/used/results.csv"
expect 2 "already holds a run" run --vm --quiet --out "$tmp/used" --kernel "$(ls /boot | sed -n 's/^vmlinuz-//p' | head -1)"

# report: bad runs (from run_load) and bad options, exit 2
fx=$(dirname "$0")/../data/run-kernel-quick
expect 0 'usage: numabench report' report --help
expect 2 "no RUN directory" report
expect 2 "nowhere/meta.json: missing" report "$tmp/nowhere"
mkdir -p "$tmp/rep-empty" "$tmp/rep-trunc" "$tmp/rep-schema" "$tmp/rep-rows"
cp "$fx/meta.json" "$tmp/rep-empty/" && : >"$tmp/rep-empty/results.csv"
expect 2 "rep-empty/results.csv: empty" report "$tmp/rep-empty"
cp "$fx/meta.json" "$tmp/rep-rows/" && head -1 "$fx/results.csv" >"$tmp/rep-rows/results.csv"
expect 2 "rep-rows/results.csv: no rows" report "$tmp/rep-rows"
cp "$fx/meta.json" "$tmp/rep-trunc/" && head -c 3000 "$fx/results.csv" >"$tmp/rep-trunc/results.csv"
expect 2 "rep-trunc/results.csv: truncated" report "$tmp/rep-trunc"
# A run killed while writing hist.jsonl: its cut last line is dropped when
# meta.json says complete=false, and is an error in a complete run.
good=$(dirname "$0")/../unit/data/runs/good
mkdir -p "$tmp/rep-killed" "$tmp/rep-cut"
cp "$good/results.csv" "$tmp/rep-killed/"
head -c -20 "$good/hist.jsonl" >"$tmp/rep-killed/hist.jsonl"
sed 's/"complete": true/"complete": false/' "$good/meta.json" >"$tmp/rep-killed/meta.json"
expect 0 "wrote .*rep-killed/report/report.md" report "$tmp/rep-killed" --format md --out "$tmp/rep-killed/report"
cp "$good/results.csv" "$good/meta.json" "$tmp/rep-killed/hist.jsonl" "$tmp/rep-cut/"
expect 2 "hist.jsonl:9: truncated" report "$tmp/rep-cut"
cp "$fx/results.csv" "$tmp/rep-schema/"
sed 's/"schema_version": 2/"schema_version": 3/' "$fx/meta.json" >"$tmp/rep-schema/meta.json"
expect 2 "results.csv: header is not results.csv schema 3" report "$tmp/rep-schema"
expect 2 "--format: 'pdf' is not a format" report "$fx" --format md,pdf --out "$tmp/rep-out"
expect 2 "--format: empty" report "$fx" --format '' --out "$tmp/rep-out"
expect 2 "--out needs a value" report "$fx" --out
expect 2 "unknown option" report "$fx" --colour
if [ -e "$tmp/rep-out" ] || [ -e "$tmp/rep-schema/report" ]; then
	echo "not ok - a refused report wrote files"
	fails=$((fails + 1))
fi

# compare and regress: bad runs and bad options are exit 2; a regression 1.
runs=$(cd "$(dirname "$0")/../unit/data/runs" && pwd)
expect 0 'usage: numabench compare' compare --help
expect 0 'usage: numabench regress' regress --help
expect 2 "needs BASE and at least one NEW" compare
expect 2 "needs BASE and at least one NEW" compare "$runs/good"
expect 0 "verdict: no regression" compare --reps-as-units "$runs/good" "$runs/good"
expect 1 "REGRESSION" compare --reps-as-units "$runs/good" "$runs/slow"
expect 1 "worst time regression x2.000 in kernel/kmalloc/" compare --reps-as-units --quiet "$runs/good" "$runs/slow"
expect 0 "verdict: no regression" compare --reps-as-units --threshold 200 "$runs/good" "$runs/slow"
expect 2 "schema_version 10; this build reads schemas 2 to 9" compare --reps-as-units "$runs/good" "$runs/schema10"
expect 2 "no schema_version" compare --reps-as-units "$runs/noschema" "$runs/good"
expect 2 "results.csv: empty file" compare --reps-as-units "$runs/good" "$runs/empty"
expect 2 "results.csv: truncated" compare --reps-as-units "$runs/good" "$runs/truncated"
expect 2 "no rows" compare --reps-as-units "$runs/good" "$runs/headeronly"
expect 2 "header is not results.csv schema" compare --reps-as-units "$runs/good" "$runs/badheader"
expect 2 "meta.json: missing" compare --reps-as-units "$runs/good" "$tmp/none"
expect 2 "no cell is common" compare --reps-as-units "$runs/good" "$runs/other"
expect 2 "--threshold: 'x'" compare --reps-as-units --threshold x "$runs/good" "$runs/good"
expect 2 "--threshold: '-1'" compare --reps-as-units --threshold -1 "$runs/good" "$runs/good"
expect 2 "--metric: 'max'" compare --reps-as-units --metric max "$runs/good" "$runs/good"
expect 2 "--format: 'pdf'" compare --reps-as-units --format md,pdf --out "$tmp/c" "$runs/good" "$runs/good"
expect 2 "--format: needs --out" compare --reps-as-units --format md "$runs/good" "$runs/good"
expect 1 "REGRESSION" compare --reps-as-units "$runs/good" "$runs/slow" --out "$tmp/cmp"
for f in txt csv md tex html json; do
	if [ -s "$tmp/cmp/compare.$f" ]; then
		echo "ok - compare --out wrote compare.$f"
	else
		echo "not ok - compare --out did not write compare.$f"
		fails=$((fails + 1))
	fi
done
# Refusals: an interrupted run, other conditions; accepted when the user
# says so, and then every output says it.
mkdir -p "$tmp/inc" "$tmp/thp" "$tmp/set/boot-1" "$tmp/set/boot-2" "$tmp/badset/b1" "$tmp/badset/b2"
cp "$runs/good/results.csv" "$tmp/inc/"
sed 's/"complete": true/"complete": false/' "$runs/good/meta.json" >"$tmp/inc/meta.json"
cp "$runs/good/results.csv" "$tmp/thp/"
sed 's/"schema_version"/"thp": "never", "schema_version"/' "$runs/good/meta.json" >"$tmp/thp/meta.json"
expect 2 "refused: .*incomplete.*--allow-incomplete" compare --reps-as-units "$runs/good" "$tmp/inc"
expect 0 "ACCEPTED BY THE USER: .* is incomplete" compare --reps-as-units --allow-incomplete "$runs/good" "$tmp/inc"
expect 2 "refused: .*THP ('' vs 'never').*--allow-mismatch" compare --reps-as-units "$runs/good" "$tmp/thp"
expect 0 "ACCEPTED BY THE USER: .*THP" compare --reps-as-units --allow-mismatch "$runs/good" "$tmp/thp"
expect 0 "accepted by the user" compare --reps-as-units --quiet --allow-mismatch "$runs/good" "$tmp/thp"
# A directory of runs is a set of boots: the boots are the units.
for b in boot-1 boot-2; do cp "$runs/good/results.csv" "$runs/good/meta.json" "$tmp/set/$b/"; done
expect 0 "2 boots (3 reps each)" compare "$tmp/set" "$tmp/set"
cp "$runs/good/results.csv" "$runs/good/meta.json" "$tmp/badset/b1/"
cp "$runs/slow/results.csv" "$runs/slow/meta.json" "$tmp/badset/b2/"
sed -i 's/"kernel": "[^"]*"/"kernel": "9.9"/' "$tmp/badset/b2/meta.json"
expect 2 "its boots differ: b1 and b2: kernel" compare "$tmp/set" "$tmp/badset"
# Gating needs boots: single runs are refused unless --reps-as-units, and
# mixed units always.
expect 2 "is a single run: .*--reps-as-units" compare "$runs/good" "$runs/slow"
expect 2 "--reps-as-units compares single runs, and .* is a set of boots" compare --reps-as-units "$runs/good" "$tmp/set"
# Nothing disappears silently: a boot that cannot be read, duplicated rows.
mkdir -p "$tmp/lost/boot-1" "$tmp/lost/boot-2" "$tmp/lost/boot-3"
for b in boot-1 boot-2; do cp "$runs/good/results.csv" "$runs/good/meta.json" "$tmp/lost/$b/"; done
expect 2 "boot 'boot-3' has no results.csv" compare "$tmp/set" "$tmp/lost"
mkdir -p "$tmp/dup"
cp "$runs/good/meta.json" "$tmp/dup/"
{ cat "$runs/good/results.csv"; sed -n 2p "$runs/good/results.csv"; } >"$tmp/dup/results.csv"
expect 2 "a second row of cell .*, rep 0 (duplicated rows" compare --reps-as-units "$runs/good" "$tmp/dup"
# One repetition a side: nothing testable is exit 2, never "no regression".
mkdir -p "$tmp/one"
cp "$runs/good/meta.json" "$tmp/one/"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "rep") r = i; print; next } $r == 0' "$runs/good/results.csv" >"$tmp/one/results.csv"
expect 2 "nothing testable" compare --reps-as-units "$tmp/one" "$tmp/one"
mkdir "$tmp/norun"
expect 2 "meta.json: missing (not a numabench run directory" compare --reps-as-units "$runs/good" "$tmp/norun"
expect 2 "--kernels K1,K2 is required" regress
expect 2 "--kernels: '6.1' is not a list" regress --kernels 6.1
expect 2 "--kernels: '6.1' is listed twice" regress --kernels 6.1,6.1
expect 2 "--kernels: 'a;b,c'" regress --kernels 'a;b,c'
expect 2 "--reps" regress --kernels 6.1,6.12 --reps 0
expect 2 "--boots" regress --kernels 6.1,6.12 --boots 1
expect 2 "--boots" regress --kernels 6.1,6.12 --boots 51
expect 2 "--threshold" regress --kernels 6.1,6.12 --threshold 5%
expect 2 "unexpected argument" regress --kernels 6.1,6.12 extra
expect 3 "install linux-image-9.9" regress --kernels 9.9,9.8 --quiet --out "$tmp/reg"

echo "$fails failed"
[ "$fails" -eq 0 ]
