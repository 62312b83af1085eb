"""Material uploads in a real browser: Chromium (Playwright) sends a 10 MB scan with tus-js-client, served by
servicenet itself, through a link that dies halfway; the upload resumes where the network stands, the form
goes in with the material, and the network holds the very bytes."""
from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path

import pytest

from domain import regcode
from kiosk.walkthrough import wait_until
from tests.helpers import sms
from tests.helpers.browser import browser_or_skip, phone_page
from tests.helpers.enroll import http, signed
from tests.helpers.proxy import FaultProxy
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.weblogin import sign_in_page

pytestmark = [pytest.mark.slow, pytest.mark.e2e]  # drives chromium through Playwright

ELDER_CARD = "11440105007512345X4441011016000"  # 老年人优待证: 居民身份证 is its first material
RESIDENT = ("张秀英", "440117195603080423")  # drivers.sim.sam_reader.SimIdCard.sample()
PHONE = "13912345670"


def test_a_10_mb_material_survives_a_cut_and_joins_the_case(tmp_path: Path, shots: Path) -> None:
    browser_or_skip()
    seed = random.randrange(2**32)
    print(f"seed={seed}")
    data = random.Random(seed).randbytes(10 * 1024 * 1024)
    sha = hashlib.sha256(data).hexdigest()
    with running_servicenet(tmp_path / "servicenet.db") as raw, FaultProxy(raw.port) as link, \
            phone_page(tmp_path, timeout_ms=30000) as page:
        net = signed(raw)
        url = link.url
        assert http.get(f"{url}/web/static/tus-js-client.LICENSE", timeout=5).text.startswith("The MIT License")
        sign_in_page(page, url, *RESIDENT, next=f"/web/apply/{ELDER_CARD}", kiosk_url=raw.url)  # by SMS code
        page.fill("#f-phone", PHONE)
        page.click("#send-code")
        page.wait_for_selector("#code-sent")
        page.fill("#sms_code", sms.code_sent(url, PHONE))
        assert page.evaluate("typeof window.tus.Upload") == "function"  # from the network, not a CDN

        # the phone network dies just after the network took the second chunk: the answer never arrives
        link.delay(2.0, "PATCH /web/uploads/")
        page.set_input_files("#m-1", files=[{"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": data}])
        wait_until(lambda: ("PATCH /web/uploads/" + sha, "delay") in link.log, timeout=30, what="the second chunk")
        time.sleep(0.5)
        link.cut()
        time.sleep(1.5)
        link.restore()
        page.wait_for_selector("#m-1-status[data-sha256]", timeout=90000)  # set on tus-js-client's onSuccess
        assert page.inner_text("#m-1-status") == "已上传"
        assert page.get_attribute("#m-1-status", "data-sha256") == sha
        trail = [(line, outcome) for line, outcome in link.log if "/web/uploads" in line]
        assert trail[0] == ("POST /web/uploads", "ok")  # created with its first chunk
        cut = trail.index((f"PATCH /web/uploads/{sha}", "delay"))
        assert (f"HEAD /web/uploads/{sha}", "ok") in trail[cut:]  # asked where it stands, then went on
        page.screenshot(path=str(shots / "web-apply-material.png"), full_page=True)

        page.click("#submit")
        page.wait_for_selector("#case-code")
        code = regcode.validate(page.inner_text("#case-code").split("：")[1])
        view = http.get(f"{raw.url}/v1/cases/{code}", timeout=10).json()
        assert view["complete"] is True
        assert view["attachments"] == [{"slot": "居民身份证", "sha256": sha, "size": len(data),
                                        "media_type": "application/pdf", "filled": True}]
        assert http.get(f"{raw.url}/v1/attachments/{sha}", timeout=30).content == data
        net.http.close()


def test_a_file_over_the_limit_is_said_at_once(tmp_path: Path) -> None:
    """A scan over 32 MB: the page says the file is too big, at once and in Chinese (it said the network was cut,
    and to choose the file again, which failed the same way for ever)."""
    browser_or_skip()
    with running_servicenet(tmp_path / "servicenet.db") as raw, phone_page(tmp_path, timeout_ms=30000) as page:
        url = signed(raw).url
        sign_in_page(page, url, *RESIDENT, next=f"/web/apply/{ELDER_CARD}")
        big = bytes(32 * 1024 * 1024 + 1)
        page.set_input_files("#m-1", files=[{"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": big}])
        page.wait_for_selector("#m-1-status.error")
        said = page.inner_text("#m-1-status")
        assert "32MB" in said and "过大" in said, said
        assert page.get_attribute("#m-1-status", "data-sha256") is None
