# Sourced by the VM test scripts: check DESCRIPTION CONDITION prints a TAP
# line ("ok - ..." or "not ok - ...") and counts the failures in fails.
fails=0
check() {
	if eval "$2"; then
		echo "ok - $1"
	else
		echo "not ok - $1"
		fails=$((fails + 1))
	fi
}
