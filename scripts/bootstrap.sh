#!/usr/bin/env bash
# Installs what this project needs and is missing on this machine, then returns quietly.
# Used by `npm start` and `npm test`; safe to run again (each step checks first).
#   - Debian packages: chromium + fonts-wqy-zenhei (browser tests, Chinese text), redis-server (multi-node tests),
#     openssl (self-signed certificates for the https vendor stand-ins)
#   - Go: checked, needed to build the embedded FerretDB when MONGODB_URI is unset
#   - npm packages: `npm ci` when node_modules is missing or older than package-lock.json
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*" >&2; }
fail() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] || fail "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))."

# --- Debian packages -------------------------------------------------------------------------
APT_PACKAGES=(chromium fonts-wqy-zenhei redis-server openssl)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "${REGVERIFY_SKIP_APT:-}" = 1 ]; then
    say "skipping missing system packages (REGVERIFY_SKIP_APT=1): ${missing[*]}"
  elif ! command -v apt-get >/dev/null; then
    fail "missing system packages ${missing[*]} and no apt-get here: install them with your package manager (Chromium at /usr/bin/chromium, redis-server on PATH)."
  elif [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
    fail "missing system packages ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' once, then try again."
  else
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
    say "installing system packages: ${missing[*]} (once)…"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null || fail "apt-get update failed; check the package sources."
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || fail "apt-get install ${missing[*]} failed; install them by hand and try again."
  fi
fi

# --- Go (only for the embedded database) -----------------------------------------------------
if [ -z "${MONGODB_URI:-}" ] && ! command -v go >/dev/null && [ ! -x /usr/local/go/bin/go ]; then
  fail "Go 1.24+ is needed to build the embedded database (FerretDB). Install Go, or set MONGODB_URI to a MongoDB server."
fi

# --- npm packages ----------------------------------------------------------------------------
stamp=node_modules/.regverify-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
