#!/bin/sh
# faults.sh — the harness under deliberate faults: crashes, hangs, wrong
# answers and interrupts are reported, keep every other result, and leave no
# process behind.
#
# Usage: tests/faults.sh build/tests/parbench-faults
set -u
parbench=${1:-build/tests/parbench-faults}
suite=faults
. "$(dirname "$0")/support/checks.sh"

# The one row of results.csv for cos_series <variant> x<workers>: "STATUS|message".
row_status() {
    python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
run, variant, workers = sys.argv[1:4]
with open(run + "/results.csv", newline="") as f:
    for row in csv.DictReader(f):
        if row["variant"] == variant and row["workers"] == workers:
            print(row["status"] + "|" + row["message"])
PY
}

count_ok() {
    python3 -c "import csv,sys; print(sum(r['status'] == 'OK' for r in csv.DictReader(open(sys.argv[1]))))" \
        "$1/results.csv"
}

# No process whose pid is in the file is still alive. A killed orphan stays a
# zombie until init reaps it: dead, but `kill -0` still finds it.
none_alive() {
    [ -s "$1" ] || return 1
    for pid in $(cat "$1"); do
        state=$(ps -o stat= -p "$pid" 2>/dev/null)
        case "$state" in
            "" | Z*) ;;
            *) return 1 ;;
        esac
    done
    return 0
}

# Under a sanitizer (make test SAN=...), let SIGSEGV kill the process as it
# would without one, instead of being reported and turned into exit(1).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}handle_segv=0"

# The shared-memory variants: the mpi variant's faults are tests/mpi.sh's.
variants=naive,optimized,forkpool,pthreads,openmp

run_with_fault() { # name fault [parbench options...]
    name=$1; fault=$2; shift 2
    rm -f "$tmp/pids"
    PARBENCH_FAULT=$fault PARBENCH_FAULT_PIDS=$tmp/pids \
        "$parbench" --kernel cos_series --variant "$variants" --size test --rounds 2 --max-rounds 2 \
        --out "$tmp/$name" "$@" \
        >"$tmp/$name.out" 2>"$tmp/$name.err"
    status=$?
    run=$tmp/$name/$(ls "$tmp/$name")
}

echo "-- a crashing variant: FAILED with the signal, the rest kept, exit status 1"
for kind in segv:SIGSEGV abort:SIGABRT kill:SIGKILL; do
    run_with_fault "crash-${kind%%:*}" "cos_series/pthreads/2:${kind%%:*}" --workers 1,2
    got=$(row_status "$run" pthreads 2)
    case "$got" in
        FAILED*"${kind##*:}"*) pass "pthreads x2 ${kind%%:*}: $got" ;;
        *) fail "pthreads x2 ${kind%%:*} reported as: $got" ;;
    esac
    [ "$status" -eq 1 ] || fail "exit status $status after a crash, expected 1"
    [ "$(count_ok "$run")" -eq 7 ] || fail "the other 7 cells are OK"
    python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['status'] == 'complete'" \
        "$run/run.json" || fail "run.json complete after a crash"
done

echo "-- a worker process that exits mid-run"
run_with_fault exit "cos_series/forkpool/2:exit" --workers 2
case "$(row_status "$run" forkpool 2)" in
    FAILED*"status 3"*) pass "forkpool x2: exit status reported" ;;
    *) fail "forkpool x2 exit reported as: $(row_status "$run" forkpool 2)" ;;
esac

echo "-- a wrong answer is FAILED with expected and actual values, never a speedup"
run_with_fault wrong "cos_series/openmp/2:wrong" --workers 1,2
got=$(row_status "$run" openmp 2)
case "$got" in
    FAILED*"wrong answer"*"reference"*) pass "openmp x2: $got" ;;
    *) fail "openmp x2 wrong answer reported as: $got" ;;
esac
python3 - "$run" <<'PY' || fail "a FAILED cell has no speedup"
import csv, sys
for row in csv.DictReader(open(sys.argv[1] + "/results.csv")):
    if row["status"] != "OK":
        assert row["speedup_vs_optimized"] == "" and row["median_s"] == "", row
PY

echo "-- a hung cell: TIMEOUT, its process group killed"
start=$(date +%s)
run_with_fault hang "cos_series/forkpool/2:hang" --workers 2 --timeout 1
got=$(row_status "$run" forkpool 2)
case "$got" in
    TIMEOUT*) pass "forkpool x2: $got" ;;
    *) fail "forkpool x2 hang reported as: $got" ;;
esac
[ $(( $(date +%s) - start )) -lt 30 ] || fail "the timeout took too long"
sleep 0.2
none_alive "$tmp/pids" && pass "no process of the hung cell survives" \
    || fail "processes of the hung cell survive: $(cat "$tmp/pids")"
[ "$(count_ok "$run")" -eq 4 ] || fail "the other 4 cells are OK after a timeout"

for signal in INT TERM; do
    echo "-- SIG$signal during a run: finished kernels kept, run.json says interrupted"
    rm -f "$tmp/pids"
    # cos_series finishes; slow_series' pthreads cells are slow (2 s a sample),
    # so the signal comes while slow_series is being measured.
    PARBENCH_FAULT="slow_series/pthreads/*:slow" PARBENCH_FAULT_PIDS=$tmp/pids \
        "$parbench" --kernel cos_series,slow_series --variant "$variants" --size test --rounds 3 \
        --out "$tmp/int-$signal" >/dev/null 2>&1 &
    pid=$!
    i=0
    while [ ! -s "$tmp/pids" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -s "$signal" "$pid"
    wait "$pid"
    status=$?
    run=$tmp/int-$signal/$(ls "$tmp/int-$signal")
    [ "$status" -eq 130 ] && pass "exit status 130" || fail "exit status $status, expected 130"
    python3 - "$run" <<'PY' && pass "results.csv has the finished kernel, run.json is valid" \
        || fail "results after SIG$signal"
import csv, json, sys
run = sys.argv[1]
info = json.load(open(run + "/run.json"))
assert info["status"] == "interrupted", info["status"]
rows = list(csv.DictReader(open(run + "/results.csv")))
assert len(rows) == info["cells_done"] >= 8, (len(rows), info["cells_done"])
assert sum(r["kernel"] == "cos_series" for r in rows) == 8
assert all(r["status"] == "OK" for r in rows)
assert not any(r["variant"] == "pthreads" and r["kernel"] == "slow_series" for r in rows)
PY
    sleep 0.2
    none_alive "$tmp/pids" && pass "no process of the interrupted cell survives" \
        || fail "processes survive SIG$signal: $(cat "$tmp/pids")"
    ls "$run" | grep -q '\.tmp$' && fail "a temporary file was left behind"
done

finish
