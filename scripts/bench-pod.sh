#!/bin/sh
# Pod start benchmark: RunPodSandbox + CreateContainer + StartContainer through the CRI, jcri
# against containerd's own CRI plugin, side by side on one containerd, CNI bridge networking.
# Usage: scripts/bench-pod.sh [runs (10)]   (needs root, like the it/ tests)
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -pl it -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
# jcri runs inside this JVM; give it the HTTP client buffer JcriApplication.main sets.
exec java -Xmx1g -Djdk.httpclient.bufsize=262144 -cp "it/target/test-classes:$(cat it/target/bench-classpath.txt)" \
    io.jcri.it.bench.PodStartBenchmark "$@"
