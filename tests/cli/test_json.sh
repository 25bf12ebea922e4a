#!/bin/sh
# --format json of topology, timer and list: valid JSON (python3's parser)
# with the fields the text prints, the same values where the output is
# deterministic (topology replayed from recorded sysfs trees, the workload
# registry), and the text mode's exit codes: bad --format 2; list without
# the module still prints its userspace part, exits 3 with the same error.
#   test_json.sh NUMABENCH DATA_DIR
set -u
nb=$1 data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
command -v python3 >/dev/null || { echo "SKIP: python3 missing (scripts/bootstrap installs it)"; exit 77; }

# topology: the text's node, cpus, memory_MiB and distance rows, value for value
for tree in vm3 memless; do
	"$nb" topology --sysfs "$data/$tree" >"$tmp/t.txt" || bad "topology $tree text"
	"$nb" topology --sysfs "$data/$tree" --format json >"$tmp/t.json" || bad "topology $tree json"
	if python3 - "$tmp/t.json" "$tmp/t.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().split("\n\n")
rows = [l.split() for l in lines[0].splitlines()[1:]]
dist = [l.split()[1:] for l in lines[1].splitlines()[1:]]
def cpus(s):
    out = []
    for part in ([] if s == "-" else s.split(",")):
        a, _, b = part.partition("-")
        out += range(int(a), int(b or a) + 1)
    return out
want = [{"node": int(r[0]), "cpus": cpus(r[1]), "memory_MiB": int(r[2]),
         "distance": [int(d) for d in dist[i]]} for i, r in enumerate(rows)]
sys.exit(0 if doc == {"nodes": want} else "json %s != text %s" % (doc, want))
PY
	then ok "topology --format json = text ($tree)"; else bad "topology --format json ($tree)"; fi
done

# timer: every line of the text has its field
"$nb" timer --format json >"$tmp/timer.json" || bad "timer --format json exit $?"
if python3 - "$tmp/timer.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["source"] in ("tsc", "clock_gettime(CLOCK_MONOTONIC_RAW)"), d
assert isinstance(d["constant_tsc_nonstop_tsc"], bool)
for k in ("resolution_ns", "overhead_ns", "per_call_ns"):
    assert d[k]["clock_gettime"] > 0, (k, d[k])
    assert (d[k]["tsc"] is None) == (d["source"] != "tsc"), (k, d[k])
assert (d["tsc_ns_per_tick"] is None) == (d["source"] != "tsc")
PY
then ok "timer --format json fields"; else bad "timer --format json fields"; fi

# list: the workloads as the text lists them; the module's part or null
"$nb" list --native >"$tmp/l.txt" 2>"$tmp/l.err"
tcode=$?
"$nb" list --native --format json >"$tmp/l.json" 2>"$tmp/lj.err"
jcode=$?
[ "$tcode" -eq "$jcode" ] && ok "list: json exit $jcode = text's" || bad "list: json exit $jcode, text $tcode"
cmp -s "$tmp/l.err" "$tmp/lj.err" && ok "list: same error line" || bad "list: stderr differs: $(cat "$tmp/lj.err")"
if python3 - "$tmp/l.json" "$tmp/l.txt" "$jcode" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read().splitlines()
names = [w["workload"] for w in d["workloads"]]
for w in d["workloads"]:
    line = next(l for l in text if l.split()[:1] == [w["workload"]])
    assert line.split()[1] == ",".join(w["tests"]), (line, w)
    assert line.endswith(w["what_it_times"]), (line, w)
assert "malloc" in names and "mempolicy" in names, names
if sys.argv[3] == "0":
    k = d["kbench"]
    assert k["cases_count"] == len(k["cases"]) > 0, k
    for c in k["cases"]:
        assert {"case", "parameter", "modes", "flags", "max_batch", "max_region_bytes", "one_timed_op"} <= c.keys(), c
else:
    assert d["kbench"] is None, d["kbench"]
PY
then ok "list --format json fields"; else bad "list --format json fields"; fi

for c in topology timer "list --native"; do
	# shellcheck disable=SC2086
	"$nb" $c --format yaml >/dev/null 2>"$tmp/e"
	code=$?
	if [ "$code" -eq 2 ] && grep -q "'yaml' is not a format; expected text or json" "$tmp/e"; then
		ok "$c --format yaml: exit 2"
	else
		bad "$c --format yaml: exit $code: $(cat "$tmp/e")"
	fi
done

echo "$fails failed"
[ "$fails" -eq 0 ]
