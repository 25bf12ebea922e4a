#!/bin/sh
# Runs of two hosts in one report and one comparison, on the committed
# real run and a second host made from it (fake_host.sh: another host, CPU
# model, kernel, a two-node topology with SLIT 32, no vmalloc rows):
#  - report: each run its sections, and "Hosts side by side": the
#    conditions per host with the differing rows marked, per path one row
#    per host, "absent on <host>" where a host lacks the path, the
#    distances of both topologies, the bar charts drawn; report.tex
#    compiles;
#  - compare --reps-as-units: says it compares two hosts, names both runs
#    by host, kernel and run id, lists what differs (host, CPU model,
#    topology, kernel) without --allow-mismatch, and the cells on node 2
#    as not joined; a profile that differs is still refused.
#   test_hosts.sh NUMABENCH DATA_DIR OUT_DIR
set -u
nb=$1 data=$2 out=$3
here=$(dirname "$0")
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
has() {	# has FILE PATTERN DESCRIPTION
	if grep -q -- "$2" "$1"; then ok "$3"; else bad "$3 (no '$2' in $1)"; fi
}

rm -rf "$out"
mkdir -p "$out/RESULTS/numabench-vm"
quick=$out/RESULTS/numabench-vm/run
cp -r "$data/run-kernel-quick" "$quick"
"$here/fake_host.sh" "$quick" "$out/RESULTS/hostb/run" hostb vmalloc
"$here/fake_host.sh" "$quick" "$out/RESULTS/hostb/all" hostb
hostb=$out/RESULTS/hostb/run

# -- report --
if "$nb" report "$quick" "$hostb" --out "$out/rep" --format md,tex >"$out/report.log" 2>&1; then
	ok "report of two hosts"
else
	bad "report of two hosts exits $?: $(tail -1 "$out/report.log")"
fi
md=$out/rep/report.md
has "$md" '^## Hosts side by side' "a section of the hosts side by side"
has "$md" '^## Run 20261123-104808-vm: .* on numabench-vm' "the first host's run keeps its section"
has "$md" '^## Run 20261123-104808-vm-hostb: .* on hostb' "the second host's run keeps its section"
has "$md" '| condition | numabench-vm | hostb |' "conditions: one column per host"
has "$md" '| topology \\\* | 3 nodes' "conditions: topology marked as differing"
has "$md" '| CPU \\\* | QEMU TCG' "conditions: CPU marked as differing"
has "$md" '| profile | quick' "conditions: the profile, the same, unmarked"
has "$md" '| host | local p50 | remote/local d=20 | remote/local d=30 | remote/local d=32 |' "per path: the distances of both topologies"
has "$md" '| hostb | \*absent on hostb\* | \*absent on hostb\*' "vmalloc: absent on hostb, not blank"
has "$md" 'The runs differ in: kernel, host, CPU, topology, executor' "captions say which conditions differ"
for f in tables/hosts-conditions.tex tables/hosts-kmalloc-s-4096.tex \
	plots/hosts-local-kmalloc-s-4096.pdf plots/hosts-ratio-kmalloc-s-4096.pdf \
	plots/hosts-summary.pdf figures/hosts-summary.tex; do
	if [ -s "$out/rep/$f" ]; then ok "$f written"; else bad "$f missing"; fi
done
if command -v pdflatex >/dev/null; then
	if (cd "$out/rep" && pdflatex -interaction=nonstopmode -halt-on-error report.tex &&
	    pdflatex -interaction=nonstopmode -halt-on-error report.tex) >"$out/pdflatex.out" 2>&1; then
		ok "report.tex of two hosts compiles"
	else
		bad "report.tex of two hosts: $(grep -m1 '^!' "$out/rep/report.log")"
	fi
fi

# -- compare --
"$nb" compare --reps-as-units "$quick" "$out/RESULTS/hostb/all" >"$out/cmp.out" 2>"$out/cmp.err"
rc=$?
if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
	ok "compare of two hosts is not refused (exit $rc)"
else
	bad "compare of two hosts exits $rc: $(cat "$out/cmp.err")"
fi
has "$out/cmp.out" '^hosts: compares 2 hosts: base host numabench-vm, kernel 6.12.117+deb12-amd64, run 20261123-104808-vm$' "compare's head: the base by host, kernel and run id"
has "$out/cmp.out" "^hosts: new host hostb, kernel 6.1.0-41-amd64, run 20261123-104808-vm-hostb; differs from base in: host ('numabench-vm' vs 'hostb'), CPU model (.*), topology ('3 nodes .*' vs '2 nodes .*'), kernel" "compare's head: the new run, and what differs"
has "$out/cmp.out" '40 base cells not joined (n/a): node 2 does not exist on hostb' "cells on node 2: not joined, and why"
if grep -q 'ACCEPTED BY THE USER' "$out/cmp.out"; then
	bad "host differences needed no --allow-mismatch, yet something was accepted"
else
	ok "host differences need no --allow-mismatch"
fi
mkdir -p "$out/RESULTS/hostb/default"
cp "$out/RESULTS/hostb/all/results.csv" "$out/RESULTS/hostb/default/"
sed 's/"profile": {"name": "quick"/"profile": {"name": "default"/' \
	"$out/RESULTS/hostb/all/meta.json" >"$out/RESULTS/hostb/default/meta.json"
"$nb" compare --reps-as-units "$quick" "$out/RESULTS/hostb/default" >"$out/cmp2.out" 2>"$out/cmp2.err"
rc=$?
[ "$rc" -eq 2 ] && ok "another profile is refused (exit 2)" || bad "another profile: exit $rc"
has "$out/cmp2.err" "refused: .*profile ('quick' vs 'default').*--allow-mismatch" "the refusal names the profile and the flag"

echo "$fails failed"
[ "$fails" -eq 0 ]
