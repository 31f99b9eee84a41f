#!/bin/sh
# CRI fuzz harness: generated and mutated requests of every RuntimeService and ImageService RPC
# on the socket of a real jcri (real containerd, CNI bridge jcri-fz0 on 10.88.200.0/24, a local
# registry, all private to the run); prints requests per RPC, answers per status code, violations
# and leftovers; exits 1 on any. Usage: scripts/fuzz.sh [requests (10000)] [seed (time)]
# (needs root, like the it/ tests)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
mvn -B -o -q -pl it -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fuzz-classpath.txt -Dmdep.includeScope=test
# a working directory of its own: relative paths in fuzzed requests land there, not in the tree
work=$(mktemp -d /tmp/jcri-fuzz-cwd.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
java -Xmx1g -Djdk.httpclient.bufsize=262144 \
    -cp "$root/it/target/test-classes:$(cat "$root/it/target/fuzz-classpath.txt")" \
    io.jcri.it.fuzz.CriFuzz "$@"
