#!/bin/sh
# cpu_key.sh — a build is keyed to the CPU it was compiled for: the same
# flags (-march=native) on another CPU rebuild everything, so a login node's
# binary never runs on a compute node. The other CPU is played by a compiler
# wrapper that predefines one more macro, as a compiler does for each
# instruction set a CPU has.
#
# Usage: tests/cpu_key.sh   (part of make test)
set -u
suite="cpu-key"
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/tests/support/checks.sh"

cat >"$tmp/cc" <<'CC'
#!/bin/sh
case " $* " in
    *" -dM "*) cc "$@" && echo "#define __fake_cpu_${FAKE_CPU}__ 1"; exit ;;
esac
exec cc "$@"
CC
chmod +x "$tmp/cc"
build() { # CPU MAKE-ARGS...: make in the repository, into a build folder of our own
    cpu=$1; shift
    FAKE_CPU=$cpu make -C "$here" --no-print-directory CC="$tmp/cc" OPT=-O0 \
        BUILD="$tmp/build" "$@"
}

if build a parbench >"$tmp/first.log" 2>&1; then
    pass "built for CPU a"
else
    fail "build for CPU a: $(tail -3 "$tmp/first.log")"
    finish
fi
grep -q 'target=' "$tmp/build/.flags" && pass "the flags stamp names the target" ||
    fail "no target= in the flags stamp: $(cat "$tmp/build/.flags")"
build a -q parbench && pass "same CPU: up to date" || fail "same CPU: make wants to rebuild"
build b -q parbench && fail "another CPU: make would reuse the binary" ||
    pass "another CPU: make rebuilds"
build b parbench >"$tmp/second.log" 2>&1
objects=$(find "$tmp/build/obj" -name '*.o' | wc -l)
compiled=$(grep -c '^  CC ' "$tmp/second.log")
if [ "$compiled" -eq "$objects" ]; then
    pass "another CPU: all $objects objects compiled again"
else
    fail "another CPU: $compiled of $objects objects compiled again"
fi
finish
