#!/bin/sh
# compare.sh — `parbench --compare A B` on two small runs: the union of their
# worker counts, B / A with the interval its header promises (recomputed
# here from raw.csv), the header's machines, a refusal of different
# problems without --force, and --out with missing parent folders.
#
# Usage: tests/compare.sh build/parbench
set -u
parbench=${1:-build/parbench}
suite=compare
. "$(dirname "$0")/support/checks.sh"

# Seven rounds: the fewest that give B / A an interval (compare.c).
run() { # OUT WORKERS [more options]
    out=$1 workers=$2; shift 2
    "$parbench" --size test --kernel cos_series --variant optimized,pthreads --workers "$workers" \
        --rounds 7 --max-rounds 7 --out "$tmp/$out" "$@" >/dev/null 2>"$tmp/$out.err" &&
        ls -d "$tmp/$out"/*/
}
a=$(run a 1,2) || { fail "run A: $(tail -2 "$tmp/a.err")"; finish; }
b=$(run b 1,2,3) || { fail "run B: $(tail -2 "$tmp/b.err")"; finish; }

echo "-- a comparison"
out=$tmp/deep/er/compare
if "$parbench" --compare "$a" "$b" --out "$out" >"$tmp/out" 2>"$tmp/err"; then
    pass "--compare with --out three folders deep (created)"
else
    fail "--compare: $(cat "$tmp/err")"
    finish
fi
md=$out/compare.md
for row in 'cores' 'clocks' 'memory bandwidth' 'compiler' 'size'; do
    grep -q "^| $row | " "$md" || fail "the header has no \"$row\" line"
done
pass "the header describes both machines: cores, clocks, bandwidth, compiler, size"
grep -q '^| pthreads | 3 | - | ' "$md" && pass "B's 3-worker cell is there (the union of the counts)" ||
    fail "no row for B's 3 workers: $(grep '^| pthreads' "$md")"
times=$(grep -n '^Time per call' "$md" | head -1 | cut -d: -f1)
speedups=$(grep -n '^Speedup over' "$md" | head -1 | cut -d: -f1)
[ -n "$times" ] && [ -n "$speedups" ] && [ "$times" -lt "$speedups" ] &&
    pass "absolute times come before speedups" || fail "times do not lead the kernel's section"
grep -q "What A's fit predicted for B's 3 workers" "$md" &&
    pass "A's fit is carried out to B's 3 workers" || fail "no prediction for B's 3 workers"
if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$out/compare-cos_series.png" ] && pass "the plot" || fail "no compare-cos_series.png"
fi

# B / A of optimized at 1 worker, recomputed: each median's order-statistic
# interval at sqrt(0.95) from raw.csv, then B_lo / A_hi and B_hi / A_lo.
python3 - "$a" "$b" "$md" <<'PY'
import csv, math, re, sys
a, b, md = sys.argv[1:4]

def interval(run):
    xs = sorted(float(r["seconds"]) for r in csv.DictReader(open(run + "/raw.csv"))
                if (r["kernel"], r["variant"], r["workers"]) == ("cos_series", "optimized", "1"))
    n, level, below, best = len(xs), math.sqrt(0.95), 0.0, 0
    for j in range(1, (n + 1) // 2 + 1):
        below += math.comb(n, j - 1) / 2 ** n
        if 1 - 2 * below < level:
            break
        best = j
    return xs[best - 1], xs[n - best]

(alo, ahi), (blo, bhi) = interval(a), interval(b)
line = next(l for l in open(md) if l.startswith("| optimized | 1 |"))
lo, hi = map(float, re.findall(r"\[([0-9.e+-]+), ([0-9.e+-]+)\] \|\s*$", line)[0])
want = (blo / ahi, bhi / alo)
if all(abs(got - w) <= 0.005 * w for got, w in zip((lo, hi), want)):
    print(f"  ok    B / A interval [{lo}, {hi}] = [B_lo / A_hi, B_hi / A_lo] from raw.csv")
else:
    print(f"  FAIL  B / A interval [{lo}, {hi}], recomputed [{want[0]:.3g}, {want[1]:.3g}]: {line}")
    sys.exit(1)
PY
[ $? -eq 0 ] || failures=$((failures + 1))

echo "-- different problems"
c=$(run c 1,2 --set n=2000000) || { fail "run C: $(tail -2 "$tmp/c.err")"; finish; }
"$parbench" --compare "$a" "$c" --out "$tmp/refused" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
    grep -q '^parbench: error: .*cos_series parameters.*--force' "$tmp/err" &&
    [ ! -e "$tmp/refused/compare.md" ]; then
    pass "other parameters: refused, exit 2, one line naming them and --force"
else
    fail "other parameters: exit $status: $(cat "$tmp/err")"
fi
if "$parbench" --compare "$a" "$c" --out "$tmp/forced" --force >"$tmp/out" 2>"$tmp/err" &&
    grep -q '^parbench: warning: A and B differ: cos_series parameters' "$tmp/err" &&
    grep -q 'solved different problems' "$tmp/forced/compare.md"; then
    pass "--force: compared, with the difference on stderr and in compare.md"
else
    fail "--force: $(cat "$tmp/err")"
fi
finish
