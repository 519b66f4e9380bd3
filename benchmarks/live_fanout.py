"""Live fan-out: N screens follow M forums over SSE while a secretary captures proposals through
the real HTTP endpoints; measures the time from the POST to the fragment at every screen.

    .venv/bin/python benchmarks/live_fanout.py --viewers 200 --forums 1
    .venv/bin/python benchmarks/live_fanout.py --viewers 5000 --forums 170 --scaleout

The embedded mode serves `python app.py` (waitress, SQLite, in-process hub); --scaleout serves
gunicorn with 2 gevent workers on PostgreSQL (BENCH_DATABASE_URL, default the local `test`
database, in a schema of its own) and Redis (BENCH_REDIS_URL). The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import re
import selectors
import socket
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Client, Server, prepare_forums, report, summary  # noqa: E402


class Viewers:
    """Many screens on one thread: raw sockets, HTTP/1.0 (no chunking), one selector."""

    MARK = re.compile(rb"MARK-(\d+)-(\d+)-")

    def __init__(self, port: int, plan: list[tuple[int, str]]):
        self.selector = selectors.DefaultSelector()
        self.arrivals: dict[tuple[int, int], list[float]] = {}
        self.connected = 0
        self.lock = threading.Lock()
        self.stop = False
        for forum_id, token in plan:
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(f"GET /display/{token}/stream HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            s.setblocking(False)
            self.selector.register(s, selectors.EVENT_READ,
                                   {"forum": forum_id, "tail": b"", "seen": set(), "open": False})
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            for key, _ in self.selector.select(timeout=0.2):
                now = time.perf_counter()
                try:
                    data = key.fileobj.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""  # reset: counted as lost events, not a crash of the benchmark
                if not data:
                    self.selector.unregister(key.fileobj)
                    key.fileobj.close()
                    continue
                state = key.data
                text = state["tail"] + data
                if not state["open"] and b"event: clock" in text:
                    state["open"] = True
                    with self.lock:
                        self.connected += 1
                for m in self.MARK.finditer(text):
                    mark = (int(m.group(1)), int(m.group(2)))
                    if mark[0] == state["forum"] and mark not in state["seen"]:
                        state["seen"].add(mark)
                        with self.lock:
                            self.arrivals.setdefault(mark, []).append(now)
                state["tail"] = text[-64:]

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--forums", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=20, help="proposals captured per forum")
    parser.add_argument("--scaleout", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import os

    if args.scaleout:
        base = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
        schema = "bench_" + uuid.uuid4().hex[:8]
        import sqlalchemy as sa

        engine = sa.create_engine(base)
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        database_url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
        redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    else:
        tmp = tempfile.mkdtemp()
        database_url = f"sqlite:///{tmp}/bench.db"
        redis_url = ""
    forums = prepare_forums(database_url, args.forums)
    server = Server("scaleout" if args.scaleout else "embedded", database_url, redis_url, args.workers,
                    threads=max(320, args.viewers + 60))
    try:
        plan = [forums[i % len(forums)] for i in range(args.viewers)]
        started = time.perf_counter()
        viewers = Viewers(server.port, plan)
        deadline = time.time() + 120
        while viewers.connected < args.viewers and time.time() < deadline:
            time.sleep(0.2)
        connect_s = time.perf_counter() - started
        time.sleep(1)
        secretary = Client(f"http://127.0.0.1:{server.port}", "admin")
        sent: dict[tuple[int, int], float] = {}
        post_ms = []
        for r in range(args.rounds):
            for forum_id, _token in forums:
                key = uuid.uuid4().hex
                t0 = time.perf_counter()
                status = secretary.post(f"/forums/{forum_id}/console/proposals",
                                        {"key": key, "text": f"gp: MARK-{forum_id}-{r}- đo độ trễ", "kind": "khac"},
                                        htmx=True)
                t1 = time.perf_counter()
                assert status == 200, status
                sent[(forum_id, r)] = t0
                post_ms.append((t1 - t0) * 1000)
            time.sleep(max(0.05, 0.5 - 0.002 * len(forums)))
        time.sleep(3)
        rss = server.rss_mb()
        viewers.close()
    finally:
        server.stop()
        print(f"(server log: {server.log})")
    per_forum = {}
    for forum_id, _ in plan:
        per_forum[forum_id] = per_forum.get(forum_id, 0) + 1
    latencies, lost = [], 0
    for (forum_id, r), t0 in sent.items():
        arrived = viewers.arrivals.get((forum_id, r), [])
        latencies += [(t - t0) * 1000 for t in arrived]
        lost += per_forum.get(forum_id, 0) - len(arrived)
    lat, post = summary(latencies), summary(post_ms)
    mode = f"scale-out ({args.workers} gevent workers, PostgreSQL, Redis)" if args.scaleout else \
        "embedded (waitress, SQLite, in-process hub)"
    report(f"live fan-out — {mode}", [
        ("viewers / forums", f"{args.viewers} / {args.forums}"),
        ("viewers connected", f"{viewers.connected} in {connect_s:.1f} s"),
        ("events expected", str(sum(per_forum.get(f, 0) for f, _ in sent))),
        ("latency p50 / p95 / p99", f"{lat['p50']:.1f} / {lat['p95']:.1f} / {lat['p99']:.1f} ms"),
        ("lost", str(lost)),
        ("secretary POST p50 / p95", f"{post['p50']:.1f} / {post['p95']:.1f} ms"),
        ("server RSS", f"{rss:.0f} MB"),
    ], {"mode": "scaleout" if args.scaleout else "embedded", "viewers": args.viewers, "forums": args.forums,
        "connected": viewers.connected, "events": len(latencies) + lost, "p50_ms": round(lat["p50"], 1),
        "p95_ms": round(lat["p95"], 1), "p99_ms": round(lat["p99"], 1), "lost": lost,
        "post_p95_ms": round(post["p95"], 1), "rss_mb": round(rss)})
    if args.scaleout:
        import sqlalchemy as sa

        with sa.create_engine(base).begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
