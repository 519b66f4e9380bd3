"""The floor of live fan-out on this machine: the least a server can do to bring one change to N screens.

    .venv/bin/python benchmarks/fanout_floor.py --viewers 400             # the floor alone
    .venv/bin/python benchmarks/fanout_floor.py --viewers 400 --compare   # and forumsite, with the ratio

The floor server (this file with --serve, a process of its own) is one thread and one selector: it
accepts the screens' streams, and on each POST /publish it waits the same 50 ms gathering forumsite
does, then writes the same fragment bytes — the SSE event forumsite sent for a captured proposal, its
mark replaced — to every socket. No framework, no database, no rendering. The load generator, the
screens and the secretary's pace are those of live_fanout.py. The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import http.client
import re
import selectors
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, Client, Server, free_port, prepare_forums, report, summary  # noqa: E402
from _screens import Screens  # noqa: E402

HEAD = b"HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
HELLO = b"retry: 2000\n\nevent: clock\ndata: 2026-01-01T00:00:00Z\n\n"
CAPTURED = b"MARK-0-0-"


def capture_fragment(database_url: str, forum_id: int, token: str) -> bytes:
    """The bytes forumsite streams to a projector for one captured proposal (with its mark as CAPTURED)."""
    server = Server("embedded", database_url)
    try:
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall(f"GET /display/{token}/stream HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        sock.settimeout(10)
        received = b""
        while b"event: overlay" not in received:
            received += sock.recv(65536)
        secretary = Client(f"http://127.0.0.1:{server.port}", "admin")
        for n in range(6):  # the projector lists the latest six: the fragment at its full size
            secretary.post(f"/forums/{forum_id}/console/proposals",
                           {"key": uuid.uuid4().hex, "text": f"gp: MARK-{forum_id}-{990 + n}- đo độ trễ",
                            "kind": "khac"}, htmx=True)
            time.sleep(0.3)
        sock.settimeout(1)
        try:
            while sock.recv(65536):
                pass
        except OSError:
            pass
        sock.settimeout(10)
        secretary.post(f"/forums/{forum_id}/console/proposals",
                       {"key": uuid.uuid4().hex, "text": f"gp: MARK-{forum_id}-999- đo độ trễ", "kind": "khac"},
                       htmx=True)
        update = b""
        while b"MARK-" not in update or not update.endswith(b"\n\n"):
            update += sock.recv(65536)
        sock.close()
    finally:
        server.stop()
    return update.replace(f"MARK-{forum_id}-999-".encode(), CAPTURED)


def serve(port: int, fragment: bytes, gather: float) -> None:
    """The floor server: one thread, one selector, the same bytes to every stream."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(4096)
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, None)
    streams: set[socket.socket] = set()
    due, marks = None, []
    while True:
        timeout = None if due is None else max(0.0, due - time.monotonic())
        for key, _ in selector.select(timeout):
            if key.data is None:
                conn, _ = listener.accept()
                conn.setblocking(False)
                selector.register(conn, selectors.EVENT_READ, b"")
                continue
            conn = key.fileobj
            try:
                data = conn.recv(65536)
            except OSError:
                data = b""
            if not data:
                selector.unregister(conn)
                streams.discard(conn)
                conn.close()
                continue
            buf = key.data + data
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                selector.modify(conn, selectors.EVENT_READ, buf)
                continue
            head = buf[:end]
            if head.startswith(b"GET"):
                conn.sendall(HEAD + HELLO)
                streams.add(conn)
                selector.modify(conn, selectors.EVENT_READ, b"")
                continue
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
            if len(buf) < end + 4 + length:
                selector.modify(conn, selectors.EVENT_READ, buf)
                continue
            marks.append(buf[end + 4:end + 4 + length])
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            selector.modify(conn, selectors.EVENT_READ, buf[end + 4 + length:])
            due = due or time.monotonic() + gather
        if due is not None and time.monotonic() >= due:
            payload = b"".join(fragment.replace(CAPTURED, mark) for mark in marks)
            for conn in list(streams):
                try:
                    conn.sendall(payload)
                except OSError:
                    streams.discard(conn)
            due, marks = None, []


def run_floor(args, forums, fragment: bytes) -> dict:
    port = free_port()
    with tempfile.NamedTemporaryFile(suffix=".sse", delete=False) as f:
        f.write(fragment)
    proc = subprocess.Popen([PYTHON, __file__, "--serve", str(port), "--fragment", f.name, "--gather",
                             str(args.gather)])
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        plan = [forums[i % len(forums)] for i in range(args.viewers)]
        screens = Screens(port, plan, "sse")
        deadline = time.time() + 60
        while screens.connected < args.viewers and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(1)
        secretary = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        sent, post_ms = {}, []
        for r in range(args.rounds):
            for forum_id, _token in forums:
                t0 = time.perf_counter()
                secretary.request("POST", "/publish", body=f"MARK-{forum_id}-{r}-".encode())
                secretary.getresponse().read()
                post_ms.append((time.perf_counter() - t0) * 1000)
                sent[(forum_id, r)] = t0
            time.sleep(max(0.05, 0.5 - 0.002 * len(forums)))
        time.sleep(2)
        screens.close()
    finally:
        proc.kill()
        proc.wait()
    latencies, lost = [], 0
    for mark, t0 in sent.items():
        arrived = screens.arrivals.get(mark, [])
        latencies += [(t - t0) * 1000 for t in arrived]
        lost += sum(1 for f, _ in plan if f == mark[0]) - len(arrived)
    lat = summary(latencies)
    return {"viewers": args.viewers, "connected": screens.connected, "fragment_bytes": len(fragment),
            "p50_ms": round(lat["p50"], 1), "p95_ms": round(lat["p95"], 1), "p99_ms": round(lat["p99"], 1),
            "lost": lost, "post_p95_ms": round(summary(post_ms)["p95"], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--gather", type=float, default=0.05, help="seconds a burst is gathered (forumsite: 0.05)")
    parser.add_argument("--compare", action="store_true", help="run forumsite on the same load, print the ratio")
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--fragment", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, Path(args.fragment).read_bytes(), args.gather)
        return

    database_url = f"sqlite:///{tempfile.mkdtemp()}/floor.db"
    forums = prepare_forums(database_url, 1)
    fragment = capture_fragment(database_url, *forums[0])
    floor = run_floor(args, forums, fragment)
    rows = [("screens", f"{floor['viewers']} ({floor['connected']} connected)"),
            ("fragment", f"{floor['fragment_bytes']} bytes per change, gathered {args.gather * 1000:g} ms"),
            ("latency p50 / p95 / p99", f"{floor['p50_ms']} / {floor['p95_ms']} / {floor['p99_ms']} ms"),
            ("lost", str(floor["lost"])), ("POST p95", f"{floor['post_p95_ms']} ms")]
    figures = {"floor": floor}
    if args.compare:
        import live_fanout

        options = argparse.Namespace(scaleout=False, workers=2, threads=None, max_streams=None, poll=0,
                                     idle=2.0, rounds=args.rounds)
        site = live_fanout.run_step(options, database_url, "", forums, args.viewers, "sse")
        ratio = {k: round(site[k] / max(floor[k], 0.1), 1) for k in ("p50_ms", "p95_ms", "p99_ms")}
        rows += [("forumsite p50 / p95 / p99", f"{site['p50_ms']} / {site['p95_ms']} / {site['p99_ms']} ms"),
                 ("forumsite / floor", f"p50 ×{ratio['p50_ms']}, p95 ×{ratio['p95_ms']}, p99 ×{ratio['p99_ms']}")]
        figures.update(forumsite=site, forumsite_over_floor=ratio)
    report("live fan-out floor (one thread, one selector, the same bytes to every socket)", rows, figures)


if __name__ == "__main__":
    main()
