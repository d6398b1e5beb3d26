#!/usr/bin/env python3
"""exercises.py — generate exercises/ from solutions/.

In a solution file, the part a student writes is marked:

        /* BEGIN PROMPT
         * What to do and why: a hint, never the answer.
         * END PROMPT */
        /* BEGIN SOLUTION */
        ... the answer ...
        /* END SOLUTION */

The prompt block is optional. `/* BEGIN SOLUTION (stub: return 0.0;) */` gives
a statement the stub needs to compile (a function's return value). In the
generated exercise the region becomes the prompt, as a TODO comment, and

        exercise_missing("function (file)");
        <stub statement, if any>

so the stub compiles, runs, and is reported as "not implemented: function
(file)" (kernels/common/exercise.h). Regions keep their indentation. Nested
or unterminated markers are errors naming the file and line.

    exercises.py                 write exercises/ (make exercises)
    exercises.py --check         exit 1 if exercises/ is not what solutions/ gives
"""
import difflib
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SOLUTIONS = os.path.join(ROOT, "solutions")
EXERCISES = os.path.join(ROOT, "exercises")

BEGIN_PROMPT = re.compile(r"^(\s*)/\* BEGIN PROMPT\s*$")
END_PROMPT = re.compile(r"^\s*\*?\s*END PROMPT \*/\s*$")
BEGIN = re.compile(r"^(\s*)/\* BEGIN SOLUTION(?: \(stub: (.*)\))? \*/\s*$")
END = re.compile(r"^\s*/\* END SOLUTION \*/\s*$")
ANY_MARKER = re.compile(r"(BEGIN|END) (SOLUTION|PROMPT)")
# A function definition starts at column 0: "type name(" with no ';' after ')'.
FUNCTION = re.compile(r"^[A-Za-z_][\w \*]*?\b([A-Za-z_]\w*)\s*\([^;]*$")
TRAPS = '#include "common/traps.h"'

HEADER = """/*
 * EXERCISE — generated from solutions/{path} by `make exercises`.
 * Fill in every part marked TODO; `make test SRC=exercises KERNEL={kernel}
 * VARIANT={variant}` checks your answer, `make bench SRC=exercises` times it.
 * Stuck? docs/exercises.md, "Things that go wrong", has the usual mistakes.
 */
"""

# steps.c holds the lesson's intermediate steps (`--set step=N` of
# optimized), not a variant: its stubs are optional extra exercises.
STEPS_HEADER = """/*
 * EXERCISE (optional) — generated from solutions/{path} by `make exercises`.
 * The lesson's earlier steps, which `--set step=N` runs in place of
 * optimized.c and `make lesson KERNEL={kernel}` measures. Until you fill in
 * a step's TODO it reports "not implemented"; `make test SRC=exercises
 * KERNEL={kernel} VARIANT=optimized` checks it.
 */
"""


class MarkerError(Exception):
    pass


def stub_lines(indent, where, stub):
    lines = [f'{indent}exercise_missing("{where}");\n']
    if stub:
        lines.append(f"{indent}{stub}\n")
    return lines


def prompt_lines(prompt):
    """The prompt block as a TODO comment."""
    out = []
    for i, line in enumerate(prompt):
        if i == 0:
            line = line.replace("/* BEGIN PROMPT", "/* TODO (exercise):", 1)
        if END_PROMPT.match(line):
            line = line[:len(line) - len(line.lstrip())] + "*/\n"
        out.append(line)
    return out


def transform(path, text):
    """The exercise version of one solution file, and its number of regions.
    Raises MarkerError for misplaced, nested or unterminated markers."""
    out = []
    state = "code"           # code | prompt | solution
    prompt = pending = None  # the prompt being read / waiting for its region
    opened = 0               # line where the current block began
    function = None          # the function we are in
    regions = 0
    name = os.path.basename(path)
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        here = f"{path}:{number}"
        if state == "solution":
            if END.match(line):
                state = "code"
            elif ANY_MARKER.search(line):
                raise MarkerError(f"{here}: marker inside the solution region opened at "
                                  f"line {opened} (regions do not nest)")
            continue
        if state == "prompt":
            prompt.append(line)
            if END_PROMPT.match(line):
                state, pending = "code", prompt
            elif ANY_MARKER.search(line):
                raise MarkerError(f"{here}: marker inside the prompt opened at line {opened}")
            continue
        match = FUNCTION.match(line)
        if match:
            function = match.group(1)
        if BEGIN_PROMPT.match(line):
            if pending:
                raise MarkerError(f"{here}: two prompts in a row")
            state, prompt, opened = "prompt", [line], number
            continue
        begin = BEGIN.match(line)
        if begin:
            if function is None:
                raise MarkerError(f"{here}: solution region outside any function")
            out.extend(prompt_lines(pending) if pending else [])
            out.extend(stub_lines(begin.group(1), f"{function} ({name})", begin.group(2)))
            state, pending, opened = "solution", None, number
            regions += 1
            continue
        if ANY_MARKER.search(line):
            raise MarkerError(f"{here}: unexpected marker: {line.strip()}")
        if pending:
            raise MarkerError(f"{path}:{opened}: a prompt must be followed by "
                              "/* BEGIN SOLUTION */")
        out.append(line)
    if state != "code":
        raise MarkerError(f"{path}:{opened}: {'solution region' if state == 'solution' else 'prompt'}"
                          " never ends")
    if pending:
        raise MarkerError(f"{path}:{opened}: a prompt must be followed by /* BEGIN SOLUTION */")
    result = "".join(out)
    if regions:
        if TRAPS not in result:
            raise MarkerError(f"{path}: needs {TRAPS} (the exercise include goes before it)")
        result = result.replace(TRAPS, '#include "common/exercise.h"\n' + TRAPS, 1)
    return result, regions


def generate():
    """{relative path: text} of every exercise file."""
    files = {}
    for kernel in sorted(os.listdir(SOLUTIONS)):
        folder = os.path.join(SOLUTIONS, kernel)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".c"):
                continue
            relative = f"{kernel}/{name}"
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text, regions = transform(f"solutions/{relative}", f.read())
            if regions:
                header = STEPS_HEADER if name == "steps.c" else HEADER
                text = header.format(path=relative, kernel=kernel,
                                     variant=name[:-2]) + text
            files[relative] = text
    return files


def existing():
    files = {}
    if not os.path.isdir(EXERCISES):
        return files
    for kernel in sorted(os.listdir(EXERCISES)):
        folder = os.path.join(EXERCISES, kernel)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".c"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    files[f"{kernel}/{name}"] = f.read()
    return files


def main(argv):
    try:
        wanted = generate()
    except MarkerError as error:
        print(f"exercises: {error}", file=sys.stderr)
        return 2
    if "--check" in argv:
        have = existing()
        stale = sorted(set(wanted) ^ set(have)) + sorted(
            p for p in set(wanted) & set(have) if wanted[p] != have[p])
        for path in stale:
            print(f"exercises: exercises/{path} is out of date with solutions/", file=sys.stderr)
            if path in wanted and path in have:
                diff = difflib.unified_diff(have[path].splitlines(True),
                                            wanted[path].splitlines(True),
                                            f"exercises/{path}", "generated", n=1)
                sys.stderr.writelines(list(diff)[:20])
        if stale:
            print("exercises: run `make exercises` and commit exercises/", file=sys.stderr)
            return 1
        print(f"exercises: {len(wanted)} files up to date")
        return 0
    for path in set(existing()) - set(wanted):
        os.remove(os.path.join(EXERCISES, path))
    for path, text in wanted.items():
        target = os.path.join(EXERCISES, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
    regions = sum(text.count("exercise_missing(") for text in wanted.values())
    print(f"exercises: wrote {len(wanted)} files with {regions} exercises into exercises/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
