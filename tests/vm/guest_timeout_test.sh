#!/bin/sh
# --timeout is a hang detector: it stops a guest that makes no progress
# for that long (it used to wait for the guest's next console output, and
# it used to stop a healthy run after that long in all), and a guest that
# ends without an exit code has the end of its console shown on stderr:
#   guest_timeout_test.sh BUILD_DIR
set -eu
build=$1
work=$build/test-vm/guest-timeout
rm -rf "$work"
mkdir -p "$work"
. "$(dirname "$0")/check.sh"
rc=0
"$build/numabench" guest --kernel 6.12 --timeout 10 --jobdir "$work/job" \
	-- sleep 900 >"$work/out" 2>"$work/err" || rc=$?
log=$work/job/guest/console.log
check "a guest past --timeout fails with exit 1 ($rc)" '[ "$rc" -eq 1 ]'
check "the error names the timeout" \
	'grep -q "the guest made no progress for 10 s" "$work/err"'
check "QEMU was stopped before the job ended (no power-down in the log)" \
	'! grep -q "reboot: Power down" "$log"'
check "no exit code was left behind" '[ ! -e "$work/job/guest/exit-code" ]'
check "stderr shows the end of the console" \
	'grep -q "^  | .*guest-init: running" "$work/err"'
check "the console tail has no escape sequences" \
	'! grep "^  | " "$work/err" | grep -q "$(printf "\033")"'
[ "$fails" -eq 0 ] || cat "$work/err"

# Progress is console output ...
rc=0
"$build/numabench" guest --kernel 6.12 --timeout 10 --jobdir "$work/ticks" \
	-- sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 3; echo tick $i; done' \
	>"$work/ticks.out" 2>&1 || rc=$?
check "a guest printing every 3 s outlives --timeout 10 ($rc)" '[ "$rc" -eq 0 ]'
check "all 8 ticks arrived" 'grep -q "^tick 8" "$work/ticks.out"'

# ... or, for a quiet run, a new row in results.csv.
rc=0
"$build/numabench" run --vm --quiet --kernel 6.12 --timeout 10 \
	--suite kernel --profile quick --only kmalloc,kfree --modes hot --reps 40 \
	--out "$work/run" 2>"$work/run.err" || rc=$?
check "a quiet run writing rows outlives --timeout 10 ($rc)" '[ "$rc" -eq 0 ]'
check "the run is complete" \
	'grep -q "\"complete\": *true" "$work/run/meta.json"'
up=$(sed -n 's/^\[ *\([0-9]*\)\..*reboot: Power down.*/\1/p' "$work/run/run.log")
echo "# the quiet run's guest powered off after ${up:-?} s (timeout 10 s)"
[ "$fails" -eq 0 ] || { cat "$work/run.err"; exit 1; }
