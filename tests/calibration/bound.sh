#!/bin/sh
# The power no per-cell test can beat on a calibration data set: each
# cell's spread between boots (sd of ln of its per-boot geometric mean,
# less each boot's level common to all cells, as compare takes it) taken as
# known, a z test, and the threshold false-discovery control sets for the
# one slowed cell among m (alpha / m, two-sided). Averaged over cells: the
# share of trials in which an oracle flags a slowdown by FACTOR at K boots
# a side. compare's measured power (calibrate.sh) should come out near or
# below it; not strictly below, as each cell's noise is estimated from the
# same runs and 20 trials are a small sample.
#   bound.sh SET_DIR METRIC_COLUMN   (e.g. .../kernel mean_ns)
set -eu
set=$1 col=$2
for r in "$set"/*/; do
	awk -F, -v col="$col" -v boot="$r" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["status"] == "ok" && $c[col] > 0 {
			k = $c["suite"] "/" $c["test"] "/" $c["allocator"] "/" $c["policy"] "/" \
			    $c["cpu_node"] "/" $c["mem_node"] "/" $c["size_bytes"] "/" \
			    $c["order"] "/" $c["batch"] "/" (("mode" in c) ? $c["mode"] : "") "/" $c["threads"]
			s[k] += log($c[col]); n[k]++
		}
		END { for (k in s) print boot, k, s[k] / n[k] }' "$r/results.csv"
done | awk '
	# the standard normal upper tail, and its inverse by bisection
	function Q(z,   t, y) {
		t = 1 / (1 + 0.2316419 * (z < 0 ? -z : z))
		y = 0.3989423 * exp(-z * z / 2) * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))))
		return z < 0 ? 1 - y : y
	}
	function Qinv(p,   lo, hi, mid, i) {
		lo = 0; hi = 40
		for (i = 0; i < 100; i++) { mid = (lo + hi) / 2; if (Q(mid) > p) lo = mid; else hi = mid }
		return mid
	}
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{ y[$1, $2] = $3; if (!($1 in boots)) { boots[$1]; nb++ } ; seen[$2]++ }
	END {
		for (k in seen) if (seen[k] == nb) { cells[k]; m++ }
		for (k in cells) { s = 0; for (b in boots) s += y[b, k]; cm[k] = s / nb }
		for (b in boots) { n = 0; for (k in cells) d[++n] = y[b, k] - cm[k]; lev[b] = median(d, n) }
		for (k in cells) {
			s = 0; ss = 0
			for (b in boots) { v = y[b, k] - lev[b]; s += v; ss += v * v }
			sd[k] = sqrt((ss - s * s / nb) / (nb - 1))
		}
		zc = Qinv(0.05 / m / 2)
		printf "oracle bound (%d boots, %d cells in all):", nb, m
		split("3 5 10", ks, " "); split("1.10 1.20 2.00", fs, " ")
		for (i = 1; i <= 3; i++) for (j = 1; j <= 3; j++) {
			p = 0
			for (k in cells) p += 1 - Q(log(fs[j]) / (sd[k] * sqrt(2 / ks[i]) + 1e-12) - zc)
			printf " x%s@%s %d%%", fs[j], ks[i], 100 * p / m
		}
		printf "\n"
	}'
