#!/usr/bin/env bash
# Installs, with apt-get, what jcri and its tests need on Debian 12 (run as root). Idempotent:
# packages already present are not fetched again.
#
#   install-deps.sh              everything: build, run and test (what run.sh and test.sh need)
#   install-deps.sh run [build]  only what jcri needs to run on a node [and to be built]
set -euo pipefail

build=(
  openjdk-17-jdk-headless maven          # build
  gcc libc6-dev                          # builds jcri's static pause program
)
run=(
  openjdk-17-jre-headless                # runs jcri
  containerd runc                        # the container engine jcri drives
  containernetworking-plugins            # CNI plugins, in /usr/lib/cni
  iproute2 iptables util-linux           # netns, bridges, nsenter/unshare
  criu tar                               # CheckpointContainer (runc dumps through CRIU; archives by tar)
)
test=(
  docker-registry                        # the OCI registry the tests pull from
  busybox-static                         # test images are built from Debian's busybox
  openssl                                # the streaming TLS test makes its own certificate
  chromium                               # the dashboard test drives it headless
)

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(build run test)
packages=()
for g in "${groups[@]}"; do
  case "$g" in
    build) packages+=("${build[@]}") ;;
    run) packages+=("${run[@]}") ;;
    test) packages+=("${test[@]}") ;;
    *) echo "install-deps.sh: unknown group '$g' (build, run, test)" >&2; exit 2 ;;
  esac
done

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
