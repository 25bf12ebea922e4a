#!/bin/sh
# The module's lock contention counts are real, on both guest kernels:
#   contention_vm_test.sh BUILD_DIR
# A tcg-mt guest (a host thread per vCPU, so vCPUs hold and wait for locks
# at once) with one node of 8 CPUs runs tests/vm/contention.ini: order-4
# buddy_alloc on 1, 2 and 8 kthreads, every op under zone->lock, while
# ftrace records lock:contention_begin on every CPU. Checked:
#   - 8 kthreads: contended acquisitions > 0, at least 90 % of them on a
#     zone->lock (the rest: other locks their CPUs waited for), with wait
#     time (the tracepoint sits in the queued
#     spinlock's MCS path: a lone waiter spinning on the pending bit is
#     not counted, so 2 kthreads may show none; 8 vCPUs on the host's 2
#     cores: a lock holder's vCPU is often descheduled, its waiters
#     queue: ~3000 in a run, 4 vCPUs gave 3 to 325);
#   - the module counted no more than ftrace saw on all CPUs over the
#     whole run (both hook the same tracepoint; the module only while a
#     run is armed, on its workers' CPUs; ftrace also sees the workers'
#     setup and teardown, where 8 of them free their blocks at once: once
#     2316 events against the module's 694, so no lower bound holds);
#   - the guest's dmesg is clean (numabench guest fails otherwise).
# Contention needs the guest's spinlocks to be the queued ones: see the
# -cpu comment in ubench/exec/vm.c. Counts, never times, are judged.
set -eu
build=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$build/test-vm/contention
rm -rf "$work"
mkdir -p "$work"
. "$here/check.sh"
# counters.csv value of metric $2 in the row of $3 threads, run dir $1
metric() {
	awk -F, -v m="$2" -v t="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["metric"] == m && $c["threads"] == t { v = $c["value"] }
		END { printf "%.0f\n", v }' "$1/counters.csv"
}
for kernel in 6.1 6.12; do
	job=$work/$kernel
	mkdir -p "$job"
	"$build/numabench" guest --kernel "$kernel" --accel tcg-mt \
		--topology 8x1G --jobdir "$job" -- sh -c "
		set -e
		T=/sys/kernel/tracing
		[ -d \$T/events ] || mount -t tracefs nodev \$T
		echo 8192 > \$T/buffer_size_kb
		echo 1 > \$T/events/lock/contention_begin/enable
		$build/numabench run --native --quiet --module \$KBENCH_KO \
			--suite kernel --profile $here/contention.ini --out $job/run
		echo 0 > \$T/tracing_on
		cat \$T/per_cpu/cpu*/stats > $job/ftrace-stats" >"$job/guest.log" 2>&1 || {
		cat "$job/guest.log"
		echo "not ok - $kernel: the guest job failed"
		fails=$((fails + 1))
		continue
	}
	seen=$(awk '/^(entries|overrun):/ { n += $2 } END { printf "%.0f\n", n }' "$job/ftrace-stats")
	all=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["metric"] == "lock_contended" { n += $c["value"] } END { printf "%.0f\n", n }' "$job/run/counters.csv")
	for t in 1 2 8; do
		echo "# $kernel, $t kthreads: ops $(metric "$job/run" ops $t)," \
			"contended $(metric "$job/run" lock_contended $t)," \
			"on zone->lock $(metric "$job/run" lock_contended_zone $t)," \
			"wait $(metric "$job/run" lock_wait_ns $t) ns"
	done
	c=$(metric "$job/run" lock_contended 8)
	z=$(metric "$job/run" lock_contended_zone 8)
	w=$(metric "$job/run" lock_wait_ns 8)
	check "$kernel: 8 kthreads on one zone contend ($c contended acquisitions)" '[ "$c" -gt 0 ]'
	check "$kernel: nearly all on a zone->lock ($z of $c)" '[ $((z * 10)) -ge $((c * 9)) ]'
	check "$kernel: with wait time ($w ns)" '[ "$w" -gt 0 ]'
	check "$kernel: the module counted no more than ftrace saw ($all <= $seen)" '[ "$all" -le "$seen" ]'
done
[ "$fails" -eq 0 ]
