#!/usr/bin/env python3
"""grade.py — grade a class's exercise submissions: one row per student and exercise.

Usage: harness/scripts/grade.sh [options] SUBMISSION...

Each SUBMISSION is a folder named after the student that holds their
exercises/ tree (their whole handout copy is fine; a bare copy of exercises/
works too). Files they did not hand in are taken from this repository's
exercises/, so a missing file counts as "not implemented", not as a broken
build. Their code runs in a scratch copy of the repository (no .git needed:
this works from an unpacked handout too), one student at a time.

For every student:
  1. Build with SRC=exercises. A file that does not compile is graded "does
     not build" and replaced by the untouched stub, so the student's other
     exercises are still graded.
  2. For every exercise (kernel x variant, naive left out, since students do
     not write it): `make test SRC=exercises KERNEL=k VARIANT=v`, which runs
     only that exercise's tests, so a stub elsewhere cannot hide its edge
     cases. From its output:
       - tests: pass, fail, not implemented, or timeout;
       - bit-identical: the tests that compare the answer's bits with
         optimized at 1, 2, 3, 4, 7 and 16 workers, run --repeat times in
         all, because a race can pass once by luck (and how the runs fail,
         now and then or every time, tells a race from a reordered sum);
       - awkward sizes: the kernel's test of tiny and ragged sizes, with more
         workers than chunks;
       - with --tsan, the same tests under ThreadSanitizer, which names a data
         race even when the answer happened to come out right.
  3. parbench times every kernel that has a written exercise at --size, on
     1 and N workers (N = the usable cores): each parallel exercise gets its
     speedup over optimized at N workers with the 95% interval (results.csv:
     speedup_vs_optimized, speedup_lo, speedup_hi), or parbench's verdict
     (FAILED with the reason, TIMEOUT).
Every step has a timeout (--timeout), so a hang costs one cell, not the class.

Mistakes are named from the tests' own messages (the MISTAKES table below):
when the tests learn to name a mistake, grading names it too.

Results, in --out (default ./grades):
  grades.csv    the class: one row per student and exercise (the gradebook)
  students.csv  one row per student: exercises complete, with problems, not
                implemented
  summary.txt   per student, in words
  <student>/    the logs of every step
"""

import argparse
import csv
import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]

# What a scratch copy needs to build and test the exercises: the top level
# minus solutions/ (the students' files take their place), docs and results.
TREE = ("Makefile", "kernels", "harness", "tests", "exercises")

# The tests' messages that name a classic mistake, and the name the grade
# gives it. The tests name these mistakes every time they occur (docs/
# exercises.md, "Things that go wrong"); ThreadSanitizer's report is ours.
MISTAKES = (
    ("one sum that every worker adds into", "one sum that every worker adds into"),
    ("ThreadSanitizer: data race", "race on a shared variable (ThreadSanitizer)"),
    ("every worker did all the work", "every worker did all the work (loop not divided)"),
    ("the result stayed in a worker's copy of memory", "result left in a worker's private memory"),
    ("differs from optimized in the last bits", "not bit-identical to optimized"),
)

# Words in a test's name that say what it checks.
BIT_IDENTITY_TEST = re.compile(r"bit[-_ ]identical", re.IGNORECASE)
AWKWARD_TEST = re.compile(r"awkward", re.IGNORECASE)

# A compiler error in a student's file: "exercises/k/v.c:12:5: error: ...".
COMPILE_ERROR = re.compile(r"^(exercises/[^:\s]+\.[ch]):\d+(?::\d+)?: (?:fatal )?error: .*$",
                           re.MULTILINE)

# The longest diagnosis in a CSV cell; the logs keep the rest.
DIAGNOSIS_MAX = 300

# Rounds of the speedup run: 6 is the fewest that give a 95% interval
# (harness/stats.h); more when the budget allows.
SPEEDUP_MIN_ROUNDS = 6
SPEEDUP_MAX_ROUNDS = 10

COLUMNS = ("student", "kernel", "variant", "builds", "tests", "bit_identical",
           "bit_identical_runs", "awkward_sizes", "tsan", "workers", "speedup", "speedup_lo",
           "speedup_hi", "parbench", "verdict", "diagnosis")


def say(message):
    print(f"grade: {message}", file=sys.stderr, flush=True)


def clean_environment():
    """Ours, without what would change the scratch tree's make: its own
    SRC, SAN, KERNEL and VARIANT are set per step, and a calling make's
    MAKEFLAGS (make test-grading) must not reach into it."""
    env = dict(os.environ)
    for variable in ("SRC", "SAN", "KERNEL", "VARIANT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(variable, None)
    return env


# ---- Steps with a timeout -------------------------------------------------------

@dataclass
class Step:
    """One command's outcome: its exit status (None: killed at the timeout)."""
    status: object
    output: str

    @property
    def timed_out(self):
        return self.status is None


def kill_group(process):
    """Ends the command and everything it started (its own process group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run_step(command, cwd, log, timeout_s, env=None):
    """Runs command with its output in log; a command still running after
    timeout_s is killed with all its children, whatever it was doing."""
    with open(log, "w", encoding="utf-8", errors="replace") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            status = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            kill_group(process)
            status = None
        except BaseException:
            kill_group(process)
            raise
        if status is None:
            out.write(f"\ngrade: killed after {timeout_s:g} s (--timeout)\n")
    output = Path(log).read_text(encoding="utf-8", errors="replace")
    return Step(status, output)


# ---- Reading the tests' output (cmocka) ------------------------------------------

@dataclass
class TestResult:
    name: str
    outcome: str  # OK, FAILED, SKIPPED, or HUNG (still running when killed)
    lines: list = field(default_factory=list)

    def message(self):
        """The test's own words on why it failed: its first message line."""
        for line in self.lines:
            text = line.strip()
            if text and not text.startswith("["):
                return text[len("ERROR: "):] if text.startswith("ERROR: ") else text
        return ""


CMOCKA_LINE = re.compile(r"^\[\s*(RUN|OK|FAILED|SKIPPED)\s*\] (.*)$")


def parse_tests(output):
    """Every test that started, in order, with its outcome and its lines."""
    results, current = [], None
    for line in output.splitlines():
        match = CMOCKA_LINE.match(line)
        if match and match.group(1) == "RUN":
            current = TestResult(match.group(2).strip(), "HUNG")
            results.append(current)
        elif match and current and match.group(2).strip() == current.name:
            current.outcome = match.group(1)
            current = None
        elif current:
            current.lines.append(line)
    return results


def verdict_of(tests, matches):
    """pass / fail / timeout / not run (none of those tests ran)."""
    chosen = [t for t in tests if matches.search(t.name)]
    if any(t.outcome == "HUNG" for t in chosen):
        return "timeout"
    if any(t.outcome == "FAILED" for t in chosen):
        return "fail"
    if any(t.outcome == "OK" for t in chosen):
        return "pass"
    return "not run"


def not_implemented(output):
    """The stub's "where" when a test met an unwritten part, else None."""
    match = re.search(r"not implemented: ([^\n]+)", output)
    if match:
        return match.group(1).strip()
    return "a stub" if "not implemented" in output else None


def named_mistakes(output):
    return [name for text, name in MISTAKES if text in output]


# ---- One student -----------------------------------------------------------------

@dataclass
class Exercise:
    kernel: str
    variant: str
    parallel: bool


@dataclass
class Row:
    """One student's exercise: the columns of grades.csv, and the facts its
    diagnosis is written from (diagnosis())."""
    exercise: Exercise
    builds: str = "yes"
    tests: str = "not run"
    bit_identical: str = "n/a"
    bit_identical_runs: str = ""
    awkward_sizes: str = "not run"
    tsan: str = "not run"
    workers: str = ""
    speedup: str = ""
    speedup_lo: str = ""
    speedup_hi: str = ""
    parbench: str = "not run"
    verdict: str = ""
    diagnosis: str = ""
    # The facts.
    build_error: str = ""
    missing: str = ""         # where a stub was met
    hung: str = ""            # what did not finish in time
    mistakes: list = field(default_factory=list)  # named by the tests' messages
    message: str = ""         # the first failing test's own words
    runs: int = 0             # runs of the bit-identity tests, and how they failed:
    bit_failures: int = 0     #   an answer off in the last bits
    wrong_failures: int = 0   #   a wrong answer, a crash
    tsan_where: str = ""
    parbench_message: str = ""

    def name(self, mistakes):
        for mistake in mistakes:
            if mistake not in self.mistakes:
                self.mistakes.append(mistake)


class Grader:
    def __init__(self, options, work, exercises, usable_cores):
        self.options = options
        self.work = work
        self.exercises = exercises
        self.usable = usable_cores
        self.reference = work / "reference-exercises"
        self.make = ["make", "--no-print-directory", "SRC=exercises"]
        self.tsan_built = False
        self.env = clean_environment()

    # -- the student's tree

    def install(self, submission):
        """The reference stubs, then the student's files on top; the objects
        of the previous student's exercises are removed so nothing of theirs
        survives."""
        exercises = self.work / "exercises"
        shutil.rmtree(exercises, ignore_errors=True)
        shutil.copytree(self.reference, exercises)
        theirs = submission / "exercises" if (submission / "exercises").is_dir() else submission
        handed_in = 0
        for path in sorted(theirs.rglob("*")):
            relative = path.relative_to(theirs)
            if path.is_file() and not path.is_symlink() and path.suffix in (".c", ".h"):
                target = exercises / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                handed_in += 1
        for build in self.work.glob("build/exercises/**/obj/exercises"):
            shutil.rmtree(build, ignore_errors=True)
        return handed_in

    def unchanged(self, exercise):
        """The student's file is still the generated stub."""
        name = f"{exercise.kernel}/{exercise.variant}.c"
        return filecmp.cmp(self.work / "exercises" / name, self.reference / name, shallow=False)

    def build(self, logs, san=None):
        """Builds parbench and the tests; a file that does not compile is
        replaced by its stub and the build tried again. Returns (ok, {file:
        first error}) ."""
        broken = {}
        command = self.make + ["-k", f"-j{max(1, os.cpu_count() or 1)}", "all"]
        if san:
            command.append(f"SAN={san}")
        tag = f"build-{san}" if san else "build"
        for attempt in range(2):
            log = logs / (f"{tag}.log" if attempt == 0 else f"{tag}-with-stubs.log")
            step = run_step(command, self.work, log, self.options.build_timeout, self.env)
            if step.status == 0:
                return True, broken
            if step.timed_out:
                return False, broken
            errors = {}
            for match in COMPILE_ERROR.finditer(step.output):
                errors.setdefault(match.group(1), match.group(0))
            if not errors or attempt == 1 or san:
                return False, broken
            for name, error in errors.items():
                broken[name] = error
                stub = self.reference / Path(name).relative_to("exercises")
                target = self.work / name
                if stub.exists():
                    shutil.copyfile(stub, target)
                else:
                    target.unlink()  # a file of their own: leave it out
        return False, broken

    # -- one exercise

    def test(self, row, logs):
        ex = row.exercise
        if self.unchanged(ex):
            row.tests, row.missing = "not implemented", "the file is the unchanged stub"
            return
        filters = [f"KERNEL={ex.kernel}", f"VARIANT={ex.variant}"]
        step = run_step(self.make + filters + ["test"], self.work,
                        logs / f"{ex.kernel}-{ex.variant}.test.log", self.options.timeout,
                        self.env)
        tests = parse_tests(step.output)
        failed = [t for t in tests if t.outcome in ("FAILED", "HUNG")]
        where = not_implemented(step.output)
        if step.timed_out:
            row.tests = "timeout"
            hung = [t.name for t in tests if t.outcome == "HUNG"]
            row.hung = hung[0] if hung else "make test"
        elif step.status == 0:
            row.tests = "pass"
        elif where and all("not implemented" in "\n".join(t.lines) for t in failed):
            row.tests, row.missing = "not implemented", where
            return
        else:
            row.tests = "fail"
            row.message = next((t.message() for t in failed if t.message()), failed[0].name
                               if failed else "make test failed")
        row.awkward_sizes = verdict_of(tests, AWKWARD_TEST)
        row.name(named_mistakes(step.output))
        if ex.parallel:
            bits = verdict_of(tests, BIT_IDENTITY_TEST)
            row.bit_identical = {"pass": "yes", "fail": "no"}.get(bits, bits)
            if bits in ("pass", "fail"):
                row.runs = 1
                self.count_failure(row, step, tests)
                self.repeat(row, logs)
        if self.options.tsan:
            self.tsan(row, logs)

    @staticmethod
    def count_failure(row, step, tests):
        """Tells a bit-identity run's failure apart: last bits, or wrong."""
        failed = [t for t in tests if BIT_IDENTITY_TEST.search(t.name) and t.outcome == "FAILED"]
        if not failed:
            return
        if any("in the last bits" in "\n".join(t.lines) for t in failed):
            row.bit_failures += 1
        else:
            row.wrong_failures += 1

    def repeat(self, row, logs):
        """The bit-identity tests again, until --repeat runs in all: a race
        can pass once by luck. How the runs fail tells the mistakes apart:
        now and then (a race), or every run the same way."""
        ex = row.exercise
        binary = self.work / "build/exercises/tests/test_kernels"
        env = dict(self.env, PARBENCH_TEST_KERNEL=ex.kernel, PARBENCH_TEST_VARIANT=ex.variant)
        log = logs / f"{ex.kernel}-{ex.variant}.repeat.log"
        while row.runs < self.options.repeat:
            step = run_step([str(binary)], self.work, log, self.options.timeout, env)
            row.runs += 1
            if step.timed_out:
                row.bit_identical = "timeout"
                row.hung = f"run {row.runs} of the bit-identity tests"
                break
            if step.status != 0:
                if row.bit_failures + row.wrong_failures == 0:
                    shutil.copyfile(log, logs / f"{ex.kernel}-{ex.variant}.repeat-failed.log")
                row.name(named_mistakes(step.output))
                self.count_failure(row, step, parse_tests(step.output))
        failures = row.bit_failures + row.wrong_failures
        row.bit_identical_runs = f"failed {failures} of {row.runs}"
        if failures and row.bit_identical != "timeout":
            row.bit_identical = "no"

    def tsan(self, row, logs):
        """The exercise's tests under ThreadSanitizer, which reports a race
        when two threads touch the same memory unordered, whatever the
        answer came out as."""
        ex = row.exercise
        if not self.tsan_built:
            row.tsan = "no TSan build"
            return
        command = self.make + ["SAN=thread", f"KERNEL={ex.kernel}", f"VARIANT={ex.variant}", "test"]
        step = run_step(command, self.work, logs / f"{ex.kernel}-{ex.variant}.tsan.log",
                        self.options.timeout, self.env)
        report = re.search(r"ThreadSanitizer: ([^\n(]*)", step.output)
        if report:
            row.tsan = "race" if "data race" in report.group(1) else report.group(1).strip()
            location = re.search(r"#\d+ .*?(exercises/[^\s:]+:\d+)", step.output)
            row.tsan_where = location.group(1) if location else ""
        else:
            row.tsan = "timeout" if step.timed_out else "clean"

    # -- speedups

    def speedups(self, rows, logs):
        """One parbench run over the kernels with a written exercise."""
        kernels = []
        for row in rows:
            if row.tests not in ("not implemented", "not run") and row.builds == "yes" \
                    and row.exercise.kernel not in kernels:
                kernels.append(row.exercise.kernel)
        if not kernels:
            return
        variants = ["optimized"]
        for e in self.exercises:
            if e.parallel and e.kernel in kernels and e.variant not in variants:
                variants.append(e.variant)
        workers = sorted({1, self.usable})
        out = self.work / "runs"
        shutil.rmtree(out, ignore_errors=True)
        o = self.options
        command = [str(self.work / "build/exercises/parbench"), "--kernel", ",".join(kernels),
                   "--variant", ",".join(variants), "--workers", ",".join(map(str, workers)),
                   "--size", o.size, "--rounds", str(SPEEDUP_MIN_ROUNDS),
                   "--max-rounds", str(SPEEDUP_MAX_ROUNDS), "--budget", f"{o.budget:g}",
                   "--timeout", f"{o.timeout:g}", "--format", "csv", "--out", str(out)]
        # parbench stops a hung cell itself after --timeout; this outer limit
        # is for parbench as a whole (set-up, bandwidth, every cell's steps).
        limit = o.budget + o.timeout * (2 + len(kernels) * len(variants) * len(workers))
        step = run_step(command, self.work, logs / "parbench.log", limit, self.env)
        found = sorted(out.glob("*/results.csv"))
        if not found:
            for row in rows:
                if row.exercise.kernel in kernels:
                    row.parbench = "timeout" if step.timed_out else "no results"
            return
        shutil.copyfile(found[-1], logs / "results.csv")
        with open(found[-1], newline="", encoding="utf-8") as f:
            cells = [c for c in csv.DictReader(f) if c["size"] != "naive"]
        for row in rows:
            if row.builds == "yes" and row.tests != "not implemented":
                self.read_speedup(row, cells, max(workers))

    def read_speedup(self, row, cells, workers):
        ex = row.exercise
        at = str(workers) if ex.parallel else "1"
        for cell in cells:
            if cell["kernel"] != ex.kernel or cell["variant"] != ex.variant or cell["workers"] != at:
                continue
            row.parbench = cell["status"]
            row.workers = at
            if cell["status"] == "OK" and ex.parallel:
                row.speedup = cell["speedup_vs_optimized"]
                row.speedup_lo, row.speedup_hi = cell["speedup_lo"], cell["speedup_hi"]
            elif cell["status"] in ("FAILED", "TIMEOUT"):
                row.parbench_message = f"parbench x{at}: {cell['status']} {cell['message']}"
                row.name(named_mistakes(cell["message"]))
            return

    # -- the verdict

    @staticmethod
    def conclude(row):
        if row.builds != "yes":
            row.verdict = "does not build"
        elif row.tests == "not implemented":
            row.verdict = "not implemented"
        elif (row.tests == "pass" and row.bit_identical in ("yes", "n/a")
              and row.awkward_sizes in ("pass", "n/a", "not run")
              and row.tsan in ("clean", "not run", "no TSan build")
              and row.parbench in ("OK", "not run")):
            row.verdict = "complete"
        else:
            row.verdict = "problems"

    def grade(self, submission, student):
        """The rows of one student's exercises."""
        logs = self.options.out / student
        shutil.rmtree(logs, ignore_errors=True)
        logs.mkdir(parents=True)
        rows = [Row(e) for e in self.exercises]
        if not submission.is_dir():
            for row in rows:
                row.builds, row.verdict, row.build_error = "no", "does not build", "no such folder"
            return rows
        handed_in = self.install(submission)
        say(f"{student}: {handed_in} files handed in; building")
        built, broken = self.build(logs)
        for row in rows:
            name = f"exercises/{row.exercise.kernel}/{row.exercise.variant}.c"
            if name in broken:
                row.builds, row.build_error = "no", broken[name]
            elif not built:
                row.builds = "no"
                row.build_error = f"the student's code does not build (see {student}/build*.log)"
        self.tsan_built = False
        if built and self.options.tsan:
            self.tsan_built, _ = self.build(logs, san="thread")
        if built:
            for row in rows:
                if row.builds == "yes":
                    say(f"{student}: {row.exercise.kernel} {row.exercise.variant}")
                    self.test(row, logs)
            say(f"{student}: speedups")
            self.speedups(rows, logs)
        for row in rows:
            self.conclude(row)
            row.diagnosis = "" if row.verdict == "complete" else diagnosis(row, self.options.timeout)
        return rows


def student_names(submissions):
    """Each folder's name, made safe for a file name; two of one name get
    -2, -3, ... so that neither's logs overwrite the other's."""
    names = []
    for submission in submissions:
        base = re.sub(r"[^A-Za-z0-9._-]", "_", submission.name) or "student"
        name, count = base, 1
        while name in names:
            count += 1
            name = f"{base}-{count}"
        names.append(name)
    return names


# ---- Setting up ---------------------------------------------------------------------

def scratch_tree(work):
    """A copy of what building and testing need (no .git, no solutions/)."""
    for name in TREE:
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, work / name)
    shutil.copytree(REPOSITORY / "exercises", work / "reference-exercises")


def exercise_list(work, env):
    """The exercises, from the registry (parbench --list) and the stub files:
    every variant but naive that has a file in exercises/."""
    listing = subprocess.run([str(work / "build/exercises/parbench"), "--list"], cwd=work,
                             env=env, capture_output=True, text=True, check=True).stdout
    exercises, kernel = [], None
    for line in listing.splitlines():
        if re.match(r"^[a-z0-9_]+$", line):
            kernel = line
        elif kernel and line.startswith("  variants: "):
            for word in line.split(":", 1)[1].split("(")[0].split():
                variant = word.rstrip("*")
                if variant != "naive" and (work / "exercises" / kernel / f"{variant}.c").exists():
                    exercises.append(Exercise(kernel, variant, word.endswith("*")))
    return exercises


def usable_cores(work, env):
    text = subprocess.run([str(work / "build/exercises/parbench"), "--cores"], cwd=work, env=env,
                          capture_output=True, text=True, check=True).stdout
    match = re.search(r"usable cores: (\d+)", text)
    return int(match.group(1)) if match else 1


# ---- Reporting ----------------------------------------------------------------------

def diagnosis(row, timeout_s):
    """What is wrong, most telling first, in a sentence or two."""
    if row.build_error:
        return row.build_error
    if row.missing:
        return f"not implemented: {row.missing}"
    said = []
    if row.hung:
        said.append(f"hangs: {row.hung} did not finish in {timeout_s:g} s")
    if row.tsan == "race":
        said.append("race on a shared variable (ThreadSanitizer" +
                    (f", {row.tsan_where})" if row.tsan_where else ")"))
    elif row.tsan not in ("clean", "not run", "timeout", "no TSan build"):
        said.append(f"ThreadSanitizer: {row.tsan}")
    said += [m for m in row.mistakes if m != "not bit-identical to optimized"]
    failures = row.bit_failures + row.wrong_failures
    if failures and failures < row.runs:
        said.append(f"fails now and then ({failures} of {row.runs} runs): a race")
    elif row.bit_failures == row.runs > 0:
        cause = {"race": "", "clean": " (ThreadSanitizer finds no race: additions in "
                 "another order, e.g. a reduction clause)"}.get(
            row.tsan, " (additions in another order, e.g. a reduction clause, or a race: "
            "--tsan tells)")
        said.append(f"answer off in the last bits in all {row.runs} runs{cause}")
    elif row.wrong_failures and row.bit_failures:
        said.append(f"answers change from run to run ({row.wrong_failures} wrong, "
                    f"{row.bit_failures} off in the last bits): a race")
    if row.message and "in the last bits" not in row.message:
        said.append(row.message)
    if row.parbench_message:
        said.append(row.parbench_message)
    text = "; ".join(said)
    return text if len(text) <= DIAGNOSIS_MAX else text[:DIAGNOSIS_MAX - 3] + "..."


def csv_row(student, row):
    ex = row.exercise
    return [student, ex.kernel, ex.variant, row.builds, row.tests, row.bit_identical,
            row.bit_identical_runs, row.awkward_sizes, row.tsan, row.workers, row.speedup,
            row.speedup_lo, row.speedup_hi, row.parbench, row.verdict,
            row.diagnosis]


def speedup_text(row):
    """ "1.84x [1.80, 1.90] at 2 workers": the median and its 95% interval."""
    if not row.speedup:
        return ""
    interval = (f" [{float(row.speedup_lo):.2f}, {float(row.speedup_hi):.2f}]"
                if row.speedup_lo and row.speedup_hi else " [?]")
    return f"{float(row.speedup):.2f}x{interval} at {row.workers} workers"


def student_summary(student, rows):
    count = {v: sum(r.verdict == v for r in rows)
             for v in ("complete", "problems", "not implemented", "does not build")}
    lines = [f"{student}: {count['complete']} of {len(rows)} exercises complete, "
             f"{count['problems']} with problems, {count['not implemented']} not implemented"
             + (f", {count['does not build']} do not build" if count["does not build"] else "")]
    for row in rows:
        ex = row.exercise
        if row.verdict == "complete":
            speed = speedup_text(row)
            lines.append(f"    complete  {ex.kernel} {ex.variant}" + (f": {speed}" if speed else ""))
    for row in rows:
        ex = row.exercise
        if row.verdict in ("problems", "does not build"):
            lines.append(f"    PROBLEM   {ex.kernel} {ex.variant}: {row.diagnosis}")
    return "\n".join(lines)


def table(results):
    """The rows that are not plain stubs, for the terminal."""
    header = ("student", "exercise", "builds", "tests", "bit-identical", "awkward", "tsan",
              "speedup [95%]", "verdict")
    lines = [header]
    for student, rows in results:
        for row in rows:
            if row.verdict == "not implemented":
                continue
            ex = row.exercise
            bits = row.bit_identical + (f" ({row.bit_identical_runs})" if row.bit_identical_runs
                                        else "")
            lines.append((student, f"{ex.kernel} {ex.variant}", row.builds, row.tests, bits,
                          row.awkward_sizes, row.tsan, speedup_text(row) or row.parbench,
                          row.verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip()
                     for line in lines)


def write_reports(out, results):
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for student, rows in results:
            for row in rows:
                writer.writerow(csv_row(student, row))
    with open(out / "students.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(("student", "exercises", "complete", "problems", "not_implemented",
                         "does_not_build", "complete_list"))
        for student, rows in results:
            done = [f"{r.exercise.kernel}/{r.exercise.variant}" for r in rows
                    if r.verdict == "complete"]
            writer.writerow((student, len(rows), len(done),
                             sum(r.verdict == "problems" for r in rows),
                             sum(r.verdict == "not implemented" for r in rows),
                             sum(r.verdict == "does not build" for r in rows), " ".join(done)))
    summary = "\n\n".join(student_summary(s, rows) for s, rows in results) + "\n"
    (out / "summary.txt").write_text(summary, encoding="utf-8")
    return summary


# ---- Main ------------------------------------------------------------------------------

def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="grade.sh", description="Grade exercise submissions: one row per student and "
        "exercise (see the top of harness/scripts/grade.py).")
    parser.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION",
                        help="a folder per student holding their exercises/")
    parser.add_argument("--out", type=Path, default=Path("grades"),
                        help="where the grades go (default: ./grades)")
    parser.add_argument("--repeat", type=int, default=30,
                        help="runs of the bit-identity tests of each written parallel "
                        "exercise (default 30: a race that fails one run in ten is missed "
                        "0.9^30 = 4%% of the time, one that fails one in five 0.1%%)")
    parser.add_argument("--tsan", action="store_true",
                        help="also run each written exercise's tests under ThreadSanitizer "
                        "(clang; a second build per student)")
    parser.add_argument("--size", default="default", choices=("test", "small", "default", "large"),
                        help="size class of the speedup runs (default: default, where a "
                        "sample lasts long enough for a speedup to mean something; small "
                        "is quicker, and its parzen and sph2cart calls last microseconds)")
    parser.add_argument("--budget", type=float, default=60,
                        help="seconds of rounds per student's speedup run, beyond the "
                        f"{SPEEDUP_MIN_ROUNDS} rounds always run (default 60)")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds any one step may take: a test run, a parbench cell "
                        "(default 60)")
    parser.add_argument("--build-timeout", type=float, default=600,
                        help="seconds a student's build may take (default 600)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch copy (its path is printed)")
    options = parser.parse_args(argv)
    if options.repeat < 1 or options.timeout <= 0 or options.budget <= 0:
        parser.error("--repeat, --timeout and --budget must be positive")
    options.out = options.out.resolve()
    options.submissions = [s.resolve() for s in options.submissions]
    return options


def main(argv):
    options = parse_arguments(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="parbench-grade-"))
    try:
        scratch_tree(work)
        grader_env = clean_environment()
        deps = subprocess.run(["make", "--no-print-directory", "deps"], cwd=work, env=grader_env)
        if deps.returncode != 0:
            say("the packages grading needs are missing (see above)")
            return 2
        say("building the stubs once (to list the exercises)")
        stubs = run_step(["make", "--no-print-directory", "SRC=exercises",
                          f"-j{max(1, os.cpu_count() or 1)}", "parbench"], work,
                         work / "stubs-build.log", options.build_timeout, grader_env)
        if stubs.status != 0:
            sys.stderr.write(stubs.output)
            say("this copy of parbench does not build with its own exercises/")
            return 2
        exercises = exercise_list(work, grader_env)
        grader = Grader(options, work, exercises, usable_cores(work, grader_env))
        results = []
        for submission, student in zip(options.submissions, student_names(options.submissions)):
            results.append((student, grader.grade(submission, student)))
        summary = write_reports(options.out, results)
        print(table(results))
        print()
        print(summary, end="")
        print(f"grades: {options.out}/grades.csv (class), students.csv, summary.txt; "
              f"logs in {options.out}/<student>/")
        return 0
    finally:
        if options.keep:
            say(f"scratch copy kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
