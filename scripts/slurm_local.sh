#!/usr/bin/env bash
# A real single-node SLURM on this machine, for tests (facts: ../shared/notes/slurm-single-node.md).
#   scripts/slurm_local.sh start DIR   installs the Debian packages if missing, writes a
#                                      config under DIR, starts munged (if not running),
#                                      slurmctld and slurmd, waits for the node to be idle;
#                                      prints `export SLURM_CONF=...` for the client commands
#   scripts/slurm_local.sh stop DIR    cancels jobs and stops only the daemons it started
set -euo pipefail
cmd="${1:?usage: $0 start|stop DIR}"
dir=$(mkdir -p "${2:?usage: $0 start|stop DIR}" && cd "$2" && pwd)
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"

case "$cmd" in
start)
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends munge slurmctld slurmd slurm-client >/dev/null
  fi
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  rm -rf "$dir/state"/*   # a drained node state must not survive from an earlier run
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) * 9 / 10 ))
  cat > "$conf" <<CONF
ClusterName=diypol-test
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=2048
SchedulerParameters=batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
MailProg=/bin/true
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  if ! pgrep -x munged >/dev/null; then
    install -d -o munge -g munge -m 0755 /run/munge
    runuser -u munge -- /usr/sbin/munged
    touch "$dir/started-munged"
  fi
  slurmctld -f "$conf" -i
  slurmd -f "$conf" -N localhost
  for _ in $(seq 1 60); do
    if sinfo -h -o %t 2>/dev/null | grep -qx idle; then
      echo "export SLURM_CONF=$conf"
      exit 0
    fi
    sleep 0.5
  done
  echo "SLURM did not come up; logs in $dir/log" >&2
  sinfo >&2 || true
  exit 1
  ;;
stop)
  scancel --user=root 2>/dev/null || true
  pids=()
  for d in slurmd slurmctld; do
    if [ -f "$dir/$d.pid" ]; then
      pid=$(cat "$dir/$d.pid")
      kill "$pid" 2>/dev/null && pids+=("$pid")
    fi
  done
  # Wait (up to 10 s) until they are gone, so the next start finds the ports free.
  for _ in $(seq 1 20); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  if [ -f "$dir/started-munged" ]; then
    pkill -x munged || true
    rm -f "$dir/started-munged"
  fi
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
