#!/bin/sh
# Entrypoint of the postgres:16 stand-in (docker/standin/build-bases.sh): the parts of the official
# image's entrypoint that docker/compose.yaml uses. On first start, initdb into $PGDATA with
# POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB; then drop to the postgres user and run postgres
# on all addresses (scram-sha-256 over TCP, trust on the local socket, as the official image).
set -eu
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ "${1:-postgres}" = postgres ]; then
  [ "$#" -gt 0 ] && shift
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" postgres "$@"
  fi
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    pwfile=$(mktemp)
    printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > "$pwfile"
    initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
           --auth-local=trust --auth-host=scram-sha-256
    rm -f "$pwfile"
    echo 'host all all all scram-sha-256' >> "$PGDATA/pg_hba.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
      pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
      createdb -U "$POSTGRES_USER" "$POSTGRES_DB"
      pg_ctl -D "$PGDATA" -m fast -w stop
    fi
  fi
  exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
fi
exec "$@"
