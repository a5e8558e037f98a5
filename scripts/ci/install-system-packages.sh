#!/usr/bin/env bash
# Installs what the service tests and the strace checks need from Debian's packages. As a user other
# than root it installs nothing and only reports what is missing.
set -euo pipefail

if [[ "$(id -u)" != 0 ]]; then
  missing=()
  for tool in strace redis-server; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || command -v initdb >/dev/null || missing+=(postgresql)
  if ((${#missing[@]})); then
    echo "not root, so nothing can be installed; missing: ${missing[*]}" >&2
    exit 1
  fi
  echo "not root: using the installed strace, PostgreSQL and Redis"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
timeout 600 apt-get update -qq
timeout 900 apt-get install -y -qq strace postgresql redis-server >/dev/null
echo "installed: $(strace -V | head -n 1); $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); $(redis-server --version | cut -d' ' -f1-3)"
