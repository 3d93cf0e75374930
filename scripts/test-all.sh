#!/usr/bin/env bash
# The one test command (README): every suite, on a fresh Debian 12 machine included.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/bootstrap-test-env.sh
source scripts/bootstrap-test-env.sh

if [[ ${SIFT_SKIP_NPM_CI:-} != 1 ]]; then
  npm ci --no-audit --no-fund
fi

npm run check
