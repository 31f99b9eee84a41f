#!/usr/bin/env bash
# Installs, with apt-get, what jcri and its tests need on Debian 12 (run as root). Idempotent:
# packages already present are not fetched again.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven          # build
  containerd runc                        # the container engine jcri drives
  containernetworking-plugins            # CNI plugins, in /usr/lib/cni
  iproute2 iptables util-linux           # netns, bridges, nsenter/unshare
  docker-registry                        # the OCI registry the tests pull from
  busybox-static                         # test images are built from Debian's busybox
  openssl                                # the streaming TLS test makes its own certificate
  gcc libc6-dev                          # builds jcri's static pause program
  chromium                               # the dashboard test drives it headless
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "jcri: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# A containerd installed from Debian may start itself as a service where systemd runs; jcri's
# managed mode and the tests start their own, on private sockets, so that one is left alone.
modprobe br_netfilter 2>/dev/null || true
modprobe overlay 2>/dev/null || true
