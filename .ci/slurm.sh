#!/usr/bin/env bash
# Sharded sweeps on a real single-node Slurm cluster.
#
# Installs Debian's slurm-wlm and munge when they are missing, starts a
# private cluster (munged, slurmctld, slurmd on this host, with its own
# configuration, ports, state, spool and logs in a temporary folder), and
# then, with the staffing binary on PATH:
#   1. submits the job script and the submit commands that docs/sweeps.md
#      shows, exactly (both are cut out of the doc here, so the doc and this
#      test cannot drift), waits for the array and the merge job, and
#      compares the merged sweep.csv byte for byte with a single-machine run;
#   2. the same for a [sample] Monte Carlo (sweep.csv, distribution.csv and
#      the robust plan);
#   3. cancels one array task mid-run with scancel, checks that merge refuses
#      the incomplete sweep, resubmits that one task (the job script resumes
#      it: the records its cancelled run wrote are kept, not solved again),
#      merges and compares with a single-machine run.
# Every wait has a time limit. On exit (success or failure) the jobs are
# cancelled, the daemons are stopped by their process ids and the temporary
# folder is removed. If the cluster cannot start, or a job fails, the
# daemons' logs and the job's output are printed and the script fails.
#
# Usage: .ci/slurm.sh            (as root; CI runs it after cargo test)
#        .ci/slurm.sh --install  (only install the packages when missing;
#                                 CI runs this in the background early)
# $STAFFING is the binary to test (default target/debug/staffing, the one
# `cargo test` builds, so nothing is compiled again).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

say() { echo "slurm: $*" >&2; }
die() { say "$*"; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
    || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
    say "installing slurm-wlm and munge"
    (
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends slurm-wlm munge
    ) >/dev/null || die "apt-get install slurm-wlm munge failed"
    say "installed in $SECONDS s"
fi
[ "${1:-}" != --install ] || exit 0
installed=$SECONDS

STAFFING=${STAFFING:-target/debug/staffing}
[ -x "$STAFFING" ] || die "no binary $STAFFING; build it first (cargo build)"
bindir=$(cd "$(dirname "$STAFFING")" && pwd)
[ "$(basename "$STAFFING")" = staffing ] || die "\$STAFFING must be a file named staffing (the job script calls \`staffing\`)"

# --- the private cluster --------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/staffing-slurm.XXXXXX")
# munged wants every directory above its socket searchable by all.
chmod 755 "$work"
mkdir -p "$work"/{munge,state,spool,log,run}
munged_pid= ctld_pid= slurmd_pid=

stop_pid() { # pid: TERM, wait up to 10 s, then KILL
    local pid=$1 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
}

show_logs() { # each daemon's log (its stderr when it wrote no log)
    local d f
    for d in munged slurmctld slurmd; do
        f="$work/log/$d.log"
        [ -s "$f" ] || f="$work/log/$d.out"
        [ -s "$f" ] || continue
        echo "----- $d: ${f#"$work"/} (last 40 lines)" >&2
        tail -n 40 "$f" >&2
    done
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null; then
        # Jobs first, so no slurmstepd outlives its slurmd.
        scancel --quiet --user="$(id -un)" 2>/dev/null || true
        for _ in $(seq 150); do
            [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
            sleep 0.1
        done
    fi
    stop_pid "$slurmd_pid"
    stop_pid "$ctld_pid"
    stop_pid "$munged_pid"
    if [ "$rc" -ne 0 ]; then
        say "failed; the daemons' logs:"
        show_logs
    fi
    rm -rf "$work"
    [ "$rc" -ne 0 ] || say "all passed: $((SECONDS - installed)) s from starting the cluster to stopping it"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Two free TCP ports, so this cluster never meets another one on the host.
read -r ctld_port slurmd_port < <(python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')

dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --foreground --key-file="$work/munge/munge.key" --socket="$work/munge/socket" \
    --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/seed" \
    >"$work/log/munged.log" 2>&1 &
munged_pid=$!

# This node as slurmd sees it (name, CPUs, sockets, cores, threads, memory).
node=$(slurmd -C | head -n 1)
[[ $node =~ ^NodeName=([^[:space:]]+) ]] || die "slurmd -C printed no node line: $node"
host=${BASH_REMATCH[1]}
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=staffing-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
ReturnToService=2
KillWait=5
MinJobAge=3600
MailProg=/bin/true
${node/NodeName=$host/NodeName=$host NodeAddr=127.0.0.1} State=UNKNOWN
PartitionName=staffing Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

for _ in $(seq 50); do
    [ -S "$work/munge/socket" ] && break
    kill -0 "$munged_pid" 2>/dev/null || break
    sleep 0.1
done
[ -S "$work/munge/socket" ] || die "munged did not start"

slurmctld -D -f "$SLURM_CONF" >"$work/log/slurmctld.out" 2>&1 &
ctld_pid=$!
slurmd -D -f "$SLURM_CONF" >"$work/log/slurmd.out" 2>&1 &
slurmd_pid=$!

started=$SECONDS
until [ "$(sinfo -h -n "$host" -o %T 2>/dev/null)" = idle ]; do
    kill -0 "$ctld_pid" 2>/dev/null || die "slurmctld exited"
    kill -0 "$slurmd_pid" 2>/dev/null || die "slurmd exited"
    case $(sinfo -h -n "$host" -o %T 2>/dev/null) in
        inval* | drain*) die "the node was refused: $(sinfo -h -n "$host" -o '%T: %E')" ;;
    esac
    [ $((SECONDS - started)) -lt 30 ] || die "the node is not idle after 30 s: $(sinfo -h -n "$host" -o '%T %E' 2>&1)"
    sleep 0.2
done
say "cluster up in $((SECONDS - started)) s: $node"

# --- jobs -------------------------------------------------------------------
export PATH="$bindir:$PATH"
run=$work/run
cd "$run"
# The doc's relative paths (scenarios/…, sweeps/…) resolve from here.
ln -s "$repo/scenarios" scenarios

# The fenced block after the marker comment `<!-- $1 -->` in docs/sweeps.md.
doc_block() {
    awk -v marker="<!-- $1 -->" '
        $0 == marker { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }
    ' "$repo/docs/sweeps.md"
}
doc_block "job script: sweep.sbatch" >sweep.sbatch
doc_block "submit the job script" >submit.sh
grep -q '^#SBATCH --array=' sweep.sbatch || die "no job script in docs/sweeps.md"
grep -q 'sbatch' submit.sh || die "no submit commands in docs/sweeps.md"

job_lines() { # job id: one line per array task of `scontrol -o show job`
    scontrol -o show job ${1:+"$1"} 2>/dev/null || true
}

field() { # name: the value of `name=` in the line on stdin
    grep -o "\b$1=[^ ]*" | head -n 1 | cut -d= -f2-
}

wait_jobs() { # seconds: wait until the cluster has no pending or running job
    local limit=$1 t0=$SECONDS
    while [ -n "$(squeue -h -o %i)" ]; do
        # A merge job whose array failed waits forever: stop waiting.
        squeue -h -o %r | grep -q DependencyNeverSatisfied && return 0
        if [ $((SECONDS - t0)) -ge "$limit" ]; then
            squeue >&2
            die "jobs still queued or running after ${limit} s"
        fi
        sleep 0.2
    done
}

expect_done() { # [job id]: every task of the job (of every job) COMPLETED, exit 0
    local lines line state code out
    lines=$(job_lines "${1:-}")
    [ -n "$lines" ] || die "job ${1:-} is unknown to slurmctld"
    # Jobs that ended badly first: a pending job only waits for one of them.
    lines=$(grep -v 'JobState=PENDING' <<<"$lines"; grep 'JobState=PENDING' <<<"$lines" || true)
    while read -r line; do
        state=$(field JobState <<<"$line")
        code=$(field ExitCode <<<"$line")
        if [ "$state" != COMPLETED ] || [ "$code" != 0:0 ]; then
            out=$(field StdOut <<<"$line")
            say "job $(field JobId <<<"$line") (array task $(field ArrayTaskId <<<"$line")) ended $state, exit $code; its output:"
            cat "$out" >&2 2>/dev/null || true
            die "a job failed"
        fi
    done <<<"$lines"
}

same() { # a b: byte-identical files
    cmp "$1" "$2" || die "$1 and $2 differ"
}

# 1. The documented job script and submit commands, exactly as written.
t0=$SECONDS
merge_jid=$(bash submit.sh)
[[ $merge_jid =~ ^[0-9]+$ ]] || die "the doc's submit commands printed \`$merge_jid\`, not a job id"
wait_jobs 240
expect_done # the array's tasks and the merge job
tasks=$(sed -n 's/^#SBATCH --array=1-\([0-9]*\)$/\1/p' sweep.sbatch)
[ "$(job_lines | grep -c 'JobState=COMPLETED')" = $((tasks + 1)) ] \
    || die "expected $tasks array tasks and one merge job: $(job_lines)"
scenario=$(grep -o 'scenarios/[^ ]*\.toml' sweep.sbatch | head -n 1)
out=$(grep -o 'OUT:-[^}]*' sweep.sbatch | cut -d- -f2-)
staffing sweep "$scenario" --quiet --out single/doc
same single/doc/sweep.csv "$out/all/sweep.csv"
say "1. the documented job array ($(ls -d "$out"/shard-* | wc -l) shards of $scenario) and merge job: sweep.csv identical to a single run ($((SECONDS - t0)) s)"

# Submits the job script for another scenario as docs/sweeps.md shows:
# SCENARIO, OUT and SHARDS in the environment, the array on the command line.
submit() { # scenario out shards [sbatch option...]: prints the job id
    local scenario=$1 out=$2 shards=$3
    shift 3
    SCENARIO=$scenario OUT=$out SHARDS=$shards \
        sbatch --parsable "$@" sweep.sbatch
}

# 2. A Monte Carlo ([sample]) sweep: small data, so it takes seconds.
t0=$SECONDS
cat >mc.toml <<EOF
extend = "$repo/tests/fixtures/small/scenario.toml"
name = "ci-monte-carlo"

[sample]
seed = 2026
count = 12
robust = "worst"
"workload.call_growth" = "normal(1.15, 0.05)"
"workload.divert_share" = "uniform(0, 0.3)"
EOF
jid=$(submit mc.toml sweeps/mc 3 --array=1-3)
wait_jobs 120
expect_done "$jid"
staffing merge sweeps/mc/shard-* --out sweeps/mc/all --quiet
staffing sweep mc.toml --quiet --out single/mc
for f in sweep.csv distribution.csv robust/allocation.csv robust/summary.json; do
    same "single/mc/$f" "sweeps/mc/all/$f"
done
say "2. a 3-shard Monte Carlo: sweep.csv, distribution.csv and the robust plan identical to a single run ($((SECONDS - t0)) s)"

# 3. scancel one array task mid-run, then --resume it.
t0=$SECONDS
cat >grid.toml <<EOF
extend = "$repo/scenarios/baseline.toml"
name = "ci-resume"

[sweep]
"workload.call_growth" = { start = 1.0, stop = 1.3, step = 0.02 }
"workload.divert_share" = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35]
EOF
points=128
# One CPU a task (so --jobs 1): both tasks run at once, each point by point.
jid=$(submit grid.toml sweeps/resume 2 --array=1-2 --cpus-per-task=1)
records() { find "sweeps/resume/shard-$1/points" -name '[0-9]*.json' 2>/dev/null | wc -l; }
task_state() { # job task: its state (empty while the array is pending as one)
    job_lines "$1" | grep "ArrayTaskId=$2 " | field JobState || true
}
t1=$SECONDS
until [ "$(records 2)" -ge 1 ]; do
    [ $((SECONDS - t1)) -lt 60 ] || die "array task 2 wrote no record in 60 s"
    case $(task_state "$jid" 2) in
        "" | PENDING | CONFIGURING | RUNNING) ;;
        *) die "array task 2 ended ($(task_state "$jid" 2)) before it could be cancelled" ;;
    esac
    sleep 0.02
done
scancel "${jid}_2"
wait_jobs 60
# squeue can forget a cancelled task before its staffing process has
# exited; the resumed task must find the cancelled run gone, as a user who
# resubmits later would (a live run's temporary files are never removed).
t1=$SECONDS
while pgrep -f -- "sweeps/resume/shard-2" >/dev/null; do
    [ $((SECONDS - t1)) -lt 60 ] || die "the cancelled task's staffing process still runs 60 s after scancel"
    sleep 0.1
done
state=$(task_state "$jid" 2)
[ "$state" = CANCELLED ] || die "array task 2 is $state after scancel, not CANCELLED"
task1=$(task_state "$jid" 1)
[ "$task1" = COMPLETED ] || die "array task 1 is $task1, not COMPLETED"
kept=$(records 2)
[ "$kept" -lt $((points / 2)) ] || die "array task 2 finished all its $((points / 2)) points before scancel; the test needs a longer task"
set +e
merge_err=$(staffing merge sweeps/resume/shard-* --out sweeps/resume/all 2>&1)
merge_rc=$?
set -e
[ "$merge_rc" = 2 ] || die "merge of a cancelled sweep exited $merge_rc, not 2: $merge_err"
grep -q "points are missing" <<<"$merge_err" || die "merge did not say points are missing: $merge_err"
[ ! -e sweeps/resume/all/sweep.csv ] || die "merge wrote a sweep.csv for an incomplete sweep"
# The records the cancelled task wrote, by inode: --resume keeps them.
before=$(cd sweeps/resume/shard-2/points && ls -i -- [0-9]*.json | sort)
jid2=$(submit grid.toml sweeps/resume 2 --array=2 --cpus-per-task=1)
wait_jobs 120
expect_done "$jid2"
[ "$(records 2)" = $((points / 2)) ] || die "the resumed task left $(records 2) of $((points / 2)) records"
after=$(cd sweeps/resume/shard-2/points && ls -i -- [0-9]*.json | sort)
comm -23 <(echo "$before") <(echo "$after") | grep -q . \
    && die "the resumed task solved again points its cancelled run had recorded"
staffing merge sweeps/resume/shard-* --out sweeps/resume/all --quiet
staffing sweep grid.toml --quiet --out single/resume
same single/resume/sweep.csv sweeps/resume/all/sweep.csv
say "3. array task 2 cancelled after $kept of $((points / 2)) points, merge refused (exit 2), the task resubmitted resumed the other $((points / 2 - kept)): sweep.csv identical to a single run ($((SECONDS - t0)) s)"
cd "$repo"
