#!/bin/sh
# Pull benchmark: jcri (CRI PullImage) against `ctr image pull --plain-http`, same local
# docker-registry, same containerd, empty content store before each run.
# Usage: scripts/bench-pull.sh [runs (5)] [MB per layer (42)]   (needs root, like the it/ tests)
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -pl it -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
# jcri runs inside this JVM; give it the HTTP client buffer JcriApplication.main sets.
exec java -Xmx2g -Djdk.httpclient.bufsize=262144 -cp "it/target/test-classes:$(cat it/target/bench-classpath.txt)" \
    io.jcri.it.bench.PullBenchmark "$@"
