"""Ratings as case events, cases by person across channels, the per-device status feed, idempotent answers."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain import wire
from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.unit.servicenet.conftest import person_id

MakeCase = Callable[..., dict[str, Any]]


def post(sn: ServicenetProcess, path: str, field: str, *items: dict[str, Any]) -> list[dict[str, Any]]:
    """POST a batch as a kiosk does (`http` waits out admission control's 429 for its Retry-After)."""
    r = http.post(f"{sn.url}{path}", json={field: list(items)}, timeout=5)
    assert r.status_code == 200, r.text
    return r.json()["results"]


def rating(code: str, level: int = 5, **over: Any) -> dict[str, Any]:
    return {"key": f"{code}:rating", "kind": "rating", "code": code, "device_id": "440105-001",
            "at": "2026-11-27T09:00:00+08:00", "body": {"level": level, "reasons": ["办事快"]}} | over


def test_one_rating_per_case(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    case = make_case(601)
    post(servicenet_module, "/v1/cases/batch", "cases", case)
    first = post(servicenet_module, "/v1/events/batch", "events", rating(case["code"]))
    assert first[0]["result"] == "created"
    again, other, unknown, bad_level, bad_key, bad_kind = post(
        servicenet_module, "/v1/events/batch", "events", rating(case["code"]), rating(case["code"], 1),
        rating(make_case(699)["code"]), rating(case["code"], 9), rating(case["code"], key="x"),
        rating(case["code"], kind="gossip"))
    assert again["result"] == "duplicate" and again["first_response"]["result"] == "created"
    assert other["result"] == "conflict"
    assert unknown["result"] == "invalid" and "unknown case" in unknown["message"]
    assert bad_level["result"] == bad_key["result"] == bad_kind["result"] == "invalid"
    view = http.get(f"{servicenet_module.url}/v1/cases/{case['code']}", timeout=5).json()
    assert view["rating"] == {"level": 5, "reasons": ["办事快"], "at": "2026-11-27T09:00:00+08:00"}


def test_a_second_rating_is_already_rated_to_a_kiosk_that_reads_it(servicenet_module: ServicenetProcess,
                                                                   make_case: MakeCase) -> None:
    """Rated at two kiosks before either synced: the first the network took stands. A kiosk that says it reads
    already_rated gets that final answer with the rating that stands (again on a resend); an older kiosk,
    which does not say so, is answered conflict as before; other events' conflicts stay conflicts."""
    case = make_case(602)
    code = case["code"]
    post(servicenet_module, "/v1/cases/batch", "cases", case)
    assert post(servicenet_module, "/v1/events/batch", "events", rating(code))[0]["result"] == "created"
    other = rating(code, 1, device_id="440105-002", body={"level": 1, "reasons": ["too_slow"]})
    paid = {"key": f"{code}:payment:0", "kind": "payment", "code": code, "device_id": "440105-002",
            "at": "2026-11-27T09:00:00+08:00", "body": {"state": "UNPAID"}}
    assert post(servicenet_module, "/v1/events/batch", "events", paid)[0]["result"] == "created"
    newer = "/v1/events/batch?results=already_rated,a_word_of_a_later_kiosk"
    first, again, payment = post(servicenet_module, newer, "events", other, other, paid | {"body": {"state": "X"}})
    stood = {"level": 5, "reasons": ["办事快"], "at": "2026-11-27T09:00:00+08:00"}
    assert first["result"] == again["result"] == "already_rated" and first["rating"] == again["rating"] == stood
    assert "first rating stands" in first["message"] and first["key"] == f"{code}:rating"
    assert payment["result"] == "conflict" and payment["rating"] is None
    [old] = post(servicenet_module, "/v1/events/batch", "events", other)
    assert old["result"] == "conflict"
    assert http.get(f"{servicenet_module.url}/v1/cases/{code}", timeout=5).json()["rating"] == stood


def test_cases_by_person_from_both_channels(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    someone = person_id("44010519800101123")
    applicant = {"name": "王五", "id_number": someone, "source": "id_card"}
    kiosk = make_case(610, applicant=applicant, form={**make_case(610)["form"], "id_number": someone})
    web = make_case(611, channel="web", device_id="", applicant=applicant,
                    submitted_at="2026-11-27T10:05:00+08:00", form={**make_case(611)["form"], "id_number": someone})
    post(servicenet_module, "/v1/cases/batch", "cases", kiosk, web)
    person = wire.person_hash(wire.DEV_PERSON_KEY, someone)
    found = http.get(f"{servicenet_module.url}/v1/cases", params={"person": person}, timeout=5).json()["cases"]
    assert [(c["code"], c["channel"]) for c in found] == [(web["code"], "web"), (kiosk["code"], "kiosk")]
    assert found[0]["applicant_masked_name"] == "王*" and someone not in str(found)
    assert http.get(f"{servicenet_module.url}/v1/cases", params={"person": someone}, timeout=5).status_code == 422


def test_duplicates_in_one_batch_and_the_first_answer(servicenet_module: ServicenetProcess,
                                                      make_case: MakeCase) -> None:
    a = make_case(620)
    b = make_case(620, form={**a["form"], "phone": "13700137000"})
    first, same, other = post(servicenet_module, "/v1/cases/batch", "cases", a, a, b)
    assert (first["result"], same["result"], other["result"]) == ("created", "duplicate", "conflict")
    [later] = post(servicenet_module, "/v1/cases/batch", "cases", a)
    assert later["result"] == "duplicate"
    assert later["first_response"]["result"] == "created" and later["first_response"]["received_at"]


def test_status_feed_for_one_device(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    mine, theirs = make_case(630, device_id="440105-077"), make_case(631, device_id="440105-078")
    post(servicenet_module, "/v1/cases/batch", "cases", mine, theirs)
    feed = http.get(f"{servicenet_module.url}/v1/status-feed",
                        params={"cursor": 0, "limit": 1000, "device": "440105-077"}, timeout=5).json()
    assert [e["code"] for e in feed["events"]] == [mine["code"]]


def test_every_answer_says_it_is_servicenet(servicenet_module: ServicenetProcess) -> None:
    for path in ("/v1/health", "/v1/no-such-path", "/v1/cases/12345"):
        r = http.get(f"{servicenet_module.url}{path}", timeout=5)
        assert r.headers["Servicenet-Api"] == "1"
    assert "Servicenet-Missing" not in http.get(f"{servicenet_module.url}/v1/nothing", timeout=5).headers
    assert http.get(f"{servicenet_module.url}/v1/cases/12345", timeout=5).headers["Servicenet-Missing"] == "1"


def test_concurrent_uploads_of_one_batch_create_each_case_once(servicenet_module: ServicenetProcess,
                                                               make_case: MakeCase) -> None:
    from concurrent.futures import ThreadPoolExecutor

    batch = [make_case(640 + i) for i in range(10)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: post(servicenet_module, "/v1/cases/batch", "cases", *batch), range(8)))
    for i, case in enumerate(batch):
        results = [a[i]["result"] for a in answers]
        assert results.count("created") == 1 and results.count("duplicate") == 7, (case["code"], results)
    feed = http.get(f"{servicenet_module.url}/v1/status-feed", params={"cursor": 0, "limit": 1000},
                        timeout=5).json()["events"]
    codes = [e["code"] for e in feed if e["status"] == "submitted"]
    assert all(codes.count(c["code"]) == 1 for c in batch)
