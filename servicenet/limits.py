"""What servicenet takes at once: batch sizes (413 past them) and requests in flight (429 + Retry-After past it).

- A batch (POST /v1/cases/batch, /v1/events/batch, /v1/audit/batch) holds at most MAX_BATCH items; more is
  413 with a message that says the limit. The kiosk splits a refused batch in halves (sync/engine.py).
- Admission control per worker process, over the kiosks' background sync (COUNTED: what a person waits on is
  never refused for load) at the ASGI layer, before a body is read or a signature checked, so an overloaded
  network sheds load cheaply and the requests it admits stay fast:
  - at most `limit` requests run at once. The limit adapts between 1 and `max_inflight`: a
    request that took longer than the latency budget, from its arrival here to its answer, sets it to the
    requests then in flight times budget/time (as many as would have finished within the budget), once per
    generation (a request admitted before the last cut does not cut again); a request within half the budget
    raises it by 1/limit while at least half the limit is in use;
  - past the limit a request waits in a short FIFO queue only when its expected wait (its place in the queue
    times the mean service time, per slot) plus its own service fits the budget; otherwise, or when its wait
    runs past that, it is answered 429 with `Retry-After` at once. Kiosks wait at least that long
    (full-jitter backoff, sync/engine.py).
  - the limit starts low (START_INFLIGHT) and grows as requests come back within the budget (slow start): a
    worker that took a burst of 64 at once answered each of them seconds late;
  - each refusal draws its Retry-After from [retry_after, retry_after + SPREAD) whole seconds (default 1, 2 or 3):
    a herd refused together (kiosks
    coming back after an outage) comes back spread out, not all in the same second; the kiosk waits the
    longer of it and its own backoff, which doubles with each refusal in a row (sync/engine.py).
  Two lanes per worker, each its own limit, queue and service time: batch uploads (BATCHES, at most
  $SERVICENET_MAX_BATCHES or 1 at once) and reads (READS).
  Defaults: $SERVICENET_MAX_INFLIGHT or 64 (reads), `servicenet serve --max-inflight N`; budget
  $SERVICENET_LATENCY_BUDGET_MS or 100 ms, `--latency-budget-ms N` (0: no queue, shed as soon as every slot is
  taken).
"""
from __future__ import annotations

import asyncio
import json
import math
import os
import random
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from servicenet.schemas import MAX_BATCH

DEFAULT_MAX_INFLIGHT = 64
DEFAULT_RETRY_AFTER = 1
SPREAD = 3  # seconds over which the Retry-After of refusals is spread
START_INFLIGHT = 2
DEFAULT_BUDGET_MS = 100
# Only the kiosks' background sync is counted and shed: it is machine traffic that waits Retry-After and tries
# again (sync/engine.py, the heartbeat's next beat), and it is what a province of kiosks brings at once. A
# request someone is waiting on (a resident's lookup, result print, payment or 亮码 at the kiosk; a clerk's back
# office) is never refused for load: shed, it would be an error on a screen, and on a busy two-core hall server
# the adaptive limit could fall to one slot and refuse every clerk. Not counted either: the health probe (it must
# tell "up but busy" from "down"), enrollment (a technician's one request at a hall) and a release file's download
# (/v1/releases/…: it lasts as long as the kiosk's link takes; timed against the budget it would cut the limit to 1).
# Batch uploads are counted in a lane of their own, with its own limit (at most $SERVICENET_MAX_BATCHES, default
# 1, at once per worker), queue and service time: a batch is mostly CPU-bound Python (unsealing, checks, rows),
# so two at once in one process mostly take twice as long each; with one shared limit the cheap reads that came
# back within the budget raised it until several batches ran together, each over the budget. A node takes more
# batches at once with more workers (`--workers`). Measured (bench/servicenet_load.py, PostgreSQL, loaded
# machine): p99 at the balancer 162-277 ms at 1, 259-336 ms at 4, for ~30 % less throughput. Reads (feed,
# catalogue, heartbeat, uploads) keep the adaptive limit of their own lane.
BATCHES = ("/v1/cases/batch", "/v1/events/batch", "/v1/audit/batch",
           "/sandbox/bench/bare-batch")  # and the load bench's bare limit (servicenet/benchbare.py)
READS = ("/v1/status-feed", "/v1/catalogue", "/v1/devices/heartbeat", "/v1/attachments", "/sandbox/bench/bare-feed")
COUNTED = BATCHES + READS
DEFAULT_MAX_BATCHES = 1


def too_large(field: str, count: int) -> str:
    return (f"批量过大 / batch too large: body.{field} holds {count} items, at most {MAX_BATCH} per request; "
            f"send them in smaller batches")


def max_inflight_from_env() -> int:
    return int(os.environ.get("SERVICENET_MAX_INFLIGHT", DEFAULT_MAX_INFLIGHT))


def max_batches_from_env() -> int:
    return int(os.environ.get("SERVICENET_MAX_BATCHES", DEFAULT_MAX_BATCHES))


def install(app: Any) -> None:
    """Admission control on a FastAPI/Starlette app: the batch lane and the reads lane, each its own limit."""
    app.add_middleware(Backpressure, paths=READS)
    app.add_middleware(Backpressure, paths=BATCHES, max_inflight=max_batches_from_env())


def budget_from_env() -> float:
    """The latency budget of an admitted request at this layer, in seconds."""
    return float(os.environ.get("SERVICENET_LATENCY_BUDGET_MS", DEFAULT_BUDGET_MS)) / 1000


class Backpressure:
    """Pure ASGI middleware: adaptive in-flight limit and budgeted queue over the kiosks' background sync (one
    per worker process)."""

    def __init__(self, app: Any, max_inflight: int | None = None, retry_after: int = DEFAULT_RETRY_AFTER,
                 budget: float | None = None, clock: Callable[[], float] = time.monotonic,
                 start: int = START_INFLIGHT, rng: Callable[[], float] = random.random,
                 paths: tuple[str, ...] = COUNTED) -> None:
        self.app = app
        self.paths = paths  # the path prefixes this one counts (a lane)
        self.max_inflight = max_inflight if max_inflight is not None else max_inflight_from_env()
        self.retry_after = retry_after  # the least Retry-After
        self.budget = budget if budget is not None else budget_from_env()
        self.clock = clock
        self.rng = rng
        self.limit = float(max(1, min(start, self.max_inflight)))  # slow start: grows within the budget
        self.inflight = 0
        self.waiting: deque[asyncio.Future[None]] = deque()
        self.service = self.budget  # mean service time (EWMA); pessimistic until the first answer
        self.served = 0
        self.shed = 0  # requests answered 429 so far (for tests and logs)
        self._cut_at = 0.0

    def slots(self) -> int:
        return max(1, int(self.limit))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.paths) or self.max_inflight <= 0:
            await self.app(scope, receive, send)
            return
        arrived = self.clock()
        if self.inflight < self.slots():
            self.inflight += 1
        elif not await self._queue():  # when it is admitted, a finishing request handed it its slot
            await self._refuse(send)
            return
        started = self.clock()

        async def timed(message: dict[str, Any]) -> None:  # Server-Timing: its wait here, and its whole time
            if message["type"] == "http.response.start":
                now = self.clock()
                timing = f"queue;dur={(started - arrived) * 1000:.1f}, total;dur={(now - arrived) * 1000:.1f}"
                message = {**message, "headers": [*message.get("headers", []), (b"server-timing", timing.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, timed)
        finally:
            done = self.clock()
            self._learn(started, done - started, done - arrived, done)
            self._release()

    async def _queue(self) -> bool:
        """Wait for a slot when the expected wait fits the budget; False: shed."""
        room = self.budget - self.service
        ahead = len(self.waiting) + 1
        if math.ceil(ahead / self.slots()) * self.service > room:
            return False
        ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append(ticket)
        try:
            await asyncio.wait_for(ticket, room)
        except TimeoutError:
            return False
        except asyncio.CancelledError:
            if ticket.done() and not ticket.cancelled():
                self._release()  # it was handed a slot it will not use
            raise
        finally:
            if ticket in self.waiting:
                self.waiting.remove(ticket)
        return True

    def _release(self) -> None:
        """Hand the slot to the first waiter, or free it (also when the limit has come down)."""
        if self.inflight <= self.slots():
            while self.waiting:
                ticket = self.waiting.popleft()
                if not ticket.done():
                    ticket.set_result(None)
                    return
        self.inflight -= 1

    def _learn(self, started: float, service: float, total: float, now: float) -> None:
        self.service = service if self.served == 0 else 0.8 * self.service + 0.2 * service
        self.served += 1
        if total > self.budget:
            if started >= self._cut_at:  # it ran under the present limit (older ones tell of the old one)
                # Little's law: as many at once as would have finished within the budget
                self.limit = max(1.0, min(self.limit, self.inflight) * self.budget / total)
                self._cut_at = now
        elif total <= self.budget / 2 and self.inflight >= self.limit / 2:  # raised only with room to spare
            # (a batch that merely fit the budget, one more at once would push over it) and while the limit is
            # used: a quiet spell does not
            self.limit = min(float(self.max_inflight), self.limit + 1 / self.limit)  # open it to a burst

    def retry_after_now(self) -> int:
        """Seconds for this refusal's Retry-After: drawn from [retry_after, retry_after + SPREAD), so a herd refused
        together comes back spread out (and each kiosk backs off further as refusals go on, sync/engine.py)."""
        return int(self.retry_after + SPREAD * self.rng())

    async def _refuse(self, send: Any) -> None:
        self.shed += 1
        wait = self.retry_after_now()
        body = json.dumps({"detail": f"服务繁忙，请稍后重试 / overloaded: {self.inflight} requests in "
                                     f"progress, retry after {wait} s"}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 429, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(wait).encode())]})
        await send({"type": "http.response.body", "body": body})
