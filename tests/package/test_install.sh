#!/bin/sh
# `cmake --install` with DESTDIR into another prefix, then the installed
# binary run from there: it finds its profiles, scripts and module sources
# under <prefix>/share/numabench by its own location, not by a compiled-in
# source path; a copy without that tree says where it looked.
#   test_install.sh SOURCE_DIR BUILD_DIR WORK_DIR VERSION
set -eu
src=$1 build=$2 work=$3 version=$4
rm -rf "$work"
mkdir -p "$work"
fail=0
check() { # check WHAT COMMAND...: one line per assertion
	what=$1; shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

DESTDIR=$work/root cmake --install "$build" --prefix /opt/nb >"$work/install.log"
p=$work/root/opt/nb
for f in bin/numabench bin/nb-migratee share/numabench/policies/quick.ini \
	share/numabench/policies/default.ini share/numabench/scripts/build-module \
	share/numabench/scripts/mkinitramfs share/numabench/scripts/guest-init \
	share/numabench/kbench/Kbuild share/numabench/kbench/main.c \
	share/numabench/kbench/uapi/kbench.h share/man/man1/numabench.1.gz \
	share/man/man1/nb-migratee.1.gz \
	share/bash-completion/completions/numabench share/doc/numabench/README.md \
	share/doc/numabench/copyright src/kbench-$version/dkms.conf \
	src/kbench-$version/Kbuild src/kbench-$version/uapi/kbench.h; do
	check "installed $f" test -s "$p/$f"
done
check "scripts executable" test -x "$p/share/numabench/scripts/build-module"
conf=$p/src/kbench-$version/dkms.conf
check "dkms.conf PACKAGE_VERSION=$version" grep -qx "PACKAGE_VERSION=\"$version\"" "$conf"
check "dkms.conf AUTOINSTALL=yes" grep -qx 'AUTOINSTALL="yes"' "$conf"
check "dkms.conf MAKE against the kernel's build dir" grep -q '^MAKE\[0\]="make -C ${kernel_source_dir} M=' "$conf"
check "dkms.conf nothing left unconfigured" sh -c "! grep -q @ '$conf'"

# No source path in the binary: its data comes from where it runs.
strip -o "$work/stripped" "$p/bin/numabench"
for d in policies scripts kbench; do
	check "binary names no $src/$d" sh -c "! grep -aqF '$src/$d' '$work/stripped'"
done

# Run from elsewhere: the installed profile is the one read (a broken copy
# of quick.ini makes the run fail naming the installed file).
cd "$work"
check "installed --help" sh -c "'$p/bin/numabench' --help >/dev/null"
check "installed run --dry-run --suite user" sh -c \
	"'$p/bin/numabench' run --native --suite user --profile quick --dry-run >dry.out"
check "dry run planned user cells" grep -q 'user: [1-9][0-9]* cells' dry.out
# dry_rc BINARY ERRFILE: rc = the exit code of a user dry run from BINARY
dry_rc() {
	rc=0
	"$1" run --native --suite user --profile quick --dry-run >/dev/null 2>"$2" || rc=$?
}
printf '[run]\nreps = many\n' >>"$p/share/numabench/policies/quick.ini"
dry_rc "$p/bin/numabench" err.out
check "broken installed quick.ini: exit 2 (got $rc)" test "$rc" = 2
check "the message names the installed file" grep -qF "$p/share/numabench/policies/quick.ini" err.out

# A copy without its data tree fails clearly; NUMABENCH_DATADIR points it.
mkdir -p "$work/alone"
cp "$p/bin/numabench" "$work/alone/"
dry_rc "$work/alone/numabench" err2.out
check "a bare copy: exit 2 (got $rc)" test "$rc" = 2
check "it says where it looked" grep -qF "$work/share/numabench/policies/quick.ini" err2.out
check "NUMABENCH_DATADIR points it at the source's data" sh -c \
	"NUMABENCH_DATADIR='$src' '$work/alone/numabench' run --native --suite user --profile quick --dry-run >/dev/null"

[ $fail = 0 ] && echo "install: all checks passed"
exit $fail
