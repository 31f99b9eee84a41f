#!/usr/bin/env python3
"""Socket load for scripts/memory-test.sh; prints one JSON object with its counts.

  memory-load.py idle PORT N TIMEOUT_S
      N TCP connections to 127.0.0.1:PORT that send nothing; each is classed by when the server
      ended it: "refused" (closed within 1 s of connecting, or the connect failed), "closed"
      (closed later, by the pre-request timeout; the median seconds are given), "open" (still
      open 3 x TIMEOUT_S + 5 s after the last connect).
  memory-load.py sse PORT N TOKEN HOLD_S
      N GET /api/v1/events on 127.0.0.1:PORT with the bearer token, all open at once; counts the
      answers by status (200 streams, 503 problem+json), then holds the 200 streams HOLD_S
      seconds and counts those the server ended meanwhile.
"""
import json
import selectors
import socket
import sys
import time


def idle(port, n, timeout):
    sel = selectors.DefaultSelector()
    started = {}
    result = {"connections": n, "refused": 0, "closed": 0, "open": 0, "connect_failed": 0}
    closed_after = []
    for _ in range(n):
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", port))
        except OSError:
            result["connect_failed"] += 1
            result["refused"] += 1
            s.close()
            continue
        s.setblocking(False)
        started[s] = time.monotonic()
        sel.register(s, selectors.EVENT_READ)
    deadline = time.monotonic() + 3 * timeout + 5
    while started and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                continue
            after = time.monotonic() - started.pop(s)
            sel.unregister(s)
            s.close()
            if after < 1.0:
                result["refused"] += 1
            else:
                result["closed"] += 1
                closed_after.append(after)
    result["open"] = len(started)
    for s in started:
        s.close()
    closed_after.sort()
    result["closed_after_s_median"] = round(closed_after[len(closed_after) // 2], 2) if closed_after else None
    return result


def sse(port, n, token, hold):
    request = ("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
               f"Authorization: Bearer {token}\r\n\r\n").encode()
    sel = selectors.DefaultSelector()
    pending = {}
    result = {"attempts": n, "status": {}, "problem_json_503": 0, "connect_failed": 0,
              "no_answer": 0, "streams_ended_while_held": 0}
    for _ in range(n):
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(request)
        except OSError:
            result["connect_failed"] += 1
            s.close()
            continue
        s.setblocking(False)
        pending[s] = b""
        sel.register(s, selectors.EVENT_READ)
    streams = []
    deadline = time.monotonic() + 60
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if s not in pending:
                # a held 200 stream sending an event while others still wait for their answer
                if not data:
                    result["streams_ended_while_held"] += 1
                    streams.remove(s)
                    sel.unregister(s)
                    s.close()
                continue
            buf = pending[s] + data
            if b"\r\n\r\n" not in buf and data:
                pending[s] = buf
                continue
            del pending[s]
            head = buf.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
            parts = head.split(" ", 2)
            status = parts[1] if len(parts) > 1 else "none"
            result["status"][status] = result["status"].get(status, 0) + 1
            if status == "503" and "application/problem+json" in head:
                result["problem_json_503"] += 1
            if status == "200" and data:
                streams.append(s)
            else:
                sel.unregister(s)
                s.close()
    result["no_answer"] = len(pending)
    for s in pending:
        sel.unregister(s)
        s.close()
    end = time.monotonic() + hold
    live = set(streams)
    while live and time.monotonic() < end:
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                live.discard(s)
                sel.unregister(s)
                result["streams_ended_while_held"] += 1
    for s in streams:
        s.close()
    return result


def main():
    mode, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if mode == "idle":
        out = idle(port, n, float(sys.argv[4]))
    else:
        out = sse(port, n, sys.argv[4], float(sys.argv[5]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
