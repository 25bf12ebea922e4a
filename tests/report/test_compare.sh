#!/bin/sh
# compare's documents on real runs: two calibration runs of the kernel
# suite (one boot each, TCG), the second made slower in kmalloc's cells
# that allocate on node 1 (mean and percentiles x1.6, as a real slowdown
# would), and in a second comparison in every test's cells on node 1. compare.md/html/tex must carry what compare.txt carries (the
# warnings, the common level with its interval, the intervals per cell),
# readable cell names and no key sentinels, the regressions first, both
# runs named by kernel and run id; compare.tex must compile in a
# two-column IEEEtran paper and in a one-column article with no float too
# large and no overfull box over 1 pt; the forest plot and the distance
# figure must exist and have ink; without gnuplot the other files are
# still written and say the figures are missing.
#   test_compare.sh NUMABENCH DATA_DIR OUT_DIR PNG_INK
set -u
nb=$1 data=$2 out=$3 png_ink=$4
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
check() {	# check DESCRIPTION COMMAND...
	what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
for tool in pdflatex pdftoppm gnuplot; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed (scripts/bootstrap installs texlive-latex-recommended, texlive-publishers, poppler-utils, gnuplot-nox)"
		exit 77
	fi
done
if ! kpsewhich IEEEtran.cls >/dev/null; then
	echo "SKIP: IEEEtran.cls is not installed (texlive-publishers)"
	exit 77
fi

rm -rf "$out"
mkdir -p "$out/runs"
tar xJf "$data/calibration/kernel-6.12-tcg.tar.xz" -C "$out/runs" kernel/k00 kernel/k01
base=$out/runs/kernel/k00
cp "$out/runs/kernel/k01/meta.json" "$out/runs/slow/"
# slow DIR TEST FACTOR: k01 with the cells of TEST (every test: ".")
# that allocate on node 1 slower by FACTOR in min_ns .. mean_ns (columns
# 21-27; only the last column, the note, may hold a quoted comma)
slow() {
	mkdir -p "$1"
	cp "$out/runs/kernel/k01/meta.json" "$1/"
	awk -F, -v test="$2" -v f="$3" 'BEGIN { OFS = "," }
		NR > 1 && $5 ~ ("^" test "$") && $9 == "1" {
			for (i = 21; i <= 27; i++) if ($i != "") $i = sprintf("%.1f", $i * f)
		} { print }' "$out/runs/kernel/k01/results.csv" >"$1/results.csv"
}
slow "$out/runs/slow" kmalloc 1.6
# every test on node 1: regressions beyond what a figure or a float shows,
# and a common level that is a regression of its own
slow "$out/runs/slowall" '.*' 1.5

c=$out/cmp
"$nb" compare --reps-as-units "$base" "$out/runs/slow" --out "$c" >"$out/compare.out" 2>&1
rc=$?
check "compare finds the regression (exit $rc)" [ "$rc" -eq 1 ]
"$nb" compare --reps-as-units "$base" "$out/runs/slowall" --out "$out/cmpall" >"$out/compareall.out" 2>&1
rc=$?
check "compare finds the regressions of every test (exit $rc)" [ "$rc" -eq 1 ]
check "compare.md says the common level is a regression" \
	grep -q 'tested on its own: x1\.[0-9]* .*: regression global' "$out/cmpall/compare.md"
check "the forest plot shows 40 of the regressions and says so" \
	grep -q '40 of the [0-9]* cells with a ratio shown.*not all regressions and improvements fit' "$out/cmpall/compare.md"
for f in md html tex; do
	doc=$c/compare.$f
	check "compare.$f exists" [ -s "$doc" ]
	check "compare.$f: the common level with its interval" \
		grep -q 'common level of all cells (480 in every unit), tested on its own: x1\.0[0-9]* \\\?\[0\.[0-9]*, 1\.[0-9]*\\\?\]' "$doc"
	check "compare.$f: the TCG timing warning" grep -q 'TCG emulation' "$doc"
	check "compare.$f: the single-boot warning" grep -q 'do not see boot-to-boot variance' "$doc"
	check "compare.$f: the threshold and the rule" grep -q 'a slowdown counts from x1\.050' "$doc"
	check "compare.$f: what could be detected" grep -q 'the median cell needs x' "$doc"
	check "compare.$f: no key sentinels (m-1, o-1, s0, c-1)" \
		sh -c "! grep -Eq '(^|[^a-z])(m-1|o-1|c-1)([^0-9]|\$)|/s0/' '$doc'"
	check "compare.$f: readable cell names" grep -q 'kmalloc 8 B, CPU node 0 .* mem node 1' "$doc"
	check "compare.$f: both runs named by kernel and run id" \
		sh -c "grep -q 'base.*6\.12\.117+deb12-amd64.*20261130-163302-vm' '$doc' &&
		       grep -q 'new.*6\.12\.117+deb12-amd64.*20261130-163346-vm' '$doc'"
done

# The cells table of compare.md: every regression before every other cell.
md=$c/compare.md
awk -F' \\| ' '/^\| cell \| base ns/ { on = 1; next } on && /^\|:/ { next }
	on && !/^\|/ { exit } on { print $NF }' "$md" >"$out/verdicts"
nreg=$(grep -c 'regression' "$out/verdicts")
first_other=$(grep -vn 'regression' "$out/verdicts" | head -1 | cut -d: -f1)
check "compare.md: $nreg regressions, all before the other cells" \
	[ "$nreg" -ge 10 ] && [ "${first_other:-0}" -eq $((nreg + 1)) ]
check "compare.md: the first cell is a slowed kmalloc cell" \
	sh -c "awk '/^\\| cell \\| base ns/ { getline; getline; print; exit }' '$md' | grep -q '^| kmalloc .*mem node 1'"
check "compare.md: intervals per cell (base, new, ratio, beyond)" \
	grep -q '^| kmalloc .* | \\\[[0-9.]*, [0-9.]*\\\] | 3 | .* | x1\.[0-9]* | \\\[1\.[0-9]*, [0-9.]*\\\] | x' "$md"

# The figures: drawn, linked, with ink; the regressions red.
for fig in compare-forest compare-distance; do
	check "$fig.svg and .pdf exist" [ -s "$c/$fig.svg" ] && [ -s "$c/$fig.pdf" ]
	check "compare.md and .html show $fig.svg" \
		sh -c "grep -q '($fig.svg)' '$md' && grep -q 'src=\"$fig.svg\"' '$c/compare.html'"
	check "compare.tex includes $fig.pdf" grep -q "includegraphics\[width=\\\\columnwidth.*\]{$fig.pdf}" "$c/compare.tex"
	rm -f "$out/$fig"-*.png
	pdftoppm -r 60 -png "$c/$fig.pdf" "$out/$fig"
	ink=$("$png_ink" "$out/$fig"-1.png 2>/dev/null) || ink=0
	check "$fig.pdf has ink ($ink pixels)" [ "$ink" -gt 1500 ]
done
size=$(pdfinfo "$c/compare-forest.pdf" | sed -n 's/^Page size: *\([0-9.]*\) x.*/\1/p')
check "the forest plot is drawn 3.5 in wide ($size pt)" [ "${size%.*}" -eq 252 ]
check "the forest plot marks regressions red" grep -q '0xd62728' "$c/plots.gp"
check "the forest plot draws the common level as a band" grep -q '^set object 1 rect from 0\.9' "$c/plots.gp"

# compare.tex in papers: two-column IEEEtran and a one-column article.
for cmp in cmp cmpall; do
for class in "[conference]{IEEEtran}" "{article}"; do
	name=$cmp-$(echo "$class" | tr -dc 'a-zA-Z')
	d=$out/tex-$name
	mkdir -p "$d"
	cp "$out/$cmp"/compare.tex "$out/$cmp"/compare-*.pdf "$d/"
	cat >"$d/paper.tex" <<EOF
\\documentclass$class
\\usepackage[T1]{fontenc}
\\usepackage{booktabs,longtable,graphicx}
\\begin{document}
\\section{Results}
Text before.
\\input{compare}
\\section{After}
Text after.
\\end{document}
EOF
	okpass=1
	for pass in 1 2; do
		(cd "$d" && pdflatex -interaction=nonstopmode -halt-on-error paper.tex) \
			>"$d/pass-$pass.out" 2>&1 || okpass=0
	done
	check "$name: compare.tex compiles (two passes)" [ "$okpass" -eq 1 ]
	check "$name: no float too large" sh -c "! grep -q 'Float too large' '$d/paper.log'"
	over=$(sed -n 's/^Overfull \\hbox (\([0-9.]*\)pt too wide).*/\1/p' "$d/paper.log" |
	       awk '$1 > 1 { n++ } END { print n + 0 }')
	check "$name: no overfull box over 1 pt ($over)" [ "$over" -eq 0 ]
	check "$name: no undefined reference" sh -c "! grep -q 'undefined references' '$d/paper.log'"
	check "$name: two passes are enough (no Rerun)" sh -c "! grep -q 'Rerun' '$d/paper.log'"
	pdftoppm -r 30 -png -f 1 -l 3 "$d/paper.pdf" "$d/page"
	blank=0
	for png in "$d"/page-*.png; do
		ink=$("$png_ink" "$png") || ink=0
		[ "$ink" -gt 500 ] || blank=$((blank + 1))
	done
	check "$name: the first pages have ink" [ "$blank" -eq 0 ]
done
done

# Without gnuplot: every other file, and the documents say why.
PATH=/nonexistent "$nb" compare --reps-as-units "$base" "$out/runs/slow" \
	--out "$out/nogp" >"$out/nogp.out" 2>&1
rc=$?
check "without gnuplot compare still judges (exit $rc)" [ "$rc" -eq 1 ]
for f in txt csv md tex html json; do
	check "without gnuplot compare.$f is written" [ -s "$out/nogp/compare.$f" ]
done
check "without gnuplot the documents say the figures are missing" \
	sh -c "grep -q 'Figure missing: gnuplot is not on PATH' '$out/nogp/compare.md' &&
	       grep -q 'Figure missing' '$out/nogp/compare.html' &&
	       grep -q 'Figure missing' '$out/nogp/compare.tex'"
check "without gnuplot stderr says so" grep -q 'gnuplot is not on PATH' "$out/nogp.out"

echo "$fails failed"
[ "$fails" -eq 0 ]
