#!/bin/sh
# grading.sh — harness/scripts/grade.sh on a class of deliberately broken
# submissions, each a classic mistake (tests/grading/*.patch, applied to the
# reference solution of one exercise):
#
#   race       cos_series openmp: every thread adds into one shared sum
#   reduction  cos_series openmp: reduction(+ : sum), right to 1e-15 but not
#              bit-identical
#   stub       cos_series optimized and openmp done right, the rest stubs: the
#              control, whose two exercises must come out complete
#   hang       parzen pthreads: a block-cyclic split whose block is
#              count / workers chunks, 0 when there are more workers than
#              chunks, so the loop never ends
#   private    cos_series forkpool: the result slots mapped MAP_PRIVATE, so
#              each worker writes its own copy; the parent never sees it
#   syntax     cos_series pthreads does not compile; cos_series optimized must
#              still be graded
#
# Each student also has cos_series (or parzen) optimized from the solutions,
# since the parallel variants build on it. The checks read grades.csv.
#
# Usage: tests/grading.sh [grade.sh options]   (CI: make test-grading)
# When a solution changes so that a patch no longer applies, make the
# mistake again in a copy of the new file and `diff -u` it into the patch.
set -u
suite=grading
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/tests/support/checks.sh"
# The checks import grade.py: no __pycache__ left in the tree.
export PYTHONDONTWRITEBYTECODE=1

# student  files from solutions/ (kernel/variant)          the mistake
# (steps.c, the lesson's earlier steps, goes with optimized.c.)
students='race      cos_series/optimized,cos_series/steps,cos_series/openmp    race.patch
reduction cos_series/optimized,cos_series/steps,cos_series/openmp    reduction.patch
stub      cos_series/optimized,cos_series/steps,cos_series/openmp    -
hang      parzen/optimized,parzen/steps,parzen/pthreads              hang.patch
private   cos_series/optimized,cos_series/steps,cos_series/forkpool  private.patch
syntax    cos_series/optimized,cos_series/steps,cos_series/pthreads  syntax'

echo "-- the submissions"
class=$tmp/class
echo "$students" | while read -r student files mistake; do
    mkdir -p "$class/$student"
    cp -R "$here/exercises" "$class/$student/exercises"
    for file in $(echo "$files" | tr ',' ' '); do
        cp "$here/solutions/$file.c" "$class/$student/exercises/$file.c"
    done
    case $mistake in
        -) ;;
        syntax) printf 'this is not C;\n' >>"$class/$student/exercises/cos_series/pthreads.c" ;;
        *)
            if ! patch -s -p1 -d "$class/$student/exercises" <"$here/tests/grading/$mistake" \
                >"$tmp/patch.log" 2>&1; then
                echo "  FAIL  tests/grading/$mistake no longer applies to solutions/: $(cat "$tmp/patch.log")"
                exit 1
            fi
            ;;
    esac
done || exit 1
pass "six submissions made from solutions/ and tests/grading/*.patch"

echo "-- grade.sh (timed)"
start=$(date +%s)
(cd "$tmp" && "$here/harness/scripts/grade.sh" --tsan --timeout 20 --size small --budget 8 \
    "$@" "$class/race" "$class/reduction" "$class/stub" "$class/hang" "$class/private" \
    "$class/syntax") >"$tmp/grade.out" 2>"$tmp/grade.err"
status=$?
seconds=$(($(date +%s) - start))
cat "$tmp/grade.out"
if [ "$status" -ne 0 ]; then
    fail "grade.sh exited with status $status: $(tail -5 "$tmp/grade.err")"
    finish
fi
pass "grade.sh graded six students in $seconds s"

# field STUDENT KERNEL VARIANT COLUMN: one cell of grades.csv.
field() {
    python3 - "$tmp/grades/grades.csv" "$@" <<'PY'
import csv, sys
path, student, kernel, variant, column = sys.argv[1:]
for row in csv.DictReader(open(path)):
    if (row["student"], row["kernel"], row["variant"]) == (student, kernel, variant):
        print(row[column])
        break
else:
    print("<no such row>")
PY
}

# expect STUDENT KERNEL VARIANT COLUMN PATTERN: the cell matches the
# extended regular expression.
expect() {
    value=$(field "$1" "$2" "$3" "$4")
    if printf '%s\n' "$value" | grep -Eq -- "$5"; then
        pass "$1 $2 $3: $4 = $value"
    else
        fail "$1 $2 $3: $4 is \"$value\", expected /$5/"
    fi
}

# reject STUDENT KERNEL VARIANT COLUMN PATTERN: the cell does not match.
reject() {
    value=$(field "$1" "$2" "$3" "$4")
    if printf '%s\n' "$value" | grep -Eq -- "$5"; then
        fail "$1 $2 $3: $4 is \"$value\", which should not match /$5/"
    else
        pass "$1 $2 $3: $4 does not say /$5/"
    fi
}

echo "-- the control: right answers are complete, stubs are not implemented"
expect stub cos_series optimized verdict '^complete$'
expect stub cos_series openmp verdict '^complete$'
expect stub cos_series openmp bit_identical '^yes$'
expect stub cos_series openmp bit_identical_runs '^failed 0 of 30$'
expect stub cos_series openmp awkward_sizes '^pass$'
expect stub cos_series openmp tsan '^clean$'
expect stub cos_series openmp speedup '^[0-9.]+$'
expect stub cos_series openmp speedup_lo '^[0-9.]+$'
expect stub cos_series pthreads verdict '^not implemented$'
expect stub sph2cart openmp verdict '^not implemented$'

echo "-- race: caught, named by ThreadSanitizer"
expect race cos_series optimized verdict '^complete$'
expect race cos_series openmp verdict '^problems$'
expect race cos_series openmp bit_identical '^no$'
expect race cos_series openmp tsan '^race$'
expect race cos_series openmp diagnosis 'race on a shared variable'

echo "-- reduction: not bit-identical in every run, and no race"
expect reduction cos_series openmp verdict '^problems$'
expect reduction cos_series openmp bit_identical '^no$'
expect reduction cos_series openmp bit_identical_runs '^failed 30 of 30$'
expect reduction cos_series openmp tsan '^clean$'
expect reduction cos_series openmp diagnosis 'last bits in all 30 runs \(ThreadSanitizer finds no race'
reject reduction cos_series openmp diagnosis 'race on a shared variable'

echo "-- hang: one exercise times out, the rest of the class is graded"
expect hang parzen optimized verdict '^complete$'
expect hang parzen pthreads verdict '^problems$'
expect hang parzen pthreads tests '^timeout$'
expect hang parzen pthreads diagnosis 'hangs'

echo "-- private: the result stayed in the workers' memory"
expect private cos_series forkpool verdict '^problems$'
expect private cos_series forkpool tests '^fail$'
expect private cos_series forkpool diagnosis "private memory| = 0 but the reference"
reject private cos_series forkpool diagnosis 'reduction|last bits'


echo "-- syntax: one file does not build, the others are graded"
expect syntax cos_series pthreads builds '^no$'
expect syntax cos_series pthreads verdict '^does not build$'
expect syntax cos_series pthreads diagnosis 'exercises/cos_series/pthreads.c:[0-9]+'
expect syntax cos_series optimized verdict '^complete$'

echo "-- the mistakes the tests name, named in the grade"
# The tests' own words for the classic mistakes (docs/exercises.md), as a
# failing test prints them: each must reach the diagnosis.
python3 - "$here/harness/scripts" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import grade
said = {
    "one sum that every worker adds into (a race on it, or a reduction in the workers' order)":
        "one sum that every worker adds into",
    "every worker did all the work": "every worker did all the work",
    "the result stayed in a worker's copy of memory": "private memory",
}
bad = []
for message, name in said.items():
    log = (f"[ RUN      ] cos_series pthreads: verified\nERROR: cos_series pthreads x2: "
           f"{message}: see SAN=thread\n[  FAILED  ] cos_series pthreads: verified\n")
    row = grade.Row(grade.Exercise("cos_series", "pthreads", True), tests="fail")
    row.name(grade.named_mistakes(log))
    row.message = grade.parse_tests(log)[0].message()
    if name not in grade.diagnosis(row, 60):
        bad.append((message, grade.diagnosis(row, 60)))
if bad:
    print(f"  FAIL  not named: {bad}")
    sys.exit(1)
print(f"  ok    the {len(said)} mistakes the tests name reach the diagnosis")
PY
[ $? -eq 0 ] || failures=$((failures + 1))

echo "-- the class files"
rows=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1]))))" \
    "$tmp/grades/grades.csv")
exercises=$(ls "$here"/exercises/*/*.c | grep -vc '/steps\.c$')
if [ "$rows" -eq $((6 * exercises)) ]; then
    pass "grades.csv: $rows rows, one per student and exercise"
else
    fail "grades.csv: $rows rows, expected $((6 * exercises)) (6 students x $exercises exercises)"
fi
if grep -q ',naive,' "$tmp/grades/grades.csv"; then
    fail "grades.csv grades naive, which students do not write"
else
    pass "no naive rows"
fi
stubs=$((exercises - 2))
if [ "$(wc -l <"$tmp/grades/students.csv")" -eq 7 ] &&
    grep -q "^stub,$exercises,2,0,$stubs,0," "$tmp/grades/students.csv"; then
    pass "students.csv: one row per student; stub: 2 complete, $stubs not implemented"
else
    fail "students.csv: $(cat "$tmp/grades/students.csv")"
fi
for student in race reduction stub hang private syntax; do
    grep -q "^$student: " "$tmp/grades/summary.txt" || fail "summary.txt has no line for $student"
done
pass "summary.txt has a paragraph per student"
finish
