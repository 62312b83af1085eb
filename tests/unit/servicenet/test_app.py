"""servicenet over real HTTP: catalogue paging, batch upsert results, case view, status moves and feed."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import requests

from domain import regcode
from domain.models import Person, ServiceItem
from domain.status import CaseStatus
from servicenet.backoffice.view import light
from servicenet.calendar import current
from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.unit.servicenet.conftest import ID_OLD, ID_SFZ, person_id

# what the card gives, and what a business applicant gives before the form (domain/organisation.py)
PREFILL_KEYS = set(Person(name="x", id_number=person_id()).to_wire()) | {"credit_code", "org_name", "rep_role"}
MakeCase = Callable[..., dict[str, Any]]


def post_batch(sn: ServicenetProcess, *cases: dict[str, Any]) -> list[dict[str, Any]]:
    r = http.post(f"{sn.url}/v1/cases/batch", json={"cases": list(cases)}, timeout=10)
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["results"]
    assert len(results) == len(cases)
    return results


def move(sn: ServicenetProcess, code: str, status: str, note: str = "") -> requests.Response:
    return http.post(f"{sn.url}/v1/cases/{code}/status", json={"status": status, "note": note}, timeout=10)


def test_health_and_openapi(servicenet_module: ServicenetProcess) -> None:
    assert http.get(f"{servicenet_module.url}/v1/health", timeout=5).json() == {"ok": True}
    paths = http.get(f"{servicenet_module.url}/openapi.json", timeout=5).json()["paths"]
    assert {"/v1/catalogue", "/v1/cases/batch", "/v1/cases/{code}", "/v1/status-feed"} <= set(paths)


def test_catalogue_has_twenty_valid_items(servicenet_module: ServicenetProcess) -> None:
    body = http.get(f"{servicenet_module.url}/v1/catalogue", timeout=5).json()
    assert body["more"] is False and body["cursor"] == 20
    items = body["items"]
    assert len(items) == 20 and len({i["code"] for i in items}) == 20
    for raw in items:
        assert raw.pop("deleted") is False
        assert ServiceItem.from_wire(raw).to_wire() == raw
        schema = raw["form_schema"]
        props = schema["properties"]
        assert schema["type"] == "object" and 3 <= len(props) <= 8
        assert {"name", "id_number", "phone"} <= set(schema["required"]) <= set(props)
        assert schema["x-order"] == list(props)
        for f in props.values():
            assert f["type"] in ("string", "integer") and f["title"]
            assert f.get("x-prefill", "name") in PREFILL_KEYS
        assert raw["time_limit_days"] > 0 and raw["materials"] and raw["keywords"] and raw["location"]
    by_name = {i["name"]: i for i in items}
    assert by_name["居民身份证换领"]["fee_cents"] == 2000
    assert "sfz" in by_name["居民身份证换领"]["keywords"]
    assert {i["category"] for i in items} == {"个人办事", "法人办事"}


def test_catalogue_pages_by_cursor(servicenet_module: ServicenetProcess) -> None:
    cursor, seen, pages = 0, [], []
    while True:
        body = http.get(f"{servicenet_module.url}/v1/catalogue", params={"cursor": cursor, "limit": 7},
                            timeout=5).json()
        pages.append((len(body["items"]), body["more"]))
        seen += [i["code"] for i in body["items"]]
        assert body["cursor"] > cursor
        cursor = body["cursor"]
        if not body["more"]:
            break
    assert pages == [(7, True), (7, True), (6, False)]
    assert len(set(seen)) == 20
    tail = http.get(f"{servicenet_module.url}/v1/catalogue", params={"cursor": cursor}, timeout=5).json()
    version = tail.pop("calendar")["version"]  # the working-day calendar rides along (domain/workdays.py)
    assert tail == {"items": [], "cursor": cursor, "more": False, "remaining": 0}
    held = http.get(f"{servicenet_module.url}/v1/catalogue", params={"cursor": cursor, "calendar": version},
                    timeout=5).json()
    assert held == {"items": [], "cursor": cursor, "more": False, "remaining": 0, "calendar": None}
    bad = http.get(f"{servicenet_module.url}/v1/catalogue", params={"limit": 0}, timeout=5)
    assert bad.status_code == 422 and isinstance(bad.json()["detail"], str)


def test_batch_created_duplicate_conflict(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    a, b = make_case(1), make_case(2, service_code=ID_OLD, form={"name": "李四", "id_number": person_id(),
                                                                 "phone": "13900139000"})
    first = post_batch(servicenet_module, a, b)
    assert [r["result"] for r in first] == ["created", "created"]
    assert [r["code"] for r in first] == [a["code"], b["code"]]
    assert all(r["status"] == "submitted" for r in first)

    changed = make_case(1, form={**a["form"], "phone": "13700137000"})
    again = post_batch(servicenet_module, a, changed)
    assert again[0]["result"] == "duplicate" and again[0]["status"] == "submitted"
    assert again[1]["result"] == "conflict" and "different content" in again[1]["message"]

    # the conflicting copy did not replace the first one
    view = http.get(f"{servicenet_module.url}/v1/cases/{a['code']}", timeout=5).json()
    assert len(view["history"]) == 1


def test_batch_invalid_cases_in_order(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    good = make_case(10)
    bad_check = make_case(11)
    bad_check["code"] = bad_check["code"][:-1] + str((int(bad_check["code"][-1]) + 1) % 10)
    unknown = make_case(12, service_code="no-such-service")
    missing = make_case(13)
    del missing["form"]["reason"]
    blank = make_case(14)
    blank["form"]["phone"] = "  "
    bad_id = make_case(15)
    bad_id["applicant"] = {**bad_id["applicant"], "id_number": "440105194912310021"}
    naive = make_case(16, submitted_at="2026-11-26T10:05:00")
    no_form = make_case(17)
    del no_form["form"]
    results = post_batch(servicenet_module, bad_check, unknown, good, missing, blank, bad_id, naive, no_form)
    assert [r["result"] for r in results] == ["invalid", "invalid", "created", "invalid", "invalid", "invalid",
                                              "invalid", "invalid"]
    assert "check digit" in results[0]["message"]
    assert "unknown service" in results[1]["message"]
    assert "reason" in results[3]["message"] and "换领事由" in results[3]["message"]
    assert "phone" in results[4]["message"]
    assert "id_number" in results[5]["message"]
    assert all(r["status"] is None for i, r in enumerate(results) if i != 2)
    assert http.get(f"{servicenet_module.url}/v1/cases/{unknown['code']}", timeout=5).status_code == 404


def test_batch_over_100_is_413(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    r = http.post(f"{servicenet_module.url}/v1/cases/batch",
                      json={"cases": [make_case(100 + i) for i in range(101)]}, timeout=10)
    assert r.status_code == 413 and "at most 100" in r.json()["detail"] and "101" in r.json()["detail"]
    assert http.get(f"{servicenet_module.url}/v1/cases/{make_case(100)['code']}", timeout=5).status_code == 404


def test_case_view(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    case = make_case(20)
    post_batch(servicenet_module, case)
    view = http.get(f"{servicenet_module.url}/v1/cases/{case['code']}", timeout=5).json()
    assert view == {
        "code": case["code"], "service_code": ID_SFZ, "service_name": "居民身份证换领", "channel": "kiosk",
        "status": "submitted", "submitted_at": "2026-11-26T10:05:00+08:00", "due_date": "2026-12-24",
        "time_limit_days": 20, "applicant_masked_name": "张*", "complete": True, "attachments": [], "rating": None,
        "history": [{"status": "submitted", "at": "2026-11-26T10:05:00+08:00", "note": ""}],
        # back office: no 补正 open, the deadline is the due date (nothing paused), counted from today
        "supplement": None, "deadline": "2026-12-24", "days_left": current().working_days_between(date.today(), date(2026, 12, 24)),
        "overdue": date.today() > date(2026, 12, 24),
        "light": light(current().working_days_between(date.today(), date(2026, 12, 24))),
        # no delivery chosen: collected at the window (servicenet/results/delivery.py)
        "delivery": {"method": "window", "method_label": "窗口领取", "carrier": "", "waybill": "",
                     "posted_at": None},
    }


def test_unknown_case_is_404(servicenet_module: ServicenetProcess) -> None:
    code = regcode.make("440105", 9, __import__("datetime").date(2026, 1, 1), 9999)
    r = http.get(f"{servicenet_module.url}/v1/cases/{code}", timeout=5)
    assert r.status_code == 404 and "not found" in r.json()["detail"]
    assert move(servicenet_module, code, "accepted").status_code == 404


def test_status_moves_and_feed(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    feed_url = f"{servicenet_module.url}/v1/status-feed"
    start = http.get(feed_url, params={"cursor": 0, "limit": 1000}, timeout=5).json()["cursor"]
    case = make_case(30)
    post_batch(servicenet_module, case)
    for status, note in [("accepted", "材料齐全，予以受理"), ("in_progress", ""), ("completed", "证件已制作完成")]:
        r = move(servicenet_module, case["code"], status, note)
        assert r.status_code == 200, r.text
        assert r.json()["status"] == status
    view = r.json()
    assert [h["status"] for h in view["history"]] == ["submitted", "accepted", "in_progress", "completed"]
    assert view["history"][1]["note"] == "材料齐全，予以受理"

    feed = http.get(feed_url, params={"cursor": start}, timeout=5).json()
    mine = [e for e in feed["events"] if e["code"] == case["code"]]
    assert [e["status"] for e in mine] == ["submitted", "accepted", "in_progress", "completed"]
    seqs = [e["seq"] for e in feed["events"]]
    assert seqs == sorted(seqs) and seqs[0] > start and feed["cursor"] == seqs[-1]
    # paging by cursor: limit=1 walks the same events one by one
    cursor, walked = start, []
    while True:
        page = http.get(feed_url, params={"cursor": cursor, "limit": 1}, timeout=5).json()
        if not page["events"]:
            assert page["cursor"] == cursor
            break
        walked += page["events"]
        cursor = page["cursor"]
    assert walked == feed["events"]


def test_illegal_transition_is_409(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    case = make_case(40)
    post_batch(servicenet_module, case)
    r = move(servicenet_module, case["code"], "completed")
    assert r.status_code == 409 and "submitted -> completed" in r.json()["detail"]
    assert move(servicenet_module, case["code"], "rejected", "材料不全").status_code == 200
    r = move(servicenet_module, case["code"], "accepted")
    assert r.status_code == 409 and "当前状态为「不予受理」，不能改为「受理」" in r.json()["detail"]
    assert move(servicenet_module, case["code"], "bogus").status_code == 422
    view = http.get(f"{servicenet_module.url}/v1/cases/{case['code']}", timeout=5).json()
    assert view["status"] == CaseStatus.REJECTED.value and len(view["history"]) == 2



def test_track_page_for_a_receipt_qr(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    case = make_case(77)
    post_batch(servicenet_module, case)
    move(servicenet_module, case["code"], "accepted", "材料齐全")
    page = http.get(f"{servicenet_module.url}/track/{case['code']}", timeout=5)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "受理" in page.text and "材料齐全" not in page.text  # status words only (the note is the clerk's)
    assert case["applicant"]["name"] not in page.text  # no personal data on a public page
    missing = http.get(f"{servicenet_module.url}/track/00000000000000000000", timeout=5)
    assert missing.status_code == 404 and "未找到" in missing.text
