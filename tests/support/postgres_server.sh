# A private PostgreSQL server for tests and benchmarks: a fresh cluster in a temporary folder, a free
# TCP port on 127.0.0.1 and the Unix socket in that folder, so nothing of the machine's own server is
# touched. Source this file, then:
#   pg_server_start          sets PG_DIR, PG_PORT, PG_SOCKET, PG_BIN, PG_USER_URL (fk's account) and
#                            PG_PASSWORD; starts the server as the `postgres` user when run as root
#   pg_server_stop           stops it (fast shutdown) and removes the folder; call it on exit
#   pg_psql SQL              runs SQL as the superuser over the socket, unaligned output without headers
# Accounts: `postgres` (superuser, trust over the socket only) and `fk` (password, scram-sha-256 over
# TCP, owner of database `fk`). Debian's postgresql package provides the binaries
# (scripts/install-deps.sh installs it); a missing binary is an error, never a skip.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_DIR=""
PG_PORT=""
PG_SOCKET=""
PG_PASSWORD="pg-5ecret-pass-7d1e"
PG_USER_URL=""

# Run a command as the cluster's owner (postgres refuses to run as root).
pg_as_owner() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Print a TCP port nobody listens on right now.
pg_free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_server_start() {
  if [[ -z $PG_BIN || ! -x $PG_BIN/initdb || ! -x $PG_BIN/pg_ctl || ! -x $PG_BIN/psql ]]; then
    echo "postgres_server.sh: PostgreSQL binaries not found under /usr/lib/postgresql/*/bin;" \
      "run scripts/install-deps.sh (packages postgresql postgresql-client)" >&2
    return 1
  fi
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fk-pg.XXXXXX")
  chmod 755 "$PG_DIR"
  [[ $(id -u) == 0 ]] && chown postgres: "$PG_DIR"
  PG_SOCKET="$PG_DIR/socket"
  pg_as_owner mkdir -m 700 "$PG_SOCKET"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 --locale C.UTF-8 -A trust \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as_owner tee "$PG_DIR/data/pg_hba.conf" >/dev/null <<'EOF'
local all postgres trust
local all all scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
EOF
  local attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT=$(pg_free_port)
    if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 start \
      -o "-p $PG_PORT -k $PG_SOCKET -c listen_addresses=127.0.0.1 -c fsync=off -c password_encryption=scram-sha-256" \
      >/dev/null 2>&1; then
      break
    fi
    PG_PORT=""
  done
  [[ -n $PG_PORT ]] || { cat "$PG_DIR/server.log" >&2; echo "postgres_server.sh: the server did not start" >&2; return 1; }
  PG_DB=postgres pg_psql "CREATE ROLE fk LOGIN PASSWORD '$PG_PASSWORD'" >/dev/null
  PG_DB=postgres pg_psql "CREATE DATABASE fk OWNER fk" >/dev/null
  PG_USER_URL="postgresql://fk:$PG_PASSWORD@127.0.0.1:$PG_PORT/fk"
}

pg_server_stop() {
  [[ -n $PG_DIR ]] || return 0
  if [[ -n $PG_PORT ]]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
  PG_PORT=""
}

pg_psql() {
  "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -U postgres -d "${PG_DB:-fk}" -c "$1"
}
