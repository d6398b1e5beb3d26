# checks.sh — what the shell test scripts share. Source it after setting
# `suite` (for the verdict line); it makes $tmp (removed at exit) and counts
# failures.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

pass() { printf '  ok    %s\n' "$1"; }
fail() { printf '  FAIL  %s\n' "$1"; failures=$((failures + 1)); }

# The script's last line: the verdict and the exit status.
finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$suite: $failures check(s) failed"
        exit 1
    fi
    echo "$suite: all checks passed"
}
