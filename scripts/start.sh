#!/usr/bin/env bash
# `npm start`: set up what is missing, then run the whole system locally (see scripts/start.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec node --import tsx scripts/start.ts "$@"
