#!/usr/bin/env bash
# Bakes an example's seed into a PostgreSQL cluster at image build time: the cluster is started
# the way a sandbox starts it (the image's entrypoint, with POSTGRES_USER/DB as in the example's
# lab.yaml), the example app runs once in seed-only mode (LAB_APP_SEED_ONLY=true: migrate, seed,
# save the template, exit), then every password is removed and the server is stopped cleanly.
#
# No password made here works in a sandbox: the superuser and the student's role get the sandbox's
# own from the entrypoint before the server listens (POSTGRES_PASSWORD, LAB_STUDENT_PASSWORD).
#
#   seed.sh <out-dir>   → <out-dir>/pgdata (the cluster) and <out-dir>/seeded-objects
#   env: EXAMPLE (dir under /app), DATABASE, ADMIN_USER, STUDENT_USER, SEED_BUILD_PASSWORD,
#        APP_ENV (extra NAME=value…)
set -euo pipefail
out=$1
: "${EXAMPLE:?}" "${DATABASE:?}" "${ADMIN_USER:?}" "${STUDENT_USER:?}" "${SEED_BUILD_PASSWORD:?}"

export PGDATA=$out/pgdata
mkdir -p "$out"
# Only for this build: every password is removed below. Known (SEED_BUILD_PASSWORD), so that a
# test can show it opens nothing in a sandbox.
password=${SEED_BUILD_PASSWORD:?}

POSTGRES_USER=$ADMIN_USER POSTGRES_PASSWORD=$password POSTGRES_DB=$DATABASE \
  docker-entrypoint.sh postgres -c listen_addresses=127.0.0.1 &
server=$!
stop_server() { kill -INT "$server" 2>/dev/null || true; wait "$server" || true; }
trap stop_server EXIT
until pg_isready -q -h /var/run/postgresql -d postgres; do
  kill -0 "$server" || { echo "lab-seed: PostgreSQL did not start" >&2; exit 1; }
  sleep 0.1
done

# shellcheck disable=SC2086 # APP_ENV is a list of NAME=value words
env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/tmp NODE_ENV=production LAB_APP_SEED_ONLY=true PORT=3000 \
  DATABASE_URL="postgresql://$STUDENT_USER:$password@127.0.0.1:5432/$DATABASE" \
  DATABASE_ADMIN_URL="postgresql://$ADMIN_USER:$password@127.0.0.1:5432/postgres" \
  $APP_ENV node "/app/$EXAMPLE/main.js"

psql=(psql -X -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -U postgres -d postgres)
# The template must exist: without it a sandbox would seed again (slow, but also not this image's point).
[ "$("${psql[@]}" -At -c "SELECT count(*) FROM pg_database WHERE datname = '${DATABASE}_seed'")" = 1 ] ||
  { echo "lab-seed: the app saved no template ${DATABASE}_seed" >&2; exit 1; }
"${psql[@]}" <<'SQL'
SELECT format('ALTER ROLE %I PASSWORD NULL', rolname) FROM pg_authid WHERE rolpassword IS NOT NULL \gexec
CHECKPOINT;
SQL
"${psql[@]}" -At >"$out/seeded-objects" <<'SQL'
SELECT 'role ' || rolname FROM pg_roles WHERE rolname !~ '^pg_'
UNION ALL SELECT 'database ' || datname FROM pg_database ORDER BY 1;
SQL

trap - EXIT
stop_server
rm -f "$PGDATA/postmaster.opts"
# A smaller cluster to copy at every start and to keep (a tmpfs is the container's memory): the WAL
# segments initdb and the seed left are switched past and removed (wal_recycle = off and
# min_wal_size = 2MB from sandbox.conf), and the free-space maps — hints PostgreSQL rebuilds when it
# needs them — are not shipped. The visibility maps stay: without them an index-only scan in a
# student's EXPLAIN would show heap fetches until the next vacuum.
{ for _ in 1 2 3 4 5 6; do echo 'SELECT pg_switch_wal();'; echo 'CHECKPOINT;'; done; } |
  postgres --single -D "$PGDATA" -c exit_on_error=on postgres >/dev/null
find "$PGDATA/base" "$PGDATA/global" -name '*_fsm' -delete
echo "lab-seed: $EXAMPLE baked ($(du -sh "$PGDATA" | cut -f1)):" $(tr '\n' ' ' <"$out/seeded-objects")
