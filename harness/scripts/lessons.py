#!/usr/bin/env python3
"""lessons.py — measure the numbers the lessons quote, on this machine.

Every table of docs/kernels/<kernel>.md comes from a run of this script on
the reference machine (the lesson names it). Run it on yours to see your own:

    make lesson KERNEL=cos_series        one kernel  (= lessons.py cos_series)
    make lessons                         all of them
    make lesson KERNEL=slow_series SIZE=default   bigger problems, slower

For each kernel it measures two tables with build/parbench (--format csv):

  steps      the road from naive.c to optimized.c, one core: the lesson's
             intermediate steps (`--set step=N` of optimized, steps.c in
             solutions/) and the same code built with other compilers or
             flags (each build in its own folder, build/lessons/<build>/);
  variants   naive, optimized and the parallel variants on 1, 2, ... up to
             the usable cores, with speedups and start-up costs.

It writes build/lessons/<kernel>.md (markdown, with the machine's name and
the date) and prints it. The parbench runs stay in build/lessons/runs/.
Sizes are the `small` class (the tutorials' sizes) unless --size says
otherwise; a few rows set their own parameters, as the lesson says. Times
are medians of a few rounds: quick, good to a few percent on a quiet
machine, never a substitute for `make bench` on the numbers that matter.
"""
import argparse
import csv
import datetime
import os
import platform
import shutil
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "build", "lessons")

# The builds the rows use: name -> (compiler, optimization flags). "gcc" is
# what `make` builds by default on Debian; the others show what a compiler
# or a flag changes.
NATIVE = "-O3 -march=native"
BUILDS = {
    "gcc": ("gcc", NATIVE),
    "clang": ("clang", NATIVE),
    "gcc, no SIMD": ("gcc", NATIVE + " -fno-tree-vectorize -fno-tree-slp-vectorize"),
    "gcc, 512-bit SIMD": ("gcc", NATIVE + " -mprefer-vector-width=512"),
}
BUILD_DIRS = {"gcc": "gcc", "clang": "clang", "gcc, no SIMD": "gcc-novec",
              "gcc, 512-bit SIMD": "gcc-avx512"}


def nine_free_terms(n):
    """How many integers in [1, n] have no digit 9 (the terms of S(n)):
    below a 9-free prefix, each next digit d leaves d choices (0 .. d-1) and
    every later place 9."""
    count, digits = 0, str(n)
    for i, d in enumerate(int(c) for c in digits):
        count += d * 9 ** (len(digits) - i - 1)
        if d == 9:
            return count - 1  # n and everything after its first 9 hold a 9; 0 is no term
    return count  # [0, n) counted, 0 not a term, n itself one


# What one unit of work is, per kernel: (name, function of the params).
UNITS = {
    "cos_series": ("term", lambda p: int(p["n"])),
    "slow_series": ("term", lambda p: nine_free_terms(int(p["n"]))),
    "gauss_map": ("step", lambda p: int(p["width"]) * (int(p["skip"]) + int(p["points"]))),
    "parzen": ("sample", lambda p: int(p["samples"])),
    "sph2cart": ("point", None),  # nlat x nr x nlon: read from --list below
}


class Row:
    """One line of a steps table: a label, a build, optimized's settings."""

    def __init__(self, label, build="gcc", variant="optimized", sets=(), needs=None):
        self.label, self.build, self.variant, self.sets = label, build, variant, list(sets)
        self.needs = needs  # a CPU flag the row needs (avx512f), or None


STEPS = {
    "cos_series": [
        Row("naive: libm cos() per term", variant="naive"),
        Row("naive: libm cos() per term", "clang", variant="naive"),
        Row("1. table + 8 lane sums, one division per term", sets=["step=1"]),
        Row("1. table + 8 lane sums, one division per term", "clang", sets=["step=1"]),
        Row("2. + two terms per division (`optimized`)"),
        Row("2. + two terms per division (`optimized`)", "clang"),
    ],
    "slow_series": [
        Row("naive: `snprintf` + `strchr`", variant="naive"),
        Row("naive: `snprintf` + `strchr`", "clang", variant="naive"),
        Row("1. integer digit test per index", sets=["step=1"]),
        Row("1. integer digit test per index", "clang", sets=["step=1"]),
        Row("2. + incremental counter, 9-free numbers only", sets=["step=2"]),
        Row("2. + incremental counter, 9-free numbers only", "clang", sets=["step=2"]),
        Row("3. + blocks of 10^4 from the suffix table, 8 lane sums", sets=["step=3"]),
        Row("3. + blocks of 10^4 from the suffix table, 8 lane sums", "clang", sets=["step=3"]),
        Row("4. + four terms per division (`optimized`)"),
        Row("4. + four terms per division (`optimized`)", "clang"),
    ],
    "gauss_map": [
        Row("naive: one orbit at a time, libm exp, array + histogram", variant="naive"),
        Row("1. 32 lanes, still libm exp (no SIMD, only overlap)", sets=["step=1"]),
        Row("2. 32 lanes, own exp, vectorization switched off", "gcc, no SIMD"),
        Row("2. 32 lanes, own exp, vectorized (`optimized`)"),
        Row("2. the same, clang", "clang"),
        Row("2. the same, 512-bit vectors", "gcc, 512-bit SIMD", needs="avx512f"),
    ],
    "parzen": [
        Row("naive: every width, every sample", variant="naive"),
        Row("1. radius once, bins, prefix sums; a branch per sample", sets=["step=1"]),
        Row("2. in-between samples compacted without a branch (`optimized`)"),
        Row("for reference: only reading the samples and the two SIMD counts",
            sets=["widths=1"]),
    ],
    "sph2cart": [
        Row("naive: trig at every point", variant="naive", sets=["stores=cached"]),
        Row("naive: trig at every point", "clang", variant="naive", sets=["stores=cached"]),
        Row("(1) + (2): trig tables, factored rotation, scalar", "gcc, no SIMD",
            sets=["stores=cached"]),
        Row("(3) + SIMD, ordinary stores", sets=["stores=cached"]),
        Row("(4) + streaming stores (`optimized`)"),
    ],
}

# Parameters every row of a kernel's tables uses (on top of the size
# class), where the lesson's tables need a size other than the class's.
KERNEL_SETS = {
    "parzen": ["samples=1000000", "widths=256"],  # optimized at `small` lasts 14 us
}

# More runs of the parallel variants: a second setting the lesson compares.
VARIANT_EXTRA = {
    "slow_series": ["schedule=static"],
}


def run(command, **kwargs):
    return subprocess.run(command, cwd=ROOT, check=True, **kwargs)


def make_env():
    """The environment for a make of our own: without the calling make's
    jobserver, which this process cannot pass on."""
    env = dict(os.environ)
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
        env.pop(name, None)
    return env


def build(name):
    """Builds parbench for build `name` (once); returns its path, or None
    when its compiler is missing."""
    compiler, opt = BUILDS[name]
    if not shutil.which(compiler):
        return None
    folder = f"build/lessons/{BUILD_DIRS[name]}"
    jobs = str(os.cpu_count() or 1)
    run(["make", "--no-print-directory", "-j" + jobs, f"BUILD={folder}", f"CC={compiler}",
         f"OPT={opt}", "SRC=solutions", "SAN=", f"{folder}/parbench"], env=make_env(),
        stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, folder, "parbench")


def parbench(binary, kernel, args, rounds, size):
    """Runs parbench; returns its CSV rows."""
    command = [binary, "--kernel", kernel, "--size", size, "--rounds", str(rounds),
               "--max-rounds", str(rounds), "--format", "csv",
               "--out", os.path.join(OUT, "runs")]
    for setting in KERNEL_SETS.get(kernel, []):
        command += ["--set", setting]
    command += args
    print("  $ " + " ".join(os.path.relpath(c, ROOT) if c == binary else c for c in command),
          file=sys.stderr)
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):  # 1: a cell failed; the table says which
        sys.exit(f"lessons: parbench exited with status {done.returncode}")
    return list(csv.DictReader(done.stdout.splitlines()))


def params_of(row):
    return dict(item.split("=", 1) for item in row["params"].split())


def units(kernel, binary, row):
    """Units of work in the row's problem."""
    p = params_of(row)
    if kernel == "sph2cart":
        return int(p["nlat"]) * int(p["nr"]) * int(p["nlon"])
    return UNITS[kernel][1](p)


def seconds(text):
    """A time in readable units."""
    s = float(text)
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.3g} ms"
    return f"{s * 1e6:.3g} us"


def per_unit(s):
    return f"{s * 1e9:.3g} ns" if s < 1e-6 else f"{s * 1e6:.3g} us"


def cpu_flags():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def machine():
    """The machine's name and processor, in words."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        try:
            model = subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"],
                                   stdout=subprocess.PIPE, text=True).stdout.strip() or model
        except OSError:
            pass
    return f"{platform.node()} ({model}, {os.cpu_count()} logical CPUs, {platform.system()})"


def steps_table(kernel, size, rounds, binaries):
    unit = UNITS[kernel][0]
    lines = [f"| version | build | time | per {unit} | x naive |", "|---|---|---|---|---|"]
    naive = {}
    flags = cpu_flags()
    for row in STEPS[kernel]:
        binary = binaries.get(row.build)
        if binary is None or (row.needs and row.needs not in flags):
            why = "no " + (row.needs or BUILDS[row.build][0]) + " here"
            lines.append(f"| {row.label} | {row.build} | ({why}) | | |")
            continue
        args = ["--variant", row.variant]
        for setting in row.sets:
            args += ["--set", setting]
        result = parbench(binary, kernel, args, rounds, size)
        # parbench runs optimized beside any variant, as the baseline.
        cell = next((c for c in result if c["variant"] == row.variant), None)
        if not cell or cell["status"] != "OK":
            lines.append(f"| {row.label} | {row.build} | {cell['status'] if cell else 'no result'}"
                         f" | | |")
            continue
        t = float(cell["median_s"])
        if row.variant == "naive":
            naive[row.build] = t
        base = naive.get(row.build, naive.get("gcc"))
        ratio = f"{base / t:,.1f}" if base and row.variant != "naive" else ""
        setting = " ".join(f"`{s}`" for s in row.sets)
        lines.append(f"| {row.label}{' ' + setting if setting else ''} | {row.build} | "
                     f"{seconds(t)} | {per_unit(t / units(kernel, binary, cell))} | {ratio} |")
    return lines


def variants_table(kernel, size, rounds, binary):
    lines = ["| variant | setting | workers | time | speedup vs optimized [95% CI] | start-up |",
             "|---|---|---|---|---|---|"]
    runs = [([], "")] + [(["--variant", "forkpool,pthreads,openmp", "--set", s], f"`{s}`")
                         for s in VARIANT_EXTRA.get(kernel, [])]
    any_interval = False
    for args, label in runs:
        for cell in parbench(binary, kernel, ["--workers", "auto"] + args, rounds, size):
            if cell["status"] != "OK":
                lines.append(f"| {cell['variant']} | {label} | {cell['workers']} | "
                             f"{cell['status']}: {cell['message'][:60]} | | |")
                continue
            speedup = cell["speedup_vs_optimized"]
            interval = (f" [{float(cell['speedup_lo']):.2f}, {float(cell['speedup_hi']):.2f}]"
                        if cell["speedup_lo"] and cell["speedup_hi"] else "")
            any_interval = any_interval or bool(interval)
            startup = seconds(cell["startup_s"]) if cell["startup_s"] else ""
            lines.append(f"| {cell['variant']} | {label} | {cell['workers']} | "
                         f"{seconds(cell['median_s'])} | "
                         f"{float(speedup):.2f}{interval} | {startup} |" if speedup else
                         f"| {cell['variant']} | {label} | {cell['workers']} | "
                         f"{seconds(cell['median_s'])} | | {startup} |")
    if not any_interval:  # an order-statistic 95% interval of a median needs 6 samples
        lines += ["", f"No intervals: {rounds} rounds are too few for a 95% interval of a "
                  "median (it takes 6; `make lesson ROUNDS=6 ...`)."]
    return lines


def lesson(kernel, size, rounds):
    print(f"lessons: {kernel}", file=sys.stderr)
    binaries = {name: build(name) for name in sorted({r.build for r in STEPS[kernel]} | {"gcc"})}
    if binaries["gcc"] is None:
        sys.exit("lessons: gcc is needed for the main build")
    settings = " ".join(f"--set {s}" for s in KERNEL_SETS.get(kernel, []))
    text = [f"# {kernel}: the lesson's tables, measured here", "",
            f"Machine: {machine()}.  ",
            f"Date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}.  ",
            f"Command: `make lesson KERNEL={kernel} SIZE={size} ROUNDS={rounds}` "
            f"(parbench --size {size} "
            f"{settings + ' ' if settings else ''}--rounds {rounds}; medians of {rounds} rounds).",
            "", "## From naive to optimized, one core", ""]
    text += steps_table(kernel, size, rounds, binaries)
    text += ["", "## The variants", ""]
    text += variants_table(kernel, size, rounds, binaries["gcc"])
    text.append("")
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{kernel}.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(text))
    print("\n".join(text))
    print(f"lessons: wrote {os.path.relpath(path, ROOT)}", file=sys.stderr)


def main(argv):
    parser = argparse.ArgumentParser(description="Measure the lessons' tables on this machine.")
    parser.add_argument("kernels", nargs="*", help="kernels (default: all)")
    parser.add_argument("--size", default="small", choices=["test", "small", "default", "large"])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per table (default 3)")
    args = parser.parse_args(argv)
    for kernel in args.kernels:
        if kernel not in STEPS:
            print(f"lessons: no kernel {kernel!r}; the kernels are {', '.join(STEPS)}",
                  file=sys.stderr)
            return 2
    for kernel in args.kernels or list(STEPS):
        lesson(kernel, args.size, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
