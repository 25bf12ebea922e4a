#!/bin/sh
# The LaTeX a paper takes: report.tex of real runs, \input-ing its tables
# (tables/*.tex) and figures (figures/*.tex: heatmaps, curves with error
# bars and a p99 panel, the grouped allocator bars), compiled by two
# pdflatex passes with no error, no float too large, no box over 1 pt too
# wide and no label still moving, the main part before the appendix, and
# rendered page by page with pdftoppm; every page has ink. The pages are
# kept as OUT/*/page-N.png.
#   test_latex.sh NUMABENCH DATA_DIR OUT_DIR PNG_INK
# DATA_DIR is tests/data: run-kernel-quick, and the calibration runs (the
# full kernel suite; a kernel-suite and a user-suite run's rows in one
# directory, so the kernel-against-allocators chart is drawn too).
set -u
nb=$1 data=$2 out=$3 png_ink=$4
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
for tool in pdflatex pdftoppm pdfinfo; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed (scripts/bootstrap installs texlive-latex-recommended, lmodern, poppler-utils)"
		exit 77
	fi
done

rm -rf "$out"
mkdir -p "$out/runs"
tar xJf "$data/calibration/kernel-6.12-tcg.tar.xz" -C "$out/runs" kernel/k00
tar xJf "$data/calibration/user-native.tar.xz" -C "$out/runs" user/u00
mkdir -p "$out/runs/both"
cp "$out/runs/kernel/k00/meta.json" "$out/runs/both/"
{ cat "$out/runs/kernel/k00/results.csv"; tail -n +2 "$out/runs/user/u00/results.csv"; } \
	>"$out/runs/both/results.csv"

# compile NAME RUN_DIR MIN_PAGES
compile() {
	name=$1 run=$2 min=$3 r=$out/$1
	if ! "$nb" report "$run" --out "$r" --format tex >"$out/$name.log" 2>&1; then
		bad "$name: report exits $?: $(tail -1 "$out/$name.log")"
		return
	fi
	# twice: the second pass fills the table of contents
	for pass in 1 2; do
		if ! (cd "$r" && pdflatex -interaction=nonstopmode -halt-on-error report.tex) \
			>"$r/pdflatex-$pass.out" 2>&1; then
			bad "$name: pdflatex pass $pass fails: $(grep -m1 -A2 '^!' "$r/report.log")"
			return
		fi
	done
	ok "$name: pdflatex compiles report.tex"
	log=$r/report.log
	grep -q 'LaTeX Warning: There were undefined references' "$log" &&
		bad "$name: undefined references"
	grep -q 'Float too large' "$log" &&
		bad "$name: $(grep -c 'Float too large' "$log") floats too large"
	grep -q 'Label(s) may have changed' "$log" &&
		bad "$name: labels still move after two passes"
	over=$(sed -n 's/^Overfull \\hbox (\([0-9.]*\)pt too wide).*/\1/p' "$log" |
		awk '$1 > 1 { n++ } END { print n + 0 }')
	[ "$over" -eq 0 ] && ok "$name: no box over 1 pt too wide" ||
		bad "$name: $over boxes over 1 pt too wide: $(grep -m3 '^Overfull \\hbox' "$log" | tr '\n' ' ')"
	# summary first: the appendix (matrices) after every run's summary
	app=$(grep -n '^\\appendix' "$r/report.tex" | cut -d: -f1)
	sum=$(grep -n 'summary\.tex}' "$r/report.tex" | tail -1 | cut -d: -f1)
	mat=$(grep -n 'tables/.*-matrix-' "$r/report.tex" | head -1 | cut -d: -f1)
	if [ -n "$app" ] && [ "${sum:-0}" -lt "$app" ] && [ "${mat:-0}" -gt "$app" ]; then
		ok "$name: summaries before the appendix, matrices after"
	else
		bad "$name: appendix at line ${app:-none}, last summary ${sum:-none}, first matrix ${mat:-none}"
	fi
	pages=$(pdfinfo "$r/report.pdf" | sed -n 's/^Pages: *//p')
	echo "# $name: $r/report.pdf, ${pages:-?} pages"
	if [ "${pages:-0}" -ge "$min" ]; then ok "$name: $pages pages (>= $min)"; else bad "$name: $pages pages, expected >= $min"; fi
	nfig=$(grep -c '^\\input{figures/' "$r/report.tex")
	ntab=$(grep -c '^\\input{tables/' "$r/report.tex")
	echo "# $name: $ntab tables, $nfig figures"
	[ "$nfig" -eq "$(ls "$r"/figures/*.tex | wc -l)" ] &&
		[ "$nfig" -eq "$(ls "$r"/plots/*.pdf | wc -l)" ] &&
		ok "$name: a figure file per plot, each input" ||
		bad "$name: $nfig figures input, $(ls "$r"/figures/*.tex | wc -l) files, $(ls "$r"/plots/*.pdf | wc -l) plots"
	pdftoppm -r 40 -png "$r/report.pdf" "$r/page"
	blank=0
	for png in "$r"/page-*.png; do
		ink=$("$png_ink" "$png") || ink=0
		# a page of text at 40 dpi inks a few thousand pixels
		[ "$ink" -gt 800 ] || { blank=$((blank + 1)); echo "# $png: $ink pixels"; }
	done
	n=$(ls "$r"/page-*.png | wc -l)
	if [ "$n" -eq "${pages:-0}" ] && [ "$blank" -eq 0 ]; then
		ok "$name: $n pages rendered, none blank"
	else
		bad "$name: $n of $pages pages rendered, $blank blank"
	fi
}

compile quick "$data/run-kernel-quick" 4
compile kernel "$out/runs/kernel/k00" 10
compile both "$out/runs/both" 10
grep -q 'plots/6.12.117-deb12-amd64-allocators-malloc-node0.pdf' "$out/both/figures/"*.tex &&
	ok "both: the allocator bar chart is in the document" ||
	bad "both: no allocator bar chart"

echo "$fails failed"
[ "$fails" -eq 0 ]
