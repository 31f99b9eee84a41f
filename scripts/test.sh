#!/usr/bin/env bash
# Installs what is missing and runs the whole test suite: unit tests (Surefire), then the
# end-to-end tests against real containerd, runc, CNI plugins and a registry (Failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh

export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
exec mvn -B verify "$@"
