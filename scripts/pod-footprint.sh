#!/usr/bin/env bash
# What each running pod and container costs jcri's java process: a private jcri started as
# bench.sh starts it (the unit's JAVA_OPTS plus -XX:NativeMemoryTracking=summary, managed
# containerd, its own socket/root/state and CNI bridge jcri-pf0 on 10.93.0.0/16), then
#   idle (10 s after ready): VmRSS, threads, NMT baseline, heap;
#   after PODS pause-only pods (as bench.sh makes them) and, with CONTAINERS=1, one busybox
#   container per pod (`sleep 3600`, a CRI log file), 5 s later: VmRSS, threads by name, NMT
#   summary.diff against idle, heap, the class histogram's top;
#   after `jcmd GC.run`: VmRSS and heap again (what is live, not garbage).
# Prints the figures and leaves the dumps in OUT (default /tmp/jcri-pod-footprint).
#   flock -o /tmp/jcri-it.lock scripts/pod-footprint.sh     as root, the jar built, the kit's images
# Environment: PODS (100), CONTAINERS (0), JAVA_OPTS, JCRI_JAR, JCRI_ARGS (more jcri arguments), OUT
set -euo pipefail
cd "$(dirname "$0")/.."
project=$PWD
# shellcheck source=scripts/private-node.sh
. "$project/scripts/private-node.sh"
kit=/work/shared/cri-tools
crictl=$kit/bin/crictl
pods=${PODS:-100}
containers=${CONTAINERS:-0}
out=${OUT:-/tmp/jcri-pod-footprint}
jar=${JCRI_JAR:-$(ls "$project"/app/target/jcri-app-*-exec.jar 2>/dev/null | head -n 1 || true)}
[ -f "$jar" ] || { echo "pod-footprint.sh: no jar: build it" >&2; exit 1; }
if [ -z "${JAVA_OPTS+x}" ]; then
  JAVA_OPTS=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' packaging/jcri.service)
fi
JAVA_OPTS="$JAVA_OPTS -XX:NativeMemoryTracking=summary"
image=docker.io/library/busybox:1.35
registry=${LAB_REGISTRY:-127.0.0.1:5000}
bridge=jcri-pf0
registry_started=
if ! curl -s -o /dev/null --noproxy '*' --max-time 5 "http://$registry/v2/"; then
  registry_started=1
  "$kit/registry.sh" start >/dev/null
fi
rm -rf "$out"
work=$out/work
mkdir -p "$work"/{root,state,cni,certs.d,ipam,logs}
for h in registry.k8s.io docker.io; do
  mkdir -p "$work/certs.d/$h"
  printf 'server = "http://%s"\n\n[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n' \
    "$registry" "$registry" >"$work/certs.d/$h/hosts.toml"
done
cat >"$work/cni/10-jcri-pf.conflist" <<EOF
{"cniVersion": "1.0.0", "name": "jcri-pf", "plugins": [
  {"type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": false,
   "ipam": {"type": "host-local", "dataDir": "$work/ipam", "ranges": [[{"subnet": "10.93.0.0/16"}]]}}]}
EOF
endpoint=unix://$work/jcri.sock
cri() { "$crictl" --runtime-endpoint "$endpoint" --timeout 60s "$@"; }
jcri_pid=
cleanup() {
  set +e
  local cpid=
  if [ -n "$jcri_pid" ] && kill -0 "$jcri_pid" 2>/dev/null; then
    cri rmp -fa >/dev/null 2>&1
    cpid=$(cat "$work/state/containerd/containerd.pid" 2>/dev/null)
  fi
  private_jcri_stop "$jcri_pid" "$cpid" "$work" "$bridge"
  [ -z "$registry_started" ] || "$kit/registry.sh" stop >/dev/null 2>&1
}
trap cleanup EXIT
# shellcheck disable=SC2086
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} java $JAVA_OPTS -jar "$jar" \
  --jcri.containerd.managed=true --jcri.cri.socket="$work/jcri.sock" \
  --jcri.root-dir="$work/root" --jcri.state-dir="$work/state" --jcri.cni.conf-dir="$work/cni" \
  --jcri.registry.config-path="$work/certs.d" --jcri.sandbox-image=registry.k8s.io/pause:3.9 \
  --server.port=0 ${JCRI_ARGS:-} >"$out/runtime.log" 2>&1 &
jcri_pid=$!
ready() {
  cri info 2>/dev/null | python3 -c 'import json,sys; c=json.load(sys.stdin)["status"]["conditions"]; sys.exit(0 if c and all(x["status"] for x in c) else 1)' 2>/dev/null
}
for _ in $(seq 240); do
  ready && break
  kill -0 "$jcri_pid" 2>/dev/null || break
  sleep 0.25
done
ready || { echo "pod-footprint.sh: jcri did not become ready; see $out/runtime.log" >&2; exit 1; }
[ "$containers" = 0 ] || cri pull "$image" >/dev/null
cri pull registry.k8s.io/pause:3.9 >/dev/null
sleep 10
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$jcri_pid/status"; }
threads() { awk '/^Threads/ { print $2 }' "/proc/$jcri_pid/status"; }
heap() { jcmd "$jcri_pid" GC.heap_info | awk '/def new generation|tenured generation/ { printf "%s%s", sep, $0; sep=" |" } END { print "" }' | tr -s ' '; }
snap() { # name
  cat "/proc/$jcri_pid/smaps_rollup" >"$out/$1.smaps_rollup"
  jcmd "$jcri_pid" Thread.print >"$out/$1.threads"
  jcmd "$jcri_pid" GC.heap_info >"$out/$1.heap"
}
echo "idle: RSS $(( $(rss) / 1024 )) MiB, $(threads) threads; heap: $(heap)"
snap idle
jcmd "$jcri_pid" VM.native_memory baseline >/dev/null
t0=$(date +%s)
for i in $(seq "$pods"); do
  printf '{"metadata":{"name":"pf-%s","namespace":"pf","uid":"pf-uid-%s","attempt":0},"log_directory":"%s/logs/%s","linux":{}}' \
    "$i" "$i" "$work" "$i" >"$out/pod.json"
  pod=$(cri runp "$out/pod.json")
  if [ "$containers" != 0 ]; then
    printf '{"metadata":{"name":"c"},"image":{"image":"%s"},"command":["sleep","3600"],"log_path":"c.log","linux":{}}' \
      "$image" >"$out/ctr.json"
    ctr=$(cri create "$pod" "$out/ctr.json" "$out/pod.json")
    cri start "$ctr" >/dev/null
  fi
done
echo "started $pods pods$([ "$containers" = 0 ] || echo " with a container each") in $(( $(date +%s) - t0 )) s"
sleep 5
t1=$(date +%s%N)
cri pods -q >/dev/null; cri ps -a -q >/dev/null; cri stats -a >/dev/null
echo "relist (pods + ps -a + stats -a): $(( ($(date +%s%N) - t1) / 1000000 )) ms"
echo "with pods: RSS $(( $(rss) / 1024 )) MiB, $(threads) threads; heap: $(heap)"
snap pods
jcmd "$jcri_pid" VM.native_memory summary.diff >"$out/pods.nmt"
jcmd "$jcri_pid" GC.class_histogram >"$out/pods.histo"
grep -E '^Total|^-' "$out/pods.nmt" | sed 's/^/  /'
jcmd "$jcri_pid" GC.run >/dev/null
sleep 2
echo "after GC.run: RSS $(( $(rss) / 1024 )) MiB; heap: $(heap)"
jcmd "$jcri_pid" GC.class_histogram >"$out/pods-gc.histo"
echo "threads by name (idle -> with pods):"
names() { grep -oE '^"[^"]+"' "$1" | tr -d '"' | sed -E 's/[0-9a-f]{12,}/ID/g; s/[-#][0-9]+$/-N/; s/-[0-9]+$/-N/' | sort | uniq -c | sort -rn; }
diff <(names "$out/idle.threads") <(names "$out/pods.threads") | grep '^[<>]' | sed 's/^/  /' || true
echo "largest live classes after GC:"
sed -n 4,18p "$out/pods-gc.histo" | sed 's/^/  /'
