#!/usr/bin/env bash
# A one-node Slurm cluster for tests: `start` installs slurm-wlm + munge when missing, writes the
# config, starts munged/slurmctld/slurmd (no systemd) and waits until the node is idle; `stop`
# ends exactly the daemons `start` launched (their pid files). Needs root.
set -euo pipefail
# Test processes run in parallel: one start/stop at a time (bounded: a stuck holder is an error).
exec 9>/var/lock/runexp-slurm-test-cluster.lock
flock -w 120 9 || { echo "slurm-test-cluster: another start/stop held the lock for 120 s" >&2; exit 1; }

STATE=${SLURM_TEST_STATE:-/var/tmp/runexp-slurm-test}
CONF=/etc/slurm/slurm.conf
PACKAGES=(slurm-wlm munge)

die() { echo "slurm-test-cluster: $*" >&2; exit 1; }

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Runs a daemon holding none of the caller's descriptors. munged keeps whatever it inherits for
# its whole life: the lock above, the caller's pipes, or the socket through which Foundation's
# Process learns that its child exited (a Swift test running this script then waits forever).
detached() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    exec "$@" </dev/null >/dev/null 2>&1
  )
}

# The end of each daemon's log, for a failed start.
logs() {
  for f in /var/log/munge/munged.log "$STATE"/log/slurmctld.log "$STATE"/log/slurmd.log; do
    [ -f "$f" ] && { echo "== $f"; tail -n 20 "$f"; }
  done
  return 0
}

# A munged already serving the socket (e.g. started by the package on a systemd machine) is used
# as it is, and left alone by `stop`.
munge_works() { munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; }

write_config() {
  local host cpus mem
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
  mkdir -p /etc/slurm "$STATE/spool/ctld" "$STATE/spool/d" "$STATE/log"
  # ReturnToService=2 lets a node that went down (daemon restart) come back on its own;
  # proctrack/linuxproc and task/none need no cgroup support (none here without systemd).
  cat >"$CONF.tmp" <<EOF
ClusterName=runexptest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a default, a job asking no --mem gets the whole node and jobs run one at a time.
DefMemPerCPU=$(( mem / cpus ))
ReturnToService=2
SchedulerType=sched/backfill
StateSaveLocation=$STATE/spool/ctld
SlurmdSpoolDir=$STATE/spool/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$STATE/log/jobcomp.log
MinJobAge=600
KillWait=5
InactiveLimit=0
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  install_missing
  write_config
  if ! alive "$STATE/munged.pid" && ! munge_works; then
    mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
    [ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
    chmod 0400 /etc/munge/munge.key
    chmod 0711 /run/munge
    rm -f /run/munge/munged.pid
    detached runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 100); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
    [ -s /run/munge/munged.pid ] || { logs >&2; die "munged wrote no pid file within 10 s"; }
    cp /run/munge/munged.pid "$STATE/munged.pid"
  fi
  alive "$STATE/slurmctld.pid" || detached slurmctld
  alive "$STATE/slurmd.pid" || detached slurmd
  for _ in $(seq 120); do
    if sinfo -h -o '%t' 2>/dev/null | grep -qx 'idle\|mix\|alloc'; then
      echo "slurm test cluster up: $(sinfo -h -o '%P %D %t %N' | head -1)"
      return
    fi
    sleep 0.5
  done
  logs >&2
  die "node not idle after 60 s; see $STATE/log/"
}

stop() {
  # Jobs still on the cluster (a test that failed midway) go first: their steps outlive slurmd.
  if alive "$STATE/slurmctld.pid" && [ -n "$(squeue -h -o %i 2>/dev/null)" ]; then
    scancel --full --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 40); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.5; done
  fi
  local pids=()
  for d in slurmd slurmctld munged; do
    if alive "$STATE/$d.pid"; then pids+=("$(cat "$STATE/$d.pid")"); kill "${pids[-1]}"; fi
    rm -f "$STATE/$d.pid"
  done
  # Gone before returning, so an immediate `start` does not meet their ports and sockets.
  for _ in $(seq 100); do
    local left=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=1; done
    [ $left = 0 ] && return
    sleep 0.1
  done
  die "daemons ${pids[*]} still running 10 s after SIGTERM"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
