#!/usr/bin/env bash
# Installs what is missing and runs the whole test suite: unit tests (Surefire), the end-to-end
# tests against real containerd, runc, CNI plugins and a registry (Failsafe), then the CRI
# validation suite, critest, against jcri (scripts/critest.sh; needs the cri-tools kit in
# ../shared/cri-tools or JCRI_CRI_TOOLS, and JCRI_CRITEST=skip skips it), with jcri's NRI on so
# that critest's NRI specs run too (JCRI_CRITEST_NRI=0 leaves them out). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh

export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost

set +e
mvn -B verify "$@"
maven=$?
JCRI_CRITEST_NRI="${JCRI_CRITEST_NRI:-1}" ./scripts/critest.sh
critest=$?
set -e

echo
echo "jcri test suite: mvn verify $([ $maven -eq 0 ] && echo passed || echo "FAILED (exit $maven)");" \
  "critest $([ $critest -eq 0 ] && echo passed || echo "FAILED (exit $critest)")"
[ $maven -eq 0 ] && [ $critest -eq 0 ]
