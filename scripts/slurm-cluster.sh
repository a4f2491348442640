#!/usr/bin/env bash
# A one-machine Slurm cluster for tests: `scripts/slurm-cluster.sh install|start|stop|status`.
# Needs root (it installs Debian packages, writes /etc/slurm and starts the daemons by hand,
# since nothing here runs systemd).
set -euo pipefail

cmd=${1:-status}
conf=/etc/slurm/slurm.conf

install_packages() {
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    echo "slurm-cluster: installing slurm and munge" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      slurmctld slurmd slurm-client munge >/dev/null
  fi
}

write_config() {
  local cpus
  cpus=$(nproc)
  install -d -m 755 /etc/slurm
  cat >"$conf" <<CONF
ClusterName=funnelsim-test
SlurmctldHost=localhost
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SchedulerParameters=batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
SlurmUser=slurm
SlurmdUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
ReturnToService=2
MinJobAge=300
NodeName=localhost CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  install -d -o slurm -g slurm -m 755 /var/spool/slurmctld /var/log/slurm
  install -d -m 755 /var/spool/slurmd
}

start() {
  install_packages
  write_config
  if [ ! -s /etc/munge/munge.key ]; then
    install -d -o munge -g munge -m 700 /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
  fi
  install -d -o munge -g munge -m 755 /run/munge
  pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged
  pgrep -x slurmctld >/dev/null || slurmctld -c
  pgrep -x slurmd >/dev/null || slurmd -N localhost
  for _ in $(seq 1 60); do
    state=$(sinfo -h -o %t 2>/dev/null | head -n 1 || true)
    case "$state" in
      idle | mix | alloc) echo "slurm-cluster: up ($state)" >&2; return 0 ;;
      *) sleep 0.5 ;;
    esac
  done
  echo "slurm-cluster: the node did not become idle; see /var/log/slurm/" >&2
  sinfo >&2 || true
  return 1
}

stop() {
  scontrol shutdown >/dev/null 2>&1 || true
  for _ in $(seq 1 20); do
    pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null || break
    sleep 0.5
  done
  pkill -x slurmd 2>/dev/null || true
  pkill -x slurmctld 2>/dev/null || true
  runuser -u munge -- /usr/sbin/munged --stop >/dev/null 2>&1 || true
  rm -f /run/slurmctld.pid /run/slurmd.pid
}

case "$cmd" in
  install) install_packages ;;
  start) start ;;
  stop) stop ;;
  status) sinfo ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
