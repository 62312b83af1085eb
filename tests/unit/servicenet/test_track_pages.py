"""/track/<code> over real HTTP: strangers see status words only; the applicant (logged in, or proving the name or
the last four of the ID number) sees the case; lookups and proofs are throttled per client with the counters
in the database, so two worker processes count as one."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from domain import regcode
from domain.models import mask_name
from servicenet import db, ratelimit
from servicenet.process import start_servicenet
from tests.helpers.enroll import SignedNet, http, signed
from tests.helpers.servicenet_proc import sqlite_url
from tests.helpers.weblogin import sign_in
from tests.unit.servicenet.conftest import ID_OLD, ID_SFZ, person_id

MakeCase = Callable[..., dict[str, Any]]
DAY = date(2026, 11, 26)
NAMES = ["刘小英", "欧阳娜娜", "张三", "李四", "王五六"]
SERVICES = {ID_SFZ: "居民身份证换领", ID_OLD: "老年人优待证"}


@pytest.fixture
def net2(tmp_path: Path) -> Iterator[SignedNet]:
    """servicenet with two worker processes on one SQLite file (the limit must hold across them)."""
    sn = start_servicenet(sqlite_url(tmp_path / "servicenet.db"), workers=2)
    try:
        yield signed(sn)
    finally:
        sn.stop()


def seed_cases(net: SignedNet, make_case: MakeCase, count: int) -> list[dict[str, Any]]:
    made = []
    for seq in range(1, count + 1):
        name = NAMES[seq % len(NAMES)]
        who = person_id(f"44010519600101{seq:03d}")
        service = ID_SFZ if seq % 2 else ID_OLD
        form = {"name": name, "id_number": who, "phone": "13800138000", "reason": "到期换领",
                "address": "广州市越秀区北京路1号"}
        made.append(make_case(seq, service_code=service, applicant={"name": name, "id_number": who},
                              form=form))
    r = http.post(f"{net.url}/v1/cases/batch", json={"cases": made}, timeout=30)
    assert [x["result"] for x in r.json()["results"]] == ["created"] * count
    return made


def test_a_script_walking_1000_codes_learns_nothing_and_is_throttled(net2: SignedNet, make_case: MakeCase) -> None:
    made = seed_cases(net2, make_case, 40)
    secrets = {*NAMES, *(mask_name(n) for n in NAMES), *SERVICES.values(), "自助终端"}
    script = requests.Session()
    statuses: Counter[int] = Counter()
    seen_found = 0
    for seq in range(1, 1001):  # the sequential codes of one kiosk for one day, check digit and all
        page = script.get(f"{net2.url}/track/{regcode.make('440105', 1, DAY, seq)}", timeout=10)
        statuses[page.status_code] += 1
        leaked = [s for s in secrets if s in page.text]
        assert not leaked, (seq, leaked)
        if page.status_code == 200:
            seen_found += 1
            assert "当前状态" in page.text and 'id="prove"' in page.text
        elif page.status_code == 429:
            assert int(page.headers["Retry-After"]) > 0 and "查询过于频繁" in page.text
    limit = ratelimit.Limit.from_env("TRACK", 30, 600)
    assert statuses[200] + statuses[404] == limit.hits and seen_found <= len(made)
    assert statuses[429] == 1000 - limit.hits
    engine = db.make_engine(net2.db_url)  # the count lives in the database, shared by both workers
    try:
        with engine.connect() as conn:
            hits = conn.execute(sa.select(ratelimit.rate_counters.c.hits)
                                .where(ratelimit.rate_counters.c.bucket == "track:127.0.0.1")).scalar_one()
    finally:
        engine.dispose()
    assert hits == 1000


def test_a_link_opens_the_case(servicenet: SignedNet, make_case: MakeCase) -> None:
    url = servicenet.url
    case = seed_cases(servicenet, make_case, 3)[0]
    code, name, who = case["code"], case["applicant"]["name"], case["applicant"]["id_number"]
    stranger = requests.Session()
    public = stranger.get(f"{url}/track/{code}", timeout=10).text
    assert "已提交" in public and name not in public and mask_name(name) not in public
    assert SERVICES[case["service_code"]] not in public

    wrong = stranger.post(f"{url}/track/{code}/prove", data={"proof": "9999" if who[-4:] != "9999" else "0000"},
                          timeout=10)
    assert wrong.status_code == 400 and "不符" in wrong.text and SERVICES[case["service_code"]] not in wrong.text

    by_last4 = requests.Session()
    opened = by_last4.post(f"{url}/track/{code}/prove", data={"proof": who[-4:].lower()}, timeout=10)
    assert opened.status_code == 200 and SERVICES[case["service_code"]] in opened.text
    assert mask_name(name) in opened.text  # the applicant's masked name, never the full one
    assert SERVICES[case["service_code"]] in by_last4.get(f"{url}/track/{code}", timeout=10).text  # the cookie

    by_name = requests.Session()
    spaced = " ".join(name)  # 刘 小 英: the same name
    assert SERVICES[case["service_code"]] in by_name.post(f"{url}/track/{code}/prove", data={"proof": spaced},
                                                          timeout=10).text
    other = by_name.get(f"{url}/track/{regcode.make('440105', 1, DAY, 2)}", timeout=10).text
    assert 'id="prove"' in other and SERVICES[ID_OLD] not in other  # a proof opens one case, not the next

    applicant = sign_in(url, name, who, next=f"/track/{code}")
    r = applicant.get(f"{url}/track/{code}", timeout=10)
    assert r.status_code == 200 and SERVICES[case["service_code"]] in r.text


def test_guessing_the_last_four_is_throttled_per_case(servicenet: SignedNet, make_case: MakeCase) -> None:
    url = servicenet.url
    case = seed_cases(servicenet, make_case, 1)[0]
    answers = [requests.post(f"{url}/track/{case['code']}/prove", data={"proof": f"{n:04d}"}, timeout=10)
               for n in range(12) if f"{n:04d}" != case["applicant"]["id_number"][-4:]]
    codes_seen = [a.status_code for a in answers]
    assert codes_seen[:10] == [400] * 10 and set(codes_seen[10:]) == {429}
    # the right answer is refused too while the case is throttled: no oracle for the 11th guess
    right = requests.post(f"{url}/track/{case['code']}/prove", data={"proof": case["applicant"]["id_number"][-4:]},
                          timeout=10)
    assert right.status_code == 429 and not re.search("居民身份证换领|老年人优待证", right.text)
