#!/usr/bin/env bash
# Installs what is missing, builds jcri and runs it in the foreground with a containerd of its
# own (managed mode). Extra arguments are passed to jcri (e.g. --jcri.cri.socket=/run/x.sock).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh

conf_dir=/etc/cni/net.d
if ! ls "$conf_dir"/*.conflist "$conf_dir"/*.conf "$conf_dir"/*.json >/dev/null 2>&1; then
  mkdir -p "$conf_dir"
  cat > "$conf_dir/10-jcri-bridge.conflist" <<'JSON'
{
  "cniVersion": "1.0.0",
  "name": "jcri-bridge",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "jcri0",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "10.88.0.0/16"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}},
    {"type": "firewall"}
  ]
}
JSON
  echo "jcri: $conf_dir had no network config; wrote $conf_dir/10-jcri-bridge.conflist (bridge jcri0, 10.88.0.0/16)"
fi

mvn -B -q -DskipTests -Dspotless.check.skip=true package
jar=$(ls app/target/jcri-app-*-exec.jar | head -n 1)
socket=/run/jcri/jcri.sock
for a in "$@"; do
  case "$a" in --jcri.cri.socket=*) socket="${a#--jcri.cri.socket=}" ;; esac
done
echo "jcri: starting; CRI socket unix://$socket (crictl --runtime-endpoint unix://$socket version)"
# the JVM options of the systemd unit (README, "Footprint")
java_opts=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' packaging/jcri.service)
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# Class-data sharing: the jar extracted and a CDS archive of the classes a start loads, made once
# per build (a training start of about as long as a start; JCRI_CDS=0 skips it). Without it
# jcri starts as well, only slower.
cds=app/target/cds
if [ "${JCRI_CDS:-1}" = 1 ] && { [ ! -s "$cds/jcri.jsa" ] || [ "$jar" -nt "$cds/jcri.jsa" ]; }; then
  echo "jcri: building the class-data sharing archive ($cds/jcri.jsa) for faster starts"
  JAVA_OPTS="$java_opts" ./scripts/cds-archive.sh "$jar" "$cds" \
    || { echo "jcri: no CDS archive (see above); starting without it"; rm -f "$cds/jcri.jsa"; }
fi
if [ "${JCRI_CDS:-1}" = 1 ] && [ -s "$cds/jcri.jsa" ]; then
  java_opts="$java_opts -XX:SharedArchiveFile=$cds/jcri.jsa"
  jar="$cds/jcri/jcri.jar"
fi
# shellcheck disable=SC2086
exec java $java_opts -jar "$jar" --jcri.containerd.managed=true "$@"
