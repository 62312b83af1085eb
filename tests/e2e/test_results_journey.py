"""受理 → 办结 → 反馈 across both channels in one run, on real parts: the kiosk submits offline choosing
自助终端打印; the link comes back; the clerk asks for 补正 and the SMS is in the sandbox inbox; the material is
handed in at the kiosk (camera → attachments, the clock runs again); the clerk completes with a PDF result and the SMS says it can be printed; the resident prints it at
the kiosk's 结果领取 on a real cupsd; the PDF cups-pdf wrote has the network document's text; /verify confirms
the document and refuses a byte-altered copy."""
from __future__ import annotations

import base64

import pytest
import requests

from domain.status import SyncState
from kiosk.camera import FileCamera
from kiosk.walkthrough import wait_until
from tests.e2e.kiosk_rig import kiosk_rig
from tests.helpers import cups, sms
from tests.helpers.enroll import http
from tests.helpers.pdfs import result_pdf, text_of
from tests.unit.servicenet.test_cli import cli

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not cups.available(), reason="needs cups + cups-pdf")]
PHONE = "13600136000"


def clerk(db_url: str) -> requests.Session:
    done = cli(db_url, "office", "staff-token", "--staff-id", "S100", "--name", "陈窗口", "--role", "window",
               "--role", "handler", "--department", "*")
    assert done.returncode == 0, done.stderr
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {done.stdout.strip().split()[-1]}"
    return s


@pytest.mark.e2e
def test_result_comes_back_to_the_resident(qapp, tmp_path, shots):
    with kiosk_rig(tmp_path, shots, with_a4=True, camera=FileCamera()) as rig:
        vm, walk, url = rig.kiosk.vm, rig.walk, rig.net.url
        # 1. the kiosk, offline: apply, choose 自助终端打印, the receipt says so
        rig.link.cut()
        walk.home()
        walk.choose("个人办事", "优待", "老年人优待证")
        walk.identify()
        walk.fill({"phone": PHONE})
        vm.confirm.chooseDelivery("kiosk")
        walk.shot("confirm-kiosk-print")
        code = walk.submit()
        receipt = next(r for r in rig.printer.wait_for_receipts(1) if code[-4:] in r["text"].replace(" ", ""))
        assert "领取方式：自助终端打印" in receipt["text"]

        # 2. the link comes back: the case reaches the network once
        rig.link.restore()
        rig.runtime.engine.wake()
        wait_until(lambda: rig.runtime.services.cases.get(code).sync_state is SyncState.ACCEPTED, timeout=60,
                   what="the case to reach the network")
        office = clerk(rig.net.db_url)
        assert office.post(f"{url}/v1/backoffice/cases/{code}/accept", json={}, timeout=10).status_code == 200

        # 3. 补正: the SMS with the list is in the sandbox inbox
        r = office.post(f"{url}/v1/backoffice/cases/{code}/supplement", timeout=10,
                        json={"missing": ["近期1寸免冠彩色照片"], "note": "请补交照片"})
        assert r.status_code == 200, r.text
        texts = sms.inbox(url, PHONE, 2)
        assert "已受理" in texts[0] and "需要补正材料：近期1寸免冠彩色照片" in texts[1]
        # the resident hands the material in at the kiosk, from the track screen (document camera → sealed
        # attachment); the network marks the request received and the clock runs again
        walk.track(code)
        wait_until(lambda: vm.track.supplement == ["近期1寸免冠彩色照片"], timeout=30, what="the 补正 list")
        vm.handin.capture()
        wait_until(lambda: vm.handin.count == 1, timeout=10, what="the photo")
        walk.shot("track-handin")
        vm.handin.send()
        wait_until(lambda: vm.handin.sent != "" or vm.handin.error != "", timeout=30, what="the hand-in")
        assert vm.handin.error == "", vm.handin.error
        walk.shot("track-handin-sent")
        view = http.get(f"{url}/v1/cases/{code}", timeout=10).json()
        assert view["supplement"] is None and any(a["slot"].startswith("补正") and a["filled"]
                                                  for a in view["attachments"])

        # 4. the clerk completes with a PDF result: the SMS says where to print it
        pdf = result_pdf("老年人优待证审批结果", ["申请人：张*英", "经审核，符合条件，准予办理老年人优待证。"])
        r = office.post(f"{url}/v1/backoffice/cases/{code}/results", timeout=30, json={"documents": [
            {"kind": "证照", "title": "老年人优待证审批结果", "pdf_base64": base64.b64encode(pdf).decode()}]})
        assert r.status_code == 200, r.text
        [doc] = r.json()["documents"]
        assert office.post(f"{url}/v1/backoffice/cases/{code}/complete", json={}, timeout=10).status_code == 200
        assert "结果领取" in sms.inbox(url, PHONE, 3)[2]

        # 5. at the kiosk: 结果领取 by ID card, print on the A4 printer
        walk.home()
        vm.results.open()
        walk.shot("results")
        vm.results.readCard()
        wait_until(lambda: vm.results.step == "list" and vm.results.busy == "", timeout=30, what="the results")
        assert [d["docCode"] for d in vm.results.documents] == [doc["doc_code"]]
        walk.shot("results-list")
        vm.results.print(doc["doc_code"])
        wait_until(lambda: vm.results.busy == "" and (vm.results.printed or vm.results.error), timeout=60,
                   what="the print")
        assert vm.results.printed and not vm.results.error, vm.results.error
        walk.shot("results-printed")
        [written] = rig.cupsd.wait_pdfs(1, timeout=60)
        network_copy = http.get(f"{url}/v1/results/{doc['doc_code']}/pdf", timeout=10).content
        assert text_of(written.read_bytes()) == text_of(network_copy)
        assert text_of(pdf) in text_of(written.read_bytes())
        listed = http.get(f"{url}/v1/results", params={"case": code}, timeout=10).json()["cases"][0]["documents"][0]
        assert listed["printed"] == 1  # the network counted the kiosk's print

        # 6. /verify: genuine and unchanged; a byte-altered copy is refused
        page = requests.get(f"{url}/verify/{doc['doc_code']}", timeout=10)
        assert page.status_code == 200 and "真实有效" in page.text and "张*英" in page.text
        altered = network_copy.replace(b"servicenet", b"servicenes", 1)
        refused = requests.post(f"{url}/verify/{doc['doc_code']}", files={"file": ("r.pdf", altered)}, timeout=10)
        assert refused.status_code == 409 and "已被改动" in refused.text
