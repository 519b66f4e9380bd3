"""The hub that carries "forum N changed" to the processes serving its screens.

- InProcessHub: the embedded default, one process (a laptop in the meeting room).
- RedisHub: the scale-out; every worker publishes to Redis and runs one subscriber thread that
  hands messages to its own local queues. If Redis goes away, changes still reach the viewers of
  the same process, the streams re-check the forum's version on every heartbeat, and screens whose
  stream broke poll — so a Redis outage delays screens by seconds and never shows an error. The
  subscriber reconnects with exponential backoff and then has every local stream resynchronise.

Each hub also knows every forum's live version as last published, so that a screen's poll finding
nothing changed is answered without the database: in this process's memory (InProcessHub), in Redis
for all the workers (RedisHub). What it knows is trusted for VERSION_TTL seconds, then read again from
the database once — a change written by another program (a CLI command) shows within that time.
"""
from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable

log = logging.getLogger("forumsite.live")
CHANNEL = "forumsite:forum:"
BACKOFF_FIRST = 0.5  # seconds before the first reconnection attempt, doubled up to BACKOFF_MAX
BACKOFF_MAX = 8.0
RESYNC = {"resync": True}  # to the local streams: check your version, messages may have been lost
VERSION_TTL = 15.0  # seconds a known version is trusted (a stream's heartbeat re-checks as often)
VERSION_KEY = "forumsite:version:"
# Raise the version kept in Redis, never lower it: two publications may arrive out of order.
_RAISE = """local v = tonumber(redis.call('GET', KEYS[1]))
if v == nil or v < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 1"""


class InProcessHub:
    kind = "memory"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[int, set[queue.Queue]] = defaultdict(set)
        self._versions: dict[int, tuple[int, float]] = {}  # forum → (version, when it was learnt)
        self._watchers: list[Callable[[int | None], None]] = []

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

    def watch(self, callback: Callable[[int | None], None]) -> None:
        """``callback(forum_id)`` after every delivery to this process's streams (None: all forums, a
        resync): the embedded server's fan-out thread wakes on it instead of one thread per stream."""
        with self._lock:
            if callback not in self._watchers:
                self._watchers.append(callback)

    def version(self, forum_id: int) -> int | None:
        """The forum's live version as last published, if known and fresh; None: ask the database."""
        entry = self._versions.get(forum_id)
        if entry is None or time.monotonic() - entry[1] > VERSION_TTL:
            return None
        return entry[0]

    def remember(self, forum_id: int, version: int) -> None:
        """Note a version read from the database or published; a lower one than known (read before a
        publication that overtook it) is ignored while the known one is fresh."""
        now = time.monotonic()
        with self._lock:
            known = self._versions.get(forum_id)
            if known is None or version >= known[0] or now - known[1] > VERSION_TTL:
                self._versions[forum_id] = (version, now)

    def publish(self, forum_id: int, message: dict) -> None:
        self.deliver(forum_id, message)

    def deliver(self, forum_id: int, message: dict) -> None:
        if isinstance(message, dict) and isinstance(message.get("version"), int):
            self.remember(forum_id, message["version"])
        with self._lock:
            targets = list(self._subscribers.get(forum_id, ()))
            watchers = list(self._watchers)
        for q in targets:
            try:
                q.put_nowait(message)
            except queue.Full:  # a stalled screen gets the whole state on its next heartbeat
                pass
        for callback in watchers:
            callback(forum_id)

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

    def version(self, forum_id: int) -> int | None:
        """The version every worker published, from Redis; None (ask the database) while Redis is away."""
        if not self._healthy:
            return None
        try:
            value = self._redis.get(f"{VERSION_KEY}{forum_id}")
        except self._errors:
            return None
        return int(value) if value is not None else None

    def remember(self, forum_id: int, version: int) -> None:
        super().remember(forum_id, version)
        if self._healthy:
            try:
                self._raise(forum_id, version)
            except self._errors:
                pass

    def forget_versions(self) -> None:
        """Forget every version kept (here and in Redis): the next poll of each forum reads the database."""
        with self._lock:
            self._versions.clear()
        try:
            for key in self._redis.scan_iter(f"{VERSION_KEY}*"):
                self._redis.delete(key)
        except self._errors:
            pass

    def _raise(self, forum_id: int, version: int) -> None:
        self._redis.eval(_RAISE, 1, f"{VERSION_KEY}{forum_id}", version, int(VERSION_TTL))

    def publish(self, forum_id: int, message: dict) -> None:
        if not self._healthy:
            # Known to be away: no request waits on a connection attempt; the listener reconnects.
            self.deliver(forum_id, message)
            return
        try:
            if isinstance(message, dict) and isinstance(message.get("version"), int):
                self._raise(forum_id, message["version"])  # before the message: a poll never sees it older
            self._redis.publish(f"{CHANNEL}{forum_id}", json.dumps(message))
        except self._errors as exc:
            # Redis is away: the viewers in this process still hear of it; the others catch up by
            # the version check of their heartbeat or by polling.
            log.warning("Redis publish failed (%s); delivering locally", exc)
            self._healthy = False
            self.deliver(forum_id, message)

    def resync(self) -> None:
        """Tell every local stream to compare its version with the database: what was published while
        Redis was away never reached this process."""
        # What the other workers published while this one could not write is unknown.
        self.forget_versions()
        with self._lock:
            targets = [q for qs in self._subscribers.values() for q in qs]
            watchers = list(self._watchers)
        for q in targets:
            try:
                q.put_nowait(RESYNC)
            except queue.Full:
                pass
        for callback in watchers:
            callback(None)

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
