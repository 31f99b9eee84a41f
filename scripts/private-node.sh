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
