#!/bin/sh
# Crash harness: rounds of N concurrent RunPodSandbox calls, jcri SIGKILLed 0.2-3 s in, restarted;
# counts lost pods and, once every pod is removed through CRI, leaked netns, IPs, containerd
# records, tasks, snapshots, FIFOs, shims, sandbox files and mounts. Each mode runs on a private
# node (own containerd root/state/socket, jcri root/state/socket, CNI bridge jcri-crm0/jcri-cre0 on
# 10.77.10.0/24 / 10.77.11.0/24), so it needs no lock; all of it is removed at the end.
# Usage: scripts/crash-test.sh [rounds (30)] [pods (20)] [managed|external|both (both)]
# Figures on stdout; jcri's own logs stay in the node's directory (removed at the end).
# JCRI_CRASH_MINUTES=n: start no round after n minutes (the summary says how many ran).
# (needs root, like the it/ tests; exits 1 if a pod was lost or anything leaked)
set -eu
cd "$(dirname "$0")/.."
# JCRI_CRASH_NO_BUILD=1: use what the last build made (e.g. to run two modes at once)
[ -n "${JCRI_CRASH_NO_BUILD:-}" ] || mvn -B -o -q package -pl it -am -DskipTests -Dcheckstyle.skip -Dpmd.skip -Dcpd.skip -Dspotless.check.skip \
    dependency:build-classpath -Dmdep.outputFile=target/crash-classpath.txt -Dmdep.includeScope=test
cd it
# a jcri start may take a minute or more on a loaded machine
exec java -Xmx512m -Djcri.it.ready-timeout-s=${JCRI_CRASH_READY_TIMEOUT_S:-300} -cp "target/test-classes:$(cat target/crash-classpath.txt)" \
    io.jcri.it.bench.CrashBenchmark "$@"
