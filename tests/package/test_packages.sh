#!/bin/sh
# The Debian packages end to end on this machine, as root:
#   test_packages.sh SOURCE_DIR BUILD_DIR WORK_DIR
# builds numabench and numabench-dkms (packaging/build-debs in a scratch
# build dir), lintian-checks them, installs them with dpkg -i, checks that
# DKMS built kbench for the Debian 6.1 and 6.12 kernels, boots a guest of
# each with the installed numabench and loads the DKMS-built module there
# (modprobe from /lib/modules/<release>/updates/dkms, its "api N" line in
# dmesg, the installed numabench's `list` and nb-migratee in the guest),
# runs the installed numabench natively (user suite, quick), then removes
# and purges both and checks that dpkg, DKMS, /usr/src and
# /lib/modules/*/updates are as before. A run that dies (killed by a
# timeout) leaves a state file that the next run restores from first.
# Exit 77 without root, dpkg, dkms, lintian, or a 6.1 and a 6.12 kernel
# with headers, and when numabench packages were installed by someone else.
set -eu
src=$1 build=$2 work=$3
state=/var/tmp/numabench-package-test.state
pkgs="numabench numabench-dkms"
api=$(sed -n 's/^#define KBENCH_API_VERSION[[:space:]]*\([0-9]*\).*/\1/p' "$src/kbench/uapi/kbench.h")
version=$(sed -n 's/^project(numabench VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
t0=$(date +%s)
step() { echo "== $* [$(($(date +%s) - t0)) s]"; }
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root (dpkg -i)"
for tool in dpkg-deb dpkg-buildflags dkms lintian cpack qemu-system-x86_64; do
	command -v "$tool" >/dev/null || skip "no $tool; run scripts/bootstrap"
done

installed() { # the packages of ours dpkg knows in any state
	dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $pkgs 2>/dev/null |
		awk '$2 != "un" { print $1 }'
}
snapshot() { # DIR: what must be the same after the packages are gone
	mkdir -p "$1"
	dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\n' | sort >"$1/dpkg"
	dkms status 2>/dev/null | sort >"$1/dkms"
	ls -d /usr/src/kbench-* 2>/dev/null >"$1/src" || true
	find /lib/modules/*/updates 2>/dev/null | sort >"$1/updates" || true
	ls /var/lib/dkms/mok.key /var/lib/dkms/mok.pub 2>/dev/null >"$1/mok" || true
	ls -d /var/cache/numabench 2>/dev/null >"$1/cache" || true
}
restore() { # purge ours; the MOK key DKMS made only if there was none
	left=$(installed)
	[ -z "$left" ] || dpkg -P $left >"$work/purge.log" 2>&1 ||
		{ cat "$work/purge.log"; echo "restore: dpkg -P $left failed"; }
	if [ -f "$1/mok" ] && [ ! -s "$1/mok" ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
	rm -rf /var/cache/numabench
}

mkdir -p "$work"
# A killed run left its packages: put the machine back first.
if [ -d "$state" ]; then
	step "restoring after an interrupted run ($state)"
	restore "$state"
	rm -rf "$state"
fi
[ -z "$(installed)" ] ||
	skip "numabench packages are installed here ($(installed | tr '\n' ' ')); the test would replace them"

rels=
for series in 6.1 6.12; do
	rel=$(ls /lib/modules | grep "^$series\.[0-9]" | sort -V | tail -1 || true)
	[ -n "$rel" ] && [ -e "/lib/modules/$rel/build/Makefile" ] && [ -e "/boot/vmlinuz-$rel" ] ||
		skip "no Debian $series kernel with headers; run scripts/bootstrap"
	rels="$rels $rel"
done

rm -rf "$work"/*
snapshot "$work/before"
rm -rf "$state"
cp -r "$work/before" "$state"
trap 'st=$?; restore "$state"; rm -rf "$state"; exit $st' EXIT
trap 'exit 130' INT TERM

step "building the packages (packaging/build-debs)"
"$src/packaging/build-debs" "$work/build" >"$work/build.log" 2>&1 ||
	{ cat "$work/build.log"; fail "packaging/build-debs"; }
deb=$(ls "$work"/build/deb/numabench_*.deb)
dkmsdeb=$(ls "$work"/build/deb/numabench-dkms_*_all.deb)
for d in $deb $dkmsdeb; do
	echo "$(basename "$d"): $(dpkg-deb -f "$d" Architecture) Depends: $(dpkg-deb -f "$d" Depends)"
done
dpkg-deb -f "$deb" Depends | grep -q libnuma1 || fail "numabench does not depend on libnuma1 (shlibdeps)"
[ "$(dpkg-deb -f "$dkmsdeb" Depends)" = dkms ] || fail "numabench-dkms must depend on dkms"

step "lintian"
lintian --pedantic --fail-on error,warning,info,pedantic "$deb" "$dkmsdeb" 2>&1 |
	grep -v '^running with root' || true
lintian --pedantic --fail-on error,warning,info,pedantic "$deb" "$dkmsdeb" >/dev/null 2>&1 ||
	fail "lintian reports tags (packaging/README.md lists the accepted ones)"
echo "lintian: no tags beyond packaging/lintian/*"

step "dpkg -i"
dpkg -i "$dkmsdeb" "$deb" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; fail "dpkg -i"; }
dpkg -l $pkgs | tail -2
[ "$(installed | wc -l)" = 2 ] || fail "both packages installed"
command -v numabench | grep -qx /usr/bin/numabench || fail "numabench is not /usr/bin/numabench"
[ -f "/usr/src/kbench-$version/dkms.conf" ] || fail "/usr/src/kbench-$version/dkms.conf"

step "dkms status"
dkms status 2>/dev/null | grep kbench
for rel in $rels; do
	dkms status -m kbench -v "$version" -k "$rel" 2>/dev/null | grep -q ': installed' ||
		{ cat "$work/install.log"; fail "kbench $version not installed by DKMS for $rel"; }
	ls "/lib/modules/$rel/updates/dkms/"kbench.ko* >/dev/null ||
		fail "no /lib/modules/$rel/updates/dkms/kbench.ko*"
done

cd "$work"	# the guest runs its command here (the host's / is its /)
for rel in $rels; do
	step "guest $rel: modprobe kbench (DKMS), then the installed numabench"
	job=$work/guest-$rel
	mkdir -p "$job"
	# nb-migratee beside /usr/bin/numabench: migrate_pages on 2 nodes
	numabench guest --kernel "$rel" --topology 1x512M,1x512M --jobdir "$job" \
		--timeout 300 -- sh -c "modprobe -v kbench && dmesg | grep 'kbench: api' &&
		/usr/bin/numabench list --native && /usr/bin/numabench run --native --quiet \
		--suite user --only migrate_pages --profile quick --out $job/migrate" \
		>"$job/console.txt" 2>&1 || { tail -30 "$job/console.txt"; fail "guest $rel"; }
	grep -F "insmod /lib/modules/$rel/updates/dkms/kbench.ko" "$job/console.txt" ||
		fail "guest $rel: modprobe did not load the DKMS module"
	grep -m1 "kbench: api $api," "$job/guest/dmesg.txt" ||
		fail "guest $rel: no 'kbench: api $api' in dmesg"
	n=$(grep -cE '^(buddy_alloc|kmalloc|vmalloc|tlb_flush_local) ' "$job/console.txt" || true)
	echo "installed numabench list in the guest: $n of 4 cases checked listed"
	[ "$n" = 4 ] || fail "guest $rel: numabench list --native lacks kernel cases"
	ok=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["test"] == "migrate_pages" && $c["status"] == "ok"' "$job/migrate/results.csv" | wc -l)
	echo "migrate_pages (nb-migratee) rows ok: $ok"
	[ "$ok" -gt 0 ] || fail "guest $rel: no ok migrate_pages row"
done

step "native: numabench run --native --suite user --profile quick"
out=$work/native
numabench run --native --quiet --suite user --profile quick --out "$out" ||
	fail "installed numabench run"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { n[$c["status"]]++ }
	END { for (s in n) printf "%s %d  ", s, n[s]; print "" }' "$out/results.csv"
grep -q '"complete": *true' "$out/meta.json" || fail "meta.json: complete is not true"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["status"] == "failed" { bad = 1 }
	END { exit bad }' "$out/results.csv" || fail "the native run has failed rows"
if [ -x "$build/tests/vm/check_user" ]; then
	"$build/tests/vm/check_user" "$out" >"$work/check_user.log" 2>&1 ||
		{ cat "$work/check_user.log"; fail "check_user on the installed binary's run"; }
	tail -1 "$work/check_user.log"
fi

step "dpkg -r, then dpkg -P"
dpkg -r $pkgs >"$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "dpkg -r"; }
dkms status 2>/dev/null | grep kbench && fail "dkms still lists kbench after dpkg -r"
ls -d /usr/src/kbench-* 2>/dev/null && fail "/usr/src/kbench-* left after dpkg -r"
dpkg -P $pkgs >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg -P"; }
restore "$state"
snapshot "$work/after"
for f in dpkg dkms src updates mok cache; do
	if cmp -s "$work/before/$f" "$work/after/$f"; then
		echo "as before: $f ($(wc -l <"$work/after/$f") lines)"
	else
		diff "$work/before/$f" "$work/after/$f" || true
		fail "$f differs from before the test"
	fi
done
rm -rf "$work/build"	# the scratch build; logs and runs stay
step "packages: all checks passed"
