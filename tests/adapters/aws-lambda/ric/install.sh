#!/bin/sh
# Installs the real AWS Lambda Node.js runtime interface client (aws-lambda-ric, pinned
# in package-lock.json next to this file) for tests/runtimes/aws-lambda-ric.test.ts.
# It builds a native addon, which needs autoconf, automake, libtool and cmake (and a C++
# toolchain); as root on Debian or Ubuntu this installs them when they are missing.
# Idempotent: does nothing when the locked version is already built.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

missing=''
for tool in autoreconf libtoolize cmake; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y autoconf automake libtool cmake
  else
    echo "install.sh: missing$missing. Install autoconf, automake, libtool and cmake" >&2
    echo "(Debian/Ubuntu: sudo apt-get install -y autoconf automake libtool cmake), then run it again." >&2
    exit 1
  fi
fi

locked=$(node -p "require('$here/package-lock.json').packages['node_modules/aws-lambda-ric'].version")
installed=$(node -p "try { require('$here/node_modules/aws-lambda-ric/package.json').version } catch { '' }")
if [ "$installed" = "$locked" ] && [ -f "$here/node_modules/aws-lambda-ric/dist/rapid-client.node" ]; then
  echo "aws-lambda-ric $locked is already installed in $here/node_modules."
  exit 0
fi
npm ci --prefix "$here" --no-audit --no-fund
