"""The back office as API and CLI: accept, 补正 (one-time list, shown in the case view), approve/finish, reject
with a reason; time limits paused by 补正 and the overdue list (电子监察); the staff pages."""
from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
import requests

from servicenet.backoffice.view import supervision
from servicenet.calendar import current
from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.helpers.staff import add_staff
from tests.unit.servicenet.conftest import ID_OLD, person_id
from tests.unit.servicenet.test_cli import cli

MakeCase = Callable[..., dict[str, Any]]


@pytest.fixture(scope="module")
def staff(servicenet_module: ServicenetProcess) -> requests.Session:
    done = cli(servicenet_module.db_url, "office", "staff-token", "--staff-id", "S001", "--name", "王五",
               "--role", "window", "--role", "handler", "--department", "*")
    assert done.returncode == 0, done.stderr
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {done.stdout.strip()}"
    return s


def submitted(sn: ServicenetProcess, case: dict[str, Any]) -> str:
    r = http.post(f"{sn.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.json()["results"][0]["result"] == "created", r.text
    return str(case["code"])


def act(staff: requests.Session, sn: ServicenetProcess, code: str, action: str, **body: Any) -> requests.Response:
    return staff.post(f"{sn.url}/v1/backoffice/cases/{code}/{action}", json=body, timeout=10)


def test_needs_a_staff_token(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    code = submitted(servicenet_module, make_case(601))
    for headers in ({}, {"Authorization": "Bearer st_nope"}):
        r = requests.post(f"{servicenet_module.url}/v1/backoffice/cases/{code}/accept", json={}, headers=headers,
                          timeout=10)
        assert r.status_code == 401 and "staff" in r.json()["detail"]
    # a kiosk's signature is not a staff token
    assert http.post(f"{servicenet_module.url}/v1/backoffice/cases/{code}/accept", json={},
                     timeout=10).status_code == 401


def test_accept_supplement_received_complete(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                             staff: requests.Session) -> None:
    sn = servicenet_module
    code = submitted(sn, make_case(602))
    missing = ["居民户口簿原件", "近期免冠彩色照片"]
    r = act(staff, sn, code, "supplement", missing=missing, note="请于5个工作日内补交")
    assert r.status_code == 200, r.text
    assert r.json()["supplement"]["missing"] == missing and r.json()["status"] == "submitted"
    # what the kiosk's track screen reads: GET /v1/cases/{code} (signed) carries the open request
    view = http.get(f"{sn.url}/v1/cases/{code}", timeout=10).json()
    assert view["supplement"] == {"missing": missing, "note": "请于5个工作日内补交",
                                  "requested_at": r.json()["supplement"]["requested_at"]}
    again = act(staff, sn, code, "supplement", missing=["别的"])
    assert again.status_code == 409 and "一次性告知" in again.json()["detail"]
    assert act(staff, sn, code, "accept", note="材料齐全").status_code == 200
    finish = act(staff, sn, code, "complete", note="准予办理")
    assert finish.status_code == 409 and "补正" in finish.json()["detail"]
    assert staff.post(f"{sn.url}/v1/backoffice/cases/{code}/supplement/received", timeout=10).json()["supplement"] \
        is None
    done = act(staff, sn, code, "complete", note="准予办理")
    assert done.status_code == 200
    body = done.json()
    assert [h["status"] for h in body["history"]] == ["submitted", "accepted", "in_progress", "completed"]
    assert body["history"][-1]["note"] == "准予办理" and body["days_left"] is None
    # kiosks learn each move from the status feed, as for any status change
    feed = http.get(f"{sn.url}/v1/status-feed", params={"limit": 1000}, timeout=10).json()["events"]
    assert [e["status"] for e in feed if e["code"] == code] == ["submitted", "accepted", "in_progress", "completed"]
    assert act(staff, sn, code, "supplement", missing=["x"]).status_code == 409  # finished: no more 补正


def test_reject_needs_a_reason_and_closes_the_supplement(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                         staff: requests.Session) -> None:
    sn = servicenet_module
    code = submitted(sn, make_case(603))
    assert act(staff, sn, code, "supplement", missing=["证明材料"]).status_code == 200
    assert act(staff, sn, code, "reject", reason="  ").status_code == 422
    assert act(staff, sn, code, "reject").status_code == 422
    r = act(staff, sn, code, "reject", reason="不符合申请条件：非本镇常住户口")
    assert r.status_code == 200
    assert r.json()["status"] == "rejected" and r.json()["supplement"] is None
    assert r.json()["history"][-1]["note"] == "不符合申请条件：非本镇常住户口"
    assert act(staff, sn, code, "accept").status_code == 409


def test_unknown_case_and_bad_bodies(servicenet_module: ServicenetProcess, staff: requests.Session) -> None:
    sn = servicenet_module
    r = act(staff, sn, "44010500126112699990", "accept")
    assert r.status_code == 404 and r.headers.get("Servicenet-Missing") == "1"
    assert act(staff, sn, "44010500126112699990", "supplement", missing=[]).status_code == 422
    assert act(staff, sn, "44010500126112699990", "supplement", missing=["  "]).status_code == 422


def test_staff_case_list(servicenet_module: ServicenetProcess, make_case: MakeCase, staff: requests.Session) -> None:
    code = submitted(servicenet_module, make_case(604))
    r = staff.get(f"{servicenet_module.url}/v1/backoffice/cases", params={"status": "submitted"}, timeout=10)
    assert r.status_code == 200 and code in [c["code"] for c in r.json()["cases"]]
    assert all(c["status"] == "submitted" for c in r.json()["cases"])


def test_overdue_cli_lists_late_open_cases(servicenet: ServicenetProcess, make_case: MakeCase) -> None:
    today = date.today()
    start = f"{today - timedelta(days=15)}T09:00:00+08:00"  # 20 working days from then
    due = current().add_working_days(today - timedelta(days=15), 20)
    late = submitted(servicenet, make_case(1, submitted_at=start))
    paused = submitted(servicenet, make_case(2, submitted_at=start))
    done = submitted(servicenet, make_case(3, submitted_at=start))
    fresh = submitted(servicenet, make_case(4, submitted_at=f"{today}T09:00:00+08:00"))
    assert cli(servicenet.db_url, "office", "supplement", paused, "--missing", "户口簿").returncode == 0
    assert cli(servicenet.db_url, "office", "accept", done).returncode == 0
    assert cli(servicenet.db_url, "office", "complete", done, "--note", "办结").returncode == 0
    # five working days late (five calendar days after a due date before 国庆 or 春节 may all be days off)
    five_days_late = current().add_working_days(due, 5)
    out = cli(servicenet.db_url, "office", "overdue", "--today", str(five_days_late))
    assert out.returncode == 0, out.stderr
    rows = [line.split("\t") for line in out.stdout.splitlines()]
    assert [r[0] for r in rows] == [late]  # the paused one waits for its 补正; the finished one is done
    assert rows[0][2] == str(due) and rows[0][3] == "-5"
    soon = cli(servicenet.db_url, "office", "overdue", "--today", str(due - timedelta(days=2)), "--soon", "2").stdout
    assert late in soon and paused not in soon and fresh not in soon  # the paused days push its deadline on
    assert cli(servicenet.db_url, "office", "overdue").stdout == ""  # nothing is late today
    bad = cli(servicenet.db_url, "office", "reject", late, "--reason", "")
    assert bad.returncode == 1 and "reason" in bad.stderr
    shown = cli(servicenet.db_url, "office", "reject", late, "--reason", "逾期未补正")
    assert shown.returncode == 0 and "\trejected\t不予受理\t" in shown.stdout


def test_supervision_pauses_for_supplement() -> None:
    today = date(2026, 3, 10)
    hist = [{"status": "submitted", "at": "2026-03-01T09:00:00+08:00"}]
    assert supervision("2026-03-08", hist, [], today) == {"deadline": "2026-03-08", "days_left": -2, "overdue": True,
                                                          "light": "red"}  # working days: 9th and 10th
    sup = [{"requested_at": "2026-03-02T10:00:00+08:00", "resolved_at": "2026-03-06T10:00:00+08:00"}]
    assert supervision("2026-03-08", hist, sup, today) == {"deadline": "2026-03-12", "days_left": 2, "overdue": False,
                                                           "light": "green"}  # 4 working days waited
    open_ = [{"requested_at": "2026-03-05T10:00:00+08:00", "resolved_at": None}]
    assert supervision("2026-03-08", hist, open_, today)["overdue"] is False  # the clock is stopped
    finished = hist + [{"status": "completed", "at": "2026-03-09T16:00:00+08:00"}]
    assert supervision("2026-03-08", finished, [], today) == {"deadline": "2026-03-08", "days_left": None,
                                                               "overdue": True, "light": ""}  # 超期办结
    assert supervision("2026-03-08", finished, [], today + timedelta(days=30))["overdue"] is True


def test_staff_pages(servicenet_module: ServicenetProcess, make_case: MakeCase, staff: requests.Session) -> None:
    sn = servicenet_module
    code = submitted(sn, make_case(605))
    browser = requests.Session()
    r = browser.get(f"{sn.url}/admin/cases/{code}", allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"].startswith("/admin/login")
    clerk = add_staff(sn.db_url, "P605", ["window", "handler"], ["*"])
    assert browser.post(f"{sn.url}/admin/login", data={"staff_id": "P605", "password": "nope", "code": "000000"},
                        timeout=10).status_code == 401
    assert browser.post(f"{sn.url}/admin/login", data={**clerk.form(), "next": f"/admin/cases/{code}"},
                        timeout=10).status_code == 200
    r = browser.post(f"{sn.url}/admin/cases/{code}/supplement", data={"missing": "户口簿原件\n\n照片", "note": ""},
                     timeout=10)
    assert r.status_code == 200 and re.search(r'id="supplement">待补正：户口簿原件、照片', r.text)
    r = browser.post(f"{sn.url}/admin/cases/{code}/complete", data={"note": "x"}, timeout=10)
    assert r.status_code == 409 and "补正" in r.text
    listing = browser.get(f"{sn.url}/admin/cases", timeout=10).text
    assert code[:6] in listing and "待补正" in listing


def test_completing_and_asking_for_supplement_at_once(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                       staff: requests.Session) -> None:
    """Two clerks on one accepted case at the same moment, one 办结, the other 补正: one of them wins, never both
    (a completed case with an open 补正 request showed 请补正材料 on the track page and texted the resident)."""
    sn = servicenet_module
    codes = [submitted(sn, make_case(seq)) for seq in range(700, 716)]
    for code in codes:
        assert act(staff, sn, code, "accept").status_code == 200
    other = requests.Session()
    other.headers.update(staff.headers)
    with ThreadPoolExecutor(2) as pool:
        for code in codes:
            done = pool.submit(act, staff, sn, code, "complete")
            asked = pool.submit(act, other, sn, code, "supplement", missing=["户口簿原件"])
            answers = sorted([done.result().status_code, asked.result().status_code])
            view = http.get(f"{sn.url}/v1/cases/{code}", timeout=10).json()
            assert answers == [200, 409], (code, answers)
            assert not (view["status"] == "completed" and view["supplement"]), (code, view["supplement"])


def test_a_stale_form_after_another_clerk_moved_the_case(servicenet_module: ServicenetProcess,
                                                         make_case: MakeCase) -> None:
    """Two clerks have the same case open; the second presses 受理 after the first did (and 不予办理 after the first
    completed it): the page says in Chinese what happened and where the case stands, with no English or raw
    status words."""
    sn = servicenet_module
    code = submitted(sn, make_case(720))
    first, second = requests.Session(), requests.Session()
    for session, login in ((first, add_staff(sn.db_url, "P720", ["window", "handler"], ["*"])),
                           (second, add_staff(sn.db_url, "P721", ["window"]))):
        assert session.post(f"{sn.url}/admin/login", data=login.form(), timeout=10).status_code == 200
    assert first.post(f"{sn.url}/admin/cases/{code}/accept", data={"note": "材料齐全"}, timeout=10).status_code == 200
    stale = second.post(f"{sn.url}/admin/cases/{code}/accept", data={"note": "材料齐全"}, timeout=10)
    assert stale.status_code == 409
    said = re.search(r'id="error">([^<]*)<', stale.text)
    assert said and "当前状态为「受理」" in said[1] and "其他工作人员" in said[1], said
    assert not re.search(r"[A-Za-z]", said[1]), said[1]
    assert first.post(f"{sn.url}/admin/cases/{code}/complete", data={"note": "准予"}, timeout=10).status_code == 200
    late = second.post(f"{sn.url}/admin/cases/{code}/reject", data={"reason": "材料不符"}, timeout=10)
    said = re.search(r'id="error">([^<]*)<', late.text)
    assert late.status_code == 409 and said and "当前状态为「办结」" in said[1] and not re.search(r"[A-Za-z]", said[1]), said


def test_a_department_sees_its_cases_behind_another_departments_many(servicenet: ServicenetProcess,
                                                                      make_case: MakeCase) -> None:
    """A 事项办理 clerk of 镇民政办 in a township where 镇派出所 took 100 cases since: the list shows the clerk's own
    case (it was cut to the newest 100 of every department first, then to the clerk's, and came out empty)."""
    sn = servicenet
    mine = make_case(1, service_code=ID_OLD, submitted_at="2026-11-26T08:00:00+08:00",
                     form={"name": "张三", "id_number": person_id(), "phone": "13800138000"})
    others = [make_case(seq) for seq in range(2, 102)]
    for part in (others[:50], others[50:], [mine]):
        r = http.post(f"{sn.url}/v1/cases/batch", json={"cases": part}, timeout=30)
        assert {x["result"] for x in r.json()["results"]} == {"created"}, r.text[:300]
    token = cli(sn.db_url, "office", "staff-token", "--staff-id", "H200", "--role", "handler", "--department",
                "镇民政办").stdout.strip()
    api = requests.get(f"{sn.url}/v1/backoffice/cases", params={"limit": 10}, timeout=10,
                       headers={"Authorization": f"Bearer {token}"})
    assert [c["code"] for c in api.json()["cases"]] == [mine["code"]], api.text[:300]
    clerk = add_staff(sn.db_url, "H201", ["handler"], ["镇民政办"])
    browser = requests.Session()
    listing = browser.post(f"{sn.url}/admin/login", data={**clerk.form(), "next": "/admin/cases"}, timeout=10)
    assert listing.status_code == 200 and mine["code"] in listing.text


def test_a_case_by_its_code_as_printed(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    """A clerk opens a case by the code on the receipt (grouped with spaces) or typed with full-width digits: the
    case's page, not 没有登记编码为…的办件 for a case that exists."""
    sn = servicenet_module
    code = submitted(sn, make_case(730))
    clerk = add_staff(sn.db_url, "P730", ["window"])
    browser = requests.Session()
    assert browser.post(f"{sn.url}/admin/login", data=clerk.form(), timeout=10).status_code == 200
    wide = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for typed in (f"{code[:6]} {code[6:9]} {code[9:15]} {code[15:19]} {code[19:]}", wide):
        r = browser.get(f"{sn.url}/admin/cases/{typed}", timeout=10)
        assert r.status_code == 200 and r.url.endswith(f"/admin/cases/{code}") and 'id="case-status"' in r.text, typed
    assert browser.get(f"{sn.url}/admin/cases/12345", timeout=10).status_code == 404
