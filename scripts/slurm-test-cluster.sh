#!/usr/bin/env bash
# A one-node Slurm cluster for tests: `start` installs slurm-wlm + munge when missing, writes the
# config, starts munged/slurmctld/slurmd (no systemd) and waits until the node is idle; `stop`
# ends exactly the daemons `start` launched (their pid files). Needs root.
set -euo pipefail
# Test processes run in parallel: one start/stop at a time.
exec 9>/var/lock/runexp-slurm-test-cluster.lock
flock 9

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
  if ! alive "$STATE/munged.pid"; then
    mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
    [ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
    chmod 0400 /etc/munge/munge.key
    chmod 0711 /run/munge
    rm -f /run/munge/munged.pid
    runuser -u munge -- /usr/sbin/munged 9>&- </dev/null >/dev/null 2>&1
    for _ in $(seq 50); do [ -f /run/munge/munged.pid ] && break; sleep 0.1; done
    cp /run/munge/munged.pid "$STATE/munged.pid"
  fi
  # The daemons must not inherit (and hold forever) the start/stop lock or the caller's pipes.
  alive "$STATE/slurmctld.pid" || slurmctld 9>&- </dev/null >/dev/null 2>&1
  alive "$STATE/slurmd.pid" || slurmd 9>&- </dev/null >/dev/null 2>&1
  for _ in $(seq 120); do
    if sinfo -h -o '%t' 2>/dev/null | grep -qx 'idle\|mix\|alloc'; then
      echo "slurm test cluster up: $(sinfo -h -o '%P %D %t %N' | head -1)"
      return
    fi
    sleep 0.5
  done
  die "node not idle after 60 s; see $STATE/log/"
}

stop() {
  for d in slurmd slurmctld munged; do
    if alive "$STATE/$d.pid"; then kill "$(cat "$STATE/$d.pid")"; fi
    rm -f "$STATE/$d.pid"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
