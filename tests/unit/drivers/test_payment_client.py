"""drivers.payment.client: how the kiosk reads the gateway's answers, against a small HTTP server on 127.0.0.1
that answers what each test scripts (a real socket; the gateway itself is tested in tests/integration)."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from domain.payment import PayState
from drivers.base import OrderNotFound, PaymentProvider, PaymentRefused, PaymentUnavailable
from drivers.payment.client import HttpPaymentProvider

ORDER = {"out_trade_no": "44010500126112600017K001", "case_code": "44010500126112600017", "flow": "native",
         "state": "NOTPAY", "amount_cents": 2000, "fee_item": "工本费", "transaction_id": "", "paid_at": None,
         "code_url": "weixin://wxpay/bizpayurl?pr=abc", "expires_at": "2026-11-26T10:02:00+08:00", "recall": False,
         "message": ""}


class Script:
    def __init__(self) -> None:
        self.status, self.body, self.headers = 200, ORDER, {"Servicenet-Api": "1"}
        self.seen: list[tuple[str, str, Any]] = []


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            script.seen.append((self.command, self.path, body))
            data = json.dumps(script.body).encode() if not isinstance(script.body, bytes) else script.body
            self.send_response(script.status)
            for k, v in script.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", script
    httpd.shutdown()
    httpd.server_close()


def test_calls_and_answers(server: tuple[str, Script]) -> None:
    url, script = server
    client = HttpPaymentProvider(url + "/", timeout=2)
    assert isinstance(client, PaymentProvider)
    trade = client.create_native(ORDER["out_trade_no"], ORDER["case_code"], 2000, "工本费", 180)
    assert trade.state == PayState.NOTPAY and trade.code_url == ORDER["code_url"] and trade.expires_at is not None
    assert script.seen[-1] == ("POST", "/v1/payments/native", {
        "out_trade_no": ORDER["out_trade_no"], "case_code": ORDER["case_code"], "amount_cents": 2000,
        "fee_item": "工本费", "expire_seconds": 180})
    client.micropay("n", "c", 1, "x", "134567890123456789")
    client.query("n")
    client.close_order("n")
    script.body = {**ORDER, "state": "USERPAYING", "recall": True}
    assert client.reverse("n").recall
    client.refund("n", "nR1", 2000, "收费有误", "S01")
    assert [(m, p) for m, p, _ in script.seen[1:]] == [
        ("POST", "/v1/payments/micropay"), ("GET", "/v1/payments/orders/n"), ("POST", "/v1/payments/orders/n/close"),
        ("POST", "/v1/payments/orders/n/reverse"), ("POST", "/v1/payments/orders/n/refund")]
    script.body = {"orders": [ORDER, {**ORDER, "state": "SUCCESS", "paid_at": "2026-11-26T10:01:00+08:00"}]}
    assert [t.state for t in client.orders_for_case("c")] == [PayState.NOTPAY, PayState.SUCCESS]
    assert client.status().health.value == "ok"
    client.close()


def test_refusals_carry_the_code_and_the_order(server: tuple[str, Script]) -> None:
    url, script = server
    client = HttpPaymentProvider(url)
    script.status, script.body = 409, {"detail": "paid", "code": "ORDERPAID", "order": {**ORDER, "state": "SUCCESS"}}
    with pytest.raises(PaymentRefused) as refused:
        client.close_order("n")
    assert refused.value.code == "ORDERPAID" and refused.value.trade.state == PayState.SUCCESS
    script.status, script.body = 422, {"detail": "bad"}
    with pytest.raises(PaymentRefused) as bad:
        client.create_native("n", "c", 0, "x")
    assert bad.value.code == "HTTP422" and bad.value.trade is None


def test_a_missing_order_and_a_wrong_address_differ(server: tuple[str, Script]) -> None:
    url, script = server
    client = HttpPaymentProvider(url)
    script.status, script.headers = 404, {"Servicenet-Api": "1", "Servicenet-Missing": "1"}
    with pytest.raises(OrderNotFound):
        client.query("n")
    script.headers = {"Servicenet-Api": "1"}  # a 404 for a path this network lacks: not an answer about the order
    with pytest.raises(PaymentUnavailable):
        client.query("n")


@pytest.mark.parametrize(("status", "headers", "body"), [
    (502, {"Servicenet-Api": "1"}, {"detail": "provider unreachable", "code": "PROVIDER_DOWN"}),
    (503, {"Servicenet-Api": "1"}, {"detail": "busy"}),
    (401, {"Servicenet-Api": "1"}, {"error": "unsigned"}),
    (200, {}, {"hello": "portal"}),  # a captive portal
    (200, {"Servicenet-Api": "1"}, b"not json"),
    (200, {"Servicenet-Api": "1"}, {"state": "NOT_A_STATE", "out_trade_no": "n"}),
])
def test_no_usable_answer_is_unavailable(server: tuple[str, Script], status: int, headers: dict[str, str],
                                         body: Any) -> None:
    url, script = server
    script.status, script.headers, script.body = status, headers, body
    client = HttpPaymentProvider(url)
    with pytest.raises(PaymentUnavailable):
        client.query("n")
    assert client.status().health.value == "warning"


def test_nobody_listening_is_unavailable() -> None:
    from servicenet.process import free_port

    with pytest.raises(PaymentUnavailable):
        HttpPaymentProvider(f"http://127.0.0.1:{free_port()}", timeout=1).query("n")
