#!/usr/bin/env bash
# `npm test`: set up what is missing, type-check every package, then run every jest test
# (shared, config, bff against the embedded FerretDB or MONGODB_URI, client builds for weapp/alipay/h5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
echo "[test] type-checking…"
npm run --silent typecheck
echo "[test] running jest…"
exec npx jest --ci "$@"
