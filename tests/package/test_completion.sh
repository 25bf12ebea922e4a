#!/bin/bash
# The bash completion sourced as bash-completion would, against the built
# numabench (whose build tree holds share/numabench/policies): COMPREPLY
# for a few lines as typed.
#   test_completion.sh COMPLETION_FILE BUILD_DIR
# no set -e: completion functions run in an interactive shell without it
comp=$1 build=$2
PATH=$build:$PATH
# shellcheck source=/dev/null
source "$comp"
fail=0
# file and directory candidates come from here: an empty folder
cd "$(mktemp -d)"
trap 'rmdir "$PWD"' EXIT

# expect "WORDS..." EXPECTED: COMPREPLY for the last word, sorted, joined
expect() {
	local want=$1; shift
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_numabench
	local got
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//')
	if [[ $got == "$want" ]]; then
		echo "ok: '$*<TAB>' -> $got"
	else
		echo "FAIL: '$*<TAB>' -> '$got', want '$want'"
		fail=1
	fi
}

expect "run" numabench ru
expect "--profile" numabench run --pro
expect "quick" numabench run --profile q
# the profiles the build tree ships, by name
profiles=$(cd "$build/share/numabench/policies" && ls -- *.ini | sed 's/\.ini$//' | sort | tr '\n' ' ')
expect "${profiles% }" numabench run --native --profile ""
expect "--format --help --kernel --module --native --vm" numabench list --
expect "all kernel user" numabench run --suite ""
expect "json" numabench topology --format j
expect "md,tex" numabench report --format md,t
expect "" numabench guest -- s
kernels=$(ls /lib/modules 2>/dev/null | grep '^6\.' | sort | tr '\n' ' ' | sed 's/ $//')
expect "$kernels" numabench regress --kernels 6.

[[ $fail == 0 ]] && echo "completion: all checks passed"
exit $fail
