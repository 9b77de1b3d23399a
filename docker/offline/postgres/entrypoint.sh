#!/usr/bin/env bash
# Entrypoint with the official `postgres` image's env contract, for a read-only root filesystem:
# a fresh PGDATA (tmpfs) gets a copy of the cluster made at build time, then roles and database
# are applied with a single-user backend (no server start/stop round trip), then postgres runs.
#
# An image with an example's seed baked in (docker/offline/postgres-seed) has its cluster in
# /opt/pg/seed, already holding its roles and databases (listed in /opt/pg/seeded-objects): those
# are not created again, and the superuser only gets this container's password. The example's
# student role gets this sandbox's password here too (LAB_STUDENT_ROLE), in the same single-user
# session: the app's boot then finds its login working and the seed frozen, and needs no admin
# session at all (@lab/sql keptForStudent). Any other role has no password at all.
#
#   POSTGRES_PASSWORD          password of POSTGRES_USER (required unless the method is trust)
#   POSTGRES_USER              superuser to create (default postgres)
#   POSTGRES_DB                database to create, owned by POSTGRES_USER (default POSTGRES_USER)
#   POSTGRES_HOST_AUTH_METHOD  TCP auth method (default scram-sha-256)
#   PGDATA                     default /var/lib/postgresql/data/pgdata
#   LAB_STUDENT_ROLE           a role of the baked seed to give LAB_STUDENT_PASSWORD (ignored
#   LAB_STUDENT_PASSWORD       without a baked seed holding it: the app then makes the role)
set -euo pipefail

die() { printf 'docker-entrypoint: error: %s\n' "$*" >&2; exit 1; }

# `docker run IMAGE -c x=y` and `docker run IMAGE postgres -c x=y` both mean "postgres with these
# options"; any other command (bash, psql, ...) runs as given, as in the official image.
if [ "${1:-}" = postgres ]; then
  shift
elif [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  exec "$@"
fi

: "${PGDATA:=/var/lib/postgresql/data/pgdata}"
export PGDATA
template=/opt/pg/template
seeded_objects=/opt/pg/seeded-objects
if [ -r /opt/pg/seed/PG_VERSION ]; then template=/opt/pg/seed; fi

# Whether the baked seed already has this role or database (`role <name>` / `database <name>`).
seeded() { [ "$template" = /opt/pg/seed ] && grep -qxF -- "$1 $2" "$seeded_objects"; }

# E'' string: backslash, quote, CR and LF escaped, so any password fits on one line of SQL.
sql_literal() {
  local s=${1//\\/\\\\}
  s=${s//\'/\'\'}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}
  printf "E'%s'" "$s"
}
sql_ident() { local s=${1//\"/\"\"}; printf '"%s"' "$s"; }

init_cluster() {
  local user=${POSTGRES_USER:-postgres}
  local db=${POSTGRES_DB:-$user}
  local method=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

  case $method in
    scram-sha-256|md5|password|trust|reject) ;;
    *) die "POSTGRES_HOST_AUTH_METHOD='$method' is not supported (scram-sha-256, md5, password, trust, reject)" ;;
  esac
  local student=${LAB_STUDENT_ROLE:-}
  case $user$db$student in
    *$'\n'*|*$'\r'*) die "POSTGRES_USER, POSTGRES_DB and LAB_STUDENT_ROLE must not contain line breaks" ;;
  esac
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$method" != trust ]; then
    die "POSTGRES_PASSWORD is not set. Set it (e.g. -e POSTGRES_PASSWORD=secret), or set
  POSTGRES_HOST_AUTH_METHOD=trust to allow connections without a password (not recommended)."
  fi

  [ -r "$template/PG_VERSION" ] ||
    die "uid $(id -u) cannot read the template cluster in $template: run the container as --user 999:999"
  local parent=${PGDATA%/*}
  mkdir -p "$PGDATA" 2>/dev/null ||
    die "cannot create $PGDATA as uid $(id -u): mount $parent as a tmpfs owned by this user (uid=$(id -u),gid=$(id -g)) or give the mount point mode 1777"
  chmod 0700 "$PGDATA"
  # Same result as `cp -a`, but a tar pipe reads and writes in parallel: ~2x faster on tmpfs,
  # and the copy is the slowest step of a start. Files keep their modes (0600/0700).
  tar -C "$template" -cf - . | tar -C "$PGDATA" --no-same-owner -xf -
  chmod 0700 "$PGDATA"   # the copied "." may carry the template directory's mode

  if [ "$method" != scram-sha-256 ]; then
    sed -i -E "s/^(host[[:space:]].*)scram-sha-256\$/\1$method/" "$PGDATA/pg_hba.conf"
  fi

  # Single-user mode reads one statement per line. exit_on_error makes a failed statement fail
  # the entrypoint.
  # log_min_error_statement=panic keeps the statement text (and so the password) out of the log;
  # stdout (the backend's echo of results) is discarded for the same reason.
  local sql=""
  if [ "$user" != postgres ] && ! seeded role "$user"; then
    sql+="CREATE ROLE $(sql_ident "$user") SUPERUSER LOGIN;"$'\n'
  fi
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    sql+="ALTER ROLE $(sql_ident "$user") PASSWORD $(sql_literal "$POSTGRES_PASSWORD");"$'\n'
  fi
  if [ -n "$student" ] && [ -n "${LAB_STUDENT_PASSWORD:-}" ] && seeded role "$student"; then
    sql+="ALTER ROLE $(sql_ident "$student") PASSWORD $(sql_literal "$LAB_STUDENT_PASSWORD");"$'\n'
  fi
  case $db in
    postgres|template0|template1) ;;   # exist in every fresh cluster
    *) if seeded database "$db"; then :; else
    # FILE_COPY: copies template1's files instead of WAL-logging every block (twice as fast here).
         sql+="CREATE DATABASE $(sql_ident "$db") OWNER $(sql_ident "$user") STRATEGY FILE_COPY;"$'\n'
       fi ;;
  esac
  if [ -n "$sql" ]; then
    postgres --single -D "$PGDATA" -c exit_on_error=on -c log_min_error_statement=panic \
      postgres <<<"$sql" >/dev/null || die "could not apply POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB"
  fi
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -d "$PGDATA" ] && [ -n "$(ls -A "$PGDATA")" ]; then
    die "$PGDATA is not empty but holds no cluster (no PG_VERSION); refusing to overwrite it"
  fi
  init_cluster
fi

# The server has no use for the passwords; keep them out of its environment.
unset POSTGRES_PASSWORD LAB_STUDENT_PASSWORD
exec postgres -D "$PGDATA" "$@"
