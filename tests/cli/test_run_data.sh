#!/bin/sh
# A native user run's data for tooling and its ends (issue 22 items 5-6):
# --quiet prints the run directory on stdout; meta.json has the version,
# the commit, null where a value does not apply, numbers as numbers, and
# the profile as resolved (a partial profile's missing keys from
# default.ini); Ctrl-C exits 130 and SIGTERM 143, keeping the rows written;
# results.csv schema 8 key columns are never empty.
#   test_run_data.sh NUMABENCH
set -u
nb=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }

printf '[run]\nreps = 1\n[user]\npages = 8\nrounds = 1\n' >"$tmp/partial.ini"
out=$("$nb" run --native --suite user --profile "$tmp/partial.ini" --only mbind \
	--quiet --out "$tmp/run" 2>"$tmp/err")
rc=$?
[ "$rc" -eq 0 ] || bad "quiet run exit $rc: $(cat "$tmp/err")"
[ "$out" = "$tmp/run" ] && ok "--quiet prints the run directory on stdout" ||
	bad "--quiet stdout '$out', expected '$tmp/run'"
[ ! -s "$tmp/err" ] && ok "--quiet: nothing on stderr" || bad "--quiet stderr: $(cat "$tmp/err")"
if python3 - "$tmp/run/meta.json" "$(dirname "$0")/../../policies/default.ini" <<'PY'
import configparser, json, sys
m = json.load(open(sys.argv[1]))
d = configparser.ConfigParser(inline_comment_prefixes=(";",))
d.read(sys.argv[2])
errs = []
def want(cond, what):
    if not cond:
        errs.append(what)
want(isinstance(m.get("numabench_version"), str) and m["numabench_version"][0].isdigit(), "numabench_version")
want("git_commit" in m and (m["git_commit"] is None or isinstance(m["git_commit"], str)), "git_commit")
for k in ("kbench_api", "kbench_flags", "tsc_khz", "timer_overhead_cycles"):
    want(k in m and m[k] is None, k + " null in a user-only run")
for k in ("init_on_alloc", "numa_balancing"):
    want(not isinstance(m.get(k), str) or not m[k].lstrip("-").isdigit(), k + " a number, not a string")
for k in ("rows", "cells", "schema_version"):
    want(isinstance(m.get(k), int), k + " a number")
p = m["profile"]
want(p["reps"] == 1, "profile reps from the profile")
want(p["user"]["pages"] == 8 and p["user"]["rounds"] == 1, "[user] keys from the profile")
want(p["iterations"] == d.getint("run", "iterations"), "iterations from default.ini")
want(p["precision_pct"] == d.getfloat("run", "precision"), "precision from default.ini")
want(p["cell_budget_s"] == d.getfloat("run", "cell_budget"), "cell_budget from default.ini")
want(p["min_samples"] == d.getint("run", "min_samples"), "min_samples from default.ini")
want(p["warmup"] == d.getint("run", "warmup"), "warmup from default.ini")
want(p["batches"] == [int(x) for x in d.get("run", "batches").split(",")], "batches from default.ini")
want(p["modes"] == d.get("kernel", "modes"), "modes from default.ini")
want(p["user"]["thp_pages"] == d.getint("user", "thp_pages"), "thp_pages from default.ini")
for e in errs:
    print("meta.json:", e)
sys.exit(1 if errs else 0)
PY
then ok "meta.json: version, commit, nulls, numbers, the resolved profile"
else bad "meta.json"
fi
# results.csv schema 8: a cpu column after mem_node, no empty key value
if python3 - "$tmp/run/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
hdr = open(sys.argv[1]).readline().strip().split(",")
keys = ["cpu_node", "mem_node", "cpu", "order", "mode", "allocator", "policy", "size_bytes", "batch"]
errs = []
if hdr[hdr.index("mem_node") + 1] != "cpu":
    errs.append("cpu is not after mem_node")
for r in rows:
    for k in keys:
        if r.get(k, "") == "":
            errs.append("row %s: empty %s" % (r.get("test"), k))
    if r["status"] == "ok" and int(r["cpu"]) < 0:
        errs.append("ok row without its cpu")
for e in errs[:5]:
    print("results.csv:", e)
sys.exit(1 if errs or not rows else 0)
PY
then ok "results.csv: cpu column, no empty key"
else bad "results.csv keys"
fi

# Allocator cells run in fresh processes that re-run this command line
# into the same --out (user/ufresh.h): the CLI's checks must let them.
"$nb" run --native --suite user --profile quick --only malloc --quiet \
	--out "$tmp/fresh" >/dev/null 2>"$tmp/fresh.err"
notok=$(awk -F, 'NR > 1 && $0 !~ /,ok,/ && $0 !~ /,skipped,/' "$tmp/fresh/results.csv" | wc -l)
rows=$(($(wc -l <"$tmp/fresh/results.csv") - 1))
if [ "$rows" -gt 0 ] && [ "$notok" -eq 0 ]; then
	ok "fresh allocator processes: $rows rows, none failed"
else
	bad "fresh allocator processes: $notok of $rows rows not ok: $(head -3 "$tmp/fresh.err")"
fi

# Ctrl-C: 130, SIGTERM: 143; the rows written stay, meta.json complete=false
for sig in INT TERM; do
	"$nb" run --native --suite user --profile quick --reps 200 --quiet \
		--out "$tmp/sig$sig" >/dev/null 2>"$tmp/sig$sig.err" &
	pid=$!
	n=0
	while [ "$n" -lt 100 ] && [ "$(wc -l 2>/dev/null <"$tmp/sig$sig/results.csv" || echo 0)" -lt 3 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	want=130
	[ "$sig" = TERM ] && want=143
	rows=$(($(wc -l <"$tmp/sig$sig/results.csv") - 1))
	if [ "$rc" -eq "$want" ] && [ "$rows" -ge 2 ] &&
	   grep -q '"complete": false' "$tmp/sig$sig/meta.json"; then
		ok "SIG$sig: exit $rc, $rows rows kept, complete=false"
	else
		bad "SIG$sig: exit $rc (want $want), $rows rows; $(cat "$tmp/sig$sig.err")"
	fi
done

echo "$fails failed"
[ "$fails" -eq 0 ]
