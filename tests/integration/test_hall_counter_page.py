"""The hall's counter page in Chromium: it follows the display's event stream, so the clerk never reloads."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from servicenet.process import ServicenetProcess, start_servicenet
from tests.helpers.browser import screen_page
from tests.helpers.hall import HallNode, office_token, wait_for_key
from tests.integration.test_hall_node import counter_session, press

pytestmark = pytest.mark.slow  # a browser


@pytest.fixture
def net(tmp_path: Path) -> Iterator[ServicenetProcess]:
    proc = start_servicenet(f"sqlite:///{tmp_path / 'net.db'}")
    yield proc
    proc.stop()


def test_the_counter_page_refreshes_itself(tmp_path: Path, net: ServicenetProcess) -> None:
    hall = HallNode.setup(tmp_path, net.url, net.db_url)
    proc = hall.start()
    try:
        kiosk = hall.kiosk(net)
        wait_for_key(hall.url, kiosk)
        with screen_page(tmp_path) as counter:
            counter.goto(hall.url + "/hall/counter/1")
            counter.fill("#token", office_token(hall.db_url))
            counter.click("button[type=submit]")
            counter.wait_for_selector("text=无人等候")
            counter.wait_for_timeout(500)  # the stream's first state is in
            issued = requests.post(hall.url + "/v1/queue/tickets", json={"prefix": "B"}, auth=kiosk.auth, timeout=10)
            assert issued.status_code == 200
            counter.wait_for_selector("#waiting >> text=B001", timeout=10000)  # no reload by the clerk
            assert "等候（1 人" in counter.inner_text("#waiting")
            other = counter_session(hall)
            press(other, hall, 2, "next")  # another counter calls it: it leaves this line too
            counter.wait_for_selector("#waiting >> text=无人等候", timeout=10000)
            assert counter.evaluate("window.hallCounter.refreshes") >= 2
    finally:
        proc.stop()
