#!/bin/sh
# VM integration for one guest kernel and topology:
#   run_vm_test.sh BUILD_DIR KERNEL TOPOLOGY [MEMORYLESS_NODE]
# 1. numabench run --vm with the quick profile (the real executor: module
#    build, initramfs, boot, run, guest dmesg check);
# 2. a second guest judges the run (check_run: rows for every case and node
#    pair against the module's own case table; check_user: the userspace
#    suite's rows and page placement), runs tests/vm/signals.ini natively
#    while CPU 0 is disturbed and judges its signals (check_signals), runs
#    the ioctl validation test with the module loaded, unloads it, and its
#    dmesg is checked too (booted with slub_debug=FZPU).
set -eu
build=$1 kernel=$2 topo=$3 memless=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$build/test-vm/$kernel-$(echo "$topo" | tr ',@:' '_..')
rm -rf "$work"
mkdir -p "$work"
start=$(date +%s)

"$build/numabench" run --vm --quiet --kernel "$kernel" --topology "$topo" \
	--profile quick --out "$work/run"
ran=$(date +%s)
echo "run --vm: $((ran - start)) s wall (boot included), rows: $(($(wc -l <"$work/run/results.csv") - 1))"
grep -o '"timer_overhead_cycles": {[^}]*}' "$work/run/meta.json" || true

ioctl_args=
[ -n "$memless" ] && ioctl_args="--memoryless-node $memless"
# Two memory nodes or more: the allocator cells once more in one process,
# one after another (the sequence before user/ufresh.h), to show that it
# misplaces objects where the fresh processes of the run above did not.
oneproc=:
[ -z "$memless" ] && oneproc="NUMABENCH_ONE_PROCESS=1 $build/numabench run --native --quiet \
	--suite user --only malloc --profile quick --out $work/check/oneproc
	n=\$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		\$c[\"misplaced\"] > 0 { n++ } END { print n + 0 }' $work/check/oneproc/results.csv)
	echo \"# one process, cells one after another: \$n malloc rows with misplaced objects\"
	if [ \"\$n\" -gt 0 ]; then echo 'ok - the old sequence misplaces, the fresh processes do not'
	else echo 'not ok - the old sequence misplaced nothing: the placement check would not see it'; exit 1; fi"
# A CPU taken offline under runs that need it (the default topology has
# a node with two CPUs besides CPU 0's): ENXIO, and the next run works.
hotplug=:
[ -z "$memless" ] && hotplug="$build/tests/vm/kbench_hotplug_test"
# The check guest's slab has red zones and poison: a module write past an
# object or into a freed one is a "BUG <cache>" in its dmesg.
NUMABENCH_GUEST_APPEND=slub_debug=FZPU "$build/numabench" guest --kernel "$kernel" --topology "$topo" \
	--jobdir "$work/check" -- sh -c "
		set -e
		$build/tests/vm/check_run $work/run
		$build/tests/vm/check_user $work/run
		$oneproc
		$build/tests/vm/check_signals disturb 0 &
		d=\$!
		$build/numabench run --native --quiet --module \$KBENCH_KO \
			--suite kernel --profile $here/signals.ini \
			--out $work/check/signals
		kill \$d
		$build/tests/vm/check_signals check $work/check/signals 200 0
		insmod \$KBENCH_KO
		$build/tests/vm/kbench_ioctl_test $ioctl_args
		$hotplug
		rmmod kbench
		! grep -q '^kbench ' /proc/modules" >"$work/check.log" 2>&1 || {
	cat "$work/check.log"
	exit 1
}
grep -E '^(not ok|PASS|FAIL)' "$work/check.log" || true
grep -c '^ok' "$work/check.log" | sed 's/^/checks passed: /'
echo "total: $(($(date +%s) - start)) s wall"
