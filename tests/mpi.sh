#!/bin/sh
# mpi.sh — the mpi variant: every kernel bit-identical to optimized at 1, 2,
# 3 and 4 ranks (more ranks than this machine has cores: oversubscribed on
# purpose) and with OpenMP threads in the ranks; the MPI_Reduce experiment;
# parbench's mpi cells end to end; a crashed rank, a hung rank and an
# interrupt, each leaving no process behind; and a build without MPI, where
# the variant is UNAVAILABLE and the run still succeeds.
#
# Usage: tests/mpi.sh BUILD NO_MPI_PARBENCH
#   BUILD: the build folder (parbench, tests/parbench-faults, tests/mpi_check);
#   NO_MPI_PARBENCH: the same parbench built with MPI=none.
# PARBENCH_TEST_KERNEL (make test KERNEL=...) limits it to the bit-identity
# checks of that kernel.
set -u
build=${1:-build}
no_mpi_parbench=${2:-build/no-mpi/parbench}
suite=mpi
. "$(dirname "$0")/support/checks.sh"

# Under AddressSanitizer (make test SAN=address): Open MPI does not free all
# of its own memory at MPI_Finalize, and the leak checker would fail every
# rank for it, so leaks are not checked here (the other variants' tests
# check ours); and a SIGSEGV must kill a rank as it would without ASan.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0:handle_segv=0"

parbench=$build/parbench
faults=$(cd "$(dirname "$build/tests/parbench-faults")" && pwd)/parbench-faults
check=$build/tests/mpi_check
only_identity=${PARBENCH_TEST_KERNEL:-}

# The one row of results.csv for <kernel> mpi x<ranks>: "STATUS|message".
row_status() {
    python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
run, kernel, workers = sys.argv[1:4]
for row in csv.DictReader(open(run + "/results.csv", newline="")):
    if row["kernel"] == kernel and row["variant"] == "mpi" and row["workers"] == workers:
        print(row["status"] + "|" + row["message"])
PY
}

# No process of ours whose pid is in the file, or that runs the fault build, is alive.
nothing_left() {
    for pid in $(cat "$1" 2>/dev/null); do
        case "$(ps -o stat= -p "$pid" 2>/dev/null)" in
            "" | Z*) ;;
            *) return 1 ;;
        esac
    done
    ! ps -eo stat=,args= | grep -v '^Z' | grep -F -- "$faults --internal-cell" | grep -qv grep
}

unavailable_run() { # parbench: the mpi cells UNAVAILABLE, the rest OK, exit status 0
    "$1" --kernel cos_series --variant optimized,mpi --workers 1,2 --size test --rounds 1 \
        --max-rounds 1 --out "$tmp/nompi" >"$tmp/nompi.out" 2>"$tmp/nompi.err"
    status=$?
    run=$tmp/nompi/$(ls -t "$tmp/nompi" | head -1)
    [ "$status" -eq 0 ] && pass "no MPI: exit status 0" || fail "no MPI: exit status $status"
    case "$(row_status "$run" cos_series 2)" in
        "UNAVAILABLE|no MPI found (install"*) pass "no MPI: mpi x2 is UNAVAILABLE: no MPI found (install ...)" ;;
        *) fail "no MPI: mpi x2 reported as: $(row_status "$run" cos_series 2)" ;;
    esac
    grep -q 'unavailable' "$tmp/nompi.err" || fail "no MPI: the footer counts the unavailable cells"
    python3 -c "import csv,sys; rows=list(csv.DictReader(open(sys.argv[1])))
sys.exit(0 if any(r['variant']=='optimized' and r['status']=='OK' for r in rows) else 1)" \
        "$run/results.csv" || fail "no MPI: optimized still OK"
}

if [ ! -x "$check" ]; then
    echo "-- this build has no MPI: the mpi variant is UNAVAILABLE, never FAILED"
    unavailable_run "$parbench"
    finish
    exit 0
fi

# The launcher for mpi_check, as parbench chooses it (launcher.c).
if mpirun --version 2>&1 | grep -q 'Open MPI'; then
    launch="mpirun --oversubscribe --bind-to none -np"
    [ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
else
    launch="mpiexec -n"
fi

echo "-- every kernel's mpi variant is bit-identical to optimized (oversubscribed past 2 cores)"
for ranks in 1 2 3 4; do
    if timeout 120 $launch "$ranks" "$check" identity >"$tmp/identity" 2>&1; then
        pass "$ranks rank(s): $(grep -c '^  ok' "$tmp/identity") cases verified and bit-identical"
    else
        fail "$ranks rank(s):"; sed 's/^/        /' "$tmp/identity"
    fi
done
if timeout 120 $launch 2 "$check" identity 2 >"$tmp/identity" 2>&1; then
    pass "hybrid, 2 ranks x 2 OpenMP threads: $(grep -c '^  ok' "$tmp/identity") cases bit-identical"
else
    fail "hybrid, 2 ranks x 2 threads:"; sed 's/^/        /' "$tmp/identity"
fi
[ -n "$only_identity" ] && { finish; exit 0; }

echo "-- MPI_Reduce(MPI_SUM) of one sum per rank against the gathered partials (docs/mpi.md)"
for ranks in 1 2 3 4; do
    timeout 120 $launch "$ranks" "$check" reduce-bits 1e8 >"$tmp/bits" 2>&1 || fail "reduce-bits at $ranks"
    cat "$tmp/bits"
    grep 'MPI_Gatherv' "$tmp/bits" | grep -q ' +0 ulp$' \
        || fail "$ranks rank(s): the gathered partials differ from optimized"
done

echo "-- parbench's mpi cells: launched, verified, timed, start-up apart, recorded"
"$parbench" --variant optimized,mpi --workers 1,2 --size test --rounds 2 --max-rounds 2 \
    --out "$tmp/run" >"$tmp/run.out" 2>"$tmp/run.err"
status=$?
run=$tmp/run/$(ls "$tmp/run")
[ "$status" -eq 0 ] && pass "exit status 0" || fail "exit status $status: $(tail -3 "$tmp/run.err")"
python3 - "$run" <<'PY' && pass "every mpi cell OK with a start-up; run.json has the MPI library and launcher command lines" \
    || fail "mpi cells or run.json"
import csv, json, sys
run = sys.argv[1]
rows = [r for r in csv.DictReader(open(run + "/results.csv")) if r["variant"] == "mpi"]
assert len(rows) == 10, len(rows)
for r in rows:
    assert r["status"] == "OK", r
    assert float(r["startup_s"]) > 0 and float(r["median_s"]) > 0, r
    assert r["workers_actual"] == r["workers"], r
mpi = json.load(open(run + "/run.json"))["mpi"]
assert mpi["available"] and mpi["library_version"], mpi
jobs = {j["ranks"]: j for j in mpi["jobs"]}
assert set(jobs) == {1, 2} and jobs[2]["nodes"] == 1, jobs
assert "2" in jobs[2]["command"].split() and "--internal-cell" in jobs[2]["command"], jobs
PY
grep -q 'mpi: ' "$tmp/run.err" || fail "parbench names the MPI library and launcher"

"$parbench" --kernel cos_series --variant mpi --workers 1 --threads-per-rank 2 --size test \
    --rounds 1 --max-rounds 1 --out "$tmp/hybrid" >/dev/null 2>"$tmp/hybrid.err"
run=$tmp/hybrid/$(ls "$tmp/hybrid")
python3 -c "import csv,sys; r=[r for r in csv.DictReader(open(sys.argv[1])) if r['variant']=='mpi'][0]
sys.exit(0 if r['status']=='OK' and r['workers_actual']=='2' else 1)" "$run/results.csv" \
    && pass "--threads-per-rank 2: 1 rank x 2 threads, 2 workers in all" \
    || fail "--threads-per-rank 2: $(cat "$tmp/hybrid.err" | tail -3)"

# A fault in rank 1 of the 2-rank cell (tests/faults/faults.c strikes the last rank).
run_with_fault() { # name fault [parbench options...]
    name=$1; fault=$2; shift 2
    rm -f "$tmp/pids"
    PARBENCH_FAULT=$fault PARBENCH_FAULT_PIDS=$tmp/pids "$faults" --kernel cos_series \
        --variant optimized,mpi --workers 1,2 --size test --rounds 2 --max-rounds 2 \
        --out "$tmp/$name" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    status=$?
    run=$tmp/$name/$(ls "$tmp/$name")
}

echo "-- a rank that crashes: FAILED with the signal, the job ended, the rest kept"
run_with_fault crash "cos_series/mpi/2:segv"
case "$(row_status "$run" cos_series 2)" in
    FAILED*SIGSEGV*) pass "mpi x2: $(row_status "$run" cos_series 2 | cut -c1-100)" ;;
    *) fail "mpi x2 crash reported as: $(row_status "$run" cos_series 2)" ;;
esac
[ "$status" -eq 1 ] || fail "exit status $status after a crash, expected 1"
case "$(row_status "$run" cos_series 1)" in OK*) ;; *) fail "mpi x1 is OK beside the crash" ;; esac
sleep 0.2
nothing_left "$tmp/pids" && pass "no process of the crashed job survives" \
    || fail "processes of the crashed job survive"

echo "-- a rank that hangs: TIMEOUT, every process of the job killed"
start=$(date +%s)
run_with_fault hang "cos_series/mpi/2:hang" --timeout 2
case "$(row_status "$run" cos_series 2)" in
    TIMEOUT*) pass "mpi x2: $(row_status "$run" cos_series 2 | cut -c1-80)" ;;
    *) fail "mpi x2 hang reported as: $(row_status "$run" cos_series 2)" ;;
esac
[ $(( $(date +%s) - start )) -lt 40 ] || fail "the timeout took too long"
sleep 0.2
nothing_left "$tmp/pids" && pass "no process of the hung job survives (mpirun, ranks, a rank's child)" \
    || fail "processes of the hung job survive: $(cat "$tmp/pids")"

echo "-- a launcher that starts one-rank jobs (MPI singletons): FAILED, and why"
# Each copy would otherwise time the whole problem as rank 0 of 1.
"$parbench" --kernel cos_series --variant optimized,mpi --workers 2 --size test --rounds 1 \
    --max-rounds 1 --mpi-launcher "$(dirname "$0")/mpi/singletons.sh {ranks}" \
    --out "$tmp/singletons" >"$tmp/singletons.out" 2>"$tmp/singletons.err"
status=$?
run=$tmp/singletons/$(ls "$tmp/singletons")
case "$(row_status "$run" cos_series 2)" in
    FAILED*) pass "mpi x2: $(row_status "$run" cos_series 2 | cut -c1-80)" ;;
    *) fail "mpi x2 from singletons reported as: $(row_status "$run" cos_series 2)" ;;
esac
[ "$status" -eq 1 ] || fail "exit status $status with singletons, expected 1"
grep -q "started a job of 1 rank(s) where 2 were asked for" "$tmp/singletons.err" &&
    pass "named: $(grep -m 1 -o 'the launcher started .* were asked for' "$tmp/singletons.err")" ||
    fail "the singletons are not named: $(tail -3 "$tmp/singletons.err")"

echo "-- a file-size limit (ulimit -f): below 64 MiB the mpi cells are FAILED at once, and why"
# An MPI job writes shared-memory files of megabytes as it starts; under a
# small limit its processes die of SIGXFSZ, and mpirun does not always
# notice (harness/celljob.c).
with_file_limit() { # BYTES COMMAND...: COMMAND under RLIMIT_FSIZE = BYTES
    python3 -c 'import os, resource, sys
n = int(sys.argv[1]); resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
os.execvp(sys.argv[2], sys.argv[2:])' "$@"
}
for limit in 1048576 67108864; do
    start=$(date +%s)
    with_file_limit "$limit" "$parbench" --kernel cos_series --variant optimized,mpi --workers 2 \
        --size test --rounds 1 --max-rounds 1 --out "$tmp/fsize$limit" \
        >"$tmp/fsize.out" 2>"$tmp/fsize.err"
    took=$(($(date +%s) - start))
    run=$tmp/fsize$limit/$(ls "$tmp/fsize$limit")
    got=$(row_status "$run" cos_series 2)
    case "$limit:$got" in
        1048576:"FAILED|the file-size limit (ulimit -f) is 1024 KiB"*)
            pass "under 1 MiB: mpi x2 FAILED in $took s: $(echo "$got" | cut -c8-90)..." ;;
        67108864:OK*) pass "under 64 MiB: mpi x2 OK (2 ranks start within the limit)" ;;
        *) fail "under a file-size limit of $limit bytes: mpi x2 is $got ($(tail -2 "$tmp/fsize.err"))" ;;
    esac
    [ "$took" -lt 60 ] || fail "under a file-size limit of $limit bytes the run took $took s"
done

echo "-- SIGINT while an mpi cell is measured: exit 130, nothing left"
rm -f "$tmp/pids"
PARBENCH_FAULT="cos_series/mpi/*:slow" PARBENCH_FAULT_PIDS=$tmp/pids "$faults" --kernel cos_series \
    --variant optimized,mpi --workers 1,2 --size test --rounds 3 --out "$tmp/int" >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -s "$tmp/pids" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
kill -INT "$pid"
wait "$pid"
status=$?
[ "$status" -eq 130 ] && pass "exit status 130" || fail "exit status $status, expected 130"
sleep 0.2
nothing_left "$tmp/pids" && pass "no process of the interrupted job survives" \
    || fail "processes survive SIGINT"

echo "-- built without MPI (make MPI=none): the mpi variant is UNAVAILABLE, never FAILED"
if [ -x "$no_mpi_parbench" ]; then
    unavailable_run "$no_mpi_parbench"
else
    fail "no parbench built with MPI=none at $no_mpi_parbench"
fi

finish
