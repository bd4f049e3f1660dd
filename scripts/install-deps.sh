#!/usr/bin/env bash
# Installs the Debian 12 packages turnus needs to build, run and test, when missing.
# Idempotent: when everything is there it only checks and returns.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libsqlite3-dev sqlite3 libpq-dev postgresql
  nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev
  libboost1.81-dev zlib1g-dev  # the HTTP server (Boost.Beast, Asio; gzip)
  libcpp-httplib-dev  # the tests' HTTP client
  libsodium-dev libhowardhinnant-date-dev tzdata libcurl4-openssl-dev libmagic-dev
  libgtest-dev libgmock-dev libbenchmark-dev libical-dev
  clang-tidy clang-format curl
  clang libclang-rt-14-dev  # the sanitizer build (only "recommended" by clang, so named here)
  iproute2  # `ss`, which the HTTP tests ask for the listen socket's backlog
  chromium  # the web UI's browser tests (web/e2e, playwright-core)
  python3-zxcvbn  # its list of 30,000 leaked passwords, which new passwords must not be (docs/adr/0009-passwords.md)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: need root to install packages (run as root or with sudo)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The OpenAPI validator the tests run (tools/openapi-check, versions pinned in its lock file).
if command -v npm >/dev/null && [[ ! -d "$(dirname "$0")/../tools/openapi-check/node_modules" ]]; then
  (cd "$(dirname "$0")/../tools/openapi-check" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
