#!/bin/sh
# grade.sh — grade a class's exercise submissions: one row per student and
# exercise (builds, tests, bit-identical, awkward sizes, ThreadSanitizer,
# speedup with its interval), a summary per student and a class CSV.
#
# Usage: harness/scripts/grade.sh [--tsan] [--out DIR] [...] SUBMISSION...
#        harness/scripts/grade.sh --help
#
# The work is done by grade.py beside this file: Python ends a hung step
# together with every process it started, on Linux and macOS alike, and
# reads the tests' output and parbench's results.csv. This file is the
# stable name the docs give.
command -v python3 >/dev/null 2>&1 || {
    echo "grade.sh: python3 is needed (Debian: apt-get install python3)" >&2
    exit 2
}
exec python3 "$(dirname "$0")/grade.py" "$@"
