#!/usr/bin/env bash
# Entrypoint with the official `mariadb` image's env contract, for a read-only root filesystem:
# an empty /var/lib/mysql (tmpfs) gets a copy of the datadir made at build time, the accounts from
# the environment are created by `mariadbd --bootstrap` (SQL on stdin, so the passwords never touch
# a file system or a command line; it exits non-zero on the first failed statement), then the
# server runs.
#
#   MARIADB_ROOT_PASSWORD              root password, for root@localhost and root@'%' (required
#                                      unless MARIADB_ALLOW_EMPTY_ROOT_PASSWORD is set)
#   MARIADB_ALLOW_EMPTY_ROOT_PASSWORD  any non-empty value: root has no password
#   MARIADB_DATABASE                   database to create
#   MARIADB_USER, MARIADB_PASSWORD     user@'%' with ALL on MARIADB_DATABASE only (nothing global)
# The MYSQL_* names (MYSQL_ROOT_PASSWORD, ...) are accepted too, as in the official image.
set -euo pipefail

die() { printf 'docker-entrypoint: error: %s\n' "$*" >&2; exit 1; }

# `docker run IMAGE --opt` and `docker run IMAGE mariadbd --opt` (or mysqld) both mean "the server
# with these options"; any other command (bash, mariadb, ...) runs as given.
case ${1:-} in
  mariadbd|mysqld) shift ;;
  -*|'') ;;
  *) exec "$@" ;;
esac

datadir=/var/lib/mysql
template=/opt/mariadb/template

# MariaDB string literal: backslash escapes are on (the init SQL clears NO_BACKSLASH_ESCAPES), and
# line breaks are escaped too, so every statement stays on one line of the bootstrap input.
sql_literal() {
  local s=${1//\\/\\\\}
  s=${s//\'/\\\'}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}
  printf "'%s'" "$s"
}
# shellcheck disable=SC2016  # the backquotes are SQL identifier quotes, not command substitution
sql_ident() { local s=${1//\`/\`\`}; printf '`%s`' "$s"; }

init_sql() {
  local root_pw=${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}
  local allow_empty=${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-${MYSQL_ALLOW_EMPTY_PASSWORD:-}}
  local db=${MARIADB_DATABASE:-${MYSQL_DATABASE:-}}
  local user=${MARIADB_USER:-${MYSQL_USER:-}}
  local pw=${MARIADB_PASSWORD:-${MYSQL_PASSWORD:-}}

  if [ -z "$root_pw" ] && [ -z "$allow_empty" ]; then
    die "MARIADB_ROOT_PASSWORD is not set. Set it (e.g. -e MARIADB_ROOT_PASSWORD=secret), or set
  MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1 for a root without password (not recommended)."
  fi
  [ "$user" != root ] || die "MARIADB_USER=root is not allowed: root is configured by MARIADB_ROOT_PASSWORD"
  [ -z "$user" ] || [ -n "$pw" ] || die "MARIADB_USER is set but MARIADB_PASSWORD is not"
  [ -z "$pw" ] || [ -n "$user" ] || die "MARIADB_PASSWORD is set but MARIADB_USER is not"
  case $db$user in
    *$'\n'*|*$'\r'*) die "MARIADB_DATABASE and MARIADB_USER must not contain line breaks" ;;
  esac

  local rp; rp=$(sql_literal "$root_pw")
  # Bootstrap mode starts without the grant tables; FLUSH PRIVILEGES loads them so that account
  # statements work. root@'%' gets what the official image gives it, PROXY included (inserted
  # directly: GRANT PROXY needs a grantor that holds it, and the bootstrap thread holds nothing).
  echo "FLUSH PRIVILEGES;"
  echo "SET @@SESSION.SQL_MODE = REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');"
  echo "SET PASSWORD FOR 'root'@'localhost' = PASSWORD($rp);"
  echo "CREATE USER 'root'@'%' IDENTIFIED BY $rp;"
  echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
  echo "INSERT INTO mysql.proxies_priv VALUES ('%', 'root', '', '', TRUE, '', NOW());"
  if [ -n "$db" ]; then
    echo "CREATE DATABASE IF NOT EXISTS $(sql_ident "$db");"
  fi
  if [ -n "$user" ]; then
    echo "CREATE USER $(sql_literal "$user")@'%' IDENTIFIED BY $(sql_literal "$pw");"
    if [ -n "$db" ]; then
      # ALL on this one database and nothing global (no FILE, SUPER, PROCESS, nothing on mysql.*).
      # In a GRANT, `_` and `%` of a database name are wildcards (`lab_db` would also cover a
      # `lab1db` the user creates): escaped, as the official image does.
      local grant_db=${db//_/\\_}
      grant_db=${grant_db//%/\\%}
      echo "GRANT ALL ON $(sql_ident "$grant_db").* TO $(sql_literal "$user")@'%';"
    fi
  fi
}

if [ -z "$(ls -A "$datadir" 2>/dev/null)" ]; then
  [ -w "$datadir" ] ||
    die "$datadir is not writable by uid $(id -u): mount it as a tmpfs with uid=$(id -u),gid=$(id -g) (or give the mount point mode 1777)"
  [ -r "$template/ibdata1" ] ||
    die "uid $(id -u) cannot read the template datadir $template: run the container as --user 999:999"
  sql=$(init_sql)
  # A tar pipe reads and writes in parallel: about twice as fast as cp -a on tmpfs. The entries
  # are archived rather than ".": the tmpfs root may belong to root (no uid= option on the mount),
  # and tar would fail setting its mode. (The template holds no dotfiles.)
  (cd "$template" && tar -cf - -- *) | tar -C "$datadir" --no-same-owner -xf -
  # --log-warnings=0 and stdout to /dev/null: only real errors reach the log. Their messages do not
  # echo the statement, and the escaping above rules out syntax errors (which would quote it).
  mariadbd --bootstrap --log-warnings=0 "$@" <<<"$sql" >/dev/null ||
    die "could not apply MARIADB_ROOT_PASSWORD/MARIADB_DATABASE/MARIADB_USER (see the error above)"
  unset sql
fi

# The server has no use for the passwords; keep them out of its environment.
unset MARIADB_ROOT_PASSWORD MYSQL_ROOT_PASSWORD MARIADB_PASSWORD MYSQL_PASSWORD
exec mariadbd "$@"
