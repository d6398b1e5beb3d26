#!/bin/sh
# singletons.sh N PROGRAM ARGS... — a launcher that does not speak the MPI
# library's process-management interface, like srun without the MPI plugin
# the library needs: N copies of the program, each an MPI job of one rank.
# Exits 1 if a copy failed, as srun does.
n=$1
shift
pids=""
i=0
while [ "$i" -lt "$n" ]; do
    "$@" &
    pids="$pids $!"
    i=$((i + 1))
done
status=0
for pid in $pids; do
    wait "$pid" || status=1
done
exit "$status"
