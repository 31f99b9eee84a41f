#!/usr/bin/env bash
# Footprint and start-up of the built jar, as scripts/run.sh runs it (managed containerd), on a
# private socket, root and state: for each start, the time from exec of java until CRI Status
# says RuntimeReady=true (containerd already running, no pods) and the CPU time java used until
# then, then, after an idle pause, the java process's VmRSS and thread count; then the median of
# each over the starts, and the last one's heap, metaspace and classes (jcmd).
#   scripts/measure-startup.sh [runs (3)]       as root, containerd installed; under
#                                               flock -o /tmp/jcri-it.lock when others run tests
# Environment:
#   JAVA_OPTS  the JVM options (default: the unit's, packaging/jcri.service, as run.sh uses them)
#   CDS        the class-data sharing directory scripts/cds-archive.sh wrote (default
#              app/target/cds when it holds jcri.jsa, as run.sh uses it; CDS=none: the plain jar)
#   JCRI_JAR   the jar (default app/target/jcri-app-*-exec.jar, or CDS's extracted one; not built here)
#   IDLE       seconds idle after each start before memory is read (default 10)
#   THREADS=1  print the last start's threads by name; PHASES=1 print its log
#   MALLOC_ARENA_MAX  default 2, as run.sh and the unit set it
#   NMT=1      add -XX:NativeMemoryTracking=summary and print jcmd VM.native_memory summary
# The first start (containerd cold, started by jcri) is reported apart; jcri is then killed
# (SIGKILL), so each measured start adopts the containerd it left, as after a crash or restart.
# Readiness is polled so the poll adds nothing (scripts/cri-ready.sh): a plain connect until the
# CRI socket accepts, then a fresh crictl per attempt. Beside crictl's figure each start prints
# when the socket first accepted and the times of jcri's own "ready in" and "recovery done" lines.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-3}"
idle="${IDLE:-10}"
crictl=/work/shared/cri-tools/bin/crictl
command -v crictl >/dev/null 2>&1 && crictl=$(command -v crictl)
[ -x "$crictl" ] || { echo "measure-startup.sh: no crictl (PATH or $crictl)" >&2; exit 1; }
if [ -z "${JAVA_OPTS+x}" ]; then
  JAVA_OPTS=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' packaging/jcri.service)
fi
cds="${CDS:-app/target/cds}"
if [ "$cds" != none ] && [ -z "${JCRI_JAR:-}" ] && [ -s "$cds/jcri.jsa" ]; then
  JCRI_JAR="$cds/jcri/jcri.jar"
  JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$cds/jcri.jsa"
fi
jar="${JCRI_JAR:-$(ls app/target/jcri-app-*-exec.jar 2>/dev/null | head -n 1 || true)}"
[ -f "$jar" ] || { echo "measure-startup.sh: no jar: build it (mvn -B -q -DskipTests package)" >&2; exit 1; }
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
[ "${NMT:-0}" = 1 ] && JAVA_OPTS="$JAVA_OPTS -XX:NativeMemoryTracking=summary"

dir=$(mktemp -d /tmp/jcri-measure.XXXXXX)
sock="$dir/state/jcri.sock"
mkdir -p "$dir/net.d"
cat > "$dir/net.d/10-measure.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "measure", "plugins": [{"type": "bridge", "bridge": "jcri-ms0",
 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.247.0/24"}]], "dataDir": "$dir/ipam"}}]}
JSON
cat > "$dir/jcri.yaml" <<YAML
jcri:
  containerd:
    managed: true
  cri:
    socket: $sock
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

pid=
# shellcheck source=scripts/private-node.sh
. scripts/private-node.sh
trap private_node_cleanup EXIT

# shellcheck source=scripts/cri-ready.sh
. scripts/cri-ready.sh

# Starts jcri (pid in $pid); sets $ms to the milliseconds from exec of java to RuntimeReady=true
# (crictl's answer) and $sock_ms to when the CRI socket first accepted a connection.
start() {
  local log="$1" t0 t1
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$jar" --jcri.config="$dir/jcri.yaml" >>"$log" 2>&1 &
  pid=$!
  # not crictl until the socket accepts: an early crictl sits in grpc-go's reconnect backoff
  # (scripts/cri-ready.sh)
  cri_socket_accepts "$sock" "$pid" 120 \
    || { echo "jcri exited or its socket did not accept in 120 s; log $log:" >&2; cat "$log" >&2; exit 1; }
  sock_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  until cri_runtime_ready "$crictl" "unix://$sock" RuntimeReady; do
    kill -0 "$pid" 2>/dev/null || { echo "jcri exited; log $log:" >&2; cat "$log" >&2; exit 1; }
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 120 ] || { echo "not ready in 120 s" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  t_exec=$t0
}

# Sets $log_ready_ms and $log_rec_ms from the log of the start begun at $t_exec (the lines may
# come after RuntimeReady: waits for them).
log_times() {
  log_ready_ms=$(cri_log_ms "$1" ' ready in [0-9.]+ s' "$t_exec")
  log_rec_ms=$(cri_log_ms "$1" 'recovery done in' "$t_exec")
}

stop_hard() { kill -KILL "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

# the median of the numbers given
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

# CPU time (user + system, ms) the java process has used so far: a figure less bent by a busy
# machine than the wall-clock time
cpu_ms() {
  local ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo $(( ticks * 1000 / $(getconf CLK_TCK) ))
}

echo "jar: $jar"
echo "JAVA_OPTS: $JAVA_OPTS"
start "$dir/cold.log"
log_times "$dir/cold.log"
echo "cold start (jcri starts containerd): ${ms} ms to RuntimeReady (socket ${sock_ms}, log ready ${log_ready_ms}, recovery done ${log_rec_ms})"
stop_hard

times=() cpus=() rsss=() threadss=() socks=() lreadys=() lrecs=()
for i in $(seq "$runs"); do
  log="$dir/run$i.log"
  start "$log"
  cpu=$(cpu_ms)
  log_times "$log"
  times+=("$ms") cpus+=("$cpu") socks+=("$sock_ms") lreadys+=("$log_ready_ms") lrecs+=("$log_rec_ms")
  rec=$(grep -o 'recovery done in [0-9]* ms' "$log" | head -n 1 || true)
  sleep "$idle"
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  threads=$(ls "/proc/$pid/task" | wc -l)
  rsss+=("$rss") threadss+=("$threads")
  echo "start $i: ${ms} ms exec to RuntimeReady, ${cpu} ms CPU; exec to socket accepting ${sock_ms} ms, to jcri's log ready ${log_ready_ms} ms, recovery done ${log_rec_ms} ms ($rec); ${idle} s later RSS $((rss / 1024)) MiB, $threads threads"
  [ "$i" = "$runs" ] || stop_hard
done
echo "median of $runs starts (containerd running, no pods):"
echo "  ready:    $(median "${times[@]}") ms exec to RuntimeReady (min $(printf '%s\n' "${times[@]}" | sort -n | head -n 1) ms, max $(printf '%s\n' "${times[@]}" | sort -n | tail -n 1) ms), $(median "${cpus[@]}") ms CPU"
echo "  from jcri's side: socket accepting $(median "${socks[@]}") ms, log \"ready in\" $(median "${lreadys[@]}") ms, \"recovery done\" $(median "${lrecs[@]}") ms after exec"
echo "  RSS idle: $(( $(median "${rsss[@]}") / 1024 )) MiB ($(median "${rsss[@]}") kB, ${idle} s after ready)"
echo "  threads:  $(median "${threadss[@]}")"
echo "last start:"
jcmd "$pid" GC.heap_info 2>/dev/null | sed -n '2,$p' | grep -vE '(eden|from|to|the) +space' | sed 's/^/  /'
classes=$(jcmd "$pid" PerfCounter.print 2>/dev/null | sed -n 's/^java.cls.loadedClasses=//p' || true)
shared=$(jcmd "$pid" PerfCounter.print 2>/dev/null | sed -n 's/^java.cls.sharedLoadedClasses=//p' || true)
[ -n "$classes" ] && echo "  classes loaded: $classes (from the CDS archives: ${shared:-?})"
if [ "${NMT:-0}" = 1 ]; then
  jcmd "$pid" VM.native_memory summary | grep -E '^(Total|-)' | sed 's/^/  /'
fi
if [ "${THREADS:-0}" = 1 ]; then
  jcmd "$pid" Thread.print | grep -E '^"' | sed -E 's/^"([^"]*)".*/\1/; s/[0-9]+/N/g' | sort | uniq -c | sort -rn
fi
if [ "${PHASES:-0}" = 1 ]; then
  echo "  its log:"
  sed 's/^/    /' "$log"
fi
