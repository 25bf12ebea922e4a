#!/bin/sh
# compare's verdicts calibrated on real runs (tests/data/calibration/):
# each data set is N runs of one build, each its own guest boot or process.
#   calibrate.sh NUMABENCH DATA_DIR WORK_DIR
# A/A: 2k runs drawn at random, k as BASE and k as NEW (sets of boots, so
#   the boots are the units), compared; the share of trials that exit 1.
# Power: the same, with one random tested cell of the NEW runs slowed by a
#   factor (every time column multiplied); how often that cell is flagged
#   as a time regression, and how many other cells are flagged.
# Prints the table, each data set and metric headed by the power an
# oracle would reach (bound.sh: each cell's noise known, a z test at the
# threshold false-discovery control sets for one true effect): on TCG
# guests and this nested-VM host the units' own noise (a median 5 % per
# cell for kernel means, more for user ones) keeps even the oracle under
# issue 9's target (80 % for 20 % at 3 boots).
# Fails when A/A exits 1 in more than 1 trial in 20, or when compare's
# default metric on the kernel data misses one of these (trials seeded,
# so each run of one build on one data set gives the same table):
#   a 2x slowdown at 3 boots, and a 20 % slowdown at 10 boots, flagged in
#   at least 80 % of trials.
set -eu
nb=$1 data=$2 work=$3
trials=${CALIBRATION_TRIALS:-20}
rm -rf "$work"
mkdir -p "$work/data"
work=$(cd "$work" && pwd)	# the sets link to runs by absolute path
for t in "$data"/*.tar.xz; do
	tar -xJf "$t" -C "$work/data"
done

seed=1
# pick SEED N LIST...: N of the arguments, drawn without replacement
pick() {
	s=$1 n=$2
	shift 2
	printf '%s\n' "$@" | awk -v s="$s" -v n="$n" '
		{ v[NR] = $0 } END { srand(s)
		for (i = NR; i > 1; i--) { j = int(rand() * i) + 1; t = v[i]; v[i] = v[j]; v[j] = t }
		for (i = 1; i <= n; i++) print v[i] }'
}

# make_set DIR RUN...: DIR/boot-N -> each run
make_set() {
	d=$1
	shift
	rm -rf "$d"
	mkdir -p "$d"
	i=0
	for r in "$@"; do
		i=$((i + 1))
		ln -s "$r" "$d/boot-$i"
	done
}

# Columns by name, so every results.csv schema reads alike (no field of
# these rows before the note holds a comma): KEYCOLS name a cell (mode
# only where the schema has it), TIMECOLS are its times.
KEYCOLS="suite test allocator policy cpu_node mem_node size_bytes order batch mode threads"
TIMECOLS="min_ns p50_ns p90_ns p99_ns p999_ns max_ns mean_ns stddev_ns"
AWK_COLS='
	function cols(   i) { for (i = 1; i <= NF; i++) c[$i] = i }
	function key(   k, i, n, w) {
		n = split(keycols, w, " "); k = ""
		for (i = 1; i <= n; i++) if (w[i] in c) k = k (k == "" ? "" : "/") $c[w[i]]
		return k
	}'

# slow_copy SRC DST KEY FACTOR: SRC's run with the time columns of the rows
# of cell KEY multiplied by FACTOR.
slow_copy() {
	mkdir -p "$2"
	cp "$1/meta.json" "$2/"
	awk -F, -v OFS=, -v want="$3" -v f="$4" -v keycols="$KEYCOLS" \
	    -v timecols="$TIMECOLS" "$AWK_COLS"'
		NR == 1 { cols(); nt = split(timecols, tc, " ") }
		NR > 1 && key() == want {
			for (i = 1; i <= nt; i++) { x = c[tc[i]]; if ($x != "") $x = sprintf("%.1f", $x * f) }
		} { print }' "$1/results.csv" >"$2/results.csv"
}

# random_cell SEED RUN: a random ok cell of RUN, as its key
random_cell() {
	awk -F, -v s="$1" -v keycols="$KEYCOLS" "$AWK_COLS"'
		NR == 1 { cols(); next }
		$c["status"] == "ok" && $c["rep"] == 0 { k[++n] = key() }
		END { srand(s); print k[int(rand() * n) + 1] }' "$2/results.csv"
}

# The power that must hold, with compare's default metric: a large effect
# at the default boots, and issue 9's 20 % at the most boots the data has.
default_metric=mean
sure_boots=${CALIBRATION_SURE_BOOTS:-10}
fails=0
aa_total=0 aa_flagged=0
printf '%-8s %-6s %5s %7s %6s %8s %8s %10s\n' data metric boots factor trials flagged rate "other/trial"
for metric in mean p50; do
for set in "$work"/data/*/; do
	set=${set%/}
	name=$(basename "$set")
	runs=$(ls -d "$set"/*/ | sed 's,/$,,')
	nruns=$(echo "$runs" | wc -l)
	printf '# %s %s: ' "$name" "$metric"
	sh "$(dirname "$0")/bound.sh" "$set" "${metric}_ns"
	# compare.csv names its key columns like results.csv, mode always
	# (filled for schema 2, whose results.csv has none): match on the set's
	kc=$KEYCOLS
	head -1 "$(echo "$runs" | head -1)/results.csv" | grep -q ',mode,' ||
		kc=$(echo "$KEYCOLS" | sed 's/ mode//')
	for k in 3 5 10; do
		[ $((2 * k)) -le "$nruns" ] || continue
		for factor in ${CALIBRATION_FACTORS:-1 1.05 1.10 1.20 2.00}; do
			hit=0 other=0 t=0
			while [ "$t" -lt "$trials" ]; do
				t=$((t + 1))
				# shellcheck disable=SC2086
				seed=$((seed + 1))
				sel=$(pick "$seed" $((2 * k)) $runs)
				base=$(echo "$sel" | head -n "$k")
				new=$(echo "$sel" | tail -n "$k")
				# shellcheck disable=SC2086
				make_set "$work/t/base" $base
				if [ "$factor" = 1 ]; then
					# shellcheck disable=SC2086
					make_set "$work/t/new" $new
				else
					seed=$((seed + 1))
					key=$(random_cell "$seed" "$(echo "$new" | head -1)")
					rm -rf "$work/t/new" "$work/t/slow"
					i=0
					for r in $new; do
						i=$((i + 1))
						slow_copy "$r" "$work/t/slow/boot-$i" "$key" "$factor"
					done
					mv "$work/t/slow" "$work/t/new"
				fi
				rc=0
				"$nb" compare --quiet --metric "$metric" --format csv --out "$work/t/out" \
					"$work/t/base" "$work/t/new" >/dev/null || rc=$?
				[ "$rc" -le 1 ] || { echo "compare failed: exit $rc"; exit 1; }
				csv=$work/t/out/compare.csv
				vc=$(head -1 "$csv" | tr , '\n' | grep -nx verdict | cut -d: -f1)
				[ -z "${CALIBRATION_DEBUG:-}" ] || {
					echo "# $name $metric $k x$factor trial $t exit $rc" >&2
					awk -F, -v vc="$vc" 'NR > 1 && $vc == "regression"' "$csv" >&2
				}
				flagged=$(awk -F, -v vc="$vc" 'NR > 1 && $vc == "regression"' "$csv" | wc -l)
				if [ "$factor" = 1 ]; then
					hit=$((hit + rc))
					other=$((other + flagged))
				else
					me=$(awk -F, -v want="$key" -v vc="$vc" -v keycols="$kc" "$AWK_COLS"'
						NR == 1 { cols(); next }
						key() == want && $vc == "regression" && $(vc + 1) == "time"' "$csv" | wc -l)
					hit=$((hit + me))
					other=$((other + flagged - me))
				fi
			done
			rate=$((hit * 100 / trials))
			if [ "$factor" = 1 ]; then
				label="A/A"
				aa_total=$((aa_total + trials))
				aa_flagged=$((aa_flagged + hit))
			else
				label="x$factor"
			fi
			printf '%-8s %-6s %5s %7s %6s %8s %7s%% %10s\n' "$name" "$metric" "$k" "$label" \
				"$trials" "$hit" "$rate" \
				"$(awk -v o="$other" -v t="$trials" 'BEGIN { printf "%.2f", o / t }')"
			if [ "$factor" = 1.20 ] && [ "$k" = 3 ]; then
				echo "# $name $metric: a 20% slowdown at 3 boots flagged in $hit of $trials trials (issue 9's target: 80%)"
			fi
			if [ "$name" = kernel ] && [ "$metric" = "$default_metric" ] &&
			   { [ "$k$factor" = 32.00 ] || [ "$k$factor" = "${sure_boots}1.20" ]; }; then
				if [ $((hit * 100)) -lt $((trials * 80)) ]; then
					echo "not ok - kernel $metric: x$factor at $k boots flagged in $hit of $trials trials (< 80%)"
					fails=$((fails + 1))
				else
					echo "ok - kernel $metric: x$factor at $k boots flagged in $hit of $trials trials"
				fi
			fi
		done
	done
done
done
echo "A/A: $aa_flagged of $aa_total trials exit 1"
if [ $((aa_flagged * 20)) -gt "$aa_total" ]; then
	echo "not ok - A/A exits 1 in more than 1 trial in 20"
	fails=$((fails + 1))
else
	echo "ok - A/A exits 1 in at most 1 trial in 20"
fi
[ "$fails" -eq 0 ]
