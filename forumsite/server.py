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
    from waitress import serve as waitress_serve

    from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD

    shown = lan_address() if host in ("0.0.0.0", "::") else host
    print(f"\n  forumsite đang chạy tại: http://{shown}:{port}\n")
    print(f"  Tài khoản mẫu (mật khẩu {DEMO_PASSWORD} — chỉ dùng để thử):")
    for username, role in DEMO_ACCOUNTS:
        print(f"    {username:<10} {role}")
    print("\n  Nhấn Ctrl+C để dừng.\n", flush=True)
    waitress_serve(app, host=host, port=port, threads=32, channel_timeout=300, ident="forumsite")
