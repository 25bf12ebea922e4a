#!/bin/sh
# How the calibration data in tests/data/calibration/ was recorded (run by
# hand, not by ctest): N runs of the same build, each its own process or
# guest boot, kept as results.csv + meta.json.
#   collect.sh BUILD_DIR OUT_DIR [N]
#   OUT_DIR/kernel/k00..: `run --vm --suite kernel` on 6.12
#   OUT_DIR/user/u00..:   `run --native --suite user`
# both with the profile calibration.ini beside this script.
set -eu
build=$1 out=$2 n=${3:-20}
nb=$build/numabench
prof=$(cd "$(dirname "$0")" && pwd)/calibration.ini
mkdir -p "$out/kernel" "$out/user"
i=0
while [ "$i" -lt "$n" ]; do
	id=$(printf %02d "$i")
	"$nb" run --native --quiet --suite user --profile "$prof" \
		--out "$out/user/u$id"
	"$nb" run --vm --quiet --kernel 6.12 --suite kernel --profile "$prof" \
		--out "$out/kernel/k$id"
	rm -rf "$out/kernel/k$id/guest" "$out/kernel/k$id/hist.jsonl" \
		"$out/kernel/k$id/run.log" "$out/user/u$id/hist.jsonl"
	i=$((i + 1))
done
