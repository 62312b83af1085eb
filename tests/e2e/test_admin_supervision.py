"""The 监察 clerk's pages in Chromium: 电子监察 lights per department and the figures with their charts, over
cases of several ages; screenshots go to out/screens/admin/."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from servicenet.process import REPO_ROOT, start_servicenet
from tests.helpers.browser import browser_or_skip, desk_page
from tests.helpers.enroll import http, signed
from tests.helpers.staff import add_staff, sign_in
from tests.unit.servicenet.conftest import make_case
from tests.unit.servicenet.test_events import rating

pytestmark = pytest.mark.slow  # chromium through Playwright

SCREENS = REPO_ROOT / "out" / "screens" / "admin"


@pytest.mark.e2e
def test_supervision_lights_and_figures(tmp_path: Path) -> None:
    browser_or_skip()
    SCREENS.mkdir(parents=True, exist_ok=True)
    today = date.today()
    with start_servicenet(f"sqlite:///{tmp_path / 'net.db'}") as sn:
        net = signed(sn)
        mk = make_case.__wrapped__()
        batch = [mk(i + 1, submitted_at=f"{today - timedelta(days=3 * i)}T09:00:00+08:00") for i in range(12)]
        r = http.post(f"{net.url}/v1/cases/batch", json={"cases": batch}, timeout=10)
        assert all(x["result"] == "created" for x in r.json()["results"])
        http.post(f"{net.url}/v1/events/batch", timeout=10, json={"events": [
            rating(batch[0]["code"], 5), rating(batch[1]["code"], 1, body={"level": 1, "reasons": ["办理时间长"]})]})
        boss = add_staff(net.db_url, "J001", ["supervisor"], name="钱监察")
        with desk_page(tmp_path) as page:
            sign_in(page, net.url, boss)
            page.wait_for_selector("#lights")
            lights = page.locator("#lights .dot")
            assert lights.count() == 12
            shades = [lights.nth(i).get_attribute("title") for i in range(12)]
            assert shades[0] == "红灯" and shades[-1] == "黄灯"  # the latest first; today's: 受理 due tomorrow
            assert "镇派出所" in page.inner_text("#departments")
            page.screenshot(path=str(SCREENS / "supervision.png"), full_page=True)
            page.goto(f"{net.url}/admin/figures")
            assert page.inner_text("#total") == "12"
            assert page.locator("#by-day rect").count() >= 28 and page.locator("#low-reasons").count() == 1
            page.screenshot(path=str(SCREENS / "figures.png"), full_page=True)
            csv = page.request.get(f"{net.url}/admin/figures.csv")
            assert csv.status == 200 and "差评原因,办理时间长,1" in csv.text()
            page.goto(f"{net.url}/admin/complaints")
            assert batch[1]["code"] in page.inner_text("#complaints")
            page.screenshot(path=str(SCREENS / "complaints-supervisor.png"), full_page=True)
