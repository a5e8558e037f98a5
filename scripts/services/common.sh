# Shared by start.sh and stop.sh: where the servers keep their state, and how to run PostgreSQL's tools.
# shellcheck shell=bash

state_dir="${TEST_SERVICES_DIR:-${TMPDIR:-/tmp}/hermetic-test-services}"
pg_data="$state_dir/postgres"
pg_socket_dir="$state_dir/postgres-socket"
redis_dir="$state_dir/redis"
pg_database=hermetic_test

log() { echo "services: $*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [[ "$(id -u)" == 0 ]]; }

# PostgreSQL refuses to run as root, so as root its tools run as the distribution's postgres user.
if is_root; then
  pg_os_user=postgres
  pg_user=postgres
else
  pg_os_user="$(id -un)"
  pg_user="$pg_os_user"
fi

as_pg() {
  if ! is_root; then
    "$@"
  elif command -v runuser >/dev/null; then
    (cd / && runuser -u "$pg_os_user" -- "$@")
  else
    (cd / && su -s /bin/sh -c "$(printf '%q ' "$@")" "$pg_os_user")
  fi
}

# The newest Debian-style install first, then whatever pg_config or PATH knows about.
find_pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; return; fi
  if command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then pg_config --bindir; return; fi
  if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; return; fi
  return 1
}

is_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port="$1" last=$(($1 + 50))
  while ((port <= last)); do
    if ! is_port_in_use "$port"; then echo "$port"; return; fi
    log "port $port is in use, trying $((port + 1))"
    port=$((port + 1))
  done
  return 1
}

write_state() { echo "$2" >"$state_dir/$1"; }
read_state() { cat "$state_dir/$1"; }
