"""Live fan-out: N screens follow M forums while a secretary captures proposals through the real HTTP
endpoints; measures the time from the POST to the fragment at every screen.

    .venv/bin/python benchmarks/live_fanout.py --viewers 400 --forums 1
    .venv/bin/python benchmarks/live_fanout.py --viewers 200 --poll 2          # SSE, then polling every 2 s
    .venv/bin/python benchmarks/live_fanout.py --curve 100,200,400,800          # one step per count
    .venv/bin/python benchmarks/live_fanout.py --viewers 400 --profile /tmp/p  # py-spy's top frames
    .venv/bin/python benchmarks/live_fanout.py --viewers 5000 --forums 170 --scaleout

The embedded mode serves `python app.py` (waitress, SQLite, in-process hub) with its default settings;
screens past its stream cap poll, as browsers do. --scaleout serves gunicorn with 2 gevent workers on
PostgreSQL (BENCH_DATABASE_URL, default the local `test` database, in a schema of its own) and Redis
(BENCH_REDIS_URL). Each step measures the server's CPU while idle (--idle seconds, screens connected,
nothing happening) and while the secretary works. The last line is one JSON object.
"""
from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PYTHON, Client, Server, prepare_forums, report, summary  # noqa: E402
from _screens import Screens  # noqa: E402

_ROUNDS = itertools.count(0, 10000)  # each step numbers its marks apart: the database is shared by the steps


def run_step(args, database_url: str, redis_url: str, forums, viewers: int, mode: str,
             profile: str = "") -> dict:
    """One server, ``viewers`` screens in ``mode`` ("sse" or "poll"), --rounds proposals per forum."""
    server = Server("scaleout" if args.scaleout else "embedded", database_url, redis_url, args.workers,
                    threads=args.threads, max_streams=args.max_streams)
    spy = None
    try:
        plan = [forums[i % len(forums)] for i in range(viewers)]
        started = time.perf_counter()
        screens = Screens(server.port, plan, mode, args.poll or 2.0)
        deadline = time.time() + 120
        while screens.connected < viewers and time.time() < deadline:
            time.sleep(0.2)
        connect_s = time.perf_counter() - started
        time.sleep(1)
        pace = max(0.05, 0.5 - 0.002 * len(forums))
        if profile:  # the idle phase and the secretary's work
            spy = subprocess.Popen([str(Path(PYTHON).with_name("py-spy")), "record", "--pid", str(server.proc.pid),
                                    "--rate", "50", "--gil", "--nonblocking", "--format", "raw", "--output",
                                    f"{profile}.txt", "--duration", str(int(args.idle + args.rounds * pace + 6))],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)
        cpu0 = server.cpu_seconds()
        time.sleep(args.idle)
        idle_cpu = (server.cpu_seconds() - cpu0) / args.idle * 60
        secretary = Client(f"http://127.0.0.1:{server.port}", "admin")
        sent: dict[tuple[int, int], float] = {}
        post_ms = []
        cpu0, t_active = server.cpu_seconds(), time.perf_counter()
        first = next(_ROUNDS)
        for r in range(first, first + args.rounds):
            for forum_id, _token in forums:
                t0 = time.perf_counter()
                status = secretary.post(f"/forums/{forum_id}/console/proposals",
                                        {"key": uuid.uuid4().hex, "text": f"gp: MARK-{forum_id}-{r}- đo độ trễ",
                                         "kind": "khac"}, htmx=True)
                t1 = time.perf_counter()
                assert status == 200, status
                sent[(forum_id, r)] = t0
                post_ms.append((t1 - t0) * 1000)
            time.sleep(pace)
        time.sleep(3 if mode == "sse" else (args.poll or 2) + 3)
        active_cpu = (server.cpu_seconds() - cpu0) / (time.perf_counter() - t_active) * 60
        rss = server.rss_mb()
        streaming, polling = screens.streaming, sum(1 for s in screens.screens if s.mode == "poll")
        screens.close()
    finally:
        if spy is not None:
            spy.wait(60)
        server.stop()
    per_forum = Counter(f for f, _ in plan)
    latencies, lost = [], 0
    for (forum_id, r), t0 in sent.items():
        arrived = screens.arrivals.get((forum_id, r), [])
        latencies += [(t - t0) * 1000 for t in arrived]
        lost += per_forum[forum_id] - len(arrived)
    lat, post = summary(latencies), summary(post_ms)
    return {"mode": mode, "viewers": viewers, "forums": len(forums), "connected": screens.connected,
            "streaming": streaming, "polling": polling, "connect_s": round(connect_s, 1),
            "events": len(latencies) + lost, "p50_ms": round(lat["p50"], 1), "p95_ms": round(lat["p95"], 1),
            "p99_ms": round(lat["p99"], 1), "lost": lost, "post_p95_ms": round(post["p95"], 1),
            "rss_mb": round(rss), "idle_cpu_s_per_min": round(idle_cpu, 2),
            "active_cpu_s_per_min": round(active_cpu, 1)}


def top_frames(raw: str, n: int = 8) -> list[tuple[str, float]]:
    """py-spy's raw output (one stack a line, frames joined by ';', then the count): the frames of the
    application and its server found in the most samples (inclusive)."""
    counts: Counter = Counter()
    total = 0
    for line in Path(raw).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        for frame in set(stack.split(";")):
            if any(mark in frame for mark in ("forumsite/", "waitress/", "flask/", "jinja2/", "sqlalchemy/")):
                counts[frame] += int(count)
    return [(frame, round(100 * c / max(total, 1), 1)) for frame, c in counts.most_common(n)]


def print_profile(profile: str) -> None:
    if profile:
        print("\npy-spy, the application's frames holding the GIL (share of all samples):")
        for frame, share in top_frames(f"{profile}.txt", 15):
            print(f"  {share:5.1f}%  {frame}")


def describe(step: dict) -> list[tuple[str, str]]:
    return [
        ("screens", f"{step['viewers']} ({step['streaming']} streaming, {step['polling']} polling) "
                    f"over {step['forums']} forum(s), connected in {step['connect_s']} s"),
        ("latency p50 / p95 / p99", f"{step['p50_ms']} / {step['p95_ms']} / {step['p99_ms']} ms"),
        ("events / lost", f"{step['events']} / {step['lost']}"),
        ("secretary POST p95", f"{step['post_p95_ms']} ms"),
        ("server CPU idle / active", f"{step['idle_cpu_s_per_min']} / {step['active_cpu_s_per_min']} CPU-s per min"),
        ("server RSS", f"{step['rss_mb']} MB"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--forums", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=20, help="proposals captured per forum")
    parser.add_argument("--poll", type=float, default=0,
                        help="also run the same load with every screen polling every POLL seconds")
    parser.add_argument("--curve", default="", help="viewer counts, e.g. 100,200,400,800 (SSE, polling past the cap)")
    parser.add_argument("--idle", type=float, default=5.0, help="seconds of idle CPU measurement per step")
    parser.add_argument("--profile", default="",
                        help="py-spy the server (idle, then working; with --poll: the polling step) into PROFILE.txt")
    parser.add_argument("--threads", type=int, default=None, help="FORUMSITE_THREADS (default: the server's)")
    parser.add_argument("--max-streams", type=int, default=None, help="FORUMSITE_MAX_STREAMS (default: the app's)")
    parser.add_argument("--scaleout", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

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
        database_url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
        redis_url = ""
    forums = prepare_forums(database_url, args.forums)
    server_kind = f"scale-out ({args.workers} gevent workers, PostgreSQL, Redis)" if args.scaleout else \
        "embedded (waitress, SQLite, in-process hub)"
    try:
        if args.curve:
            steps = []
            for count in [int(c) for c in args.curve.split(",")]:
                step = run_step(args, database_url, redis_url, forums, count, "sse")
                report(f"live fan-out — {server_kind}, {count} screens", describe(step), step)
                steps.append(step)
            figures = {"curve": [{k: s[k] for k in ("viewers", "streaming", "polling", "p50_ms", "p95_ms", "p99_ms",
                                                     "lost", "post_p95_ms", "rss_mb")} for s in steps]}
            report("live fan-out — curve", [(f"{s['viewers']} screens", f"p50/p95/p99 {s['p50_ms']}/{s['p95_ms']}/"
                                             f"{s['p99_ms']} ms, lost {s['lost']}, POST p95 {s['post_p95_ms']} ms, "
                                             f"RSS {s['rss_mb']} MB") for s in steps], figures)
            return
        sse = run_step(args, database_url, redis_url, forums, args.viewers, "sse", "" if args.poll else args.profile)
        if not args.poll:
            print_profile(args.profile)
            report(f"live fan-out — {server_kind}", describe(sse), sse)
            return
        poll = run_step(args, database_url, redis_url, forums, args.viewers, "poll", args.profile)
        print_profile(args.profile)
        report(f"live fan-out — {server_kind}, SSE", describe(sse), None)
        ratio = {"p95": round(poll["p95_ms"] / max(sse["p95_ms"], 0.1), 1),
                 "active_cpu": round(poll["active_cpu_s_per_min"] / max(sse["active_cpu_s_per_min"], 0.01), 1),
                 "idle_cpu": round(poll["idle_cpu_s_per_min"] / max(sse["idle_cpu_s_per_min"], 0.01), 1)}
        report(f"live fan-out — {server_kind}, polling every {args.poll:g} s", describe(poll) + [
            ("poll / SSE", f"p95 ×{ratio['p95']}, CPU active ×{ratio['active_cpu']}, idle ×{ratio['idle_cpu']}")],
            {"sse": sse, "poll": poll, "poll_over_sse": ratio})
    finally:
        if args.scaleout:
            import sqlalchemy as sa

            with sa.create_engine(base).begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
