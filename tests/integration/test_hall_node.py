"""A hall node on the hall's LAN and the provincial network, both real `servicenet serve` processes on
127.0.0.1: kiosks take tickets over signed HTTP, a clerk calls from the counter page, the display follows the
event stream and plays the call that espeak-ng rendered, and the uplink carries it all up exactly once, also
across a cut link and kill -9 of the hall node."""
from __future__ import annotations

import json
import random
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from servicenet import db
from servicenet.hall import network
from servicenet.hall.tables import hall_figures, queue_tickets
from servicenet.process import ServicenetProcess, start_servicenet
from tests.helpers.hall import HallNode, hall_cli, office_token, wait_for_key
from tests.helpers.proxy import CuttableProxy


@pytest.fixture
def net(tmp_path: Path) -> Iterator[ServicenetProcess]:
    proc = start_servicenet(f"sqlite:///{tmp_path / 'net.db'}")
    yield proc
    proc.stop()


def counter_session(hall: HallNode) -> requests.Session:
    s = requests.Session()
    r = s.post(hall.url + "/hall/login", data={"token": office_token(hall.db_url), "next": "/hall/counter/1"},
               timeout=10)
    assert r.status_code == 200 and "1 号窗口" in r.text
    return s


def press(s: requests.Session, hall: HallNode, counter: int, move: str, **extra: str) -> str:
    r = s.post(f"{hall.url}/hall/counter/{counter}", data={"move": move, **extra}, timeout=10)
    assert r.status_code == 200, r.text
    return r.text


def first_event(url: str, timeout: float = 10.0) -> dict:
    with requests.get(url, stream=True, timeout=timeout) as r:
        for line in r.iter_lines(decode_unicode=True):
            if line.startswith("data: "):
                return json.loads(line[6:])
    raise AssertionError("no event")


def test_ticket_call_display_speech_and_figures(tmp_path: Path, net: ServicenetProcess) -> None:
    hall = HallNode.setup(tmp_path, net.url, net.db_url, "城关镇便民服务中心")
    proc = hall.start()
    try:
        kiosk = hall.kiosk(net)
        wait_for_key(hall.url, kiosk)
        assert requests.post(hall.url + "/v1/queue/tickets", json={"prefix": "A"}, timeout=10).status_code == 401
        assert requests.post(hall.url + "/v1/queue/appointment", json={"person_hash": "ab" * 32},
                             timeout=10).status_code == 401
        none = requests.post(hall.url + "/v1/queue/appointment", json={"person_hash": "ab" * 32}, auth=kiosk.auth,
                             timeout=10)
        assert none.status_code == 200 and none.json() == {"appointment": None}
        refused = requests.post(hall.url + "/v1/queue/tickets", json={"prefix": "Z"}, auth=kiosk.auth, timeout=10)
        assert refused.status_code == 422 and "没有代号为 Z" in refused.json()["detail"]
        plain = requests.post(hall.url + "/v1/queue/tickets", json={"prefix": "A"}, auth=kiosk.auth, timeout=10).json()
        old = requests.post(hall.url + "/v1/queue/tickets", json={"prefix": "Ａ", "birth": "1950-03-01"},
                            auth=kiosk.auth, timeout=10).json()
        assert (plain["number"], old["number"], old["priority_label"]) == ("A001", "A002", "老年人优先")
        assert old["follow_url"].startswith(hall.url + "/hall/t/")
        clerk = counter_session(hall)
        page = press(clerk, hall, 1, "next")
        assert "已叫 A002" in page and "老年人优先" in page  # priority first
        shown = first_event(hall.url + "/hall/display/events")
        assert shown["counters"][0]["ticket"] == "A002" and shown["calls"][0]["text"] == "请A002号到1号窗口办理"
        wav = requests.get(f"{hall.url}/hall/speech/{shown['calls'][0]['id']}.wav", timeout=30)
        assert wav.status_code == 200 and wav.content[:4] == b"RIFF" and len(wav.content) > 20000
        assert "请到 1 号窗口" in requests.get(old["follow_url"], timeout=10).text
        press(clerk, hall, 1, "case", case_code="44010500126112600014")
        press(clerk, hall, 1, "end")
        assert "A001" in press(clerk, hall, 1, "next")
        engine = db.make_engine(net.db_url)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            figures = network.figures(engine)
            if figures and figures[0]["called"] == 2:
                break
            time.sleep(0.2)
        assert figures == [{"hall_name": "城关镇便民服务中心", "business": "综合窗口", "issued": 2, "called": 2,
                            "ended": 1, "cases": 1, "priority": 1, "avg_wait_minutes": figures[0]["avg_wait_minutes"]}]
        assert network.ticket_of_case(engine, "44010500126112600014")["number"] == "A002"
        bearer = {"Authorization": "Bearer " + office_token(net.db_url, "J001", "赵监察", "supervisor")}
        page = requests.get(net.url + "/admin/halls", headers=bearer, timeout=10).text
        window = {"Authorization": "Bearer " + office_token(net.db_url, "W001", "钱窗口", "window")}
        assert requests.get(net.url + "/admin/halls", headers=window, timeout=10).status_code == 403
        assert "城关镇便民服务中心" in page and "综合窗口" in page and "440105 001 261126 0001 4" in page
        engine.dispose()
    finally:
        proc.stop()


def _kill9(proc: ServicenetProcess) -> None:
    proc.proc.send_signal(signal.SIGKILL)
    proc.proc.wait(10)
    proc.stop()


@pytest.mark.slow
def test_uplink_cut_and_kill9_keep_every_ticket_once(tmp_path: Path, net: ServicenetProcess) -> None:
    rng = random.Random(16)
    proxy = CuttableProxy(net.port)
    hall = HallNode.setup(tmp_path, net.url, net.db_url, "城关镇便民服务中心")
    proc = hall.start(upstream=proxy.url)
    kiosk = hall.kiosk(net)
    wait_for_key(hall.url, kiosk)
    proxy.cut()  # the uplink is down from here on; the hall's LAN is up
    printed: list[str] = []

    def take() -> None:
        try:
            r = requests.post(hall.url + "/v1/queue/tickets", json={"prefix": "A"}, auth=kiosk.auth, timeout=10)
        except requests.RequestException:
            return  # the hall died under the kiosk: nothing printed, the resident presses again
        if r.status_code == 200:
            printed.append(r.json()["number"])

    try:
        while len(printed) < 30:
            if len(printed) in (10, 20) and not getattr(take, f"killed{len(printed)}", False):
                setattr(take, f"killed{len(printed)}", True)
                t = threading.Thread(target=take)
                t.start()
                time.sleep(rng.uniform(0, 0.02))
                _kill9(proc)  # in the middle of an issue, or just before or after it
                t.join()
                proc = hall.start(upstream=proxy.url)
            else:
                take()
        engine = db.make_engine(hall.db_url)
        with engine.connect() as conn:
            issued = [r.number for r in conn.execute(sa.select(queue_tickets.c.number).order_by(queue_tickets.c.seq))]
        assert len(set(issued)) == len(issued) and set(printed) <= set(issued)  # none twice, none printed lost
        assert printed == sorted(printed)
        clerk = counter_session(hall)
        called: list[str] = []
        while True:
            page = press(clerk, hall, 1, "next")
            if "当前没有等候的号" in page:
                break
            called.append(page.split("已叫 ")[1][:4])
            press(clerk, hall, 1, "end")
            if len(called) == 15:
                _kill9(proc)
                proc = hall.start(upstream=proxy.url)
        assert called == issued  # in order, every one, none twice
        assert json.loads(hall_cli(hall.db_url, "status"))["unsent"] == 3 * len(issued)
        proxy.restore()
        deadline = time.monotonic() + 60
        while json.loads(hall_cli(hall.db_url, "status"))["unsent"] and time.monotonic() < deadline:
            time.sleep(0.5)
        up = db.make_engine(net.db_url)
        with up.connect() as conn:
            got = conn.execute(sa.select(hall_figures.c.kind, sa.func.count()).group_by(hall_figures.c.kind)).all()
        assert dict(got) == {"issued": len(issued), "call": len(issued), "end": len(issued)}
        assert network.figures(up)[0]["issued"] == len(issued) >= 30
        up.dispose()
        engine.dispose()
    finally:
        proc.stop()
        proxy.cut()
