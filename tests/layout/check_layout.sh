#!/bin/sh
# The source layout keeps its arrows (README.md "Layout"):
#  - every folder of ubench/ and report/ has a README.md with a line
#    "May call: a, b, ..." (or "May call: nothing");
#  - a file includes another folder's header only when its folder may call
#    that folder ("folder/x.h"; kbench.h counts as kbench/uapi), and a bare
#    "x.h" names a header of its own folder;
#  - no circle: neither between folders nor between modules (x.c with x.h).
#   check_layout.sh SOURCE_DIR
set -eu
src=$1
cd "$src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

folders="report $(cd ubench && ls -d */ | tr -d /)"
path_of() { [ "$1" = report ] && echo report || echo "ubench/$1"; }

for f in $folders; do
	readme=$(path_of "$f")/README.md
	line=$(grep -m1 '^May call:' "$readme" 2>/dev/null || true)
	if [ -z "$line" ]; then
		echo "FAIL: $readme has no 'May call:' line"
		fail=1
		continue
	fi
	echo "$line" | sed 's/^May call://; s/[,.]/ /g' | tr ' ' '\n' |
		grep -v '^$' | grep -vx nothing | sed "s|^|$f |" >>"$tmp/allowed"
done
touch "$tmp/allowed"

# One line per include: "folder file target-folder target-module".
for f in $folders; do
	dir=$(path_of "$f")
	for file in "$dir"/*.c "$dir"/*.h; do
		[ -e "$file" ] || continue
		mod="$dir/$(basename "$file" | sed 's/\.[ch]$//')"
		sed -n 's/^#include "\(.*\)"$/\1/p' "$file" | while read -r inc; do
			case $inc in
			kbench.h) echo "$f $file kbench/uapi kbench/uapi/kbench" ;;
			*/*) to=${inc%%/*}
			     echo "$f $file $to $(path_of "$to")/$(basename "$inc" .h)" ;;
			*) echo "$f $file $f $dir/$(basename "$inc" .h)" ;;
			esac
		done | sed "s|\$| $mod|"
	done
done >"$tmp/edges"

while read -r from file to target mod; do
	if [ "$to" = "$from" ]; then
		[ -e "$target.h" ] || { echo "FAIL: $file includes $target.h, which does not exist"; fail=1; }
		continue
	fi
	[ "$to" = kbench/uapi ] || [ -e "$target.h" ] ||
		{ echo "FAIL: $file includes $target.h, which does not exist"; fail=1; }
	grep -qx "$from $to" "$tmp/allowed" ||
		{ echo "FAIL: $file includes $target.h, but $from/ may not call $to/ (its README.md)"; fail=1; }
done <"$tmp/edges"

# Circles: tsort names a loop on stderr.
awk '$1 != $3 { print $1, $3 }' "$tmp/edges" | sort -u >"$tmp/folder_edges"
if ! tsort "$tmp/folder_edges" >/dev/null 2>"$tmp/err"; then
	echo "FAIL: folders include each other in a circle:"; cat "$tmp/err"; fail=1
fi
awk '$5 != $4 { print $5, $4 }' "$tmp/edges" | sort -u >"$tmp/module_edges"
if ! tsort "$tmp/module_edges" >/dev/null 2>"$tmp/err"; then
	echo "FAIL: modules include each other in a circle:"; cat "$tmp/err"; fail=1
fi

[ $fail = 0 ] && echo "ok: $(wc -l <"$tmp/edges") includes in $(echo $folders | wc -w) folders; no circle"
exit $fail
