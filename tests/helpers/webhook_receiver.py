"""A webhook receiver on 127.0.0.1 that checks the alert signature on its own (stdlib hmac, no servicenet code).

    with Receiver(secret) as rx:          # rx.url to give the network
        rx.fail_next = 2                  # answer 503 to the next two deliveries (an outage)
        rx.wait(1)                        # the accepted deliveries: [(headers, body dict)]
    rx.stop(); rx.start()                 # down (connection refused) and back on the same port
"""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def signature_ok(secret: str, header: str, body: bytes, now: float, window: float = 300.0) -> bool:
    """Servicenet-Signature: t=<unix>,sha256=<hex> over "<t>." + body, as docs/wire.md says."""
    fields = dict(part.strip().split("=", 1) for part in header.split(",") if "=" in part)
    try:
        t = int(fields["t"])
    except (KeyError, ValueError):
        return False
    want = hmac.new(secret.encode(), str(t).encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, fields.get("sha256", "")) and abs(now - t) <= window


class Receiver:
    def __init__(self, secret: str = "") -> None:
        self.secret = secret
        self.fail_next = 0
        self.accepted: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.refused: list[str] = []  # why each refused request was refused
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/alerts"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        rx = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with rx._lock:
                    if rx.fail_next > 0:
                        rx.fail_next -= 1
                        rx.refused.append("outage")
                        return self._answer(503)
                    if not signature_ok(rx.secret, self.headers.get("Servicenet-Signature", ""), body, time.time()):
                        rx.refused.append("bad signature")
                        return self._answer(401)
                    rx.accepted.append((dict(self.headers.items()), json.loads(body)))
                self._answer(204)

            def _answer(self, status: int) -> None:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        return Handler

    def start(self) -> Receiver:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def wait(self, n: int, timeout: float = 20.0) -> list[tuple[dict[str, str], dict[str, Any]]]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if len(self.accepted) >= n:
                    return list(self.accepted)
            time.sleep(0.05)
        raise AssertionError(f"{len(self.accepted)} deliveries accepted, wanted {n} (refused: {self.refused})")

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
