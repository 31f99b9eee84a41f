# Sourced by the scripts that time a CRI runtime's start (measure-startup.sh, bench.sh): waiting
# for RuntimeReady without the wait adding to the figure.
#
# crictl dials with grpc-go, which, when its first connect fails (no socket yet, or the stale
# socket file a killed runtime left, which refuses connections), retries on its reconnect backoff
# (1 s, then 1.6 s, ...) whatever --timeout says: a crictl started too early answers up to
# seconds after the runtime is ready. So first wait until the socket accepts a connection (a
# plain connect every 5 ms, no crictl), then ask a fresh crictl per attempt, each of which
# connects at once.

# cri_socket_accepts SOCKET PID SECONDS: returns 0 once SOCKET accepts a connection, 1 when
# process PID (when not empty) has exited or SECONDS have passed.
cri_socket_accepts() {
  python3 - "$1" "${2:-}" "${3:-120}" <<'PY'
import os, socket, sys, time
path, pid, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
end = time.monotonic() + limit
while time.monotonic() < end:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        sys.exit(0)
    except OSError:
        pass
    finally:
        s.close()
    if pid:
        try:
            os.kill(int(pid), 0)
        except OSError:
            sys.exit(1)
    time.sleep(0.005)
sys.exit(1)
PY
}

# cri_runtime_ready CRICTL ENDPOINT [CONDITION]: returns 0 when the runtime's Status says
# CONDITION (e.g. RuntimeReady) is true, or without CONDITION every condition (RuntimeReady,
# NetworkReady). Call it once the socket accepts connections. Status without verbose info (the
# kubelet's call), read with crictl's own template (no jq process per attempt).
cri_runtime_ready() {
  local out
  out=$("$1" --runtime-endpoint "$2" --timeout 2s info -q -o go-template \
    --template '{{range .status.conditions}}{{.type}}={{.status}} {{end}}' 2>/dev/null) || return 1
  if [ -n "${3:-}" ]; then
    [[ " $out" == *" $3=true "* ]]
  else
    [ -n "$out" ] && [[ "$out" != *"=false"* ]]
  fi
}

# cri_log_ms LOG PATTERN T0_NS [SECONDS]: milliseconds from T0_NS (date +%s%N) to the timestamp of
# the first line of a Spring Boot log matching PATTERN (grep -E), waiting up to SECONDS (default
# 10) for that line; "?" when there is none.
cri_log_ms() {
  local stamp line i
  for i in $(seq $(( ${4:-10} * 20 ))); do
    line=$(grep -E -m 1 "$2" "$1" || true)
    [ -z "$line" ] || break
    sleep 0.05
  done
  stamp=$(printf '%s\n' "$line" | grep -oE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)' || true)
  if [ -z "$stamp" ]; then
    echo "?"
    return
  fi
  echo $(( ($(date -d "$stamp" +%s%N) - $3) / 1000000 ))
}
