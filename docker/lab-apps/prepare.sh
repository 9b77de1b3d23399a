#!/usr/bin/env bash
# Fills this build context: the example apps bundled by webpack, and the packages they require.
set -euo pipefail
context="$(cd "$1" && pwd)"
cd "$(dirname "$0")/../.."
exec npx tsx apps/lab-cli/src/main.ts bundle-apps "$context"
