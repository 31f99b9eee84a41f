#!/usr/bin/env bash
# Installs jcri on this node, to be run by systemd (as root on Debian 12):
#   /usr/local/lib/jcri/jcri.jar     the jar (built first if app/target has none)
#   /etc/systemd/system/jcri.service the unit (replaced: local changes go in a drop-in)
#   /etc/default/jcri                JAVA_OPTS, JCRI_OPTS    } only where absent: an admin's
#   /etc/jcri/jcri.yaml              jcri's configuration    } files are never overwritten
#   /etc/crictl.yaml                 crictl's defaults: jcri }
# and the packages jcri runs on (scripts/install-deps.sh run). Where systemd runs as PID 1 the
# unit is enabled (not started). Environment:
#   JCRI_JAR=PATH    install this jar instead of app/target/jcri-app-*-exec.jar
#   DESTDIR=DIR      put the files under DIR only: no packages, no systemctl (packaging, tests)
set -euo pipefail
cd "$(dirname "$0")/.."

dest="${DESTDIR:-}"
say() { echo "jcri install: $*"; }

jar="${JCRI_JAR:-}"
[ -n "$jar" ] || jar=$(ls app/target/jcri-app-*-exec.jar 2>/dev/null | head -n 1 || true)

if [ -z "$dest" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install.sh: run as root (or set DESTDIR to install into a directory)" >&2
    exit 1
  fi
  if [ -n "$jar" ]; then ./scripts/install-deps.sh run; else ./scripts/install-deps.sh run build; fi
fi
if [ -z "$jar" ]; then
  say "no jar in app/target: building it"
  mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl app -am
  jar=$(ls app/target/jcri-app-*-exec.jar | head -n 1)
fi
[ -f "$jar" ] || { echo "install.sh: no jar at $jar" >&2; exit 1; }

# Replaces $2 with $1 through a rename, so a running jcri keeps reading the file it opened.
put() {
  local src="$1" dst="$2" mode="$3"
  mkdir -p "$(dirname "$dst")"
  install -m "$mode" "$src" "$dst.jcri-new"
  mv -f "$dst.jcri-new" "$dst"
}

# Installs $1 as $2 unless $2 exists (an admin's file is kept as it is).
put_if_absent() {
  local src="$1" dst="$2"
  if [ -e "$dst" ]; then
    say "kept $dst (exists; the default is $src)"
  else
    put "$src" "$dst" 0644
    say "wrote $dst"
  fi
}

put "$jar" "$dest/usr/local/lib/jcri/jcri.jar" 0644
say "installed $jar as $dest/usr/local/lib/jcri/jcri.jar"
put packaging/jcri.service "$dest/etc/systemd/system/jcri.service" 0644
say "installed $dest/etc/systemd/system/jcri.service"
put_if_absent packaging/jcri.default "$dest/etc/default/jcri"
put_if_absent packaging/jcri.yaml "$dest/etc/jcri/jcri.yaml"
mkdir -p "$dest/etc/jcri/certs.d"
put_if_absent packaging/crictl.yaml "$dest/etc/crictl.yaml"
if [ -e "$dest/etc/crictl.yaml" ] && ! grep -q 'unix:///run/jcri/jcri.sock' "$dest/etc/crictl.yaml"; then
  say "note: $dest/etc/crictl.yaml points crictl elsewhere; for jcri: crictl --runtime-endpoint unix:///run/jcri/jcri.sock"
fi
if ! ls "$dest/etc/cni/net.d"/*.conflist "$dest/etc/cni/net.d"/*.conf "$dest/etc/cni/net.d"/*.json >/dev/null 2>&1; then
  say "note: no CNI network config in $dest/etc/cni/net.d: pods wait for one (Status NetworkReady=false) until your network add-on writes it"
fi

java_opts=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' packaging/jcri.service)
if [ -n "$dest" ]; then
  say "installed under $dest: systemctl left alone"
elif [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable jcri.service
  if systemctl is-active --quiet jcri.service; then
    say "jcri is running the previous jar: systemctl restart jcri (pods and containers keep running)"
  else
    say "enabled jcri.service; start it with: systemctl start jcri (logs: journalctl -u jcri)"
  fi
else
  say "systemd is not PID 1 here (PID 1 is $(cat /proc/1/comm 2>/dev/null || echo unknown)): the unit is installed but not enabled."
  say "run jcri by hand: /usr/bin/java $java_opts -jar /usr/local/lib/jcri/jcri.jar"
fi
