#!/bin/bash
# A real fleet of two QEMU guests driven by contrib/ansible, as root:
#   test_fleet.sh SOURCE_DIR BUILD_DIR WORK_DIR
# builds the numabench .debs (packaging/build-debs) and, with DKMS on this
# machine, a binary kbench module package for each guest kernel
# (contrib/ansible/build-module-deb); boots guest-a (Debian 6.1, 2 nodes of
# 1 CPU) and guest-b (Debian 6.12, 2 nodes of 1 CPU and a CPU-less memory
# node), each on a copy-on-write overlay of its own cached Debian root
# (mkimage.sh), SSH forwarded from 127.0.0.1 only, root by a key made for
# this run; writes an inventory of both and of "ghost", a port on 127.0.0.1
# where nothing listens; runs fleet.yml (syntax-check and ansible-lint
# first) and checks: both runs fetched and complete, their kernels and
# topologies the guests', ghost reported unreachable while the others
# finished, the playbook's exit code 2; a second run resumes (both guests
# skipped as done); `numabench report` on each run and on both (a hosts
# section naming both), and `numabench compare` of the two (naming both
# hosts and what differs).
# Guests are powered off at the end and on failure. The fetched runs stay in
# WORK_DIR/results/guest-{a,b}/<run name>.
# Exit 77 without root or a tool (scripts/bootstrap installs them), or
# without a Debian 6.1 and 6.12 kernel with headers.
# NUMABENCH_FLEET_CACHE: where the images are kept (default
# ~/.cache/numabench/fleet). NUMABENCH_FLEET_ARGS: numabench run arguments
# for the guests (default: the whole quick profile).
set -eu
src=$1 build=$2 work=$3
cache=${NUMABENCH_FLEET_CACHE:-$HOME/.cache/numabench/fleet}
run_args=${NUMABENCH_FLEET_ARGS-}
t0=$(date +%s)
step() { echo "== $* [$(($(date +%s) - t0)) s]"; }
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root (mmdebstrap, the image's file ownership)"
for tool in ansible-playbook mmdebstrap qemu-img qemu-system-x86_64 dkms dpkg-deb cpack \
	ssh ssh-keygen mkfs.ext4 python3; do
	command -v "$tool" >/dev/null || skip "no $tool; run scripts/bootstrap"
done
rels=
for series in 6.1 6.12; do
	rel=$(ls /lib/modules | grep "^$series\.[0-9]" | sort -V | tail -1 || true)
	[ -n "$rel" ] && [ -e "/lib/modules/$rel/build/Makefile" ] ||
		skip "no Debian $series kernel with headers; run scripts/bootstrap"
	rels="$rels $rel"
done
set -- $rels
rel_a=$1 rel_b=$2
topo_a="1x768M,1x768M" topo_b="1x768M,1x768M,0x512M"

mkdir -p "$work"
rm -rf "${work:?}"/*
guests=
# Power the guests off (poweroff over SSH; QEMU's -no-reboot then exits);
# one that does not stop in 90 s is killed.
shutdown() {
	for g in $guests; do
		pid=$(cat "$work/$g/pid" 2>/dev/null || true)
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || continue
		port=$(cat "$work/$g/port")
		ssh $sshopts -p "$port" root@127.0.0.1 'systemctl poweroff' >/dev/null 2>&1 || true
	done
	for g in $guests; do
		pid=$(cat "$work/$g/pid" 2>/dev/null || true)
		[ -n "$pid" ] || continue
		for _ in $(seq 90); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
		if kill -0 "$pid" 2>/dev/null; then
			echo "$g: no poweroff in 90 s, killing QEMU $pid"
			kill "$pid" 2>/dev/null || true
		else
			echo "$g: powered off"
		fi
	done
	guests=
}
trap 'st=$?; shutdown; exit $st' EXIT
trap 'exit 130' INT TERM

step "images for $rel_a and $rel_b (cached in $cache; built at once if not)"
t=$(date +%s)
pids=
for r in $rel_a $rel_b; do
	"$src/tests/fleet/mkimage.sh" "$r" "$cache" >"$work/image-$r" 2>"$work/image-$r.log" &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || { cat "$work"/image-*.log; fail "mkimage.sh"; }
done
cat "$work/image-$rel_a" "$work/image-$rel_b"
echo "images ready in $(($(date +%s) - t)) s"

# A port on 127.0.0.1 free now (the kernel picks it; nothing keeps it).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
mkdir -p "$work/ssh"
ssh-keygen -q -t ed25519 -N '' -C fleet-test -f "$work/ssh/id"
sshopts="-i $work/ssh/id -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no
	-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=10"
pubkey=$(cut -d' ' -f2 "$work/ssh/id.pub")

# QEMU's NUMA options for a topology N1xM1,N2xM2,... (CPUs x memory per
# node; 0 CPUs: a CPU-less memory node), as ubench/exec/vm.c does.
numa_args() {
	echo "$1" | tr ',' '\n' | awk -F x '
	function mib(s) { n = s + 0; if (s ~ /G$/) n *= 1024; return n }
	{ cpus[NR - 1] = $1; mem[NR - 1] = mib($2); n = NR }
	END {
		cpu = 0; total = 0
		for (i = 0; i < n; i++) {
			a = "-numa node,nodeid=" i
			if (cpus[i] > 0) a = a ",cpus=" cpu "-" cpu + cpus[i] - 1
			if (mem[i] > 0) {
				printf "-object memory-backend-ram,id=m%d,size=%dM ", i, mem[i]
				a = a ",memdev=m" i
			}
			printf "%s ", a
			cpu += cpus[i]; total += mem[i]
		}
		for (i = 0; i < n; i++) for (j = i + 1; j < n; j++)
			printf "-numa dist,src=%d,dst=%d,val=%d ", i, j, (cpus[i] && cpus[j]) ? 20 : 30
		printf "-smp %d,sockets=%d,cores=1,threads=1 -m %dM\n", cpu, cpu, total
	}'
}

boot() { # NAME RELEASE TOPOLOGY
	g=$1 img=$(cat "$work/image-$2")
	mkdir -p "$work/$g"
	qemu-img create -q -f qcow2 -b "$img/root.qcow2" -F qcow2 "$work/$g/root.qcow2"
	port=$(free_port)
	echo "$port" >"$work/$g/port"
	# TCG single-threaded as ubench/exec/vm.c explains; -cpu max for RDTSCP
	qemu-system-x86_64 -accel tcg,thread=single -cpu max $(numa_args "$3") \
		-kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
		-append "root=/dev/vda rw console=ttyS0 net.ifnames=0 no_timer_check quiet loglevel=5 systemd.hostname=$g nb.key=$pubkey" \
		-drive file="$work/$g/root.qcow2",if=virtio,format=qcow2 \
		-nic user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:"$port"-:22 \
		-display none -serial file:"$work/$g/console.log" -monitor none \
		-no-reboot -pidfile "$work/$g/qemu.pid" -daemonize ||
		fail "$g: qemu-system-x86_64 did not start"
	cp "$work/$g/qemu.pid" "$work/$g/pid"	# QEMU removes its pidfile on exit
	guests="$guests $g"
	echo "$g: Linux $2, topology $3, ssh 127.0.0.1:$port"
}
wait_ssh() { # NAME
	port=$(cat "$work/$1/port")
	for _ in $(seq 60); do
		if ssh $sshopts -p "$port" root@127.0.0.1 true 2>/dev/null; then
			echo "$1: ssh up"
			return 0
		fi
		sleep 5
	done
	tail -30 "$work/$1/console.log"
	fail "$1: no SSH on 127.0.0.1:$port after 300 s"
}

step "booting guest-a and guest-b"
boot guest-a "$rel_a" "$topo_a"
boot guest-b "$rel_b" "$topo_b"

# while they boot
step "packages: packaging/build-debs"
"$src/packaging/build-debs" "$work/build-deb" >"$work/build-deb.log" 2>&1 ||
	{ cat "$work/build-deb.log"; fail "packaging/build-debs"; }
deb=$(ls "$work"/build-deb/deb/numabench_*_amd64.deb)
dkmsdeb=$(ls "$work"/build-deb/deb/numabench-dkms_*_all.deb)
for r in $rel_a $rel_b; do
	step "kbench module package for $r (build-module-deb: DKMS on the controller)"
	"$src/contrib/ansible/build-module-deb" "$dkmsdeb" "$r" "$work/modules" ||
		fail "build-module-deb $r"
done
mod_a=$(ls "$work"/modules/kbench-modules-"$rel_a"_*.deb)
mod_b=$(ls "$work"/modules/kbench-modules-"$rel_b"_*.deb)

wait_ssh guest-a
wait_ssh guest-b
step "guests up"
# nothing but 127.0.0.1 listens for the guests
for g in guest-a guest-b; do
	port=$(cat "$work/$g/port")
	ss -Htln "sport = :$port" | awk '{ print $4 }' | grep -qvx "127.0.0.1:$port" &&
		fail "$g: port $port listens beyond 127.0.0.1"
done
ghost_port=$(free_port)

inv=$work/inventory.ini
cat >"$inv" <<EOI
[fleet]
guest-a ansible_port=$(cat "$work/guest-a/port") numabench_module_deb=$mod_a
guest-b ansible_port=$(cat "$work/guest-b/port") numabench_module_deb=$mod_b
ghost ansible_port=$ghost_port

[fleet:vars]
ansible_host=127.0.0.1
ansible_user=root
ansible_ssh_private_key_file=$work/ssh/id
ansible_ssh_common_args='-o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10'
numabench_deb=$deb
numabench_run_args='$run_args'
EOI
echo "inventory:"; sed 's/^/  /' "$inv"

export ANSIBLE_CONFIG=$src/contrib/ansible/ansible.cfg ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
play="ansible-playbook -i $inv $src/contrib/ansible/fleet.yml -e numabench_hosts=fleet -e numabench_results=$work/results"
step "ansible-playbook --syntax-check; ansible-lint"
$play --syntax-check || fail "syntax-check"
if command -v ansible-lint >/dev/null; then
	(cd "$src/contrib/ansible" && ansible-lint --nocolor -q) || fail "ansible-lint"
	echo "ansible-lint: no findings"
fi

playbook() { # LOG: run the playbook, keep its exit code in $rc
	t=$(date +%s)
	set +e
	$play >"$1" 2>&1
	rc=$?
	set -e
	cat "$1"
	echo "ansible-playbook exit $rc in $(($(date +%s) - t)) s"
}
status_of() { grep "^$1: " "$work/results/summary.txt" | cut -d' ' -f2; }

step "ansible-playbook (first run)"
playbook "$work/playbook1.log"
[ "$rc" = 2 ] || fail "the playbook's exit code is $rc, expected 2 (ghost fails)"
for g in guest-a guest-b; do
	[ "$(status_of $g)" = done ] || fail "$g: $(grep "^$g: " "$work/results/summary.txt")"
done
[ "$(status_of ghost)" = unreachable ] || fail "ghost is not reported unreachable"
grep "^ghost: " "$work/results/summary.txt"

step "checking the fetched runs"
check_run() { # HOST RELEASE NODES CPU-LESS-NODES
	d=$(ls -d "$work/results/$1"/*/ | head -1)
	d=${d%/}
	python3 - "$d" "$2" "$3" "$4" <<'EOP' || fail "$1: run $d"
import csv, json, sys
d, rel, nnodes, cpuless = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
m = json.load(open(d + "/meta.json"))
rows = list(csv.DictReader(open(d + "/results.csv")))
bad = []
if m.get("complete") is not True: bad.append("meta.json complete is not true")
if m.get("kernel") != rel: bad.append("kernel %s, expected %s" % (m.get("kernel"), rel))
nodes = m.get("nodes", [])
if len(nodes) != nnodes: bad.append("%d nodes, expected %d" % (len(nodes), nnodes))
if sum(1 for n in nodes if not n["cpus"]) != cpuless: bad.append("CPU-less nodes differ")
if not rows: bad.append("results.csv has no rows")
if any(r["kernel"] != rel for r in rows): bad.append("a row's kernel is not " + rel)
st = {}
for r in rows: st[r["status"]] = st.get(r["status"], 0) + 1
if not st.get("ok"): bad.append("no ok row")
if st.get("failed"): bad.append("%d failed rows" % st["failed"])
suites = sorted({r["suite"] for r in rows})
print("%s: host %s, kernel %s, %d nodes, %d rows %s, suites %s" % (d, m.get("host"), m.get("kernel"),
      len(nodes), len(rows), st, ",".join(suites)))
for b in bad: print("  " + b)
sys.exit(1 if bad else 0)
EOP
}
check_run guest-a "$rel_a" 2 0
check_run guest-b "$rel_b" 3 1
run_a=$(ls -d "$work"/results/guest-a/*/ | head -1) run_a=${run_a%/}
run_b=$(ls -d "$work"/results/guest-b/*/ | head -1) run_b=${run_b%/}

step "ansible-playbook (second run: resumes)"
playbook "$work/playbook2.log"
[ "$rc" = 2 ] || fail "second run: exit code $rc, expected 2 (ghost still fails)"
for g in guest-a guest-b; do
	[ "$(status_of $g)" = resumed ] || fail "second run: $g was not skipped as done"
done
grep -q 'Run numabench natively' "$work/playbook2.log" &&
	grep -A3 'Run numabench natively' "$work/playbook2.log" | grep -qE '^(changed|ok): ' &&
	fail "second run: a guest ran numabench again"

# The fleet's runs, reported and compared across hosts: each run's report
# and the cross-host one must be written (exit 0) with host as a
# dimension; compare names both hosts and what differs between them
# (a quick run has one repetition: nothing is testable, which compare
# says with exit 2, so its head is checked, not its verdict).
step "numabench report / compare on the fetched runs"
for r in "$run_a" "$run_b"; do
	"$build/numabench" report "$r" --out "$r.report" >"$r.report.log" 2>&1 ||
		fail "numabench report $r: $(tail -3 "$r.report.log")"
done
"$build/numabench" report "$run_a" "$run_b" --out "$work/report-ab" \
	>"$work/report-ab.log" 2>&1 ||
	fail "numabench report A B: $(tail -3 "$work/report-ab.log")"
grep -q 'Hosts side by side' "$work/report-ab/report.md" ||
	fail "the report of both runs has no hosts section"
grep -q 'guest-a' "$work/report-ab/report.md" && grep -q 'guest-b' "$work/report-ab/report.md" ||
	fail "the report of both runs does not name both hosts"
set +e
"$build/numabench" compare --reps-as-units "$run_a" "$run_b" >"$work/compare-ab.log" 2>&1
code=$?
set -e
echo "numabench compare --reps-as-units A B: exit $code"
grep -q 'compares 2 hosts' "$work/compare-ab.log" &&
	grep -q 'differs from base in: host' "$work/compare-ab.log" ||
	fail "compare A B does not say it compares two hosts: $(head -c 400 "$work/compare-ab.log")"
sed -n '/^hosts:/p' "$work/compare-ab.log"

# Each guest loaded kbench and ran it: its kernel log must show no WARN,
# BUG, Oops or leak, as the VM tests' guests must.
step "the guests' dmesg"
for g in guest-a guest-b; do
	port=$(cat "$work/$g/port")
	ssh $sshopts -p "$port" root@127.0.0.1 dmesg >"$work/$g/dmesg.txt" ||
		fail "$g: cannot read dmesg"
	bad=$(grep -E 'WARNING:|BUG:|Oops|kmemleak|general protection' "$work/$g/dmesg.txt" | head -3)
	[ -z "$bad" ] || fail "$g: dmesg reports: $bad"
	echo "$g: dmesg clean ($(wc -l <"$work/$g/dmesg.txt") lines)"
done

step "powering the guests off"
shutdown
pgrep -f "qemu-system-x86_64.*$work/" >/dev/null && fail "QEMU processes of this test left"
echo "fetched runs (for numabench report / compare):"
echo "  $run_a"
echo "  $run_b"
step "fleet: all checks passed"
