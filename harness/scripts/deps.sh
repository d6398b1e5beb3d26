#!/bin/sh
# deps.sh — make sure the packages parbench needs are installed.
#
# Debian/Ubuntu: missing packages are installed with apt-get when we are root
# (or can use sudo without a password); otherwise the exact command is printed
# and we stop. macOS: the Homebrew packages are named. Anything else: the list
# of what is needed is printed.
#
# MPI (Open MPI: the mpi variant) is wanted but optional: it is installed
# with the rest where we may install, and otherwise only named, since
# parbench builds and runs without it (the mpi variant is then UNAVAILABLE).
#
# Usage: deps.sh [CC] [EXTRA...]
#   CC=clang also needs the LLVM OpenMP runtime; EXTRA words add what some
#   targets need: address|thread (sanitizer runtimes), lint (cppcheck,
#   clang-tidy), fuzz (clang's libFuzzer), slurm (a single-node Slurm for
#   make test-cluster).
set -u

cc=${1:-cc}
[ $# -gt 0 ] && shift
extras="$*"

say() { printf 'deps: %s\n' "$*" >&2; }

debian_packages() {
    pkgs="make gcc libc6-dev libcmocka-dev libhwloc-dev libpng-dev gnuplot-nox python3 pkg-config procps"
    case "$cc" in
        *clang*) pkgs="$pkgs clang libomp-dev" ;;
    esac
    for extra in $extras; do
        case "$extra:$cc" in
            address:*clang* | thread:*clang*) pkgs="$pkgs libclang-rt-dev" ;;
            address:* | thread:*) pkgs="$pkgs libasan8 libubsan1 libtsan2" ;;
            lint:*) pkgs="$pkgs cppcheck clang-tidy" ;;
            fuzz:*) pkgs="$pkgs clang libclang-rt-dev libomp-dev" ;;
            slurm:*) pkgs="$pkgs slurmctld slurmd slurm-client munge" ;;
        esac
    done
    echo "$pkgs"
}

# Open MPI's launcher (mpirun) and its compiler wrapper (mpicc) with headers.
debian_optional_packages() {
    echo "openmpi-bin libopenmpi-dev"
}

# dpkg-query prints "install ok installed" for a package that is really there.
debian_missing() {
    for p in $(debian_packages) ${1:-}; do
        status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
        [ "$status" = "install ok installed" ] || printf '%s ' "$p"
    done
}

# MPI found: mpicc and mpirun (or mpiexec) on the PATH, from whatever package.
have_mpi() {
    command -v mpicc >/dev/null 2>&1 &&
        { command -v mpirun >/dev/null 2>&1 || command -v mpiexec >/dev/null 2>&1; }
}

debian_install() {
    optional=""
    have_mpi || optional=$(debian_optional_packages)
    missing=$(debian_missing "$optional")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ]; then
        sudo=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    else
        required=$(debian_missing)
        if [ -z "$required" ]; then
            say "note: no MPI found: the mpi variant will be reported UNAVAILABLE; to add it:"
            say "  sudo apt-get update && sudo apt-get install -y $optional  (the next make builds the mpi variant)"
            return 0
        fi
        say "missing packages: $required"
        say "install them with:  sudo apt-get update && sudo apt-get install -y $missing"
        return 1
    fi
    say "installing: $missing"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q >&2 || { say "apt-get update failed"; return 1; }
    # shellcheck disable=SC2086 # the package list is meant to split
    $sudo apt-get install -y -q --no-install-recommends $missing >&2 || {
        say "apt-get install failed; try:  sudo apt-get install -y $missing"
        return 1
    }
    missing=$(debian_missing "$optional")
    [ -z "$missing" ] || { say "still missing after install: $missing"; return 1; }
}

macos_check() {
    pkgs="hwloc cmocka libpng gnuplot libomp pkg-config python3"
    if ! command -v brew >/dev/null 2>&1; then
        say "Homebrew not found; install it from https://brew.sh, then: brew install $pkgs"
        return 1
    fi
    missing=""
    for p in $pkgs; do
        brew list --versions "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    if ! have_mpi; then
        say "note: no MPI found: the mpi variant will be reported UNAVAILABLE; to add it:"
        say "  brew install open-mpi  (the next make builds the mpi variant)"
    fi
    [ -z "$missing" ] && return 0
    say "missing Homebrew packages:$missing"
    say "install them with:  brew install$missing"
    return 1
}

other_check() {
    if pkg-config --exists hwloc cmocka libpng 2>/dev/null && command -v gnuplot >/dev/null 2>&1; then
        return 0
    fi
    say "parbench needs: a C11 compiler with OpenMP, make, cmocka, hwloc, libpng, gnuplot, python3, pkg-config"
    say "and, for the mpi variant, an MPI (Open MPI or MPICH: mpicc and mpirun)"
    say "this system is neither Debian/Ubuntu nor macOS: install them with its package manager"
    return 1
}

case "$(uname -s)" in
    Darwin) macos_check ;;
    *)
        if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
            debian_install
        else
            other_check
        fi
        ;;
esac
