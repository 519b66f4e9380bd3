"""The embedded server: waitress, one process, enough threads for the room's screens."""
from __future__ import annotations

import socket

from flask import Flask


def lan_address() -> str:
    """The address phones on the room's Wi-Fi reach this laptop at (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: connect() on UDP only picks a route
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


# A request head (the request line and headers) must arrive whole within this many seconds; a
# connection that waits for its next request is closed after as long (as Apache's KeepAliveTimeout).
# Without it, a few hundred sockets that each send half a head hold every connection the server
# accepts, for channel_timeout, and the console, the projector and every phone wait.
HEAD_TIMEOUT = 5.0
# Open connections one client address may hold: a browser opens six per host, plus its live
# streams; the laptop serving the projector and the console shares 127.0.0.1 with both.
CONNECTIONS_PER_ADDRESS = 64


def _guarded_server_class():
    """waitress's TCP server with two guards waitress has no setting for: a deadline for request
    heads (and idle keep-alive connections) and a cap on connections per client address."""
    import logging
    import time

    from waitress.channel import HTTPChannel
    from waitress.server import TcpWSGIServer

    log = logging.getLogger("forumsite.server")

    class Channel(HTTPChannel):
        head_started = 0.0  # when the head now being received began (a trickle must not extend it)

        def received(self, data):
            if data and self.request is None:
                self.head_started = time.time()
            return super().received(data)

    class GuardedServer(TcpWSGIServer):
        channel_class = Channel
        head_timeout = HEAD_TIMEOUT
        per_address = CONNECTIONS_PER_ADDRESS
        _last_warning = 0.0

        def handle_accept(self):
            try:
                pair = self.accept()
                if pair is None:
                    return
                conn, addr = pair
            except OSError:
                return
            host = addr[0] if isinstance(addr, tuple) else addr
            if self.per_address and self._held_by(host) >= self.per_address:
                conn.close()
                now = time.monotonic()
                if now - self._last_warning > 60:
                    self._last_warning = now
                    log.warning("refusing connections beyond %d from %s", self.per_address, host)
                return
            try:
                self.set_socket_options(conn)
            except OSError:  # the client left before we got to it
                conn.close()
                return
            self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)

        def _held_by(self, host) -> int:
            return sum(1 for channel in list(self.active_channels.values())
                       if isinstance(channel.addr, tuple) and channel.addr[0] == host)

        def maintenance(self, now):
            super().maintenance(now)  # channel_timeout: a request body that stopped coming
            cutoff = now - self.head_timeout
            for channel in list(self.active_channels.values()):
                if channel.requests:
                    continue  # a request is being answered (a live stream among them)
                request = channel.request
                if request is None:
                    since = channel.last_activity  # waiting for the next request
                elif not request.headers_finished:
                    since = channel.head_started or channel.creation_time
                else:
                    continue
                if since < cutoff:
                    channel.will_close = True

    return GuardedServer


def serve(app: Flask, host: str = "127.0.0.1", port: int = 5000, demo_accounts: bool = True) -> None:
    """Waitress: each live screen holds a thread, so the pool is sized for a room of screens and
    phones (FORUMSITE_THREADS, default 320); the app caps its streams below that (MAX_STREAMS), so
    that the secretary's requests always find a free thread and extra screens poll instead.
    demo_accounts: list the demo accounts in the banner (not when the database has none of them)."""
    import logging
    import os

    from waitress.adjustments import Adjustments
    from waitress.server import MultiSocketServer
    from waitress.task import ThreadedTaskDispatcher

    from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    shown = lan_address() if host in ("0.0.0.0", "::") else host
    if host in ("0.0.0.0", "::") and not app.config.get("PUBLIC_URL"):
        # Display links and the QR code must carry the address phones on the room's Wi-Fi can reach.
        app.config["PUBLIC_URL"] = f"http://{shown}:{port}"
    print(f"\n  forumsite đang chạy tại: http://{shown}:{port}\n")
    if demo_accounts:
        print(f"  Tài khoản mẫu (mật khẩu {DEMO_PASSWORD} — chỉ dùng để thử):")
        for username, role in DEMO_ACCOUNTS:
            print(f"    {username:<10} {role}")
        print()
    print("  Nhấn Ctrl+C để dừng.\n", flush=True)
    threads = int(os.environ.get("FORUMSITE_THREADS", "320"))
    app.config["MAX_STREAMS"] = min(app.config["MAX_STREAMS"], max(threads - 40, 1))
    # cleanup_interval: the head deadline is checked every second. channel_request_lookahead: the
    # socket of a live stream is still read, so a screen that left is noticed at once and its
    # stream slot freed (waitress.client_disconnected), not at the next heartbeat.
    adj = Adjustments(host=host, port=port, threads=threads, channel_timeout=300, connection_limit=threads + 200,
                      cleanup_interval=1, channel_request_lookahead=1, ident="forumsite")
    server_class = _guarded_server_class()
    if app.config.get("PROXY_HOPS"):
        # Behind a reverse proxy every connection comes from the proxy: a cap per address would cap it.
        server_class.per_address = 0
    logging.basicConfig()
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    sockets: dict = {}
    servers = [server_class(app, sockets, dispatcher=dispatcher, adj=adj, sockinfo=info) for info in adj.listen]
    MultiSocketServer(sockets, adj, [(s.effective_host, s.effective_port) for s in servers], dispatcher,
                      servers[-1].log_info).run()
