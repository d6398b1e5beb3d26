#!/bin/sh
# handout.sh — the student handout as a student and an instructor meet it:
# `make handout`, unpacked where there is no .git and no solutions/; the
# README's quick start (make bench, make test) works there, and grade.sh
# grades from it.
#
# Usage: tests/handout.sh   (CI: make test-handout)
set -u
suite=handout
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/tests/support/checks.sh"
# The checks import grade.py: no __pycache__ left in the tree.
export PYTHONDONTWRITEBYTECODE=1

echo "-- make handout"
if make -C "$here" --no-print-directory handout >"$tmp/handout.log" 2>&1; then
    pass "make handout"
else
    fail "make handout: $(tail -3 "$tmp/handout.log")"
    finish
fi
tar -tzf "$here/build/parbench-handout.tar.gz" >"$tmp/list"
if grep -q -e '^parbench/solutions/' -e '^parbench/tests/grading' "$tmp/list"; then
    fail "the handout holds solutions/ or the diffs of tests/grading/"
else
    pass "no solutions/, no tests/grading/ ($(wc -l <"$tmp/list") files)"
fi
mkdir "$tmp/student"
tar -xzf "$here/build/parbench-handout.tar.gz" -C "$tmp/student"
handout=$tmp/student/parbench
grep -q 'This is the student handout' "$handout/README.md" &&
    pass "README.md starts with the handout note" || fail "README.md has no handout note"
if git -C "$handout" rev-parse --git-dir >/dev/null 2>&1; then
    fail "the unpacked handout is inside a git repository: the test needs a place without one"
fi

echo "-- the quick start, in the handout"
# make bench as the README says, at the test size (the default size is for
# a machine of one's own).
(cd "$handout" && make bench SIZE=test BENCH_ARGS="--rounds 2 --max-rounds 2") \
    >"$tmp/bench.out" 2>"$tmp/bench.err"
status=$?
if [ "$status" -eq 0 ] && grep -q 'NOT_IMPLEMENTED' "$tmp/bench.out" &&
    grep -Eq '^[a-z_]+ +naive .* OK' "$tmp/bench.out"; then
    pass "make bench: builds the exercises, naive OK, the stubs NOT_IMPLEMENTED, exit 0"
else
    fail "make bench: exit $status: $(tail -3 "$tmp/bench.err")"
fi
ls "$handout"/results/*/results.csv >/dev/null 2>&1 &&
    pass "make bench wrote results/<run>/results.csv" || fail "make bench wrote no results"
[ -x "$handout/build/exercises/parbench" ] &&
    pass "the note's build/exercises/parbench exists" || fail "no build/exercises/parbench"

(cd "$handout" && make test) >"$tmp/test.out" 2>&1
status=$?
# Every test that fails there must fail because an exercise is not written.
python3 - "$handout/harness/scripts" "$tmp/test.out" "$status" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from grade import parse_tests
tests = parse_tests(open(sys.argv[2]).read())
failed = [t for t in tests if t.outcome in ("FAILED", "HUNG")]
other = [t.name for t in failed if "not implemented" not in "\n".join(t.lines)]
if sys.argv[3] == "0" or not failed:
    print("  FAIL  make test passed in a handout full of stubs")
    sys.exit(1)
if other:
    print(f"  FAIL  make test: failures that do not say 'not implemented': {other}")
    sys.exit(1)
print(f"  ok    make test: {len(tests)} tests ran; the {len(failed)} that fail say "
      f"'not implemented'")
PY
[ $? -eq 0 ] || failures=$((failures + 1))

echo "-- grade.sh from the handout (no .git)"
mkdir -p "$tmp/class/nobody"
cp -R "$handout/exercises" "$tmp/class/nobody/"
(cd "$tmp" && "$handout/harness/scripts/grade.sh" --repeat 2 --size test --budget 2 \
    --timeout 30 "$tmp/class/nobody") >"$tmp/grade.out" 2>"$tmp/grade.err"
status=$?
exercises=$(ls "$handout"/exercises/*/*.c | grep -vc '/steps\.c$')
python3 - "$tmp/grades/grades.csv" "$status" "$exercises" <<'PY'
import csv, sys
try:
    rows = list(csv.DictReader(open(sys.argv[1])))
except OSError as error:
    print(f"  FAIL  grade.sh wrote no grades.csv ({error}); exit status {sys.argv[2]}")
    sys.exit(1)
wrong = [(r["kernel"], r["variant"], r["builds"], r["verdict"]) for r in rows
         if r["builds"] != "yes" or r["verdict"] != "not implemented"]
# One row per exercise: every variant but naive of every kernel (--list).
expected = int(sys.argv[3])
if sys.argv[2] != "0" or len(rows) != expected or wrong:
    print(f"  FAIL  grade.sh: exit {sys.argv[2]}, {len(rows)} rows, unexpected: {wrong[:3]}")
    sys.exit(1)
print("  ok    grade.sh: 20 exercises, each builds and is not implemented")
PY
[ $? -eq 0 ] || { failures=$((failures + 1)); tail -5 "$tmp/grade.err"; }
finish
