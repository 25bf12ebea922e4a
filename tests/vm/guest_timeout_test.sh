#!/bin/sh
# The guest's --timeout stops a guest that prints nothing (it used to wait
# for the guest's next console output), and a guest that ends without an
# exit code has the end of its console shown on stderr:
#   guest_timeout_test.sh BUILD_DIR
set -eu
build=$1
work=$build/test-vm/guest-timeout
rm -rf "$work"
mkdir -p "$work"
fails=0
check() {
	if eval "$2"; then
		echo "ok - $1"
	else
		echo "not ok - $1"
		fails=$((fails + 1))
	fi
}
rc=0
"$build/numabench" guest --kernel 6.12 --timeout 10 --jobdir "$work/job" \
	-- sleep 900 >"$work/out" 2>"$work/err" || rc=$?
log=$work/job/guest/console.log
check "a guest past --timeout fails with exit 1 ($rc)" '[ "$rc" -eq 1 ]'
check "the error names the timeout" \
	'grep -q "the guest did not finish within 10 s" "$work/err"'
check "QEMU was stopped before the job ended (no power-down in the log)" \
	'! grep -q "reboot: Power down" "$log"'
check "no exit code was left behind" '[ ! -e "$work/job/guest/exit-code" ]'
check "stderr shows the end of the console" \
	'grep -q "^  | .*guest-init: running" "$work/err"'
check "the console tail has no escape sequences" \
	'! grep "^  | " "$work/err" | grep -q "$(printf "\033")"'
[ "$fails" -eq 0 ] || { cat "$work/err"; exit 1; }
