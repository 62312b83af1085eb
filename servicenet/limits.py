"""What servicenet takes at once: batch sizes (413 past them) and requests in flight (429 + Retry-After past it).

- A batch (POST /v1/cases/batch, /v1/events/batch, /v1/audit/batch) holds at most MAX_BATCH items; more is
  413 with a message that says the limit. The kiosk splits a refused batch in halves (sync/engine.py).
- Each worker process serves at most `max_inflight` API requests at a time; one more is answered at once with
  429 and `Retry-After`, before its body is read or its signature checked, so an overloaded network sheds
  load cheaply instead of queueing it. Kiosks wait at least that long (full-jitter backoff, sync/engine.py).
  Default $SERVICENET_MAX_INFLIGHT or 64; `servicenet serve --max-inflight N`.
"""
from __future__ import annotations

import json
import os
from typing import Any

from servicenet.schemas import MAX_BATCH

DEFAULT_MAX_INFLIGHT = 64
DEFAULT_RETRY_AFTER = 2
EXEMPT = frozenset({"/v1/health"})  # a probe must still tell "up but busy" from "down"


def too_large(field: str, count: int) -> str:
    return (f"批量过大 / batch too large: body.{field} holds {count} items, at most {MAX_BATCH} per request; "
            f"send them in smaller batches")


def max_inflight_from_env() -> int:
    return int(os.environ.get("SERVICENET_MAX_INFLIGHT", DEFAULT_MAX_INFLIGHT))


class Backpressure:
    """Pure ASGI middleware: a bounded in-flight counter over /v1/ (one per worker process)."""

    def __init__(self, app: Any, max_inflight: int | None = None, retry_after: int = DEFAULT_RETRY_AFTER) -> None:
        self.app = app
        self.max_inflight = max_inflight if max_inflight is not None else max_inflight_from_env()
        self.retry_after = retry_after
        self.inflight = 0
        self.shed = 0  # requests answered 429 so far (for tests and logs)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/") or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        if self.max_inflight > 0 and self.inflight >= self.max_inflight:
            self.shed += 1
            body = json.dumps({"detail": f"服务繁忙，请稍后重试 / overloaded: {self.inflight} requests in "
                                         f"progress, retry after {self.retry_after} s"}, ensure_ascii=False).encode()
            await send({"type": "http.response.start", "status": 429, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(self.retry_after).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        self.inflight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.inflight -= 1
