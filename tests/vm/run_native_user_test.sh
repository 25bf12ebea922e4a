#!/bin/sh
# The userspace suite natively on this machine with the quick profile, then
# check_user on its rows: run_native_user_test.sh BUILD_DIR
set -eu
build=$1
work=$build/test-native/user
rm -rf "$work"
mkdir -p "$(dirname "$work")"
"$build/numabench" run --native --quiet --suite user --profile quick --out "$work"
echo "rows: $(($(wc -l <"$work/results.csv") - 1))"
"$build/tests/vm/check_user" "$work"
