#!/bin/sh
# numabench(1) as built: renders without a groff warning, man -l reads it,
# every option of every command's --help is in it, and every option it
# names exists (the hand-written sections cannot drift either); every
# NUMABENCH_* variable the sources read is in ENVIRONMENT.
#   test_man.sh NUMABENCH PAGE SOURCE_DIR
set -eu
nb=$1 page=$2 src=$3
fail=0
check() {
	what=$1; shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

groff -man -Tutf8 -ww -z "$page" 2>"$tmp/groff.err" || true
check "groff -man -ww: no warnings" test ! -s "$tmp/groff.err"
cat "$tmp/groff.err"
check "man -l exits 0" sh -c "MANWIDTH=80 man -l '$page' >'$tmp/man.txt' 2>&1"
check "man -l renders the header" grep -q '^NUMABENCH(1)' "$tmp/man.txt"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES 'SEE ALSO'; do
	check "section $s" grep -qx "$s" "$tmp/man.txt"
done

# The page's options (\-\-name) and each command's --help options.
grep -o '\\-\\-[a-z][a-z-]*' "$page" | sed 's/\\//g' | sort -u >"$tmp/page.opts"
cmds=$("$nb" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
: >"$tmp/help.opts"
for c in $cmds; do
	check "command '$c' has a section" grep -q "^\.SS \"numabench $c" "$page"
	"$nb" "$c" --help | awk '$1 ~ /^--[a-z]/ { print $1 }' >"$tmp/opts-$c"
	for o in $(cat "$tmp/opts-$c"); do
		# in this command's section: from its .SS to the next
		awk -v c="$c" -v o="$o" '
			/^\.SS/ { on = index($0, "\"numabench " c " ") || index($0, "\"numabench " c "\"") }
			on { gsub(/\\-/, "-"); if (index($0, "\\fB" o "\\fR")) found = 1 }
			END { exit !found }' "$page" ||
			{ echo "FAIL: $c $o is not in the page"; fail=1; }
	done
	cat "$tmp/opts-$c" >>"$tmp/help.opts"
done
echo "--help" >>"$tmp/help.opts"
echo "--version" >>"$tmp/help.opts"
sort -u "$tmp/help.opts" -o "$tmp/help.opts"
echo "checked $(wc -l <"$tmp/help.opts") options of $(echo $cmds | wc -w) commands"
stale=$(comm -23 "$tmp/page.opts" "$tmp/help.opts" | grep -vx -e '--' -e '--import' || true)
check "every option the page names exists (stale: ${stale:-none})" test -z "$stale"

grep -rhoE '"NUMABENCH_[A-Z_]+"' "$src/ubench" | tr -d '"' | sort -u >"$tmp/env"
for v in $(cat "$tmp/env"); do
	check "ENVIRONMENT names $v" grep -q "$v" "$page"
done

[ $fail = 0 ] && echo "man: all checks passed"
exit $fail
