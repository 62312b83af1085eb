"""大厅设置 (/hall/settings) on a real hall node enrolled on a real network: a staff member with the 管理员 role sets
the booking rules and the counters on a page; the rules go up to the network as the command line's do; what she
typed is kept beside a refusal; a clerk's 窗口受理 token does not open the page."""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from servicenet.hall import appointments
from servicenet.process import ServicenetProcess, start_servicenet
from tests.helpers.hall import HallNode, hall_cli, office_token

HALL = "城关镇便民服务中心"
FULL_WIDTH = str.maketrans("0123456789:", "０１２３４５６７８９：")


@pytest.fixture
def net(tmp_path: Path) -> Iterator[ServicenetProcess]:
    proc = start_servicenet(f"sqlite:///{tmp_path / 'net.db'}")
    yield proc
    proc.stop()


def signed_in(hall: HallNode, role: str, staff_id: str) -> tuple[requests.Session, requests.Response]:
    s = requests.Session()
    r = s.post(hall.url + "/hall/login", timeout=10,
               data={"token": office_token(hall.db_url, staff_id, "李管理", role), "next": "/hall/settings"})
    return s, r


def test_an_administrator_sets_rules_and_counters_on_the_page(tmp_path: Path, net: ServicenetProcess) -> None:
    hall = HallNode.setup(tmp_path, net.url, net.db_url, HALL)
    proc = hall.start()
    try:
        assert requests.get(hall.url + "/hall/settings", allow_redirects=False, timeout=10).headers["location"] \
            == "/hall/login?next=/hall/settings"
        _, clerk = signed_in(hall, "window", "S010")
        assert clerk.status_code == 401 and "没有“管理员”角色" in clerk.text
        s, r = signed_in(hall, "admin", "S011")
        assert r.status_code == 200 and "大厅设置" in r.text and 'id="no-rules"' in r.text

        form = {"save": "rules", "weekdays": ["1", "3", "5"], "calendar": "1",
                "hours": "09:00-11:30，14:00-16:00".translate(FULL_WIDTH), "slot_minutes": "２０",
                "counters": "2", "per_counter": "3", "no_show_minutes": "15", "no_show_limit": "2",
                "horizon_days": "5"}
        r = s.post(hall.url + "/hall/settings", data={**form, "slot_minutes": "三十"}, timeout=10)
        assert r.status_code == 400 and "每个时段的分钟数须为整数" in r.text  # refused in words, nothing saved
        assert 'value="三十"' in r.text and 'value="5" checked' in r.text and 'value="2" checked' not in r.text
        r = s.post(hall.url + "/hall/settings", data={**form, "hours": "10:00-09:00"}, timeout=10)
        assert r.status_code == 400 and "结束早于开始" in r.text
        r = s.post(hall.url + "/hall/settings", data={**form, "weekdays": ["፩"]}, timeout=10)  # a digit, not 0-9
        assert r.status_code == 400 and "开放日须为" in r.text
        r = s.post(hall.url + "/hall/settings", data=form, timeout=10)
        assert r.status_code == 200 and r.url.endswith("/hall/settings?done=rules") and "预约规则已保存" in r.text
        assert 'value="09:00-11:30,14:00-16:00"' in r.text and 'value="20"' in r.text and 'id="no-rules"' not in r.text

        hall_cli(hall.db_url, "sync")  # one uplink round: the network books on the web by these rules
        import sqlalchemy as sa
        engine = sa.create_engine(net.db_url)
        try:
            deadline = time.monotonic() + 15
            while (got := appointments.rules_of(engine, HALL)) is None and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            engine.dispose()
        assert got is not None and (got["weekdays"], got["hours"], got["slot_minutes"], got["per_counter"]) == \
            ([1, 3, 5], [["09:00", "11:30"], ["14:00", "16:00"]], 20, 3)

        r = s.post(hall.url + "/hall/settings", data={"save": "counters", "counter_lines": "1=ab\n2=Ｃ\n"}, timeout=10)
        assert r.status_code == 200 and "窗口设置已保存" in r.text and "1=AB\n2=C" in r.text
        r = s.post(hall.url + "/hall/settings", data={"save": "counters", "counter_lines": "1=AB\n1=C"}, timeout=10)
        assert r.status_code == 400 and "1 号窗口写了两次" in r.text and "1=AB\n1=C" in r.text
        r = s.post(hall.url + "/hall/settings", data={"save": "counters", "counter_lines": "3=I"}, timeout=10)
        assert r.status_code == 400 and "业务代号须为一个字母" in r.text
        assert "1=AB\n2=C" in s.get(hall.url + "/hall/settings", timeout=10).text  # the refused ones changed nothing
    finally:
        proc.stop()
