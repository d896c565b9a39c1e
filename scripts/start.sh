#!/usr/bin/env bash
# Quick start on a fresh machine: installs what is missing, then runs kefu on its embedded defaults
# (the knowledge index is built on first start; a local redis-server is started when REDIS_URL is unset).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec npm start
