#!/usr/bin/env bash
# Starts a throwaway PostgreSQL and Redis on 127.0.0.1 for `npm run test:services`.
#
#   eval "$(scripts/services/start.sh)"   # prints `export NAME=value` lines; progress goes to stderr
#   npm run test:services
#   scripts/services/stop.sh
#
# Both servers keep their data in one state directory (default: $TMPDIR/hermetic-test-services, or
# TEST_SERVICES_DIR). Running this again while they are up reuses them and prints the same lines. A busy
# default port (5432, 6379) is skipped for the next free one, so a system server is never touched.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/services/common.sh
source "$here/common.sh"

mkdir -p "$state_dir"
chmod 755 "$state_dir"

start_postgres() {
  local bin port
  bin="$(find_pg_bin)" || die "no PostgreSQL server binaries found (install the postgresql package)"
  if [[ -f "$pg_data/PG_VERSION" ]] && as_pg "$bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; then
    port="$(read_state pgport)"
    log "PostgreSQL already running on 127.0.0.1:$port"
    return
  fi
  rm -rf "$pg_data" "$pg_socket_dir"
  mkdir -p "$pg_data" "$pg_socket_dir"
  chmod 700 "$pg_data"
  chmod 755 "$pg_socket_dir"
  if is_root; then chown "$pg_os_user" "$pg_data" "$pg_socket_dir"; fi

  port="$(free_port 5432)" || die "no free port for PostgreSQL near 5432"
  log "PostgreSQL: initdb ($bin) into $pg_data"
  # Trust auth and no fsync: a disposable database that only this machine's tests reach.
  as_pg "$bin/initdb" -D "$pg_data" -U "$pg_user" --auth=trust -E UTF8 --no-sync >"$state_dir/initdb.log" 2>&1 \
    || { cat "$state_dir/initdb.log" >&2; die "initdb failed"; }
  log "PostgreSQL: starting on 127.0.0.1:$port and $pg_socket_dir"
  as_pg "$bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_socket_dir -c fsync=off -c full_page_writes=off" start >&2 \
    || { cat "$pg_data/server.log" >&2 || true; die "PostgreSQL did not start"; }
  write_state pgport "$port"
  as_pg "$bin/psql" -h "$pg_socket_dir" -p "$port" -U "$pg_user" -d postgres -v ON_ERROR_STOP=1 -qAt \
    -c "CREATE DATABASE $pg_database" >&2
}

start_redis() {
  local port
  command -v redis-server >/dev/null || die "redis-server not found (install the redis-server package)"
  if [[ -f "$redis_dir/redis.pid" ]] && kill -0 "$(cat "$redis_dir/redis.pid")" 2>/dev/null; then
    port="$(read_state redisport)"
    log "Redis already running on 127.0.0.1:$port"
    return
  fi
  rm -rf "$redis_dir"
  mkdir -p "$redis_dir"
  port="$(free_port 6379)" || die "no free port for Redis near 6379"
  log "Redis: starting on 127.0.0.1:$port"
  # No persistence: the data lives only as long as the test run.
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$redis_dir" \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --save '' --appendonly no >&2
  local tries=0
  until [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]; do
    tries=$((tries + 1))
    ((tries < 100)) || { cat "$redis_dir/redis.log" >&2 || true; die "Redis did not answer PING"; }
    sleep 0.1
  done
  write_state redisport "$port"
}

start_postgres
start_redis

{
  echo "export PGHOST=127.0.0.1"
  echo "export PGPORT=$(read_state pgport)"
  echo "export PGUSER=$pg_user"
  echo "export PGDATABASE=$pg_database"
  echo "export PG_SOCKET_DIR=$pg_socket_dir"
  echo "export REDIS_URL=redis://127.0.0.1:$(read_state redisport)"
} | tee "$state_dir/env"
