#!/bin/sh
# How the calibration data in tests/data/calibration/ was recorded (run by
# hand, not by ctest): N good runs of the same build, each its own process
# or guest boot, kept as results.csv + meta.json.
#   collect.sh BUILD_DIR OUT_DIR [N]
#   OUT_DIR/kernel/kNN: `run --vm --suite kernel` on 6.12
#   OUT_DIR/user/uNN:   `run --native --suite user`
# both with the profile calibration.ini beside this script. A run that
# fails (a guest that oopses or hangs) is kept as OUT_DIR/failed-*/ and
# reported, and the next index is tried; runs already there are kept.
set -u
build=$1 out=$2 n=${3:-20}
nb=$build/numabench
prof=$(cd "$(dirname "$0")" && pwd)/calibration.ini
mkdir -p "$out/kernel" "$out/user"
i=0
tries=0
while [ "$i" -lt "$n" ] && [ "$tries" -lt $((2 * n)) ]; do
	id=$(printf %02d "$i")
	tries=$((tries + 1))
	if [ -e "$out/kernel/k$id/results.csv" ] && [ -e "$out/user/u$id/results.csv" ]; then
		i=$((i + 1))
		continue
	fi
	rm -rf "$out/kernel/k$id" "$out/user/u$id"
	if ! "$nb" run --native --quiet --suite user --profile "$prof" \
		--out "$out/user/u$id" ||
	   ! "$nb" run --vm --quiet --timeout 300 --kernel 6.12 --suite kernel \
		--profile "$prof" --out "$out/kernel/k$id"; then
		echo "collect: run $id failed; kept in $out/failed-$tries" >&2
		mkdir -p "$out/failed-$tries"
		mv "$out/kernel/k$id" "$out/user/u$id" "$out/failed-$tries/" 2>/dev/null
		continue
	fi
	rm -rf "$out/kernel/k$id/guest" "$out/kernel/k$id/hist.jsonl" \
		"$out/kernel/k$id/run.log" "$out/user/u$id/hist.jsonl"
	i=$((i + 1))
done
