#!/bin/sh
# numabench report on a real run: the files exist and are well-formed
# (Markdown table shape, booktabs environments, SVG and PDF magic, a
# HTML page with nothing from outside the report directory), the summary
# first and a table of contents, the matrices in the appendix,
# the run's conditions said once, a heatmap beside every matrix, curves
# with error bars and the allocator line; a second run gives the
# side-by-side table, gnuplot missing is exit 3, and the HTML page and one
# heatmap opened in headless Chromium give non-blank screenshots, saved as
# OUT/report.png and OUT/heatmap.png.
#   test_report.sh NUMABENCH RUN_DIR OUT_DIR PNG_INK
set -u
nb=$1 run=$2 out=$3 png_ink=$4
k=6.12.117-deb12-amd64	# the run's kernel: every id starts with it
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@"; then ok "$d"; else bad "$d"; fi
}

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)	# Chromium needs an absolute file:// URL
if "$nb" report "$run" --out "$out/r1" >"$out/stdout" 2>"$out/stderr"; then
	ok "report exits 0"
else
	bad "report exits $?: $(cat "$out/stderr")"
fi
r=$out/r1
for f in report.md report.tex report.html; do
	check "$f written and announced" test -s "$r/$f" -a -n "$(grep "wrote $r/$f" "$out/stdout")"
done
check "no report.txt unless asked" test ! -e "$r/report.txt"
ntab=$(ls "$r"/tables/*.tex 2>/dev/null | wc -l)
check "tables/*.tex: $ntab files" test "$ntab" -ge 9
nsvg=$(ls "$r"/plots/*.svg 2>/dev/null | wc -l)
npdf=$(ls "$r"/plots/*.pdf 2>/dev/null | wc -l)
check "plots: $nsvg svg, $npdf pdf" test "$nsvg" -ge 3 -a "$nsvg" -eq "$npdf"
for f in "$r"/plots/*.svg; do
	grep -q '<svg' "$f" || bad "$f is not SVG"
	grep -q '<path\|<polyline' "$f" || bad "$f draws nothing"
done
for f in "$r"/plots/*.pdf; do
	[ "$(head -c 5 "$f")" = "%PDF-" ] || bad "$f lacks the %PDF- magic"
	tail -c 32 "$f" | grep -q '%%EOF' || bad "$f is truncated (no %%EOF)"
done

# Markdown: every table row has as many unescaped | as its header line
awk '
	/^\|/ { line = $0; gsub(/\\\|/, "", line); n = gsub(/\|/, "", line)
		if (!intable) { want = n; intable = 1; tables++ }
		else if (n != want) { printf "row %d has %d bars, header %d\n", NR, n, want; bad = 1 } next }
	{ intable = 0 }
	END { if (tables < 12) { print "only " tables " tables"; bad = 1 } exit bad }
' "$r/report.md" && ok "report.md table shape" || bad "report.md table shape"
check "report.md links its plots" grep -q "^!\\[.*\\](plots/$k-curve-kmalloc.svg)\$" "$r/report.md"
check "md separator lines" grep -q '^|:---|---:|---:|---:|$' "$r/report.md"
check "md conditions name kernel, machine, executor, reps" \
	grep -q '^\*\*Conditions\.\*\* Kernel: 6\.12\..*Machine: .*Executor: VM (QEMU tcg.*TCG emulation.*Repetitions: 2 ' "$r/report.md"
check "the conditions said once (one run: one Kernel:)" \
	test "$(grep -o 'Kernel: 6\.12' "$r/report.md" | wc -l)" -eq 1
check "md contents link every section" \
	grep -q '^  - \[Summary\](#summary)$' "$r/report.md"
check "md contents: the matrices under the appendix" \
	grep -q '^    - \[Node x node matrices\](#node-x-node-matrices)$' "$r/report.md"
check "summary is the first table" \
	test "$(grep -m1 '^\*\*.*\*\*$' "$r/report.md" | grep -c '^\*\*Summary: ')" -eq 1
check "summary: ratio per distance class with intervals, n = repetitions" \
	grep -q '^| kmalloc 4 KiB | [0-9.]* [nu]s \\\[[0-9.]*, [0-9.]*\\\] n=2 | [0-9.]* \\\[[0-9.]*, [0-9.]*\\\] n=2 |' "$r/report.md"
check "summary: the run's cells counted" \
	grep -q '^All 120 cells of the run: 0 skipped, 0 failed, 0 with samples off their path, 0 misplaced, 0 stopped on their time budget, 0 with few clean samples\.$' "$r/report.md"
check "conditions: the core clock of a run before APERF/MPERF was recorded" \
	grep -q '^| core clock | not recorded |$' "$r/report.md"
nmat=$(ls "$r"/tables/"$k"-matrix-*.tex | wc -l)
nheat=$(ls "$r"/plots/"$k"-heat-*.svg | wc -l)
check "a heatmap per matrix ($nheat of $nmat)" test "$nheat" -eq "$nmat" -a "$nmat" -ge 9
check "heatmaps print each cell's p50" grep -q '>6.46 us<' "$r/plots/$k-heat-buddy-alloc-o-0.svg"
check "curves have error bars" grep -q 'with yerrorlines' "$r/plots/plots.gp"
check "heatmaps on one fixed log colour scale with a labelled bar" \
	test "$(grep -c '^set cbrange \[0.5:2\]$' "$r/plots/plots.gp")" -eq $((2 * nheat)) -a \
	"$(grep -c "^set cblabel 'p50 / local p50 of the CPU''s node, log scale'$" "$r/plots/plots.gp")" -eq $((2 * nheat))
check "figures 3.5 in wide in PDF" test -z "$(grep '^set terminal pdfcairo' "$r/plots/plots.gp" | grep -v 'size 3.50in,')"
check "allocator table absent with a line saying so" \
	grep -q 'No kernel-against-userspace table' "$r/report.md"

# LaTeX: each table file holds complete booktabs floats (table, or table*
# when wide; more than one when its rows continue), one caption with the
# conditions and one label
for f in "$r"/tables/*.tex; do
	for w in '\\caption\[{' '\\label{tab:'; do
		[ "$(grep -c "$w" "$f")" = 1 ] || bad "$f: $w not exactly once"
	done
	nf=$(grep -c '^\\begin{table\*\?}' "$f")
	for w in '^\\end{table\*\?}' '^\\toprule' '^\\midrule' '^\\bottomrule'; do
		[ "$nf" -ge 1 ] && [ "$(grep -c "$w" "$f")" -ge "$nf" ] ||
			bad "$f: $nf floats, $w $(grep -c "$w" "$f") times"
	done
	grep -q 'buddy_alloc\|vmalloc_' "$f" && bad "$f: unescaped _"
done
check "report.tex inputs every table" test "$(grep -c '^\\input{tables/' "$r/report.tex")" -eq "$ntab"
check "report.tex inputs a figure per plot" test "$(grep -c '^\\input{figures/' "$r/report.tex")" -eq "$npdf"
check "figure files at column width, labelled" \
	test "$(grep -l 'includegraphics\[width=\\columnwidth\]' "$r"/figures/*.tex | xargs grep -l '\\label{fig:' | wc -l)" -eq "$npdf"
check "report.tex is a document" grep -q '^\\end{document}' "$r/report.tex"

# HTML: nothing from outside the report directory, tables, each SVG plot
# referenced once (not inlined: the page stays small)
h=$r/report.html
check "html has tables" test "$(grep -c '<table class="nb"' "$h")" -ge 12
check "html refers to each plot once" \
	test "$(grep -o '<img src="plots/[^"]*\.svg"' "$h" | sort -u | wc -l)" -eq "$nsvg" -a \
	"$(grep -c '<img src="plots/' "$h")" -eq "$nsvg"
check "html contents link every table" \
	test "$(sed -n '/<nav class="toc">/,/<\/nav>/p' "$h" | grep -o "href=\"#$k-" | wc -l)" -ge "$ntab"
check "html appendix after the summary" \
	test "$(grep -n '<h1 id="appendix">' "$h" | cut -d: -f1)" -gt "$(grep -n "id=\"$k-summary\"" "$h" | cut -d: -f1)"
check "html has no external resources" \
	test -z "$(grep -Eo '(src|href)="(https?:|//|file:)[^"]*|<link |<script|@import' "$h")"
check "html ends" grep -q '</html>' "$h"
check "html contents" grep -q '<nav class="toc">' "$h"
check "html heatmaps beside their tables" test "$(grep -c '<div class="pair">' "$h")" -eq "$nheat"

# several runs: one section each and one column per run
mkdir -p "$out/run2"
cp "$run/results.csv" "$run/meta.json" "$out/run2/"
sed -i 's/"run_id": "\([^"]*\)"/"run_id": "\1-copy"/' "$out/run2/meta.json"
if "$nb" report "$run" "$out/run2" --out "$out/r2" --format md,text >"$out/stdout2" 2>&1; then
	check "two runs: side-by-side table" grep -q 'Local node latency per run' "$out/r2/report.md"
	check "two runs of one kernel: ids with the run id" \
	grep -q "plots/$k-20261123-104808-vm-copy-curve-kmalloc.svg" "$out/r2/report.md"
	check "two runs: text report" test -s "$out/r2/report.txt"
	check "default out dir unused with --out" test ! -e "$out/run2/report"
else
	bad "two runs: exit $?: $(cat "$out/stdout2")"
fi

# gnuplot missing: exit 3 naming the package; text alone does not need it
PATH=/nonexistent "$nb" report "$run" --out "$out/r3" 2>"$out/stderr3"
code=$?
check "no gnuplot: exit 3 ($code)" test "$code" -eq 3
check "no gnuplot: names gnuplot-nox" grep -q 'install gnuplot-nox' "$out/stderr3"
PATH=/nonexistent "$nb" report "$run" --out "$out/r4" --format text >/dev/null 2>&1
check "no gnuplot, --format text: exit 0" test "$?" -eq 0

# the page in headless Chromium: a screenshot with ink on it
if command -v chromium >/dev/null; then
	home=$(mktemp -d)
	HOME=$home timeout 240 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$home/profile" --screenshot="$out/report.png" \
		--window-size=1280,2000 "file://$h" >"$out/chromium.log" 2>&1
	HOME=$home timeout 240 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$home/profile" --screenshot="$out/heatmap.png" \
		--window-size=700,420 "file://$r/plots/$k-heat-kmalloc-s-4096.svg" \
		>>"$out/chromium.log" 2>&1
	rm -rf "$home"
	ink=$("$png_ink" "$out/report.png") || tail -5 "$out/chromium.log"
	echo "# screenshot $out/report.png: $ink non-background pixels"
	check "screenshot non-blank ($ink pixels)" test "${ink:-0}" -gt 20000
	ink=$("$png_ink" "$out/heatmap.png") || tail -5 "$out/chromium.log"
	echo "# screenshot $out/heatmap.png: $ink non-background pixels"
	# remote/local cells that are not different are white: less ink
	check "heatmap screenshot non-blank ($ink pixels)" test "${ink:-0}" -gt 8000
else
	bad "chromium not installed (scripts/bootstrap installs it)"
fi

echo "$fails failed"
[ "$fails" -eq 0 ]
