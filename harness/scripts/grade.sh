#!/bin/sh
# grade.sh — check a class's exercise submissions with parbench and the tests.
#
# Usage: harness/scripts/grade.sh SUBMISSION...
#   Each SUBMISSION is a folder holding the student's exercises/ tree (their
#   whole handout copy is fine), named after the student.
#
# For each one, a clean copy of this repository at HEAD gets the student's
# exercises/, is built with SRC=exercises, and
#   - parbench runs every kernel and variant at the test size on 1, 2, 3 and 7
#     workers: every answer is verified, so a cell is OK, FAILED (wrong answer,
#     crash, with the message), TIMEOUT or NOT_IMPLEMENTED;
#   - `make test SRC=exercises` runs the cmocka tests (bit-identity over 1-16
#     workers, awkward sizes); its verdict and log are kept.
# Results: grades/grades.csv (student, kernel, variant, workers, status,
# message), grades/summary.txt, and grades/<student>/ with the logs.
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 SUBMISSION..." >&2; exit 2; }
out=$(pwd)/grades
mkdir -p "$out"
echo "student,kernel,variant,workers,status,message" >"$out/grades.csv"
: >"$out/summary.txt"

grade_one() {
    submission=$1
    student=$(basename "$submission")
    if [ ! -d "$submission/exercises" ]; then
        echo "$student: no exercises/ folder, skipped" | tee -a "$out/summary.txt"
        return
    fi
    work=$(mktemp -d)
    mkdir -p "$out/$student"
    git -C "$here" archive HEAD | tar -x -C "$work"
    rm -rf "$work/exercises"
    cp -R "$submission/exercises" "$work/exercises"
    if ! make -C "$work" SRC=exercises parbench >"$out/$student/build.log" 2>&1; then
        echo "$student: does not build (see $student/build.log)" | tee -a "$out/summary.txt"
        rm -rf "$work"
        return
    fi
    (cd "$work" && build/exercises/parbench --size test --repeat 1 --warmup 0 \
        --workers 1,2,3,7 --timeout 60 --format csv --out "$work/results") \
        >"$out/$student/cells.csv" 2>"$out/$student/parbench.log"
    python3 - "$student" "$out/$student/cells.csv" >>"$out/grades.csv" <<'PY'
import csv, sys
student, path = sys.argv[1:3]
writer = csv.writer(sys.stdout)
for row in csv.DictReader(open(path)):
    writer.writerow([student, row["kernel"], row["variant"], row["workers"], row["status"],
                     row["message"]])
PY
    if make -C "$work" SRC=exercises test >"$out/$student/test.log" 2>&1; then
        tests="tests pass"
    else
        tests="tests FAIL (see $student/test.log)"
    fi
    python3 - "$student" "$out/$student/cells.csv" "$tests" >>"$out/summary.txt" <<'PY'
import csv, sys
from collections import Counter
student, path, tests = sys.argv[1:4]
rows = list(csv.DictReader(open(path)))
done = Counter()
for row in rows:
    done[(row["kernel"], row["variant"])] += row["status"] == "OK"
cells = Counter(r["status"] for r in rows)
complete = sorted(f"{k}/{v}" for (k, v), ok in done.items()
                  if ok == sum(1 for r in rows if (r["kernel"], r["variant"]) == (k, v))
                  and v != "naive")
print(f"{student}: {cells['OK']} OK, {cells['FAILED']} FAILED, {cells['TIMEOUT']} TIMEOUT, "
      f"{cells['NOT_IMPLEMENTED']} not implemented; {tests}")
print("    complete: " + (", ".join(complete) or "none"))
PY
    rm -rf "$work"
}

for submission in "$@"; do
    grade_one "$submission"
done
cat "$out/summary.txt"
echo "grades: $out/grades.csv"
