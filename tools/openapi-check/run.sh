#!/usr/bin/env bash
# Validates an OpenAPI document with @seriousme/openapi-schema-validator (pinned in
# package-lock.json); installs it with `npm ci` on first use. Used by ctest.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -d "$here/node_modules/@seriousme/openapi-schema-validator" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
exec node "$here/check.mjs" "$@"
