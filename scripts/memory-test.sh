#!/usr/bin/env bash
# Memory under hostile clients (issue 12, hardening): a private jcri at the launcher's heap
# settings (packaging/jcri.service's JAVA_OPTS, as run.sh uses them) with its own managed
# containerd, socket, root, state and CNI bridge (jcri-mh0, 10.88.239.0/24), so it needs no
# global lock. Measures the idle heap after GC and VmRSS, then, all at once:
#   (a) a container writes 1 GiB to stdout while one `crictl attach` has its stdout on a pipe
#       nobody reads: jcri must close that stream, and the CRI log file must hold every line;
#   (b) N TCP connections to the streaming server that send nothing: closed by
#       jcri.streaming.request-timeout (REQUEST_TIMEOUT, 5s here), or refused over
#       jcri.streaming.max-connections;
#   (c) N SSE subscriptions to /api/v1/events with the admin token: 200 streams up to
#       jcri.admin.events-max-subscribers (64), 503 problem+json over it;
# while crictl version/pods/inspect are timed in a loop (p99) and the heap after GC (jcmd
# GC.run + jstat) and VmRSS are sampled. Prints a summary; exits 1 when the heap after GC
# exceeds idle + 32 MiB, RSS exceeds 160 MiB, a crictl call's p99 is 1 s or more, the attach
# stream was not closed or the log is incomplete.
#   scripts/memory-test.sh          as root, containerd installed, the jar built
#                                   (mvn -B -q -DskipTests package), the cri-tools kit's images
# Environment: N (1000), REQUEST_TIMEOUT (5s), JAVA_OPTS, JCRI_JAR, KEEP=1 (keep the work dir),
#   NMT=1 (native memory tracking: the summary's growth from idle to after the load is printed)
set -euo pipefail
cd "$(dirname "$0")/.."

n="${N:-1000}"
req_timeout="${REQUEST_TIMEOUT:-5s}"
kit=/work/shared/cri-tools
crictl=$kit/bin/crictl
command -v crictl >/dev/null 2>&1 && crictl=$(command -v crictl)
[ -x "$crictl" ] || { echo "memory-test.sh: no crictl (PATH or $crictl)" >&2; exit 1; }
if [ -z "${JAVA_OPTS+x}" ]; then
  JAVA_OPTS=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' packaging/jcri.service)
fi
[ "${NMT:-0}" = 1 ] && JAVA_OPTS="$JAVA_OPTS -XX:NativeMemoryTracking=summary"
jar="${JCRI_JAR:-$(ls app/target/jcri-app-*-exec.jar 2>/dev/null | head -n 1 || true)}"
[ -f "$jar" ] || { echo "memory-test.sh: no jar: build it (mvn -B -q -DskipTests package)" >&2; exit 1; }
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
ulimit -n "$(ulimit -Hn)" # the sockets below: a few thousand descriptors each for jcri and python
registry="${LAB_REGISTRY:-127.0.0.1:5000}"
image=docker.io/library/busybox:1.35
bridge=jcri-mh0
bytes=1073741824
line=012345678901234567890123456789012345678901234567890123456789012 # 63 + newline = 64 bytes
lines=$((bytes / 64))

dir=$(mktemp -d /tmp/jcri-memtest.XXXXXX)
sock="$dir/state/jcri.sock"
read -r admin_port stream_port < <(python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
token=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
mkdir -p "$dir/net.d" "$dir/logs"
for h in docker.io registry.k8s.io; do
  mkdir -p "$dir/certs.d/$h"
  printf 'server = "http://%s"\n\n[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n' \
    "$registry" "$registry" >"$dir/certs.d/$h/hosts.toml"
done
cat > "$dir/net.d/10-memtest.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "memtest", "plugins": [{"type": "bridge", "bridge": "$bridge",
 "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.239.0/24"}]], "dataDir": "$dir/ipam"}}]}
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
  streaming:
    address: 127.0.0.1:$stream_port
    request-timeout: $req_timeout
  admin:
    token: $token
server:
  port: $admin_port
YAML

pid= bg_pids=() registry_started= pod=
# shellcheck source=scripts/private-node.sh
. scripts/private-node.sh
cleanup() {
  set +e
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${bg_pids[@]}"; do wait "$p" 2>/dev/null; done
  [ -z "$pod" ] || cri --timeout 30s rmp -f "$pod" >/dev/null 2>&1
  [ "${KEEP:-0}" = 1 ] && cp -r "$dir" "$dir.kept" 2>/dev/null
  private_node_cleanup
  ip link del "$bridge" 2>/dev/null
  [ -z "$registry_started" ] || "$kit/registry.sh" stop >/dev/null 2>&1
}
trap cleanup EXIT
: >"$dir/crictl.yaml"
cri() { "$crictl" --config "$dir/crictl.yaml" --runtime-endpoint "unix://$sock" "$@"; }

if ! curl -s -o /dev/null --noproxy '*' --max-time 5 "http://$registry/v2/"; then
  "$kit/registry.sh" start >/dev/null
  registry_started=1
fi

# heap used after a full GC (KiB: survivors + eden + old of jstat -gc) and VmRSS (KiB)
heap_after_gc() {
  jcmd "$pid" GC.run >/dev/null
  jstat -gc "$pid" | awk 'NR==1 {for (i = 1; i <= NF; i++) c[$i] = i}
    NR==2 {printf "%d\n", $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]}'
}
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
threads() { awk '/^Threads/ {print $2}' "/proc/$pid/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

echo "jar: $jar"
echo "JAVA_OPTS: $JAVA_OPTS"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$jar" --jcri.config="$dir/jcri.yaml" >"$dir/jcri.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
  [ -S "$sock" ] && cri --timeout 1s info 2>/dev/null \
    | jq -e '[.status.conditions[] | .status] | all' >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "jcri exited:" >&2; cat "$dir/jcri.log" >&2; exit 1; }
  sleep 0.2
done
cri pull "$image" >/dev/null
cat > "$dir/pod.json" <<JSON
{"metadata": {"name": "memtest", "namespace": "default", "uid": "memtest-$$", "attempt": 0},
 "log_directory": "$dir/logs", "linux": {}}
JSON
cat > "$dir/ctr.json" <<JSON
{"metadata": {"name": "writer"}, "image": {"image": "$image"}, "log_path": "writer.log",
 "command": ["sh", "-c", "sleep 3; yes $line | head -c $bytes; sleep 3600"], "linux": {}}
JSON
pod=$(cri runp "$dir/pod.json")
ctr=$(cri create "$pod" "$dir/ctr.json" "$dir/pod.json")
sleep 10
idle_heap=$(heap_after_gc) idle_rss=$(rss) idle_threads=$(threads)
[ "${NMT:-0}" = 1 ] && jcmd "$pid" VM.native_memory baseline >/dev/null
jcmd "$pid" Thread.print >"$dir/idle.threads" 2>/dev/null || true
echo "idle (pod running, image pulled): heap after GC $(mib "$idle_heap") MiB, RSS $(mib "$idle_rss") MiB"

# CRI latencies, each crictl call's wall time (ms), until killed
( while :; do
    for op in version pods inspect; do
      t0=$(date +%s%N)
      case $op in
        version) cri --timeout 10s version >/dev/null 2>&1 ;;
        pods) cri --timeout 10s pods >/dev/null 2>&1 ;;
        inspect) cri --timeout 10s inspect "$ctr" >/dev/null 2>&1 ;;
      esac
      echo "$op $(( ($(date +%s%N) - t0) / 1000000 ))"
    done
    sleep 0.2
  done ) >"$dir/latency.txt" &
bg_pids+=($!)
# heap after GC and RSS every 3 s, until killed
( while :; do
    echo "$(heap_after_gc) $(rss) $(threads)"
    t=$(threads)
    # the thread dump at the most threads seen
    if [ "$t" -gt "$(cat "$dir/peak.count" 2>/dev/null || echo 0)" ]; then
      jcmd "$pid" Thread.print >"$dir/peak.threads" 2>/dev/null && echo "$t" >"$dir/peak.count"
    fi
    sleep 3
  done ) >"$dir/memory.txt" 2>/dev/null &
bg_pids+=($!)

cri start "$ctr" >/dev/null
mkfifo "$dir/attach.fifo"
sleep 100000 <"$dir/attach.fifo" &
bg_pids+=($!)
# crictl itself in the background, not through cri(): $! of a backgrounded function is the
# subshell's pid, and ss names crictl's
"$crictl" --config "$dir/crictl.yaml" --runtime-endpoint "unix://$sock" attach "$ctr" \
  >"$dir/attach.fifo" 2>"$dir/attach.err" &
attach_pid=$!
bg_pids+=("$attach_pid")
# its connection to the streaming server (CRI Attach, then the SPDY upgrade): polled for up to
# 30 s, as crictl on a busy machine takes a while; before the idle connections below start, so
# a connection to the streaming port from a crictl process is this one
cport=
for _ in $(seq 150); do
  cport=$(ss -Htnp state established "( dport = :$stream_port )" \
    | grep -E "pid=$attach_pid,|\"crictl\"" \
    | awk '{split($3, a, ":"); print a[length(a)]}' | head -n 1 || true)
  [ -n "$cport" ] && break
  kill -0 "$attach_pid" 2>/dev/null || break
  sleep 0.2
done
echo "attach: crictl pid $attach_pid, its port ${cport:-none} to the streaming port $stream_port"
python3 scripts/memory-load.py idle "$stream_port" "$n" "${req_timeout%s}" >"$dir/idle.json" &
bg_pids+=($!)
python3 scripts/memory-load.py sse "$admin_port" "$n" "$token" 40 >"$dir/sse.json" &
bg_pids+=($!)

# (a) until jcri has closed the attach stream and the log stops growing
t0=$(date +%s) attach_closed=no attach_closed_s= crictl_exited=no last=-1 still=0
while [ $(( $(date +%s) - t0 )) -lt 900 ]; do
  if [ "$attach_closed" = no ] && [ -n "$cport" ] && ! ss -Htn state established \
      "( sport = :$stream_port and dport = :$cport )" | grep -q .; then
    attach_closed=yes attach_closed_s=$(( $(date +%s) - t0 ))
  fi
  kill -0 "$attach_pid" 2>/dev/null || crictl_exited=yes
  size=$(stat -c %s "$dir/logs/writer.log" 2>/dev/null || echo 0)
  if [ "$size" = "$last" ] && [ "$size" -gt 0 ]; then still=$((still + 2)); else still=0; fi
  last=$size
  [ "$still" -ge 10 ] && { [ "$attach_closed" = yes ] || [ -z "$cport" ] || [ "$still" -ge 60 ]; } && break
  sleep 2
done
log_s=$(( $(date +%s) - t0 ))
wait "${bg_pids[-1]}" "${bg_pids[-2]}" 2>/dev/null || true
sleep 6
kill "${bg_pids[0]}" "${bg_pids[1]}" 2>/dev/null || true
after_heap=$(heap_after_gc) after_rss=$(rss) hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
[ "${NMT:-0}" = 1 ] && jcmd "$pid" VM.native_memory summary.diff >"$dir/nmt.diff" 2>&1
read -r log_lines log_full log_ok < <(nice awk -v want="$line" '
  {n++; if ($3 == "F") f++; if ($3 == "F" && $2 == "stdout" && $4 == want && NF == 4) ok++}
  END {printf "%d %d %d\n", n, f, ok}' "$dir/logs/writer.log")
log_bytes=$(stat -c %s "$dir/logs/writer.log")

p99() { awk -v op="$1" '$1 == op {print $2}' "$dir/latency.txt" | sort -n \
  | awk '{v[NR] = $1} END {i = int(NR * 0.99 + 0.999); if (i < 1) i = 1; printf "%d ms p99, %d ms max, %d calls", v[i], v[NR], NR}'; }
worst_p99=$(for op in version pods inspect; do awk -v op="$op" '$1 == op {print $2}' "$dir/latency.txt" \
  | sort -n | awk '{v[NR] = $1} END {i = int(NR * 0.99 + 0.999); if (i < 1) i = 1; print v[i] + 0}'; done | sort -n | tail -n 1)
peak_heap=$(awk '{print $1}' "$dir/memory.txt" | sort -n | tail -n 1)
peak_rss=$(awk '{print $2}' "$dir/memory.txt" | sort -n | tail -n 1)
peak_threads=$(awk '{print $3}' "$dir/memory.txt" | sort -n | tail -n 1)
[ "${after_heap}" -gt "${peak_heap:-0}" ] && peak_heap=$after_heap
[ "${after_rss}" -gt "${peak_rss:-0}" ] && peak_rss=$after_rss
idle_j=$(cat "$dir/idle.json") sse_j=$(cat "$dir/sse.json")

fail=()
[ "$peak_heap" -le $((idle_heap + 32 * 1024)) ] || fail+=("heap after GC over idle + 32 MiB")
[ "$peak_rss" -le $((160 * 1024)) ] || fail+=("RSS over 160 MiB")
[ "$worst_p99" -lt 1000 ] || fail+=("crictl p99 >= 1 s")
[ "$attach_closed" = yes ] || fail+=("attach stream not closed")
[ "$log_lines" = "$lines" ] && [ "$log_ok" = "$lines" ] || fail+=("log incomplete")

echo "== memory test summary =="
echo "heap after GC: idle $(mib "$idle_heap") MiB, peak $(mib "$peak_heap") MiB (+$(mib $((peak_heap - idle_heap))) MiB), after $(mib "$after_heap") MiB ($(wc -l <"$dir/memory.txt") samples)"
echo "RSS: idle $(mib "$idle_rss") MiB, peak sampled $(mib "$peak_rss") MiB (+$(mib $((peak_rss - idle_rss))) MiB), VmHWM $(mib "$hwm") MiB, after $(mib "$after_rss") MiB"
echo "threads: idle $idle_threads, peak sampled ${peak_threads:-?}, after $(threads)"
if [ "${NMT:-0}" = 1 ]; then
  echo "NMT, after the load against idle (committed KB):"
  grep -E '^Total|^-' "$dir/nmt.diff" | grep -E 'committed=[0-9]+KB [+-]' | sed 's/^/  /'
fi
names() { grep -oE '^"[^"]+"' "$1" | tr -d '"' | sed -E 's/[0-9a-f]{12,}/ID/g; s/[-#][0-9]+$/-N/' | sort | uniq -c | sort -rn; }
if [ -s "$dir/peak.threads" ]; then
  echo "threads by name, idle -> at the peak:"
  diff <(names "$dir/idle.threads") <(names "$dir/peak.threads") | grep '^[<>]' | sed 's/^/  /' || true
fi
echo "attach (stdout unread): closed by jcri: $attach_closed${attach_closed_s:+ (${attach_closed_s} s after start)}, crictl exited: $crictl_exited"
echo "log: $log_lines lines ($log_full F, $log_ok exact) of $lines, $log_bytes bytes, done in ${log_s} s"
echo "idle TCP to streaming ($n, request-timeout $req_timeout): $idle_j"
echo "SSE /api/v1/events ($n): $sse_j"
for op in version pods inspect; do echo "crictl $op: $(p99 "$op")"; done
if [ ${#fail[@]} -gt 0 ]; then
  echo "FAIL: $(IFS=';'; echo "${fail[*]}")"
  exit 1
fi
echo "PASS"
