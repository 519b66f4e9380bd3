"""The hub that carries "forum N changed" to the processes serving its screens.

In-process for the embedded default (one process); the Redis hub of the scale-out plugs in here.
"""
from __future__ import annotations

import queue
import threading
from collections import defaultdict


class InProcessHub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[int, set[queue.Queue]] = defaultdict(set)

    def subscribe(self, forum_id: int) -> queue.Queue:
        q: queue.Queue = queue.Queue(maxsize=1000)
        with self._lock:
            self._subscribers[forum_id].add(q)
        return q

    def unsubscribe(self, forum_id: int, q: queue.Queue) -> None:
        with self._lock:
            self._subscribers[forum_id].discard(q)
            if not self._subscribers[forum_id]:
                del self._subscribers[forum_id]

    def publish(self, forum_id: int, regions: list[str]) -> None:
        with self._lock:
            targets = list(self._subscribers.get(forum_id, ()))
        for q in targets:
            try:
                q.put_nowait(regions)
            except queue.Full:  # a stalled screen will get the whole state when it reconnects
                pass


_hub = InProcessHub()


def hub() -> InProcessHub:
    return _hub
