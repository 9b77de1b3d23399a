#!/usr/bin/env bash
# Pre-build hook for the offline Node image: puts a Node.js binary (and npm) into the build context.
# Debian bookworm only ships Node 18, so the binary comes from the npm registry package
# node-linux-<arch> (the official build, repackaged: its tarball holds bin/node). `npm pack` uses
# whatever registry this machine's npm is configured for; npm's cache makes re-runs fast.
#
# Usage: prepare.sh CONTEXT_DIR      -> CONTEXT_DIR/node-bin/node, CONTEXT_DIR/node-bin/npm/
# Env:   NODE_DIST_VERSION (default below), NPM_DIST_VERSION (npm as bundled with that Node line)
set -euo pipefail

NODE_DIST_VERSION=${NODE_DIST_VERSION:-20.20.2}
NPM_DIST_VERSION=${NPM_DIST_VERSION:-10.8.2}

log() { printf '[node-prepare] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -eq 1 ] || die "usage: $0 CONTEXT_DIR"
[ -d "$1" ] || die "$1 is not a directory"
out=$(cd "$1" && pwd)/node-bin
stamp="node $NODE_DIST_VERSION npm $NPM_DIST_VERSION"

case $(uname -m) in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) die "no node-linux-* package for $(uname -m)" ;;
esac

# Idempotent: the orchestrator may call this before every build.
if [ -x "$out/node" ] && [ -f "$out/npm/package.json" ] && [ "$(cat "$out/VERSION" 2>/dev/null)" = "$stamp" ]; then
  log "node-bin already holds $stamp"
  exit 0
fi

command -v npm >/dev/null || die "npm is needed to fetch node-linux-$arch@$NODE_DIST_VERSION"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

log "fetching node-linux-$arch@$NODE_DIST_VERSION and npm@$NPM_DIST_VERSION with npm pack"
# Run from the temp dir so no project .npmrc or package.json gets involved.
(cd "$tmp" && npm pack "node-linux-$arch@$NODE_DIST_VERSION" "npm@$NPM_DIST_VERSION" \
   --pack-destination "$tmp" --loglevel=error >/dev/null)

mkdir -p "$tmp/node" "$tmp/npm"
tar -xzf "$tmp/node-linux-$arch-$NODE_DIST_VERSION.tgz" -C "$tmp/node" --strip-components=1 package/bin/node
tar -xzf "$tmp/npm-$NPM_DIST_VERSION.tgz" -C "$tmp/npm" --strip-components=1
[ -x "$tmp/node/bin/node" ] || die "node-linux-$arch@$NODE_DIST_VERSION has no executable bin/node"

# Replace node-bin as a whole, so a failed run never leaves a half-updated mix behind.
rm -rf "$out.new"
mkdir -p "$out.new"
mv "$tmp/node/bin/node" "$out.new/node"
mv "$tmp/npm" "$out.new/npm"
echo "$stamp" > "$out.new/VERSION"
rm -rf "$out"
mv "$out.new" "$out"
log "ready: $out ($stamp)"
