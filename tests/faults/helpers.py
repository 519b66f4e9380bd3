"""What the fault tests share: the real server as a child process, a tiny HTTP client with cookies,
and a forum of cell A put into session the way the chair would."""
from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.helpers import frozen_now_env

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_forum(app, demo) -> int:
    """A forum of cell A, planned, approved, published and opened; its secretary is the demo 'thuky'."""
    from tests.helpers import plan_forum_of_cell_a

    return plan_forum_of_cell_a(app, demo, open_it=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """A browser without a browser: cookies kept, redirects not followed, errors returned not raised."""

    def __init__(self, base: str, timeout: float = 10):
        self.base, self.timeout = base, timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None,
                timeout: float | None = None) -> Response:
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=timeout or self.timeout) as resp:
                return Response(resp.status, resp.headers, resp.read())
        except urllib.error.HTTPError as err:
            with err:
                return Response(err.code, err.headers, err.read())

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, data: dict, **kw) -> Response:
        return self.request("POST", path, data, **kw)

    def login(self, username: str, password: str = "demo12345") -> str:
        """Log in through the form (CSRF on) and return the session's CSRF token."""
        token = csrf_of(self.get("/login").text)
        answer = self.post("/login", {"username": username, "password": password, "csrf_token": token})
        assert answer.status == 303 or answer.status == 302, answer.text[:500]
        page = answer
        for _hop in range(5):
            if page.status not in (301, 302, 303):
                break
            page = self.get(urllib.parse.urlsplit(page.headers["Location"]).path)
        return csrf_of(page.text)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html) or \
        re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Server:
    """`python app.py` (waitress, as `make run` serves it) on a free port, against ``database_url``."""

    def __init__(self, database_url: str, log: Path, **env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "fault-test-secret",
                    "HOST": "127.0.0.1", "PORT": str(self.port), "FORUMSITE_THREADS": "16", "REDIS_URL": "",
                    "PYTHONUNBUFFERED": "1", **env}
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> Server:
        with open(self.log, "ab") as out:
            # On the suite's frozen calendar, as the test process that prepared its data.
            self.proc = subprocess.Popen([sys.executable, "tests/frozen_run.py", "app.py"], cwd=ROOT,
                                         env={**self.env, **frozen_now_env()}, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no flush, exactly what a power cut does to the process."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.stop()

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None
