#!/usr/bin/env bash
# Make sure a Docker engine answers on the local socket.
# When none does and we are root on Debian, install Debian's docker.io (plus debootstrap,
# which the offline image kit needs) and start dockerd in the background.
# Idempotent: when the engine already answers this returns in well under a second.
# Prints the pid of a dockerd it started to $LAB_ENGINE_PIDFILE (if set), so CI can stop it.
# Then, whether the engine was already running or not, installs (or repairs) the sandboxes'
# network policy with docker/egress.sh: it does not survive a reboot, and costs milliseconds.
set -euo pipefail

log() { printf '[engine] %s\n' "$*" >&2; }
socket=${DOCKER_SOCKET:-/var/run/docker.sock}

engine_answers() {
  command -v docker >/dev/null 2>&1 && timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
network_policy() { bash "$here/egress.sh"; }

if engine_answers; then
  network_policy
  exit 0
fi

if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
  log "No Docker engine answers on ${socket}."
  log "Install Docker (https://docs.docker.com/engine/install/) and start it, then run this again."
  exit 1
fi

need_install=()
command -v dockerd >/dev/null 2>&1 || need_install+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need_install+=(debootstrap)
if [ ${#need_install[@]} -gt 0 ]; then
  log "installing ${need_install[*]} from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need_install[@]}" iptables ca-certificates >/dev/null
fi

log "starting dockerd in the background…"
mkdir -p /var/log
# Every sandbox has its own bridge network. Docker's default pools hold about 30 networks (one /16
# or /20 each): a class of 30 would exhaust them. /24 networks from one /16 give 256.
address_pool=${LAB_DOCKER_ADDRESS_POOL:-base=10.213.0.0/16,size=24}
# setsid: the engine must not die with the shell that started it (npm start runs it once).
setsid dockerd --default-address-pool "$address_pool" >/var/log/backend-lab-dockerd.log 2>&1 < /dev/null &
pid=$!
[ -n "${LAB_ENGINE_PIDFILE:-}" ] && echo "$pid" > "$LAB_ENGINE_PIDFILE"

for _ in $(seq 1 120); do
  if engine_answers; then
    log "engine ready (dockerd pid $pid)"
    network_policy
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    log "dockerd exited; last lines of /var/log/backend-lab-dockerd.log:"
    tail -n 20 /var/log/backend-lab-dockerd.log >&2
    exit 1
  fi
  sleep 0.5
done
log "dockerd did not answer within 60 s; see /var/log/backend-lab-dockerd.log"
exit 1
