"""The hub that carries "forum N changed" to the processes serving its screens.

- InProcessHub: the embedded default, one process (a laptop in the meeting room).
- RedisHub: the scale-out; every worker publishes to Redis and runs one subscriber thread that
  hands messages to its own local queues. If Redis goes away, changes still reach the viewers of
  the same process, the streams re-check the forum's version on every heartbeat, and screens whose
  stream broke poll — so a Redis outage delays screens by seconds and never shows an error. The
  subscriber reconnects with exponential backoff and then has every local stream resynchronise.
"""
from __future__ import annotations

import json
import logging
import queue
import threading
from collections import defaultdict

log = logging.getLogger("forumsite.live")
CHANNEL = "forumsite:forum:"
BACKOFF_FIRST = 0.5  # seconds before the first reconnection attempt, doubled up to BACKOFF_MAX
BACKOFF_MAX = 8.0
RESYNC = {"resync": True}  # to the local streams: check your version, messages may have been lost


class InProcessHub:
    kind = "memory"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[int, set[queue.Queue]] = defaultdict(set)

    @property
    def healthy(self) -> bool:
        return True

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

    def subscriber_count(self) -> int:
        with self._lock:
            return sum(len(s) for s in self._subscribers.values())

    def publish(self, forum_id: int, regions: list[str]) -> None:
        self.deliver(forum_id, regions)

    def deliver(self, forum_id: int, regions: list[str]) -> None:
        with self._lock:
            targets = list(self._subscribers.get(forum_id, ()))
        for q in targets:
            try:
                q.put_nowait(regions)
            except queue.Full:  # a stalled screen gets the whole state on its next heartbeat
                pass

    def close(self) -> None:
        pass


class RedisHub(InProcessHub):
    kind = "redis"

    def __init__(self, url: str) -> None:
        super().__init__()
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._errors = (redis.RedisError, OSError)
        self._healthy = False
        self._stop = threading.Event()
        self._started = threading.Event()
        self._listener = threading.Thread(target=self._listen, name="forumsite-hub", daemon=True)
        self._listener.start()
        self._started.wait(3)

    @property
    def healthy(self) -> bool:
        return self._healthy

    def publish(self, forum_id: int, regions: list[str]) -> None:
        if not self._healthy:
            # Known to be away: no request waits on a connection attempt; the listener reconnects.
            self.deliver(forum_id, regions)
            return
        try:
            self._redis.publish(f"{CHANNEL}{forum_id}", json.dumps(regions))
        except self._errors as exc:
            # Redis is away: the viewers in this process still hear of it; the others catch up by
            # the version check of their heartbeat or by polling.
            log.warning("Redis publish failed (%s); delivering locally", exc)
            self._healthy = False
            self.deliver(forum_id, regions)

    def resync(self) -> None:
        """Tell every local stream to compare its version with the database: what was published while
        Redis was away never reached this process."""
        with self._lock:
            targets = [q for qs in self._subscribers.values() for q in qs]
        for q in targets:
            try:
                q.put_nowait(RESYNC)
            except queue.Full:
                pass

    def _listen(self) -> None:
        delay = BACKOFF_FIRST
        lost = False
        while not self._stop.is_set():
            pubsub = None
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                pubsub.psubscribe(f"{CHANNEL}*")
                self._healthy = True
                self._started.set()
                delay = BACKOFF_FIRST
                if lost:
                    log.warning("Redis is back; screens resynchronise")
                    lost = False
                    self.resync()
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message and message["type"] == "pmessage":
                        channel = message["channel"].decode() if isinstance(message["channel"], bytes) \
                            else message["channel"]
                        self.deliver(int(channel.rsplit(":", 1)[1]), json.loads(message["data"]))
            except self._errors as exc:
                if self._healthy:
                    log.warning("Redis subscription lost (%s); retrying", exc)
                self._healthy = False
                lost = True
                self._started.set()
                # Exponential backoff: a Redis that stays away is not hammered by every worker.
                self._stop.wait(delay)
                delay = min(delay * 2, BACKOFF_MAX)
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except self._errors:
                        pass

    def close(self) -> None:
        self._stop.set()
        self._listener.join(3)
        self._redis.close()


def make_hub(redis_url: str = "") -> InProcessHub:
    return RedisHub(redis_url) if redis_url else InProcessHub()
