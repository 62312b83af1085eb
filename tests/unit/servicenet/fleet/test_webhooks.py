"""Alerts to a webhook: one signed delivery per alert event, from an outbox that survives outages and restarts.

The receiver is a real HTTP server on 127.0.0.1 that checks the HMAC with the standard library's hmac only."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from servicenet import db
from servicenet.fleet import alerts, webhooks
from servicenet.heartbeat import record
from tests.helpers.webhook_receiver import Receiver, signature_ok
from tests.unit.servicenet.conftest import servicenet  # noqa: F401 - fixture
from tests.unit.servicenet.fleet.test_alerts import PAPER_OUT, add_kiosk, beat

SECRET = "s3cret-for-the-hall-operators-0123456789"


class Clock:
    def __init__(self) -> None:
        self.t = time.time()

    def __call__(self) -> float:
        return self.t


def test_paper_out_is_one_signed_delivery_and_its_clearing_another(memory_db: Engine) -> None:
    kiosk = add_kiosk(memory_db, 1)
    with Receiver(SECRET) as rx:
        assert webhooks.set_webhook(memory_db, "hall:鳌头镇便民服务中心", rx.url, "A1", SECRET) == SECRET
        clock = Clock()
        now = clock.t
        for i in range(4):  # four beats with the paper out: one alert, one delivery
            record(memory_db, kiosk, beat(now + i, printer=PAPER_OUT), now + i)
        clock.t += 4
        sender = webhooks.Sender(memory_db, clock=clock)
        assert sender.drain() == 1 and sender.drain() == 0
        [(headers, body)] = rx.wait(1)
        assert body["event"] == "alert.raised" and body["alert"]["device_id"] == kiosk
        assert body["alert"]["condition"] == "paper_out" and body["alert"]["hall_name"] == "鳌头镇便民服务中心"
        assert headers["Servicenet-Delivery"] == body["delivery"] == f"fleet-alert:{body['alert']['id']}:raised"
        assert alerts.listing(memory_db)[0]["notified"] == "webhook:hall:鳌头镇便民服务中心"

        record(memory_db, kiosk, beat(now + 10), now + 10)  # paper back
        clock.t += 6
        assert sender.drain() == 1
        assert [b["event"] for _, b in rx.wait(2)] == ["alert.raised", "alert.cleared"]
        assert rx.accepted[1][1]["alert"]["resolved_at"] is not None and rx.refused == []


def test_an_outage_is_retried_until_the_receiver_takes_it(memory_db: Engine) -> None:
    kiosk = add_kiosk(memory_db, 1)
    clock = Clock()
    with Receiver(SECRET) as rx:
        webhooks.set_webhook(memory_db, "*", rx.url, secret=SECRET)
        record(memory_db, kiosk, beat(clock.t, quarantined=2), clock.t)
        sender = webhooks.Sender(memory_db, clock=clock)
        rx.fail_next = 2  # the receiver answers 503 twice
        assert sender.drain() == 0
        [row] = webhooks.deliveries(memory_db)
        assert row["state"] == "queued" and row["attempts"] == 1 and row["last_error"] == "HTTP 503"
        assert sender.drain() == 0  # not due yet: backoff
        clock.t += 2.5
        assert sender.drain() == 0  # the second 503
        assert webhooks.listing(memory_db)[0]["last_error"] == "HTTP 503"
        clock.t += 4.5
        assert sender.drain() == 1
        [(_, body)] = rx.wait(1)
        assert body["alert"]["condition"] == "quarantined" and rx.refused == ["outage", "outage"]
        [row] = webhooks.deliveries(memory_db)
        assert row["state"] == "sent" and row["attempts"] == 3
        assert webhooks.listing(memory_db)[0]["last_state"] == "sent"


def test_the_outbox_survives_a_restart_and_a_dead_sender(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'net.db'}"
    first = db.make_engine(url)
    db.create_all(first)
    kiosk = add_kiosk(first, 1)
    rx = Receiver(SECRET).start()
    webhooks.set_webhook(first, f"device:{kiosk}", rx.url, secret=SECRET)
    rx.stop()  # the receiver is down: connection refused
    clock = Clock()
    record(first, kiosk, beat(clock.t, printer=PAPER_OUT), clock.t)
    assert webhooks.Sender(first, clock=clock).drain() == 0
    assert "unreachable" in webhooks.deliveries(first)[0]["last_error"]
    # a node claims the retry and dies before it sends: its lease holds the row, then lapses
    clock.t += 3
    from servicenet import leased
    assert len(leased.claim(first, webhooks.webhook_outbox, "dead-node", clock.t, webhooks.LEASE_SECONDS, 10)) == 1
    first.dispose()

    second = db.make_engine(url)  # servicenet restarted (another process, another owner)
    rx.start()  # the receiver is back, on the same port
    try:
        sender = webhooks.Sender(second, clock=clock)
        assert sender.drain() == 0  # the dead node's lease still holds
        clock.t += webhooks.LEASE_SECONDS + 1
        assert sender.drain() == 1 and sender.drain() == 0
        [(_, body)] = rx.wait(1)
        assert body["alert"]["device_id"] == kiosk and len(rx.accepted) == 1
    finally:
        rx.stop()
        second.dispose()


def test_a_wrong_secret_is_refused_by_the_receiver_and_a_rotated_one_signs_the_retry(memory_db: Engine) -> None:
    kiosk = add_kiosk(memory_db, 1)
    clock = Clock()
    with Receiver(SECRET) as rx:
        webhooks.set_webhook(memory_db, "region:4401", rx.url, secret="not-the-receivers-secret-000")
        record(memory_db, kiosk, beat(clock.t, disk="full"), clock.t)
        sender = webhooks.Sender(memory_db, clock=clock)
        assert sender.drain() == 0 and rx.refused == ["bad signature"]
        webhooks.set_webhook(memory_db, "region:4401", rx.url, secret=SECRET)  # the operator fixes the secret
        clock.t += 3
        assert sender.drain() == 1 and rx.wait(1)[0][1]["alert"]["condition"] == "disk_low"


def test_the_most_specific_scope_wins(memory_db: Engine) -> None:
    a, b, c = add_kiosk(memory_db, 1), add_kiosk(memory_db, 2, "其他大厅"), add_kiosk(memory_db, 3, "第三大厅")
    for scope in ("*", "region:440105", "region:4401", "hall:其他大厅", f"device:{a}"):
        webhooks.set_webhook(memory_db, scope, f"https://ops.example/{len(scope)}")
    with memory_db.connect() as conn:
        assert [webhooks.webhook_for(conn, k) for k in (a, b, c)] == [f"device:{a}", "hall:其他大厅", "region:440105"]


@pytest.mark.parametrize("scope, url", [("hall:", "https://x.example"), ("region:44ab", "https://x.example"),
                                        ("*", "ftp://x.example"), ("*", "https://例子.中国/x"), ("town:1", "http://x"),
                                        ("*", "http://[::1/hook"), ("*", "https://x.example:99999/hook"),
                                        ("device:终端一号", "https://x.example")])
def test_bad_scopes_and_urls_are_refused(memory_db: Engine, scope: str, url: str) -> None:
    with pytest.raises(webhooks.BadWebhook):
        webhooks.set_webhook(memory_db, scope, url)


def test_the_signature_is_hmac_sha256_over_time_and_body() -> None:
    body = b'{"event":"alert.raised"}'
    header = webhooks.sign(SECRET, body, 1_700_000_000)
    assert signature_ok(SECRET, header, body, 1_700_000_000)
    assert not signature_ok(SECRET, header, body + b" ", 1_700_000_000)
    assert not signature_ok(SECRET, header, body, 1_700_000_000 + 3600)  # a replay an hour later


def test_over_http_set_on_admin_and_cli_delivered_by_the_running_network(servicenet) -> None:  # noqa: F811 - the fixture
    import re

    import requests

    from tests.helpers.enroll import http
    from tests.helpers.staff import add_staff
    from tests.unit.servicenet.test_cli import cli
    from tests.unit.servicenet.test_heartbeat import beat as wire_beat

    device = servicenet.creds.device_id
    with Receiver() as rx:
        browser = requests.Session()
        admin = add_staff(servicenet.db_url, "A1", ["admin"])
        assert browser.post(f"{servicenet.url}/admin/login", data=admin.form(), timeout=10).status_code == 200
        bad = browser.post(f"{servicenet.url}/admin/alerts/webhook", timeout=10,
                           data={"scope_kind": "device", "target": device, "url": "ftp://127.0.0.1/x"})
        assert bad.status_code == 422 and "http://" in bad.text
        page = browser.post(f"{servicenet.url}/admin/alerts/webhook", timeout=10,
                            data={"scope_kind": "device", "target": device, "url": rx.url}).text
        rx.secret = re.search(r'id="webhook-secret".*?<code>([0-9a-f]{64})</code>', page, re.S).group(1)
        assert rx.url in page and f"device:{device}" in page
        assert rx.secret not in browser.get(f"{servicenet.url}/admin/alerts", timeout=10).text  # shown once

        url = f"{servicenet.url}/v1/devices/heartbeat"
        rx.fail_next = 1  # the first try meets an outage; the network tries again by itself
        for _ in range(3):
            assert http.post(url, json=wire_beat(quarantined=3, queue_depth=0), timeout=10).status_code == 200
        [(headers, body)] = rx.wait(1)
        assert body["event"] == "alert.raised" and body["alert"]["condition"] == "quarantined"
        assert rx.refused == ["outage"] and headers["Servicenet-Signature"].startswith("t=")
        assert "已送达" in browser.get(f"{servicenet.url}/admin/alerts", timeout=10).text

        done = cli(servicenet.db_url, "fleet", "webhook", "--region", "440105", "--url", rx.url)
        assert done.returncode == 0 and re.fullmatch(r"region:440105\t\S+\t[0-9a-f]{64}", done.stdout.strip())
        assert cli(servicenet.db_url, "fleet", "webhook", "--all", "--url", "mailto:x").returncode == 2
        assert cli(servicenet.db_url, "fleet", "webhook", "--device", device, "--remove").returncode == 0


def test_a_node_posts_a_row_only_while_it_holds_its_lease(memory_db: Engine) -> None:
    """A slow receiver: posting the first rows outlasts the lease on the later ones, which another node may have
    claimed by then. The node leaves them (no second sender of one row at once); they go out once."""
    kiosks = [add_kiosk(memory_db, n) for n in (1, 2, 3)]
    clock = Clock()
    with Receiver(SECRET) as rx:
        webhooks.set_webhook(memory_db, "*", rx.url, secret=SECRET)
        with memory_db.begin() as conn:
            for i, kiosk in enumerate(kiosks):
                webhooks.enqueue(conn, f"test:{i}", kiosk, {"event": "alert.raised"}, clock.t)
        slow = webhooks.Sender(memory_db, clock=clock, owner="slow")
        post = slow._post

        def post_past_the_lease(url: str, secret: str, row: object) -> str:
            answer = post(url, secret, row)
            clock.t += webhooks.LEASE_SECONDS + 1
            return answer

        slow._post = post_past_the_lease  # type: ignore[method-assign]  # the receiver is real, only time passes
        assert slow.drain() == 1
        assert webhooks.Sender(memory_db, clock=clock, owner="other").drain() == 2
        assert sorted(b["delivery"] for _, b in rx.wait(3)) == ["test:0", "test:1", "test:2"]
        assert len(rx.accepted) == 3


def test_only_an_administrator_sees_a_webhook_url_whole(servicenet) -> None:  # noqa: F811 - the fixture
    """A robot webhook's URL is its own credential (钉钉/企业微信: ?access_token=…, key=…): 监察 may look at the
    alerts page, so they see where the alerts go (the host), not the token."""
    import requests

    from tests.helpers.staff import add_staff

    url = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef"
    engine = db.make_engine(servicenet.db_url)
    webhooks.set_webhook(engine, "*", url)
    engine.dispose()
    pages = {}
    for staff_id, role in (("A1", "admin"), ("S1", "supervisor")):
        browser = requests.Session()
        staff = add_staff(servicenet.db_url, staff_id, [role])
        assert browser.post(f"{servicenet.url}/admin/login", data=staff.form(), timeout=10).status_code == 200
        pages[role] = browser.get(f"{servicenet.url}/admin/alerts", timeout=10).text
    assert url.replace("&", "&amp;") in pages["admin"]
    assert "oapi.dingtalk.com" in pages["supervisor"] and "0123456789abcdef" not in pages["supervisor"]
