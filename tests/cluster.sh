#!/bin/sh
# cluster.sh — parbench under a real Slurm, on this one machine: the Slurm
# job template (docs/jobs/parbench.slurm) submitted as a user would, at
# --cpus-per-task=1 and 2, then `make compare` on the two runs; and a job
# whose --mem is too small for the size it asks for, which parbench must
# refuse up front instead of being killed by the out-of-memory killer.
#
# It installs slurmctld, slurmd, slurm-client and munge (harness/scripts/
# deps.sh), writes a single-node slurm.conf and cgroup.conf for this host
# in a folder of its own, starts munged, slurmctld and slurmd there (their
# own socket, ports, state and logs: nothing of a Slurm already on the
# machine is touched), and stops every daemon it started, by PID, whatever
# happens. Where it cannot run (not root, no cgroup file system, no apt-get)
# it says why and passes.
#
# Usage: tests/cluster.sh   (make test-cluster; CI runs it)
#        CLUSTER_KEEP=dir tests/cluster.sh   also keeps the jobs' output,
#        their runs and the comparison in dir
set -u
suite=cluster
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/tests/support/checks.sh"
started=$(date +%s)

skip() {
    echo "cluster: skipped: $*"
    exit 0
}
[ "$(id -u)" = 0 ] || skip "needs root: it installs packages and starts Slurm's daemons"
grep -q ' cgroup' /proc/self/mounts 2>/dev/null || skip "no cgroup file system mounted"
command -v apt-get >/dev/null 2>&1 || skip "installs Slurm with apt-get (Debian, Ubuntu)"

echo "-- Slurm on this machine"
"$here/harness/scripts/deps.sh" cc slurm || skip "could not install Slurm (see above)"

# Slurm's daemons, started below; stopped by PID at exit, jobs first.
pids=""
stop_all() {
    [ -n "${SLURM_CONF:-}" ] && scancel --full --quiet --user=root 2>/dev/null
    for pid in $pids; do
        kill "$pid" 2>/dev/null
    done
    for pid in $pids; do
        # Up to 10 s for a clean stop, then SIGKILL.
        tries=0
        while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 50 ]; do
            sleep 0.2
            tries=$((tries + 1))
        done
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    # The cgroups slurmd made for its jobs (slurm_<node>, in each
    # controller), if there were none before: rmdir removes only empty ones.
    if [ -z "$cgroups_before" ]; then
        for dir in /sys/fs/cgroup/slurm_"$node" /sys/fs/cgroup/*/slurm_"$node"; do
            [ -d "$dir" ] && find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null
        done
    fi
    if [ -n "${CLUSTER_KEEP:-}" ]; then
        mkdir -p "$CLUSTER_KEEP" && cp -R "$tmp"/job-*.out "$tmp"/results-* "$tmp"/compare \
            "$conf"/*.log "$conf"/*.out "$CLUSTER_KEEP"/ 2>/dev/null
    fi
    rm -rf "$tmp"
}
node=$(hostname -s)
conf=$tmp/slurm
cgroups_before=$(ls -d /sys/fs/cgroup/slurm_"$node" /sys/fs/cgroup/*/slurm_"$node" 2>/dev/null)
trap stop_all EXIT
trap 'exit 130' INT TERM

# A free TCP port on this machine, from the kernel.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

mkdir -p "$conf/state" "$conf/spool" "$conf/munge"
chmod 711 "$conf/munge" # the socket's folder: reachable, not listable
# The node as slurmd sees it (CPUs, sockets, cores, memory), less 10% of
# the memory for the system.
hardware=$(slurmd -C | head -n 1 | sed 's/^NodeName=[^ ]* //; s/RealMemory=[0-9]*//')
memory_mb=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
memory_mb=$((memory_mb * 9 / 10))
cat >"$conf/slurm.conf" <<EOF
ClusterName=parbench
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
AuthType=auth/munge
AuthInfo=socket=$conf/munge/socket
CredType=cred/munge
StateSaveLocation=$conf/state
SlurmdSpoolDir=$conf/spool
SlurmctldPidFile=$conf/slurmctld.pid
SlurmdPidFile=$conf/slurmd.pid
SlurmctldLogFile=$conf/slurmctld.log
SlurmdLogFile=$conf/slurmd.log
ProctrackType=proctrack/cgroup
TaskPlugin=task/cgroup,task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
JobAcctGatherType=jobacct_gather/none
MpiDefault=pmix
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 $hardware RealMemory=$memory_mb State=UNKNOWN
PartitionName=parbench Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
# Jobs get their cores and memory as cgroups: what parbench must see.
cat >"$conf/cgroup.conf" <<EOF
CgroupPlugin=autodetect
ConstrainCores=yes
ConstrainRAMSpace=yes
EOF
export SLURM_CONF="$conf/slurm.conf"

dd if=/dev/urandom of="$conf/munge/key" bs=1024 count=1 2>/dev/null
chmod 400 "$conf/munge/key"
munged --foreground --force --socket="$conf/munge/socket" --key-file="$conf/munge/key" \
    --pid-file="$conf/munge/pid" --log-file="$conf/munge/log" --seed-file="$conf/munge/seed" \
    >"$conf/munged.out" 2>&1 &
pids="$pids $!"
slurmctld -D -i >"$conf/slurmctld.out" 2>&1 &
pids="$pids $!"
slurmd -D >"$conf/slurmd.out" 2>&1 &
pids="$pids $!"

# Up to 60 s for the node to report in as idle.
tries=0
until sinfo --noheader --format=%t 2>/dev/null | grep -qx idle; do
    tries=$((tries + 1))
    if [ "$tries" -gt 120 ]; then
        fail "Slurm did not come up: $(tail -3 "$conf/slurmctld.log" "$conf/slurmd.log" 2>&1)"
        finish
    fi
    sleep 0.5
done
pass "munged, slurmctld, slurmd up ($(sinfo --noheader --format='%c CPUs, %m MB' | head -n 1))"

echo "-- the job template at --cpus-per-task=1 and 2 (SIZE=small)"
# BENCH_ARGS: no naive (seconds per call at the small size), 7 rounds (the
# fewest that give B / A an interval), a short budget.
make -C "$here" --no-print-directory parbench >"$tmp/build.log" 2>&1 ||
    { fail "make parbench: $(tail -3 "$tmp/build.log")"; finish; }
for cpus in 1 2; do
    job_start=$(date +%s)
    (cd "$here" && SIZE=small BENCH_ARGS="--variant optimized,forkpool,pthreads,openmp \
--rounds 7 --max-rounds 7 --budget 30 --out $tmp/results-c$cpus" \
        sbatch --wait --quiet --cpus-per-task="$cpus" --mem=2G --time=15 \
        --output="$tmp/job-c$cpus.out" docs/jobs/parbench.slurm)
    status=$?
    seconds=$(($(date +%s) - job_start))
    if [ "$status" -ne 0 ]; then
        fail "-c$cpus: the job failed (exit $status): $(tail -5 "$tmp/job-c$cpus.out")"
        continue
    fi
    pass "-c$cpus: the job ran to the end in $seconds s"
    if [ "$cpus" -eq 1 ]; then
        expected='usable cores: 1 \(decided by: (SLURM_CPUS_PER_TASK|affinity mask|cgroup CPU quota)\)'
    else
        expected='usable cores: 2 \('
    fi
    grep -Eq "$expected" "$tmp/job-c$cpus.out" &&
        pass "-c$cpus: $(grep -m 1 'usable cores' "$tmp/job-c$cpus.out")" ||
        fail "-c$cpus: parbench did not see the allocation: $(grep -m 1 'usable cores' "$tmp/job-c$cpus.out")"
    grep -q "SLURM_CPUS_PER_TASK  $cpus " "$tmp/job-c$cpus.out" &&
        pass "-c$cpus: SLURM_CPUS_PER_TASK=$cpus read" ||
        fail "-c$cpus: SLURM_CPUS_PER_TASK not in parbench --cores"
    run=$(ls -d "$tmp/results-c$cpus"/*/ 2>/dev/null | head -n 1)
    if [ -n "$run" ] && [ -s "$run/results.csv" ] &&
        python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
sys.exit(d["cores"]["usable"] != int(sys.argv[2]) or d["status"] != "complete")' \
            "$run/run.json" "$cpus"; then
        pass "-c$cpus: results.csv, and run.json says $cpus usable, complete"
    else
        fail "-c$cpus: no complete results in $tmp/results-c$cpus"
    fi
done

echo "-- make compare on the two jobs' runs"
a=$(ls -d "$tmp"/results-c1/*/ 2>/dev/null | head -n 1)
b=$(ls -d "$tmp"/results-c2/*/ 2>/dev/null | head -n 1)
if [ -n "$a" ] && [ -n "$b" ] &&
    make -C "$here" --no-print-directory compare A="$a" B="$b" OUT="$tmp/compare" \
        >"$tmp/compare.log" 2>&1; then
    pass "make compare A=<-c1 run> B=<-c2 run>"
    grep -q '^| pthreads | 2 | - | ' "$tmp/compare/compare.md" &&
        pass "compare.md has B's 2-worker cells, which A never ran" ||
        fail "compare.md lacks B's 2-worker cells"
else
    fail "make compare: $(tail -3 "$tmp/compare.log" 2>/dev/null)"
fi

echo "-- the mpi template: parbench's mpi cells as srun job steps"
# A site whose MPI is Open MPI sets MpiDefault=pmix, as above: srun then
# starts ranks that form one job (parbench refuses one-rank "singletons").
if ! command -v mpicc >/dev/null 2>&1; then
    echo "  skip  no MPI installed here (make deps installs Open MPI)"
else
    job_start=$(date +%s)
    (cd "$here" && SIZE=test BENCH_ARGS="--kernel cos_series,gauss_map --rounds 3 --max-rounds 3 \
--budget 30 --out $tmp/results-mpi" \
        sbatch --wait --quiet --nodes=1 --ntasks-per-node=2 --cpus-per-task=1 --mem=2G \
        --time=15 --output="$tmp/job-mpi.out" docs/jobs/parbench-mpi.slurm)
    status=$?
    seconds=$(($(date +%s) - job_start))
    run=$(ls -d "$tmp/results-mpi"/*/ 2>/dev/null | head -n 1)
    if [ "$status" -eq 0 ] && [ -n "$run" ]; then
        pass "-n2: the job ran to the end in $seconds s"
    else
        fail "-n2: the mpi job failed (exit $status): $(tail -5 "$tmp/job-mpi.out")"
    fi
    if [ -n "$run" ] && python3 - "$run" <<'PY'; then
import csv, json, sys
run = sys.argv[1]
mpi = json.load(open(run + "/run.json"))["mpi"]
rows = [r for r in csv.DictReader(open(run + "/results.csv", newline=""))
        if r["variant"] == "mpi"]
ok = {(r["kernel"], r["workers"]) for r in rows if r["status"] == "OK"}
want = {(k, w) for k in ("cos_series", "gauss_map") for w in ("1", "2")}
print(f"  launched as: {mpi['launcher_template']}; allocation: {mpi['allocation']}")
sys.exit(not (mpi["launcher"] == "srun" and want <= ok))
PY
        pass "-n2: mpi x1 and x2 of both kernels verified, launched by srun"
    else
        fail "-n2: mpi cells not all OK through srun: $(grep -m 3 -e FAILED -e error "$tmp/job-mpi.out")"
    fi
    echo "-- srun without the MPI plugin (--mpi=none): mpi cells FAILED, with the cause"
    # Debian's Open MPI sees that srun gave it no process interface and stops
    # in MPI_Init; a launcher that starts one-rank jobs instead is refused by
    # parbench (tests/mpi.sh). Either way: FAILED with the reason, no speedup.
    (cd "$here" && SIZE=test MPI_LAUNCHER="srun --mpi=none --ntasks={ranks} --overlap \
--kill-on-bad-exit=1" BENCH_ARGS="--kernel cos_series --workers 2 --rounds 1 --max-rounds 1 \
--budget 30 --out $tmp/results-none" \
        sbatch --wait --quiet --nodes=1 --ntasks-per-node=2 --cpus-per-task=1 --mem=2G \
        --time=5 --output="$tmp/job-none.out" docs/jobs/parbench-mpi.slurm)
    status=$?
    run=$(ls -d "$tmp/results-none"/*/ 2>/dev/null | head -n 1)
    cause=$(grep -m 1 -o -e "not built with SLURM's PMI support" \
        -e "started a job of 1 rank(s) where 2 were asked for" "$tmp/job-none.out")
    if [ "$status" -ne 0 ] && [ -n "$run" ] && [ -n "$cause" ] &&
        python3 -c 'import csv, sys; sys.exit(not any(r["variant"] == "mpi" and
r["workers"] == "2" and r["status"] == "FAILED" for r in csv.DictReader(open(sys.argv[1]))))' \
            "$run/results.csv"; then
        pass "mpi x2 FAILED, exit $status; the output says: $cause"
    else
        fail "srun --mpi=none: exit $status, no FAILED row with its cause: $(tail -5 "$tmp/job-none.out")"
    fi
fi

echo "-- a job with too little memory for its size"
(cd "$here" && SIZE=large BENCH_ARGS="--kernel sph2cart --out $tmp/results-large" \
    sbatch --wait --quiet --cpus-per-task=1 --mem=1G --time=5 \
    --output="$tmp/job-large.out" docs/jobs/parbench.slurm)
status=$?
if [ "$status" -ne 0 ] &&
    grep -q 'parbench: error: sph2cart needs .* GB of memory .* only .* available' \
        "$tmp/job-large.out" && ! grep -q -i -e 'out of memory' -e 'oom' "$tmp/job-large.out"; then
    pass "--mem=1G, SIZE=large: refused up front: $(grep -o 'only .*available ([^;]*)' "$tmp/job-large.out")"
else
    fail "--mem=1G, SIZE=large: exit $status: $(tail -3 "$tmp/job-large.out")"
fi

echo "cluster: $(($(date +%s) - started)) s in all"
finish
