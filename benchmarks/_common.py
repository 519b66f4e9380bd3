"""Shared helpers of the benchmarks: a prepared database, a server subprocess, a logged-in client."""
from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float]) -> dict:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "p99": percentile(values, 99),
            "mean": statistics.fmean(values) if values else float("nan")}


def prepare_forums(database_url: str, forums: int) -> list[tuple[int, str]]:
    """A fresh schema with the demo, ``forums`` forums in session (one per cell), each with a link."""
    env = {**os.environ, "DATABASE_URL": database_url}
    code = f"""
import datetime as dt, sqlalchemy as sa
from forumsite import create_app
from forumsite.extensions import db
from forumsite.demo import load_demo
from forumsite.org.actions import create_organisation
from forumsite.org.models import Organisation
from forumsite.planning import actions as pa
from forumsite.meeting import actions as ma
app = create_app({{"PASSWORD_METHOD": "pbkdf2:sha256:1000"}})
with app.app_context():
    db.drop_all(); db.create_all(); load_demo(); db.session.commit()
    commune = db.session.scalar(sa.select(Organisation).where(Organisation.kind == "dang_bo_co_so"))
    out = []
    for i in range({forums}):
        cell = create_organisation(commune, name=f"Chi bộ thử {{i}}", kind="chi_bo_truc_thuoc", grassroots_type_id=None)
        f = pa.plan_forum(cell, {{"title": "Diễn đàn thử", "held_on": dt.date.today(), "starts_at": dt.time(7, 30),
                                "place": "", "mode": "standalone", "secretary_id": None, "plan_id": None}}, ["de_dan"])
        pa.approve_forum(f, "chi_uy", dt.date.today()); pa.publish_forum(f); ma.open_forum(f)
        f.display_token = f"bench-{{i}}-" + "x" * 20
        out.append((f.id, f.display_token))
    db.session.commit()
    print("FORUMS=" + repr(out))
"""
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    line = next(x for x in result.stdout.splitlines() if x.startswith("FORUMS="))
    return eval(line[len("FORUMS="):])  # our own repr of a list of tuples


class Server:
    """The app in a subprocess: the embedded default (python app.py) or gunicorn with gevent."""

    def __init__(self, mode: str, database_url: str, redis_url: str = "", workers: int = 2,
                 threads: int | None = None, max_streams: int | None = None):
        self.port = free_port()
        # Every screen of the load generator shares one display link and one address: the per-client and
        # per-address caps (which keep one link or one machine from taking a room's slots) are lifted.
        env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(self.port), "HOST": "127.0.0.1",
               "REDIS_URL": redis_url, "SECRET_KEY": "bench", "FORUMSITE_STREAMS_PER_CLIENT": "100000",
               "FORUMSITE_CONNECTIONS_PER_ADDRESS": "0"}
        if threads:
            env["FORUMSITE_THREADS"] = str(threads)
        if max_streams or mode == "scaleout":
            env["FORUMSITE_MAX_STREAMS"] = str(max_streams or 20000)
        if mode == "embedded":
            cmd = [PYTHON, "app.py"]
        else:
            cmd = [str(Path(PYTHON).with_name("gunicorn")), "--worker-class", "gevent", "--workers", str(workers),
                   "--worker-connections", "10000", "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
                   "--timeout", "120", "app:app"]
        self.log = Path(tempfile.gettempdir()) / f"forumsite-bench-{self.port}.log"
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log.open("w"),
                                     start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start:\n" + self.log.read_text()[-3000:])

    def pids(self) -> set[int]:
        return {self.proc.pid} | {int(p) for p in subprocess.run(
            ["pgrep", "-g", str(os.getpgid(self.proc.pid))], capture_output=True, text=True).stdout.split()}

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server and its workers so far."""
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except (OSError, IndexError):
                pass
        return total / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """Resident memory of the server and its workers."""
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def stop(self) -> None:
        try:
            os.killpg(os.getpgid(self.proc.pid), signal.SIGTERM)
            self.proc.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(os.getpgid(self.proc.pid), signal.SIGKILL)


class Client:
    """A logged-in browser without the browser: cookies and the CSRF header."""

    def __init__(self, base: str, username: str, password: str = "demo12345"):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        self.post("/login", {"username": username, "password": password, "csrf_token": token})
        home = self.get("/")
        self.csrf = re.search(r'"X-CSRFToken": "([^"]+)"', home).group(1)

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=30).read().decode()

    def post(self, path: str, data: dict, htmx: bool = False) -> int:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        if htmx:
            request.add_header("HX-Request", "true")
            request.add_header("X-CSRFToken", self.csrf)
        with self.opener.open(request, timeout=30) as response:
            response.read()
            return response.status


def report(title: str, rows: list[tuple[str, str]], figures: dict | None) -> None:
    print(f"\n{title}")
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    if figures is not None:
        print(json.dumps(figures, ensure_ascii=False))


def today() -> str:
    return dt.date.today().isoformat()
