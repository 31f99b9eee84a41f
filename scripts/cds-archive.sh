#!/usr/bin/env bash
# Class-data sharing for jcri on Java 17: extracts the executable jar (Spring Boot's
# `-Djarmode=tools extract`: the application jar beside lib/), starts it on a private socket,
# root and state with a containerd of its own, kills it, and starts it again for training, so the
# training start takes the path a measured start (scripts/measure-startup.sh) and a restart take:
# adopting the running containerd. The classes that start loaded go into a dynamic CDS archive
# (-XX:ArchiveClassesAtExit) when it stops, right after it is ready: no admin requests first, as
# the JVM maps and patches the whole archive, so each class in it counts in an idle jcri's RSS
# whether it is loaded or not (a first request loads its own). Started with
# -XX:SharedArchiveFile=<archive> -jar <extracted jar>, the JVM maps those classes instead of
# finding, reading, verifying and parsing them again (README, "Footprint").
#   scripts/cds-archive.sh [jar] [dir]   as root, containerd installed
#     jar  default app/target/jcri-app-*-exec.jar
#     dir  default app/target/cds: writes dir/jcri/jcri.jar (+ dir/jcri/lib) and dir/jcri.jsa
# Environment: JAVA_OPTS as for the run (default: the unit's line, packaging/jcri.service); the
# archive is only used by a JVM of the same build, with the same jar paths and collector.
# Prints the two paths on its last line: "cds: <jar> <archive>".
set -euo pipefail
cd "$(dirname "$0")/.."

jar="${1:-$(ls app/target/jcri-app-*-exec.jar 2>/dev/null | head -n 1 || true)}"
out="${2:-app/target/cds}"
[ -f "$jar" ] || { echo "cds-archive.sh: no jar: build it (mvn -B -q -DskipTests package)" >&2; exit 1; }
if [ -z "${JAVA_OPTS+x}" ]; then
  JAVA_OPTS=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' packaging/jcri.service)
fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
mkdir -p "$out"
out=$(cd "$out" && pwd)

rm -rf "$out/jcri" "$out/jcri.jsa"
java -Djarmode=tools -jar "$jar" extract --destination "$out/jcri.tmp" >/dev/null
mv "$out/jcri.tmp/$(basename "$jar")" "$out/jcri.tmp/jcri.jar"
mv "$out/jcri.tmp" "$out/jcri"

dir=$(mktemp -d /tmp/jcri-cds.XXXXXX)
pid=
# shellcheck source=scripts/private-node.sh
. scripts/private-node.sh
trap private_node_cleanup EXIT
mkdir -p "$dir/net.d"
cat > "$dir/net.d/10-cds.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "cds", "plugins": [{"type": "bridge", "bridge": "jcri-cds0",
 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.246.0/24"}]], "dataDir": "$dir/ipam"}}]}
JSON
cat > "$dir/jcri.yaml" <<YAML
jcri:
  containerd:
    managed: true
  cri:
    socket: $dir/state/jcri.sock
  root-dir: $dir/root
  state-dir: $dir/state
  sandbox-image: builtin
  cni:
    conf-dir: $dir/net.d
  registry:
    config-path: $dir/certs.d
server:
  port: 0
YAML

# wait_log LOG: until LOG says jcri is ready and recovered (jcri exiting ends the script)
wait_log() {
  for _ in $(seq 1800); do
    grep -q 'recovery done in' "$1" && grep -q ' ready in ' "$1" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "cds-archive.sh: jcri exited:" >&2; cat "$1" >&2; exit 1; }
    sleep 0.1
  done
  echo "cds-archive.sh: jcri not ready in 180 s; log $1" >&2
  exit 1
}

# the first start runs the managed containerd that the training start adopts
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$out/jcri/jcri.jar" --jcri.config="$dir/jcri.yaml" >"$dir/first.log" 2>&1 &
pid=$!
wait_log "$dir/first.log"
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true

: >"$dir/train.log"
# shellcheck disable=SC2086
java $JAVA_OPTS -XX:ArchiveClassesAtExit="$out/jcri.jsa.tmp" -jar "$out/jcri/jcri.jar" \
  --jcri.config="$dir/jcri.yaml" >"$dir/train.log" 2>&1 &
pid=$!
wait_log "$dir/train.log"
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
pid=
[ -s "$out/jcri.jsa.tmp" ] || { echo "cds-archive.sh: no archive written:" >&2; tail -n 20 "$dir/train.log" >&2; exit 1; }
mv "$out/jcri.jsa.tmp" "$out/jcri.jsa"
echo "cds: $out/jcri/jcri.jar $out/jcri.jsa ($(du -m "$out/jcri.jsa" | cut -f1) MiB)"
