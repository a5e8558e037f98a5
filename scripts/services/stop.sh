#!/usr/bin/env bash
# Stops the servers scripts/services/start.sh started and removes their state. Safe to run when none are up.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/services/common.sh
source "$here/common.sh"

if [[ -f "$pg_data/PG_VERSION" ]] && bin="$(find_pg_bin)"; then
  if as_pg "$bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; then
    log "stopping PostgreSQL"
    as_pg "$bin/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >&2 || log "PostgreSQL did not stop cleanly"
  fi
fi

if [[ -f "$redis_dir/redis.pid" ]]; then
  pid="$(cat "$redis_dir/redis.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping Redis (pid $pid)"
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
fi

rm -rf "$state_dir"
exit 0
