#!/usr/bin/env bash
# The JavaScript guard (examples/killswitch-guard.mjs, JSDoc types) type-checks under tsc --strict for a
# TypeScript agent (guard-ts/usage.mts), with TypeScript and @types/node from npm pinned by
# package-lock.json, installed once per build tree.
# usage: guard_typecheck.sh <source-root> <scratch-dir-for-node_modules>
set -euo pipefail
ROOT=$1
NODE_DIR=$2
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$NODE_DIR"
if ! cmp -s "$HERE/guard-ts/package-lock.json" "$NODE_DIR/package-lock.json" || [ ! -d "$NODE_DIR/node_modules" ]; then
    cp "$HERE/guard-ts/package.json" "$HERE/guard-ts/package-lock.json" "$NODE_DIR/"
    (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$ROOT/examples/killswitch-guard.mjs" "$HERE/guard-ts/usage.mts" "$NODE_DIR/"
cd "$NODE_DIR"
./node_modules/.bin/tsc --noEmit --strict --allowJs --checkJs --target es2022 --module nodenext \
    --moduleResolution nodenext --types node usage.mts killswitch-guard.mjs
echo "killswitch-guard.mjs type-checks for TypeScript"
