#!/usr/bin/env bash
# CRI call latencies, jcri against containerd's own CRI plugin (2.1.9 and 1.6.20), side by side:
# critest -benchmark with one committed params file (scripts/bench-params.yaml), in alternating
# rounds (jcri, containerd 2.1.9, containerd 1.6.20, then again). Prints per operation the p50 of
# each runtime (the median over the rounds of each round's p50) and jcri / the faster containerd.
# Then the VmRSS of jcri (the java process, started as scripts/run.sh starts it: the unit's JVM
# options, managed containerd) idle and with BENCH_PODS running pods, its containerd apart, and
# the peers' containerd with as many pods.
#
#   scripts/bench.sh [rounds (3)]     as root; the cri-tools kit in ../shared/cri-tools
#
# Each runtime's run (start, critest, pods, stop, cleanup) holds /tmp/jcri-it.lock (flock -o), one
# run at a time, so other test runs can go in between. Environment:
#   BENCH_RUNTIMES  which to run, in round order (default "jcri c2 c16")
#   BENCH_SAMPLES   samples per lifecycle instead of the params file's 200 (quicker, noisier)
#   BENCH_PARAMS    the params file (default scripts/bench-params.yaml)
#   BENCH_PODS      pods for the RSS figure, 0 for none (default 100; last round only)
#   BENCH_DIR       where reports and logs go (default /tmp/jcri-bench/<UTC time>)
#   JCRI_JAR        the jar (default app/target/jcri-app-*-exec.jar, built if missing)
#   JAVA_OPTS       jcri's JVM options (default: the unit's, packaging/jcri.service, as run.sh)
#   BENCH_JCRI_ARGS more arguments to jcri (e.g. --logging.level.io.jcri.adapters.cri=DEBUG)
#   BENCH_SEED      ginkgo's seed (default 1): the benchmarks' order, the same for every runtime.
#                   It matters: an image benchmark run before the container ones finds no other
#                   image holding busybox's layer, so each RemoveImage collects it and each
#                   PullImage downloads and unpacks it again (~5x slower than after them)
#   JCRI_CRI_TOOLS  the kit (default ../shared/cri-tools)
set -euo pipefail
cd "$(dirname "$0")/.."
project=$(pwd)
# shellcheck source=scripts/private-node.sh
. "$project/scripts/private-node.sh"
kit=$(cd "${JCRI_CRI_TOOLS:-$project/../shared/cri-tools}" && pwd)
crictl=$kit/bin/crictl
export LAB_DIR=${LAB_DIR:-/tmp/lab}
lock=/tmp/jcri-it.lock

# ---- one runtime's run: bench.sh --one RUNTIME OUTDIR PARAMS PODS (under the lock) ----
if [ "${1:-}" = --one ]; then
  rt=$2 out=$3 params=$4 pods=$5
  mkdir -p "$out"
  work=$out/jcri-work
  bridge=jcri-bn0
  subnet=10.92.0.0/16
  jcri_pid=
  endpoint=
  ctd_pid_of() { # the containerd serving the runtime under test
    case $rt in
      jcri) cat "$work/state/containerd/containerd.pid" 2>/dev/null || true ;;
      c2) cat /tmp/lab2/containerd/containerd.pid 2>/dev/null || true ;;
      c16) cat "$LAB_DIR/containerd/containerd.pid" 2>/dev/null || true ;;
    esac
  }
  rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
  cleanup() {
    set +e
    case $rt in
      jcri)
        cpid=
        if [ -n "$jcri_pid" ] && kill -0 "$jcri_pid" 2>/dev/null; then
          "$crictl" --runtime-endpoint "$endpoint" --timeout 60s rmp -fa >/dev/null 2>&1
          cpid=$(ctd_pid_of)
        fi
        private_jcri_stop "$jcri_pid" "$cpid" "$work" "$bridge"
        ;;
      c2) "$kit/containerd2.sh" stop --remove-pods >>"$out/runtime.log" 2>&1; ip link del lab1 2>/dev/null ;;
      c16) "$kit/containerd-cri.sh" stop --remove-pods >>"$out/runtime.log" 2>&1; ip link del lab0 2>/dev/null ;;
    esac
  }
  trap cleanup EXIT
  # shellcheck source=scripts/cri-ready.sh
  . "$project/scripts/cri-ready.sh"
  # every condition true; crictl only once the socket accepts (an earlier one sits in grpc-go's
  # reconnect backoff, scripts/cri-ready.sh)
  ready() {
    cri_socket_accepts "${endpoint#unix://}" "" 0.25 && cri_runtime_ready "$crictl" "$endpoint"
  }
  case $rt in
    jcri)
      rm -rf "$work"
      mkdir -p "$work"/{root,state,cni,certs.d,ipam}
      for h in registry.k8s.io k8s.gcr.io gcr.io docker.io public.ecr.aws; do
        mkdir -p "$work/certs.d/$h"
        printf 'server = "http://%s"\n\n[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n' \
          "${LAB_REGISTRY:-127.0.0.1:5000}" "${LAB_REGISTRY:-127.0.0.1:5000}" >"$work/certs.d/$h/hosts.toml"
      done
      # the chain the kit gives containerd's plugins (containerd-cri.sh): bridge and portmap, lo
      # brought up by the runtime itself (jcri's loopback run, go-cni's lo network); no firewall
      # plugin, whose iptables runs cost ~45 ms per ADD and per DEL that the peers never pay
      cat >"$work/cni/10-jcri-bench.conflist" <<EOF
{"cniVersion": "1.0.0", "name": "jcri-bench", "plugins": [
  {"type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "dataDir": "$work/ipam", "ranges": [[{"subnet": "$subnet"}]]}},
  {"type": "portmap", "capabilities": {"portMappings": true}, "snat": true}]}
EOF
      endpoint=unix://$work/jcri.sock
      if [ -z "${JAVA_OPTS+x}" ]; then
        JAVA_OPTS=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' packaging/jcri.service)
      fi
      # shellcheck disable=SC2086
      MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} java $JAVA_OPTS -jar "$JCRI_JAR" \
        --jcri.containerd.managed=true --jcri.cri.socket="$work/jcri.sock" \
        --jcri.root-dir="$work/root" --jcri.state-dir="$work/state" --jcri.cni.conf-dir="$work/cni" \
        --jcri.registry.config-path="$work/certs.d" --jcri.sandbox-image=registry.k8s.io/pause:3.9 \
        --server.port=0 ${BENCH_JCRI_ARGS:-} >"$out/runtime.log" 2>&1 &
      jcri_pid=$!
      ;;
    c2) "$kit/containerd2.sh" start >"$out/runtime.log" 2>&1; endpoint=$("$kit/containerd2.sh" endpoint) ;;
    c16) "$kit/containerd-cri.sh" start >"$out/runtime.log" 2>&1; endpoint=$("$kit/containerd-cri.sh" endpoint) ;;
    *) echo "bench.sh: unknown runtime $rt (jcri, c2, c16)" >&2; exit 2 ;;
  esac
  for _ in $(seq 240); do
    ready && break
    [ -z "$jcri_pid" ] || kill -0 "$jcri_pid" 2>/dev/null || break
    sleep 0.25
  done
  ready || { echo "bench.sh: $rt did not become ready; see $out/runtime.log" >&2; tail -n 20 "$out/runtime.log" >&2; exit 1; }
  if [ "$rt" = jcri ]; then
    sleep 10
    echo "rss_idle_kb $(rss_kb "$jcri_pid")" >>"$out/figures"
  fi
  echo "ctd_idle_kb $(rss_kb "$(ctd_pid_of)")" >>"$out/figures"
  LAB_REPORT_NAME=bench-$(basename "$(dirname "$(dirname "$out")")")-$(basename "$(dirname "$out")")-$rt \
    "$kit/critest.sh" "$endpoint" -benchmark -ginkgo.seed="${BENCH_SEED:-1}" -benchmarking-params-file "$params" \
    -benchmarking-output-dir "$out" >"$out/critest.out" 2>&1 || true
  tail -n 3 "$out/critest.out" | sed "s/^/  $rt: /"
  if [ "$pods" -gt 0 ]; then
    # pause-only pods, one after another, then the runtime's RSS and a relist
    for i in $(seq "$pods"); do
      printf '{"metadata":{"name":"bench-%s","namespace":"bench","uid":"bench-uid-%s","attempt":0},"log_directory":"%s/logs/%s","linux":{}}' \
        "$i" "$i" "$out" "$i" >"$out/pod.json"
      "$crictl" --runtime-endpoint "$endpoint" --timeout 60s runp "$out/pod.json" >/dev/null 2>>"$out/pods.log"
    done
    sleep 5
    t0=$(date +%s%N)
    "$crictl" --runtime-endpoint "$endpoint" --timeout 60s pods -q >/dev/null 2>&1
    "$crictl" --runtime-endpoint "$endpoint" --timeout 60s ps -a -q >/dev/null 2>&1
    "$crictl" --runtime-endpoint "$endpoint" --timeout 60s stats -a >/dev/null 2>&1
    echo "relist_ms $(( ($(date +%s%N) - t0) / 1000000 ))" >>"$out/figures"
    [ -z "$jcri_pid" ] || echo "rss_pods_kb $(rss_kb "$jcri_pid")" >>"$out/figures"
    echo "ctd_pods_kb $(rss_kb "$(ctd_pid_of)")" >>"$out/figures"
  fi
  exit 0
fi

# ---- the rounds ----
rounds=${1:-3}
runtimes=${BENCH_RUNTIMES:-jcri c2 c16}
params=${BENCH_PARAMS:-$project/scripts/bench-params.yaml}
pods=${BENCH_PODS:-100}
dir=${BENCH_DIR:-/tmp/jcri-bench/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$dir"
if [ -n "${BENCH_SAMPLES:-}" ]; then
  sed -E "s/^(containers|pods|images)Number: .*/\1Number: $BENCH_SAMPLES/" "$params" >"$dir/params.yaml"
else
  cp "$params" "$dir/params.yaml"
fi
export JCRI_JAR=${JCRI_JAR:-$(ls "$project"/app/target/jcri-app-*-exec.jar 2>/dev/null | head -n 1 || true)}
if [ -z "$JCRI_JAR" ] || [ ! -f "$JCRI_JAR" ]; then
  case " $runtimes " in *" jcri "*)
    echo "bench.sh: building jcri (mvn package)"
    mvn -B -q -o -DskipTests -Dspotless.check.skip=true package
    JCRI_JAR=$(ls "$project"/app/target/jcri-app-*-exec.jar | head -n 1) ;;
  esac
fi
echo "bench.sh: $rounds rounds of [$runtimes], params $params${BENCH_SAMPLES:+ with $BENCH_SAMPLES samples}; reports in $dir"
"$kit/setup.sh" >"$dir/setup.log" 2>&1 || { tail -n 20 "$dir/setup.log" >&2; exit 1; }
registry_started=
if ! curl -s -o /dev/null --noproxy '*' --max-time 5 "http://${LAB_REGISTRY:-127.0.0.1:5000}/v2/"; then
  registry_started=1
fi
"$kit/images.sh" >>"$dir/setup.log" 2>&1 || { tail -n 20 "$dir/setup.log" >&2; exit 1; }
# a registry this script started is stopped at the end (one that was running stays)
trap '[ -z "$registry_started" ] || "$kit/registry.sh" stop >/dev/null 2>&1 || true' EXIT
for r in $(seq "$rounds"); do
  for rt in $runtimes; do
    n=0
    [ "$r" != "$rounds" ] || n=$pods
    echo "bench.sh: round $r/$rounds: $rt ($(date -u +%H:%M:%S))"
    flock -o "$lock" "$0" --one "$rt" "$dir/r$r/$rt" "$dir/params.yaml" "$n" ||
      echo "bench.sh: round $r: $rt failed (see $dir/r$r/$rt)" >&2
  done
done
python3 "$project/scripts/bench-summary.py" "$dir" $runtimes | tee "$dir/summary.txt"
