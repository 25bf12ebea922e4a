#!/bin/sh
# A Debian 12 root for a fleet guest, cached:
#   mkimage.sh KERNEL_RELEASE CACHE_DIR      prints the image's directory
# The directory, named by a hash of this recipe and the release, holds
# root.qcow2 (ext4, the whole disk: root=/dev/vda), vmlinuz and initrd.img
# of the image's own linux-image-KERNEL_RELEASE, and a stamp written last.
# A directory with the stamp is reused as it is; guests boot copy-on-write
# overlays of root.qcow2, never the image itself.
#
# The root: mmdebstrap (bookworm, -updates and -security from
# deb.debian.org, minbase) with systemd,
# openssh-server (root by key only; the key comes per boot on the kernel
# command line, nb.key=, written by nb-sshkey.service), python3 and
# python3-apt for Ansible, kmod, and the libraries numabench's .deb depends
# on (packaging/debian.cmake: dpkg-shlibdeps), so installing it needs no
# network. eth0 gets QEMU user networking's 10.0.2.15 statically.
set -eu
rel=$1 cache=$2
# Debian 12's kernels are updated through bookworm-security
mirrors="deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main"
pkgs="systemd-sysv udev openssh-server python3 python3-apt kmod iproute2
	libnuma1 libhwloc15 libjansson4 libinih1 r-mathlib zstd xz-utils
	linux-image-$rel"
key=$( { cat "$0"; echo "$rel"; } | sha256sum | cut -c1-16)
dir=$cache/bookworm-$rel-$key
if [ -f "$dir/stamp" ]; then
	echo "$dir"
	exit 0
fi
for tool in mmdebstrap mkfs.ext4 qemu-img; do
	command -v "$tool" >/dev/null || { echo "mkimage: no $tool; run scripts/bootstrap" >&2; exit 77; }
done
rm -rf "$dir"
mkdir -p "$dir"
tmp=$dir/tmp
root=$tmp/root
mkdir -p "$tmp"
# a build that fails or is killed leaves no half image behind
trap '[ -f "$dir/stamp" ] && rm -rf "$tmp" || rm -rf "$dir"' EXIT

# The customisation, run in the new root by mmdebstrap.
cat >"$tmp/customize" <<'EOS'
set -eu
r=$1
echo fleet-guest >"$r/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 fleet-guest\n' >"$r/etc/hosts"
printf '/dev/vda / ext4 defaults,noatime 0 1\n' >"$r/etc/fstab"
mkdir -p "$r/etc/systemd/network" "$r/etc/ssh/sshd_config.d" "$r/root/.ssh"
chmod 700 "$r/root/.ssh"
printf '[Match]\nName=eth0\n\n[Network]\nAddress=10.0.2.15/24\nGateway=10.0.2.2\nDNS=10.0.2.3\n' \
	>"$r/etc/systemd/network/10-eth0.network"
printf 'PermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUseDNS no\n' \
	>"$r/etc/ssh/sshd_config.d/numabench-fleet.conf"
cat >"$r/usr/local/sbin/nb-sshkey" <<'EOK'
#!/bin/sh
# root's authorized key from the kernel command line: nb.key=<ed25519 base64>
for w in $(cat /proc/cmdline); do
	case $w in nb.key=*) k=${w#nb.key=} ;; esac
done
[ -n "${k-}" ] || exit 0
umask 077
mkdir -p /root/.ssh
echo "ssh-ed25519 $k fleet-test" >/root/.ssh/authorized_keys
EOK
chmod 755 "$r/usr/local/sbin/nb-sshkey"
cat >"$r/etc/systemd/system/nb-sshkey.service" <<'EOU'
[Unit]
Description=root's SSH key from the kernel command line
Before=ssh.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/nb-sshkey
[Install]
WantedBy=multi-user.target
EOU
chroot "$r" systemctl enable nb-sshkey.service systemd-networkd.service >/dev/null 2>&1
# what a benchmark guest does not need at boot
for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
	fstrim.timer systemd-timesyncd.service getty@tty1.service; do
	ln -sf /dev/null "$r/etc/systemd/system/$u"
done
rm -f "$r"/var/cache/apt/archives/*.deb
EOS

mmdebstrap --variant=minbase --mode=root --format=directory \
	--include="$(echo $pkgs | tr ' ' ',')" \
	--customize-hook="sh $tmp/customize \"\$1\"" \
	bookworm "$root" "$mirrors" >"$tmp/mmdebstrap.log" 2>&1 ||
	{ tail -30 "$tmp/mmdebstrap.log" >&2; echo "mkimage: mmdebstrap failed" >&2; exit 1; }
cp "$root/boot/vmlinuz-$rel" "$dir/vmlinuz"
cp "$root/boot/initrd.img-$rel" "$dir/initrd.img"
dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Package} ${Version}\n' >"$dir/packages.txt"
mkfs.ext4 -q -F -L fleetroot -d "$root" "$tmp/root.img" 3G >/dev/null
qemu-img convert -c -O qcow2 "$tmp/root.img" "$dir/root.qcow2"
echo "$rel" >"$dir/stamp"
echo "$dir"
