#!/bin/sh
# compare's verdicts calibrated on real runs (tests/data/calibration/, see
# calibrate.c for the cases and the assertions):
#   calibrate.sh CALIBRATE_BIN DATA_DIR WORK_DIR [SEED]
set -eu
bin=$1 data=$2 work=$3
rm -rf "$work"
mkdir -p "$work/data"
for t in "$data"/*.tar.xz; do
	tar -xJf "$t" -C "$work/data"
done
exec "$bin" "$work/data" "${4:-${CALIBRATION_SEED:-1}}"
