"""电子监察 in working days: the 补正 pause, yellow with one working day left, red when late, per step and per
department, the latest first. Dates around 国庆 2026 (10月1日至7日放假, 10月10日（周六）上班)."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import requests
from sqlalchemy.engine import Engine

from domain.models import ServiceItem
from servicenet import store
from servicenet.backoffice import cases as office
from servicenet.backoffice import supervise
from servicenet.backoffice.view import light, supervision
from servicenet.calendar import current
from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.helpers.staff import add_staff
from tests.unit.servicenet.conftest import ID_SFZ, make_case

MakeCase = Callable[..., dict[str, Any]]

CAL = current(date(2026, 12, 4))


def test_lights_and_the_pause_in_working_days() -> None:
    assert [light(n) for n in (-1, 0, 1, 2)] == ["red", "yellow", "yellow", "green"]
    hist = [{"status": "submitted", "at": "2026-09-30T10:00:00+08:00"}]
    s = supervision("2026-10-13", hist, [], date(2026, 10, 9), CAL)
    assert s == {"deadline": "2026-10-13", "days_left": 3, "overdue": False, "light": "green"}  # 10th (Sat), 12th, 13th
    assert supervision("2026-10-13", hist, [], date(2026, 10, 12), CAL)["light"] == "yellow"
    assert supervision("2026-10-13", hist, [], date(2026, 10, 14), CAL)["light"] == "red"
    paused = [{"requested_at": "2026-09-30T11:00:00+08:00", "resolved_at": "2026-10-09T09:00:00+08:00"}]
    held = supervision("2026-10-13", hist, paused, date(2026, 10, 14), CAL)
    assert held["deadline"] == "2026-10-15" and held["light"] == "yellow"  # 2 working days waited (8th, 9th)


def test_step_limits_default_from_the_time_limit() -> None:
    item = ServiceItem("X", "x", "个人办事", "d", time_limit_days=20)
    assert item.limits() == {"accept": 1, "process": 19, "complete": 20}
    item = ServiceItem("X", "x", "个人办事", "d", time_limit_days=20, step_limits={"accept": 2, "process": 10})
    assert item.limits() == {"accept": 2, "process": 10, "complete": 20}
    assert ServiceItem.from_wire(item.to_wire()).step_limits == {"accept": 2, "process": 10}


def test_the_board_counts_per_department_and_sorts_by_lateness(seeded_db: Engine) -> None:
    eng = seeded_db
    mk = make_case.__wrapped__()
    early = mk(1, submitted_at="2026-11-02T09:00:00+08:00")  # 20 working days: due 2026-11-30
    late = mk(2, submitted_at="2026-10-15T09:00:00+08:00")
    fresh = mk(3, submitted_at="2026-12-03T09:00:00+08:00")
    assert all(r["result"] == "created" for r in store.submit_batch(eng, [early, late, fresh]))
    office.accept(eng, early["code"])
    found = supervise.board(eng, date(2026, 12, 4))
    order = [c["code"] for c in found["cases"]]
    assert order == [late["code"], early["code"], fresh["code"]]
    by = {c["code"]: c for c in found["cases"]}
    assert by[late["code"]]["light"] == "red" and by[late["code"]]["step"] == "accept"
    assert by[early["code"]]["step"] == "process" and by[early["code"]]["light"] == "red"
    assert by[fresh["code"]]["light"] == "yellow"  # 受理 within 1 working day: due 2026-12-04, today
    assert found["departments"] == [{"department": "镇派出所", "red": 2, "yellow": 1, "green": 0}]
    assert store.case_view(eng, fresh["code"])["service_code"] == ID_SFZ


def test_the_supervision_page_says_its_lights_in_chinese(servicenet: ServicenetProcess,
                                                         make_case: MakeCase) -> None:  # noqa: F811 - the fixture imported above
    """/admin/supervision as a 监察 reads it: the case's row and its department, each light named in Chinese (the
    dot's title, which a pointer or a screen reader shows, said red / yellow / green)."""
    case = make_case(1)
    r = http.post(f"{servicenet.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.json()["results"][0]["result"] == "created", r.text
    watcher = add_staff(servicenet.db_url, "V100", ["supervisor"])
    with requests.Session() as s:
        page = s.post(f"{servicenet.url}/admin/login", data={**watcher.form(), "next": "/admin/supervision"},
                      timeout=10)
    assert page.status_code == 200 and case["code"] in page.text and "镇派出所" in page.text
    titles = re.findall(r'class="dot [a-z]+" title="([^"]*)"', page.text)
    assert titles and set(titles) <= {"红灯", "黄灯", "绿灯"}, titles
