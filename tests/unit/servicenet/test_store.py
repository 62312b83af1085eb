"""servicenet/store.py: a device's status feed holds the events of that device's cases only, its moves included;
every way of rejecting a case (the staff command line, the status API, the back office's page and API) needs a
reason the applicant can read."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests
from sqlalchemy.engine import Engine

from domain.status import CaseStatus
from servicenet import store
from servicenet.process import ServicenetProcess
from tests.helpers import sms
from tests.helpers.enroll import http
from tests.unit.servicenet.backoffice.test_cases import act, staff, submitted  # noqa: F401 - fixture
from tests.unit.servicenet.conftest import make_case
from tests.unit.servicenet.results.test_sendout import signed_in
from tests.unit.servicenet.test_cli import cli


def test_a_devices_feed_holds_its_own_cases_events_in_order(seeded_db: Engine) -> None:
    mk = make_case.__wrapped__()
    mine = [mk(i, device_id="440105-001") for i in (1, 2)]
    theirs = [mk(i, device_id="440105-002") for i in (3, 4)]
    web = mk(5, channel="web", device_id="")
    assert [r["result"] for r in store.submit_batch(seeded_db, [mine[0], theirs[0], mine[1], theirs[1]])] == \
        ["created"] * 4
    assert store.submit_one(seeded_db, web)["result"] == "created"
    store.move_status(seeded_db, theirs[0]["code"], CaseStatus.ACCEPTED)
    store.move_status(seeded_db, mine[1]["code"], CaseStatus.ACCEPTED, "已受理")
    feed = store.status_feed(seeded_db, 0, 100, "440105-001")
    assert [(e["code"], e["status"]) for e in feed["events"]] == [
        (mine[0]["code"], "submitted"), (mine[1]["code"], "submitted"), (mine[1]["code"], "accepted")]
    assert feed["cursor"] == feed["events"][-1]["seq"]
    after = store.status_feed(seeded_db, feed["events"][1]["seq"], 100, "440105-001")["events"]
    assert [(e["code"], e["status"], e["note"]) for e in after] == [(mine[1]["code"], "accepted", "已受理")]
    assert store.status_feed(seeded_db, feed["cursor"], 100, "440105-001") == {"events": [], "cursor": feed["cursor"]}
    everyone = store.status_feed(seeded_db, 0, 100)["events"]
    assert len(everyone) == 7 and [e["seq"] for e in everyone] == sorted(e["seq"] for e in everyone)


def test_every_way_of_rejecting_needs_a_reason(servicenet_module: ServicenetProcess,
                                              make_case: Callable[..., dict[str, Any]],
                                              staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """不予受理 (and 不予办理 after 受理) with no reason, or one of whitespace or punctuation only, is refused in the clerk's words by
    `servicenet advance`, POST /v1/cases/{code}/status, the back office's page and its API alike: the case stays
    where it was and no SMS says 理由：未注明. With a reason the case is rejected and the SMS carries it."""
    sn, phone = servicenet_module, "13700137761"
    code = submitted(sn, make_case(761, delivery={"method": "window", "phone": phone}))
    window = signed_in(sn, "R-window", ["window"])
    # nothing, spaces, 全角空格 and a tab, an em space; punctuation alone (the SMS would say 未注明)
    for blank in ("", "   ", "\u3000\t", "\u2003", "。", " —— ", "..."):
        said = cli(sn.db_url, "advance", code, "不予受理", "--note", blank)
        assert said.returncode == 1 and "须写明不予受理的理由" in said.stderr, said.stdout + said.stderr
        assert "Traceback" not in said.stderr
        r = http.post(f"{sn.url}/v1/cases/{code}/status", json={"status": "rejected", "note": blank}, timeout=10)
        assert r.status_code == 422 and "须写明不予受理的理由" in r.json()["detail"], r.text
        page = window.post(f"{sn.url}/admin/cases/{code}/reject", data={"reason": blank}, timeout=10)
        assert page.status_code == 409 and "须写明不予受理的理由" in page.text, page.text[:300]
        assert act(staff, sn, code, "reject", reason=blank).status_code == 422
    assert http.get(f"{sn.url}/v1/cases/{code}", timeout=10).json()["status"] == "submitted"

    assert cli(sn.db_url, "advance", code, "受理").returncode == 0
    said = cli(sn.db_url, "advance", code, "rejected")  # no --note at all
    assert said.returncode == 1 and "须写明不予办理的理由" in said.stderr and "Traceback" not in said.stderr, said.stderr
    r = http.post(f"{sn.url}/v1/cases/{code}/status", json={"status": "rejected"}, timeout=10)
    assert r.status_code == 422 and "须写明不予办理的理由" in r.json()["detail"], r.text
    assert http.get(f"{sn.url}/v1/cases/{code}", timeout=10).json()["status"] == "accepted"

    done = cli(sn.db_url, "advance", code, "不予受理", "--note", "\u3000所交照片不符合制证要求 ")
    assert done.returncode == 0 and done.stdout.strip() == "rejected", done.stderr
    view = http.get(f"{sn.url}/v1/cases/{code}", timeout=10).json()
    assert view["history"][-1]["note"] == "所交照片不符合制证要求"
    texts = sms.inbox(sn.url, phone, 2)
    assert len(texts) == 2 and "已受理" in texts[0], texts
    assert "经审查不予办理，理由：所交照片不符合制证要求。" in texts[1] and "未注明" not in texts[1], texts
