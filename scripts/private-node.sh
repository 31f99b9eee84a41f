# Sourced by the scripts that start a private jcri with its own managed containerd under $dir
# (cds-archive.sh, measure-startup.sh). private_node_cleanup ends that jcri ($pid, when set) and
# its containerd, unmounts what the snapshotter left under $dir, and removes $dir.
private_node_cleanup() {
  set +e
  if [ -n "${pid:-}" ]; then kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  if [ -f "$dir/state/containerd/containerd.pid" ]; then
    local cpid
    cpid=$(cat "$dir/state/containerd/containerd.pid")
    kill -TERM "$cpid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$cpid" 2>/dev/null
  fi
  grep -o " $dir/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf "$dir"
}

# Ends a private jcri started by bench.sh or pod-footprint.sh: jcri (pid $1, SIGTERM then SIGKILL)
# and the managed containerd it started (pid $2, may be empty), then whatever else still runs from
# under $3 (its shims name it in their command line), the mounts under $3, bridge $4, and $3/root
# and $3/state. Remove the pods through CRI first, while jcri still answers.
private_jcri_stop() {
  local jpid="$1" cpid="$2" work="$3" bridge="$4" p
  if [ -n "$jpid" ] && kill -0 "$jpid" 2>/dev/null; then
    kill -TERM "$jpid"
    for _ in $(seq 60); do kill -0 "$jpid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$jpid" 2>/dev/null
  fi
  if [ -n "$cpid" ] && kill -0 "$cpid" 2>/dev/null; then
    kill -TERM "$cpid"
    for _ in $(seq 50); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$cpid" 2>/dev/null
  fi
  for p in $(grep -l -a -F "$work/" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
    [ "$p" != $$ ] || continue
    kill -KILL "$p" 2>/dev/null
  done
  grep -o " $work/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  ip link del "$bridge" 2>/dev/null
  rm -rf "$work/root" "$work/state"
}
