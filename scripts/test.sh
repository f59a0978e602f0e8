#!/usr/bin/env bash
# `npm test`: set up what is missing, type-check every package, lint and check the format, then run every jest test
# (shared, config, bff against the embedded FerretDB or MONGODB_URI, client builds for weapp/alipay/h5),
# and the Go tests of the embedded FerretDB wrapper.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
echo "[test] type-checking…"
npm run --silent typecheck
echo "[test] linting (ESLint) and checking the format (Prettier)…"
npm run --silent lint
npm run --silent format:check
GO="$(command -v go || echo /usr/local/go/bin/go)"
if [ -x "$GO" ]; then
  echo "[test] go test (embedded FerretDB wrapper)…"
  (cd scripts/ferretdb && "$GO" test ./...)
else
  echo "[test] no Go (MONGODB_URI is set): the embedded FerretDB wrapper's go test is skipped"
fi
echo "[test] running jest…"
exec npx jest --ci "$@"
