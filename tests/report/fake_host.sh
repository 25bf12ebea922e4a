#!/bin/sh
# A second host made from a real run (tests/data/run-kernel-quick): the
# same numbers measured, as far as the report and compare can tell, on
# another machine: meta.json's host, CPU model, kernel and run id changed,
# a two-node topology with SLIT 10/32 (node 2 and its rows dropped), and
# optionally one test's rows dropped (a path that host lacks).
#   fake_host.sh SRC DST HOST [DROP_TEST]
set -eu
src=$1 dst=$2 host=$3 drop=${4:-}
mkdir -p "$dst"
sed -e "s/\"host\": \"[^\"]*\"/\"host\": \"$host\"/" \
	-e 's/"cpu_model": "[^"]*"/"cpu_model": "AMD EPYC 9654 96-Core Processor"/' \
	-e 's/"kernel": "[^"]*"/"kernel": "6.1.0-41-amd64"/' \
	-e "s/\"run_id\": \"\\([^\"]*\\)\"/\"run_id\": \"\\1-$host\"/" \
	-e 's/"vm_topology": "[^"]*"/"vm_topology": "2x1G@10:32,2x1G@32:10"/' \
	-e '/{"id": 2,/d' \
	-e 's/\("id": 0,.*"distance": \)\[[^]]*\]/\1[10, 32]/' \
	-e 's/\("id": 1,.*"distance": \)\[[^]]*\]},*/\1[32, 10]}/' \
	"$src/meta.json" >"$dst/meta.json"
# columns: 2 host, 3 kernel, 5 test, 8 cpu_node, 9 mem_node (the note,
# last, may hold a quoted comma: the other columns come first)
awk -F, -v host="$host" -v drop="$drop" 'BEGIN { OFS = "," }
	NR == 1 { print; next }
	$8 == "2" || $9 == "2" || $5 == drop { next }
	{ $2 = host; $3 = "6.1.0-41-amd64"; print }' \
	"$src/results.csv" >"$dst/results.csv"
