#!/bin/sh
# The report drops into a paper: a two-column IEEEtran paper \inputs every
# tables/*.tex and figures/*.tex of reports of real runs (the committed
# run-kernel-quick; the calibration runs k00 + u00 in one report; the
# fixture and a second host made from it) and
# \refs every label; two pdflatex passes with no error, no float too large,
# no overfull box over 1 pt, no undefined reference and no label still
# moving; every page rendered by pdftoppm has ink (kept as OUT/paper-N.png).
# Ids depend on content: the same files whatever the order or number of
# runs, and the run id added only when two runs share a kernel.
#   test_paper.sh NUMABENCH DATA_DIR OUT_DIR PNG_INK
set -u
nb=$1 data=$2 out=$3 png_ink=$4
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
for tool in pdflatex pdftoppm pdfinfo kpsewhich; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed (scripts/bootstrap installs texlive-latex-recommended, texlive-publishers, poppler-utils)"
		exit 77
	fi
done
if [ -z "$(kpsewhich IEEEtran.cls)" ] || [ -z "$(kpsewhich ptmr7t.tfm)" ]; then
	echo "SKIP: IEEEtran.cls or Times is missing (scripts/bootstrap installs texlive-publishers, texlive-fonts-recommended)"
	exit 77
fi

rm -rf "$out"
mkdir -p "$out/runs"
out=$(cd "$out" && pwd)
tar xJf "$data/calibration/kernel-6.12-tcg.tar.xz" -C "$out/runs" kernel/k00
tar xJf "$data/calibration/user-native.tar.xz" -C "$out/runs" user/u00
k00=$out/runs/kernel/k00 u00=$out/runs/user/u00 quick=$data/run-kernel-quick

report() { # report NAME RUN...
	name=$1
	shift
	"$nb" report "$@" --out "$out/$name" --format tex >"$out/$name.log" 2>&1 ||
		bad "$name: report exits $?: $(tail -1 "$out/$name.log")"
}
report quick "$quick"
report both "$k00" "$u00"
report both-reversed "$u00" "$k00"
report kernel "$k00"

# ids from the kernel, not from the place on the command line
names() { (cd "$out/$1" && ls tables figures); }
if [ "$(names both)" = "$(names both-reversed)" ]; then
	ok "ids: the same files whatever the order of runs"
else
	bad "ids: the files change with the order of runs"
fi
names kernel | sort >"$out/names-kernel"
names both | sort >"$out/names-both"
missing=$(comm -23 "$out/names-kernel" "$out/names-both")
if [ -z "$missing" ]; then
	ok "ids: a run's files the same alone and with another run"
else
	bad "ids: a run's files change when another run is added: $(echo $missing | head -c 200)"
fi
grep -q '\\label{tab:6\.12\.117-deb12-amd64-summary}' \
	"$out/kernel/tables/6.12.117-deb12-amd64-summary.tex" &&
	ok "ids: tab:<kernel>-summary" || bad "ids: no tab:6.12.117-deb12-amd64-summary"
# two runs of one kernel: the run id tells them apart
mkdir -p "$out/runs/copy"
cp "$quick/results.csv" "$quick/meta.json" "$out/runs/copy/"
sed -i 's/"run_id": "\([^"]*\)"/"run_id": "\1-copy"/' "$out/runs/copy/meta.json"
report same-kernel "$quick" "$out/runs/copy"
n=$(ls "$out/same-kernel/tables" | grep -c 'summary')
[ "$n" -eq 2 ] && ok "ids: two runs of one kernel, two summaries" ||
	bad "ids: two runs of one kernel give $n summary files"

# two hosts (a second made from the fixture: other CPU, kernel, a two-node
# topology, no vmalloc): the hosts' tables and charts fit the paper too
"$(dirname "$0")/fake_host.sh" "$quick" "$out/runs/hostb" hostb vmalloc
report hosts "$quick" "$out/runs/hostb"
if ls "$out/hosts/tables" | grep -q '^hosts-conditions.tex$'; then
	ok "two hosts: the hosts' tables are written"
else
	bad "two hosts: no tables/hosts-conditions.tex"
fi

# paper NAME REPORT...: a two-column paper of every table and figure
paper() {
	name=$1
	shift
	p=$out/paper-$name
	mkdir -p "$p"
	{
		printf '%s\n' '\documentclass[conference]{IEEEtran}' \
			'\usepackage{booktabs}' '\usepackage{graphicx}' \
			'% many floats and little text: room for them' \
			'\extrafloats{200}' '\maxdeadcycles=1000'
		printf '\\graphicspath{'
		for r in "$@"; do printf '{%s/}' "$out/$r"; done
		printf '}\n\\begin{document}\n\\title{numabench paper skeleton}\n\\author{}\n\\maketitle\n'
		i=0
		for r in "$@"; do
			for f in "$out/$r"/tables/*.tex "$out/$r"/figures/*.tex; do
				printf '\\input{%s}\n' "$f"
				sed -n 's/.*\\label{\([^}]*\)}.*/\1/p' "$f" |
					sed 's/^\(tab\|fig\):.*/See \\ref{&}./'
				i=$((i + 1))
				[ $((i % 16)) -eq 0 ] && printf '\\clearpage\n'
			done
		done
		printf '\\end{document}\n'
	} >"$p/paper.tex"
	for pass in 1 2; do
		if ! (cd "$p" && pdflatex -interaction=nonstopmode -halt-on-error paper.tex) \
			>"$p/pdflatex-$pass.out" 2>&1; then
			bad "paper $name: pdflatex pass $pass fails: $(grep -m1 -A2 '^!' "$p/paper.log")"
			return
		fi
	done
	ok "paper $name: IEEEtran compiles $(grep -c '^\\input' "$p/paper.tex") inputs"
	log=$p/paper.log
	grep -q '^!' "$log" && bad "paper $name: errors: $(grep -m1 '^!' "$log")"
	grep -q 'Float too large' "$log" &&
		bad "paper $name: $(grep -c 'Float too large' "$log") floats too large"
	over=$(sed -n 's/^Overfull \\hbox (\([0-9.]*\)pt too wide).*/\1/p' "$log" |
		awk '$1 > 1 { n++ } END { print n + 0 }')
	[ "$over" -eq 0 ] && ok "paper $name: no box over 1 pt too wide" ||
		bad "paper $name: $over boxes over 1 pt too wide: $(grep -m3 '^Overfull \\hbox' "$log" | tr '\n' ' ')"
	grep -q 'There were undefined references' "$log" &&
		bad "paper $name: undefined references"
	grep -q 'Label(s) may have changed' "$log" &&
		bad "paper $name: labels still move after two passes"
	pages=$(pdfinfo "$p/paper.pdf" | sed -n 's/^Pages: *//p')
	pdftoppm -r 50 -png "$p/paper.pdf" "$p/page"
	blank=0
	for png in "$p"/page-*.png; do
		ink=$("$png_ink" "$png") || ink=0
		[ "$ink" -gt 800 ] || { blank=$((blank + 1)); echo "# $png: $ink pixels"; }
	done
	n=$(ls "$p"/page-*.png | wc -l)
	echo "# paper $name: $p/paper.pdf, $pages pages"
	if [ "$n" -eq "${pages:-0}" ] && [ "$n" -gt 0 ] && [ "$blank" -eq 0 ]; then
		ok "paper $name: $n pages rendered, none blank"
	else
		bad "paper $name: $n of ${pages:-?} pages rendered, $blank blank"
	fi
}
paper quick quick
paper both both
paper hosts hosts

echo "$fails failed"
[ "$fails" -eq 0 ]
