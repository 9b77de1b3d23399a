#!/usr/bin/env bash
# Debian's database clients, for the tests that check that the connection URLs students are given
# work in the real clients (test/isolation/clients.e2e-spec.ts): psql, redis-cli, mariadb.
# Installed when missing and we are root on Debian; elsewhere this only says what is missing (the
# tests then skip, saying why). Also Debian's Chromium, the browser the web app's tests drive
# (Playwright's own browser download is not used; LAB_CHROMIUM points elsewhere).
# Idempotent: when every client is there it returns at once.
# mongosh is not a Debian package: the MongoDB URL test skips without it.
set -euo pipefail

log() { printf '[clients] %s\n' "$*" >&2; }

missing=()
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
[ -n "${LAB_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-liberation)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
  log "missing ${missing[*]} (not root on Debian: not installed); the client URL tests will skip"
  exit 0
fi

log "installing ${missing[*]} from Debian's packages…"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  log "could not install ${missing[*]}; the client URL tests will skip"
fi
exit 0
