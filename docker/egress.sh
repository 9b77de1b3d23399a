#!/usr/bin/env bash
# The sandboxes' network policy: a sandbox's containers reach only the services of their own
# sandbox. Not other sandboxes, not the host (control API, engine, any port on the gateway), not
# the LAN, not the internet, not 169.254.169.254.
#
# How: the Docker adapter names every sandbox bridge `lab-<hash>` (or `labx-<hash>` for an example
# whose lab.yaml asks for `egress: internet`). Two chains of the filter table act on them:
#   LAB-EGRESS     first rule of DOCKER-USER (the FORWARD path: container -> anywhere but the host).
#                  Traffic that stays on a lab bridge returns to Docker's chains, whose
#                  DOCKER-ISOLATION stages drop bridge-to-other-bridge traffic; anything else a
#                  `lab-` bridge starts is dropped. `labx-` bridges may reach public addresses only.
#   LAB-EGRESS-IN  first rule of INPUT (container -> the host itself, e.g. the gateway address):
#                  replies are let through (published ports are served by docker-proxy on the host,
#                  whose connections to the container come back this way); new connections drop.
# DROP, not REJECT: a probe learns nothing, and a blocked connection fails by its own timeout.
#
# Idempotent (chain contents are replaced in one iptables-restore transaction; the jumps are moved
# to the top). Docker keeps DOCKER-USER across restarts and re-inserts its own FORWARD jump to it
# first; INPUT is never touched by Docker. A reboot or a flush removes the rules: `docker/engine.sh`
# runs this every time, and the control API refuses to start without them (LAB_EGRESS=open skips).
# Usage: bash docker/egress.sh            install or repair (root)
#        bash docker/egress.sh --remove   take the policy out again (root)
set -euo pipefail

log() { printf '[egress] %s\n' "$*" >&2; }

FORWARD_CHAIN=LAB-EGRESS
INPUT_CHAIN=LAB-EGRESS-IN
# Destinations an egress-enabled (`labx-`) sandbox still may not reach: private and shared address
# space (the LAN, other sandboxes), link-local (cloud metadata), loopback, "this network", multicast.
NOT_PUBLIC=(10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 100.64.0.0/10 169.254.0.0/16 127.0.0.0/8 0.0.0.0/8 224.0.0.0/4 240.0.0.0/4)

if [ "${LAB_EGRESS:-}" = open ]; then
  log "LAB_EGRESS=open: the sandbox network policy is not installed (sandboxes can reach the host, the LAN and the internet)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  log "not root: cannot install the sandbox network policy. Run 'sudo bash docker/egress.sh' once per boot"
  log "(the control API refuses to start without it unless LAB_EGRESS=open is set on purpose)."
  exit 0
fi
if ! command -v iptables >/dev/null 2>&1; then
  log "iptables is missing: install it (Debian: apt-get install iptables), then run this again."
  exit 1
fi

ipt() { iptables -w 10 "$@"; }

# One run at a time (npm start and npm test may both call it through engine.sh).
exec 9>/run/backend-lab-egress.lock
flock -w 30 9

# Makes `-j <target>` the first rule of <chain>, once. When it already is (every run but the
# first after a boot), nothing changes; otherwise every copy goes and one is inserted on top.
jump_first() {
  local chain=$1 target=$2
  local rules
  rules=$(ipt -S "$chain")
  if [ "$(sed -n 2p <<<"$rules")" = "-A $chain -j $target" ] &&
    [ "$(grep -c -x -- "-A $chain -j $target" <<<"$rules")" = 1 ]; then
    return 0
  fi
  remove_jump "$chain" "$target"
  ipt -I "$chain" 1 -j "$target"
}

remove_jump() {
  local chain=$1 target=$2
  while ipt -C "$chain" -j "$target" 2>/dev/null; do ipt -D "$chain" -j "$target"; done
}

if [ "${1:-}" = --remove ]; then
  remove_jump DOCKER-USER "$FORWARD_CHAIN" 2>/dev/null || true
  remove_jump INPUT "$INPUT_CHAIN"
  for chain in "$FORWARD_CHAIN" "$INPUT_CHAIN"; do
    if ipt -S "$chain" >/dev/null 2>&1; then ipt -F "$chain" && ipt -X "$chain"; fi
  done
  log "sandbox network policy removed"
  exit 0
fi

if ! ipt -S DOCKER-USER >/dev/null 2>&1; then
  log "the DOCKER-USER chain does not exist: is the Docker engine running with its iptables integration"
  log "(dockerd without --iptables=false)? Start the engine first (bash docker/engine.sh)."
  exit 1
fi

rules=$(
  echo '*filter'
  # Declaring a chain in a --noflush restore creates it or empties it: the contents below replace
  # the old ones in one transaction, never leaving the chain half-filled.
  echo ":$FORWARD_CHAIN - [0:0]"
  echo ":$INPUT_CHAIN - [0:0]"
  # FORWARD path, isolated sandboxes.
  echo "-A $FORWARD_CHAIN -i lab-+ -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
  echo "-A $FORWARD_CHAIN -i lab-+ -o lab-+ -j RETURN"
  echo "-A $FORWARD_CHAIN -i lab-+ -j DROP"
  # FORWARD path, sandboxes of examples with `egress: internet`: public addresses only.
  echo "-A $FORWARD_CHAIN -i labx-+ -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
  echo "-A $FORWARD_CHAIN -i labx-+ -o labx-+ -j RETURN"
  # Docker's embedded DNS resolver forwards a container's queries from the container's own
  # namespace to the host's resolvers, which are often on the LAN.
  echo "-A $FORWARD_CHAIN -i labx-+ -p udp -m udp --dport 53 -j RETURN"
  echo "-A $FORWARD_CHAIN -i labx-+ -p tcp -m tcp --dport 53 -j RETURN"
  for range in "${NOT_PUBLIC[@]}"; do echo "-A $FORWARD_CHAIN -i labx-+ -d $range -j DROP"; done
  # INPUT path: no sandbox opens a connection to the host.
  echo "-A $INPUT_CHAIN -i lab-+ -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
  echo "-A $INPUT_CHAIN -i lab-+ -j DROP"
  echo "-A $INPUT_CHAIN -i labx-+ -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN"
  echo "-A $INPUT_CHAIN -i labx-+ -j DROP"
  echo 'COMMIT'
)
printf '%s\n' "$rules" | iptables-restore -w 10 --noflush

jump_first DOCKER-USER "$FORWARD_CHAIN"
jump_first INPUT "$INPUT_CHAIN"
log "sandbox network policy in place (chains $FORWARD_CHAIN from DOCKER-USER, $INPUT_CHAIN from INPUT)"
