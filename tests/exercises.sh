#!/bin/sh
# exercises.sh — the generated exercises: every stub builds (the caller built
# this parbench with SRC=exercises), runs, and is reported NOT_IMPLEMENTED,
# never as a crash, a hang, a failure or a speedup.
#
# Usage: tests/exercises.sh build/exercises/parbench
set -u
parbench=${1:-build/exercises/parbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$parbench" --size test --rounds 1 --max-rounds 1 --warmup 0 --workers 1,2 --out "$tmp" --format csv \
    >"$tmp/out.csv" 2>"$tmp/err"
status=$?
python3 - "$tmp/out.csv" "$status" "$tmp"/*/run.json <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
status = int(sys.argv[2])
# A build without MPI reports the mpi stubs UNAVAILABLE: they still had to compile.
mpi_available = json.load(open(sys.argv[3]))["mpi"]["available"]
problems = []
for row in rows:
    expected = ("OK" if row["variant"] == "naive"
                else "UNAVAILABLE" if row["variant"] == "mpi" and not mpi_available
                else "NOT_IMPLEMENTED")
    if row["status"] != expected:
        problems.append(f"{row['kernel']} {row['variant']} x{row['workers']}: {row['status']} "
                        f"({row['message']}), expected {expected}")
    elif expected == "NOT_IMPLEMENTED" and (row["median_s"] or row["speedup_vs_optimized"]):
        problems.append(f"{row['kernel']} {row['variant']}: a stub got a time or a speedup")
if not rows:
    problems.append("no cells ran")
if status != 0:
    problems.append(f"parbench exited with status {status} (stubs are not failures)")
for p in problems:
    print("  FAIL ", p)
if problems:
    sys.exit(1)
stubs = sum(r["status"] == "NOT_IMPLEMENTED" for r in rows)
print(f"exercises: {len(rows)} cells, {stubs} stubs reported NOT_IMPLEMENTED, naive OK"
      + ("" if mpi_available else " (no MPI: the mpi cells UNAVAILABLE)"))
PY
