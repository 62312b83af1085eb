"""domain/signing.py's enroll(): the network's answer is checked before the kiosk names anything after it (its key
file, every signature's keyid). A server on 127.0.0.1 answers as a broken or spoofed network would; the real
network's enrollments are in tests/integration/test_security.py and tests/e2e/test_provision.py."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from domain.signing import DeviceKey, EnrollmentRefused, enroll

GOOD = {"device_id": "440105-007", "device_number": 7, "region": "440105", "network_public_key": "k",
        "person_key": "p", "settings_key": "s"}


@contextmanager
def network(answer: Any) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_a_well_formed_answer_is_the_enrollment() -> None:
    with network(GOOD) as url:
        got = enroll(url, "123456", DeviceKey.generate())
    assert (got.device_id, got.device_number, got.region) == ("440105-007", 7, "440105")


@pytest.mark.parametrize("answer", [
    GOOD | {"device_id": "../../etc/440105-007"},  # would put the key file outside keys/
    GOOD | {"device_id": "440105-008"},  # not the number it gives
    GOOD | {"region": "４４０１０５", "device_id": "４４０１０５-007"},  # not ASCII digits
    GOOD | {"device_number": 0, "device_id": "440105-000"},
    {k: v for k, v in GOOD.items() if k != "person_key"},
    [GOOD],
])
def test_an_answer_that_names_no_device_is_refused(answer: Any) -> None:
    with network(answer) as url, pytest.raises(EnrollmentRefused):
        enroll(url, "123456", DeviceKey.generate())
