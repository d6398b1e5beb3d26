#!/bin/sh
# e2e.sh — the parbench program end to end: exit statuses, one-line errors,
# the results folder, and CSV/JSON that real parsers accept.
#
# Usage: tests/e2e.sh build/parbench
set -u
parbench=${1:-build/parbench}
suite=e2e
. "$(dirname "$0")/support/checks.sh"

# expect_status STATUS DESCRIPTION COMMAND...: the exit status, and for
# status 2 exactly one line on stderr that starts with "parbench: error:".
expect_status() {
    want=$1; what=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit status $got, expected $want ($(head -c 300 "$tmp/err"))"
        return
    fi
    if [ "$want" -eq 2 ]; then
        lines=$(wc -l <"$tmp/err")
        if [ "$lines" -ne 1 ] || ! grep -q '^parbench: error: ' "$tmp/err"; then
            fail "$what: expected one 'parbench: error:' line, got: $(cat "$tmp/err")"
            return
        fi
    fi
    pass "$what"
}

echo "-- informational options"
expect_status 0 "--help" "$parbench" --help
grep -q -- '--workers' "$tmp/out" || fail "--help mentions --workers"
expect_status 0 "--list" "$parbench" --list
grep -q '^cos_series' "$tmp/out" || fail "--list names cos_series"
expect_status 0 "--cores" "$parbench" --cores
grep -q '^usable cores: ' "$tmp/out" || fail "--cores reports usable cores"

echo "-- bad input: one line, exit status 2, nothing run"
expect_status 2 "unknown option" "$parbench" --bogus
expect_status 2 "unknown kernel" "$parbench" --kernel nosuch
expect_status 2 "unknown variant" "$parbench" --variant cuda
expect_status 2 "zero workers" "$parbench" --workers 0
expect_status 2 "malformed worker list" "$parbench" --workers 1,,2
expect_status 2 "negative rounds" "$parbench" --rounds -3
expect_status 2 "max rounds below rounds" "$parbench" --rounds 5 --max-rounds 4
expect_status 2 "unknown --set key" "$parbench" --set nosuch=1
expect_status 2 "garbage --set value" "$parbench" --set n=abc
expect_status 2 "NaN --set value" "$parbench" --set n=nan
expect_status 2 "huge --set value" "$parbench" --set n=1e30
expect_status 2 "missing value" "$parbench" --size
expect_status 2 "size that does not fit in memory" \
    "$parbench" --kernel cos_series --set n=9e15 --set chunk=1 --out "$tmp/never"
grep -q 'GB' "$tmp/err" || fail "memory refusal names the amounts"
[ ! -e "$tmp/never" ] || fail "refused run created no results folder"

echo "-- core detection"
out=$(OMP_NUM_THREADS=1 "$parbench" --cores)
echo "$out" | grep -q 'usable cores: 1 (decided by: OMP_NUM_THREADS)' && pass "OMP_NUM_THREADS=1" \
    || fail "OMP_NUM_THREADS=1 limits to 1: $out"
out=$(OMP_NUM_THREADS=abc "$parbench" --cores 2>&1)
echo "$out" | grep -q 'warning: OMP_NUM_THREADS="abc"' && pass "OMP_NUM_THREADS=abc warns" \
    || fail "OMP_NUM_THREADS=abc warns: $out"
if command -v taskset >/dev/null 2>&1; then
    out=$(taskset -c 0 "$parbench" --cores)
    echo "$out" | grep -q 'default worker list: 1$' && pass "taskset -c 0: worker list 1" \
        || fail "taskset -c 0: worker list 1: $out"
fi

echo "-- a run at the test size"
expect_status 0 "run (table)" "$parbench" --size test --rounds 2 --max-rounds 2 --out "$tmp/results"
runs=$(ls "$tmp/results" | wc -l)
[ "$runs" -eq 1 ] && pass "one run folder" || fail "one run folder, found $runs"
run=$tmp/results/$(ls "$tmp/results")
expect_status 0 "run (csv)" "$parbench" --size test --rounds 2 --max-rounds 2 --format csv --out "$tmp/results"
cp "$tmp/out" "$tmp/stdout.csv"
expect_status 0 "run (json)" "$parbench" --size test --rounds 2 --max-rounds 2 --format json --out "$tmp/results"
cp "$tmp/out" "$tmp/stdout.json"
runs=$(ls "$tmp/results" | wc -l)
[ "$runs" -eq 3 ] && pass "runs in the same second get their own folders" \
    || fail "three run folders, found $runs"

python3 - "$run" "$tmp/stdout.csv" "$tmp/stdout.json" <<'PY' || failures=$((failures + 1))
import csv, json, math, sys
run, stdout_csv, stdout_json = sys.argv[1:4]
columns = ("kernel,variant,parallel,size,scaling,params,workers,workers_actual,rounds,"
           "calls_per_sample,startup_s,end_to_end_s,min_s,median_s,median_lo,median_hi,mean_s,"
           "max_s,stddev_s,cv,speedup_vs_optimized,speedup_lo,speedup_hi,speedup_vs_self,"
           "speedup_vs_self_lo,speedup_vs_self_hi,efficiency,efficiency_lo,efficiency_hi,"
           "karp_flatt,karp_flatt_lo,karp_flatt_hi,fit_law,serial_fraction,serial_fraction_lo,"
           "serial_fraction_hi,fit_resolved,max_speedup,max_speedup_lo,max_speedup_hi,fit_points,"
           "gbytes_per_s,bandwidth_fraction,effective_ghz,clock_source,value,reference,rel_error,"
           "flags,status,message").split(",")
problems = []
with open(f"{run}/run.json") as f:
    mpi_available = json.load(f)["mpi"]["available"]
with open(f"{run}/results.csv", newline="") as f:
    reader = csv.DictReader(f)
    if reader.fieldnames != columns:
        problems.append(f"results.csv columns: {reader.fieldnames}")
    rows = list(reader)
if not rows:
    problems.append("results.csv has no rows")
# Without MPI the mpi cells are UNAVAILABLE (tests/mpi.sh checks them): set them aside.
unavailable = [r for r in rows if r["variant"] == "mpi" and r["status"] == "UNAVAILABLE"
               and not mpi_available and "no MPI found (install" in r["message"]]
rows = [r for r in rows if r not in unavailable]
if not any(r["variant"] == "mpi" for r in rows + unavailable):
    problems.append("results.csv has no mpi cells")
for row in rows:
    if row["status"] != "OK":
        problems.append(f"{row['kernel']} {row['variant']}: {row['status']} {row['message']}")
    if row["rounds"] != "2":
        problems.append(f"{row['variant']}: rounds {row['rounds']}")
    if int(row["calls_per_sample"]) < 1:
        problems.append(f"{row['variant']}: calls_per_sample {row['calls_per_sample']}")
    if row["parallel"] == "yes" and not float(row["startup_s"]) > 0:
        problems.append(f"{row['kernel']} {row['variant']}: no start-up measured")
    # Two rounds: too few for a 95% interval, so NOISY, and never a made-up one.
    if row["median_lo"] != "" or "NOISY" not in row["flags"]:
        problems.append(f"{row['kernel']} {row['variant']}: interval {row['median_lo']}, flags {row['flags']}")
    # rel_error's meaning is the kernel's (README); an accepted answer's is finite.
    if float(row["median_s"]) <= 0 or not math.isfinite(float(row["rel_error"] or "nan")):
        problems.append(f"{row['kernel']} {row['variant']}: implausible median or error")
with open(f"{run}/raw.csv", newline="") as f:
    raw = list(csv.DictReader(f))
if len(raw) != 2 * len(rows):
    problems.append(f"raw.csv: {len(raw)} samples for {len(rows)} cells x 2")
if sorted(int(r["seq"]) for r in raw) != list(range(1, len(raw) + 1)):
    problems.append("raw.csv: seq is not 1..n")
for kernel in {r["kernel"] for r in raw}:
    rounds = [int(r["round"]) for r in raw if r["kernel"] == kernel]
    if sorted(set(rounds)) != [1, 2]:
        problems.append(f"raw.csv: {kernel} rounds {sorted(set(rounds))}")
starts = [float(r["start_s"]) for r in raw]
if starts != sorted(starts):
    problems.append("raw.csv: start_s does not grow with seq")
with open(f"{run}/run.json") as f:
    info = json.load(f)
for key in ("status", "machine", "cores", "build", "environment", "settings", "kernels", "power"):
    if key not in info:
        problems.append(f"run.json lacks {key}")
if info.get("status") != "complete":
    problems.append(f"run.json status {info.get('status')}")
if info["cores"]["usable"] < 1 or not info["build"]["compiler_version"]:
    problems.append("run.json: cores or compiler missing")
if not info["settings"]["seed"].isdigit() or info["settings"]["min_rounds"] != 2:
    problems.append("run.json: seed or rounds missing")
for key in ("governor", "turbo", "power_source", "before", "after", "steal_fraction",
            "transparent_hugepages"):
    if key not in info["power"]:
        problems.append(f"run.json: power lacks {key}")
if any(k["rounds"] != 2 for k in info["kernels"]):
    problems.append("run.json: kernels' rounds")
with open(stdout_csv, newline="") as f:
    if len(list(csv.DictReader(f))) != len(rows) + len(unavailable):
        problems.append("--format csv prints a different number of rows")
with open(stdout_json) as f:
    cells = json.load(f)
if len(cells) != len(rows) + len(unavailable) or \
        any(len(c["samples_s"]) != (0 if c["status"] == "UNAVAILABLE" else 2) for c in cells):
    problems.append("--format json: wrong cells or samples")
for p in problems:
    print("  FAIL ", p)
if not problems:
    print("  ok    results.csv, raw.csv, run.json and stdout parse and agree")
sys.exit(1 if problems else 0)
PY

echo "-- cells set up anew for every visit (--resident no): the same rows"
expect_status 0 "--resident no" "$parbench" --size test --kernel cos_series,sph2cart \
    --rounds 2 --max-rounds 2 --resident no --out "$tmp/fresh"
python3 - "$tmp/fresh/$(ls "$tmp/fresh")" <<'PY' && pass "every cell OK with 2 samples, calibrated once" \
    || fail "--resident no rows"
import csv, json, sys
run = sys.argv[1]
rows = list(csv.DictReader(open(run + "/results.csv")))
# (Without MPI the mpi cells are UNAVAILABLE: set aside, as above.)
rows = [r for r in rows if not (r["variant"] == "mpi" and r["status"] == "UNAVAILABLE")]
assert all(r["status"] == "OK" and r["rounds"] == "2" for r in rows), rows
per_kernel = [sum(r["kernel"] == k for r in rows) for k in ("cos_series", "sph2cart")]
assert per_kernel[0] == per_kernel[1] >= 8, per_kernel
assert not any(k["cells_resident"] for k in json.load(open(run + "/run.json"))["kernels"])
PY

echo "-- every cell gets at least --rounds samples (resting comes only after them)"
expect_status 0 "--rounds 7" "$parbench" --size test --kernel cos_series \
    --variant optimized,pthreads,openmp --rounds 7 --max-rounds 7 --out "$tmp/seven"
python3 - "$tmp/seven/$(ls "$tmp/seven")" <<'PY' && pass "7 samples of every cell in raw.csv" \
    || fail "a cell missed a round"
import collections, csv, sys
raw = list(csv.DictReader(open(sys.argv[1] + "/raw.csv")))
per_cell = collections.Counter((r["variant"], r["workers"]) for r in raw)
assert len(per_cell) == 5 and set(per_cell.values()) == {7}, per_cell
PY

echo "-- runs started together never share a folder"
for i in 1 2 3; do
    "$parbench" --size test --rounds 1 --max-rounds 1 --variant optimized --out "$tmp/together" >/dev/null 2>&1 &
done
wait
runs=$(ls "$tmp/together" | wc -l)
[ "$runs" -eq 3 ] && pass "three simultaneous runs, three folders ($(ls "$tmp/together" | tr '\n' ' '))" \
    || fail "three simultaneous runs made $runs folders"

echo "-- summary.md and plots, remade and compared"
for f in summary.md speedup-cos_series.png speedup-cos_series.svg efficiency-cos_series.png \
         times.png times.svg; do
    [ -s "$run/$f" ] || fail "run folder has $f"
done
head -c 8 "$run/speedup-cos_series.png" | od -An -c | grep -q 'P   N   G' \
    && pass "plots are PNG files" || fail "speedup-cos_series.png is a PNG"
rm "$run"/*.png "$run/summary.md"
expect_status 0 "--report remakes summary and plots" "$parbench" --report "$run"
[ -s "$run/summary.md" ] && [ -s "$run/times.png" ] || fail "--report wrote summary.md and times.png"
grep -q '^## cos_series' "$run/summary.md" || fail "summary.md has a cos_series section"
second=$tmp/results/$(ls "$tmp/results" | sed -n 2p)
expect_status 0 "--compare two runs" "$parbench" --compare "$run" "$second" --out "$tmp/cmp"
[ -s "$tmp/cmp/compare.md" ] && [ -s "$tmp/cmp/compare-cos_series.png" ] \
    || fail "--compare wrote compare.md and compare-cos_series.png"
expect_status 2 "--report of a folder without results" "$parbench" --report "$tmp/nothing"

echo "-- oversubscription is allowed when asked, with a warning"
"$parbench" --size test --rounds 1 --max-rounds 1 --variant openmp --workers 1,64 --out "$tmp/over" \
    >/dev/null 2>"$tmp/err" && grep -q 'oversubscribed' "$tmp/err" \
    && pass "--workers 64 warns" || fail "--workers 64 warns: $(cat "$tmp/err")"

finish
