#!/usr/bin/env bash
# `redis-server [ARGS]` or just `[--option ...]` runs redis with the sandbox config first, so
# command-line options (e.g. --requirepass SECRET) override it, as with the official image.
# Any other command (redis-cli, bash, ...) runs as given.
set -euo pipefail

if [ "${1:-}" = redis-server ]; then
  shift
elif [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  exec "$@"
fi

# A config file of one's own (`redis-server /path/redis.conf ...`) replaces the sandbox one.
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  exec redis-server "$@"
fi
exec redis-server /etc/redis/sandbox.conf "$@"
