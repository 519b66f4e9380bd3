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


def serve(app: Flask, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Waitress: each live screen holds a thread, so the pool is sized for a room of screens and
    phones (FORUMSITE_THREADS, default 320); the app caps its streams below that (MAX_STREAMS), so
    that the secretary's requests always find a free thread and extra screens poll instead."""
    import os

    from waitress import serve as waitress_serve

    from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    shown = lan_address() if host in ("0.0.0.0", "::") else host
    if host in ("0.0.0.0", "::") and not app.config.get("PUBLIC_URL"):
        # Display links and the QR code must carry the address phones on the room's Wi-Fi can reach.
        app.config["PUBLIC_URL"] = f"http://{shown}:{port}"
    print(f"\n  forumsite đang chạy tại: http://{shown}:{port}\n")
    print(f"  Tài khoản mẫu (mật khẩu {DEMO_PASSWORD} — chỉ dùng để thử):")
    for username, role in DEMO_ACCOUNTS:
        print(f"    {username:<10} {role}")
    print("\n  Nhấn Ctrl+C để dừng.\n", flush=True)
    threads = int(os.environ.get("FORUMSITE_THREADS", "320"))
    app.config["MAX_STREAMS"] = min(app.config["MAX_STREAMS"], max(threads - 40, 1))
    waitress_serve(app, host=host, port=port, threads=threads, channel_timeout=300, connection_limit=threads + 200,
                   ident="forumsite")
