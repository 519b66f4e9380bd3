"""The direct mode: the laptop fetches the package from the server and sends the record back by itself, with the
chair's account, over HTTP (standard library only: the laptop needs no extra package). It does what the chair's
browser does — log in, read the page's CSRF token, post the form — so the server's rules, scoping and audit
apply unchanged."""
from __future__ import annotations

import http.cookiejar
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
DIFFERENCE_TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')
LISTED = re.compile(r'<ul id="differences">(.*?)</ul>', re.S)
FLASH = re.compile(r'<p class="flash flash-([a-z]+)">(.*?)</p>', re.S)
TIMEOUT = 120


class RemoteError(Exception):
    """What went wrong, in Vietnamese, for the command line."""


@dataclass
class Answer:
    status: int
    headers: object
    body: bytes

    def read(self) -> bytes:
        return self.body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Server:
    def __init__(self, url: str):
        self.url = url.rstrip("/")
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.plain = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def _open(self, path: str, data: bytes | None = None, headers: dict | None = None, follow: bool = True):
        """(status, headers, body) of one request; the connection is closed before returning."""
        request = urllib.request.Request(self.url + path, data=data, headers=headers or {})
        try:
            answer = (self.opener if follow else self.plain).open(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as error:
            answer = error
        except (urllib.error.URLError, OSError) as error:
            raise RemoteError(f"Không kết nối được máy chủ {self.url}: {error}") from None
        with answer:
            return Answer(answer.status, answer.headers, answer.read())

    def page(self, path: str) -> str:
        answer = self._open(path)
        if answer.status == 404:
            raise RemoteError("Không tìm thấy diễn đàn trên máy chủ, hoặc tài khoản không có quyền với diễn đàn đó.")
        return answer.read().decode("utf-8", "replace")

    def _token(self, html: str) -> str:
        found = TOKEN.search(html)
        return found.group(1) if found else ""

    def login(self, username: str, password: str) -> None:
        token = self._token(self.page("/login"))
        body = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": password}).encode()
        answer = self._open("/login", body, {"Content-Type": "application/x-www-form-urlencoded"}, follow=False)
        if answer.status not in (302, 303) or "/login" in (answer.headers.get("Location") or ""):
            raise RemoteError("Đăng nhập máy chủ không thành công: kiểm tra tên đăng nhập và mật khẩu.")

    def post(self, path: str, fields: dict, files: dict | None = None, follow: bool = True):
        boundary = "forumsite" + secrets.token_hex(12)
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in (files or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: application/zip\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self._open(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}, follow)


def _said(html: str) -> str:
    """The flash messages of a page, as plain text; RemoteError when one of them is a refusal."""
    found = [(kind, re.sub(r"<[^>]+>", "", text).strip()) for kind, text in FLASH.findall(html)]
    refused = [text for kind, text in found if kind == "error"]
    if refused:
        raise RemoteError(" ".join(refused))
    return " ".join(text for _kind, text in found)


def fetch(url: str, username: str, password: str, forum_id: int, destination: str) -> bytes:
    """Check the forum out on the server as the chair would, and return its package."""
    server = Server(url)
    server.login(username, password)
    token = server._token(server.page(f"/forums/{forum_id}"))
    answer = server.post(f"/forums/{forum_id}/offline/checkout", {"csrf_token": token, "destination": destination})
    content = answer.read()
    if answer.status != 200 or not content.startswith(b"PK"):
        said = _said(content.decode("utf-8", "replace"))
        raise RemoteError(said or f"Máy chủ không giao gói diễn đàn (mã {answer.status}).")
    return content


def send(url: str, username: str, password: str, server_forum_id: int, record: bytes, confirm) -> str:
    """Upload the record as the chair would; ``confirm(differences) -> bool`` decides when the server's forum
    changed meanwhile. Returns what the server said."""
    server = Server(url)
    server.login(username, password)
    path = f"/forums/{server_forum_id}"
    token = server._token(server.page(path))
    answer = server.post(f"{path}/offline/checkin", {"csrf_token": token}, {"record": ("bien-ban.zip", record)})
    html = answer.read().decode("utf-8", "replace")
    if answer.status == 409 and (held := DIFFERENCE_TOKEN.search(html)):
        listed = LISTED.search(html)
        items = [re.sub(r"<[^>]+>", "", i).strip() for i in re.findall(r"<li>(.*?)</li>", listed.group(1) if listed
                                                                        else "", re.S)]
        decision = "accept" if confirm(items) else "stop"
        answer = server.post(f"{path}/offline/checkin/confirm",
                             {"csrf_token": server._token(html), "token": held.group(1), "decision": decision})
        html = answer.read().decode("utf-8", "replace")
    said = _said(html)
    if answer.status >= 400:
        raise RemoteError(said or f"Máy chủ không nhận biên bản (mã {answer.status}).")
    return said
