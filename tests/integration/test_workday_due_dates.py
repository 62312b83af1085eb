"""Due dates in working days on both channels, against the real servicenet process.

Cases filed on 2026-09-30 (before 国庆) and on 2026-12-31 (before 元旦): the kiosk takes the network's calendar
with the catalogue delta, prints the due date on the receipt, and the network's case view and the web track
page show the same date. The expected dates follow the State Council's notice for 2026 (10月1日至7日放假调休,
10月10日（周六）上班) as the `holidays` library has it; 2027 is past the library's notices, so only 元旦
(1 January, fixed by law) counts there until assets/workdays/2027.json comes."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from domain.models import Person
from drivers.printer import layout
from servicenet import keys
from servicenet.calendar import current
from servicenet.db import make_engine
from servicenet.webchannel.submit import new_token, submit
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.engine import SyncEngine
from sync.model import Application
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers.enroll import SignedNet, http
from tests.integration.test_security import RESIDENT

CST = timezone(timedelta(hours=8))
PENSION = "城乡居民基本养老保险参保登记"  # 5 个工作日
BIRTH = "生育登记"  # 1 个工作日
FORMS = {PENSION: {"contribution_grade": 300}, BIRTH: {"birth_date": "2026-09-01"}}
EXPECTED = [  # filed, service, due
    (datetime(2026, 9, 30, 10, 0, tzinfo=CST), PENSION, "2026-10-13"),
    (datetime(2026, 9, 30, 10, 0, tzinfo=CST), BIRTH, "2026-10-08"),
    (datetime(2026, 12, 31, 16, 0, tzinfo=CST), PENSION, "2027-01-08"),
    (datetime(2026, 12, 31, 16, 0, tzinfo=CST), BIRTH, "2027-01-04"),
]


def web_page(url: str, code: str) -> str:
    """The track page as the applicant sees it after proving the link with the name."""
    with requests.Session() as s:
        r = s.post(f"{url}/track/{code}/prove", data={"proof": RESIDENT.name}, timeout=5)
        assert r.status_code == 200, r.text
        return r.text


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory):
    from tests.helpers.enroll import signed
    from tests.helpers.servicenet_proc import running_servicenet

    with running_servicenet(tmp_path_factory.mktemp("net") / "servicenet.db") as sn:
        yield signed(sn)


def test_kiosk_receipt_case_view_and_web_agree_on_working_day_due_dates(net: SignedNet, tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    e = net.creds.enrollment
    at = {"now": EXPECTED[0][0]}
    outbox = Outbox(store, CodeIssuer(e.region, e.device_number), KioskIdentity(e.device_id, "鳌头镇", "http://t/track"),
                    catalogue, lambda: at["now"], person_key=e.person_key, seal_to=net.creds.network_public_key)
    engine = SyncEngine(store, outbox, catalogue, NetClient(net.url, timeout=10, session=net.creds.session()))
    try:
        engine.run_once()  # pulls the catalogue delta, and the calendar with it
        held = catalogue.calendar(EXPECTED[0][0].date())
        assert held.version == http.get(f"{net.url}/v1/catalogue", timeout=5).json()["calendar"]["version"]
        again = http.get(f"{net.url}/v1/catalogue", params={"calendar": held.version}, timeout=5).json()
        assert again["calendar"] is None  # the kiosk holds this version: the days travel once
        assert 2026 in held.confirmed

        filed = []
        for when, name, due in EXPECTED:
            at["now"] = when
            service = next(s for s in catalogue.items() if s.name == name)
            form = {"name": RESIDENT.name, "id_number": RESIDENT.id_number, "phone": "13912345678", **FORMS[name]}
            receipt = outbox.enqueue(Application(service, RESIDENT, form))
            assert receipt.due_date is not None and receipt.due_date.isoformat() == due, (when, name)
            printed = [line.text for line in layout.build(receipt, when)]
            assert f"承诺办结日期：{due}" in printed
            filed.append((receipt.code, due))
        assert engine.run_once().accepted == len(EXPECTED)
        for code, due in filed:
            view = http.get(f"{net.url}/v1/cases/{code}", timeout=5).json()
            assert view["due_date"] == due
            assert f"承诺办结日期：{due}" in web_page(net.url, code)
    finally:
        engine.client.close()
        store.close()


def test_a_web_application_gets_the_same_due_dates(net: SignedNet) -> None:
    eng = make_engine(net.db_url)
    try:
        seal_key = keys.load_or_create(eng)
        with eng.connect() as conn:
            rows = conn.execute(sa.text("SELECT data FROM services WHERE name IN (:a, :b)"),
                                {"a": PENSION, "b": BIRTH}).all()
        import json

        services = {json.loads(r.data)["name"]: json.loads(r.data) for r in rows}
        resident = Person(RESIDENT.name, RESIDENT.id_number, source="web")
        for when, name, due in EXPECTED:
            code = submit(eng, seal_key, net.creds.enrollment.person_key, services[name], resident,
                          {"name": RESIDENT.name, "id_number": RESIDENT.id_number, "phone": "13912345678",
                           **FORMS[name]},
                          new_token(), now=when)
            assert http.get(f"{net.url}/v1/cases/{code}", timeout=5).json()["due_date"] == due
            assert f"承诺办结日期：{due}" in web_page(net.url, code)
    finally:
        eng.dispose()


def test_the_network_calendar_marks_2027_provisional_until_its_file_comes() -> None:
    cal = current(date(2026, 12, 1))  # the calendar as of that day: two years each side (not today's, which moves on)
    assert 2026 in cal.confirmed
    assert 2027 in cal.provisional or 2027 in cal.confirmed
