"""Which ways of collecting a result a service offers is the catalogue's, on both ends, against the real servicenet
process: the kiosk's catalogue delta carries each item's delivery_methods; a case a kiosk queued offline while its
catalogue still offered 自助终端打印 reaches the network after the network's catalogue stopped offering it, and is
taken (collected at the window; its history and an SMS say why), never left in the kiosk's quarantine; the staff command
line refuses a catalogue whose ways the kiosks could not follow, and imports nothing of it."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from domain.models import ALL_DELIVERY
from domain.status import SyncState
from servicenet.seed import load_items
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.engine import SyncEngine
from sync.model import Application
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers import sms
from tests.helpers.enroll import SignedNet, http
from tests.integration.test_security import RESIDENT
from tests.unit.servicenet.conftest import ID_LSJZ, ID_SFZ
from tests.unit.servicenet.test_cli import cli

CST = timezone(timedelta(hours=8))
ID_SYDJ = "11440105007512345X4443011003000"  # 生育登记: its form asks no address


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory):
    from tests.helpers.enroll import signed
    from tests.helpers.servicenet_proc import running_servicenet

    with running_servicenet(tmp_path_factory.mktemp("net") / "servicenet.db") as sn:
        yield signed(sn)


def catalogue_file(folder: Path, code: str, methods: object) -> Path:
    """The seed entry of `code` with delivery_methods = methods, as a catalogue file for import-catalogue."""
    item = next(i for i in load_items() if i["code"] == code)
    path = folder / "change.json"
    path.write_text(json.dumps([{**item, "delivery_methods": methods}], ensure_ascii=False), encoding="utf-8")
    return path


def test_a_case_queued_offline_before_the_catalogue_changed_is_taken(net: SignedNet, tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    catalogue = Catalogue(store)
    e = net.creds.enrollment
    outbox = Outbox(store, CodeIssuer(e.region, e.device_number), KioskIdentity(e.device_id, "鳌头镇", "http://t/track"),
                    catalogue, lambda: datetime.now(CST), person_key=e.person_key,
                    seal_to=net.creds.network_public_key)
    engine = SyncEngine(store, outbox, catalogue, NetClient(net.url, timeout=10, session=net.creds.session()))
    try:
        engine.run_once()  # the catalogue delta from the network
        card, relief = catalogue.get(ID_SFZ), catalogue.get(ID_LSJZ)
        assert card is not None and card.delivery_methods == ("window", "post")
        assert relief is not None and relief.delivery_methods == ALL_DELIVERY
        # offline: the resident chooses 自助终端打印 for 临时救助申请, as this kiosk's catalogue offers
        form = {"name": RESIDENT.name, "id_number": RESIDENT.id_number, "phone": "13912345601",
                "household_size": 3, "reason": "因病致贫"}
        receipt = outbox.enqueue(Application(relief, RESIDENT, form, delivery="kiosk"))
        assert receipt.delivery == "kiosk"
        # meanwhile the network's catalogue stops offering it
        done = cli(net.db_url, "import-catalogue", str(catalogue_file(tmp_path, ID_LSJZ, ["window", "post"])))
        assert done.returncode == 0 and done.stdout.strip() == "1 changed", done.stdout + done.stderr
        # the link comes back: the case is taken, not quarantined, and the kiosk's catalogue follows
        assert engine.run_once().accepted == 1
        with store.read() as c:  # the kiosk's own view of the case
            state = c.execute("SELECT state, last_error FROM outbox WHERE kind='case' AND ref=?",
                              (receipt.code,)).fetchone()
        assert state[0] == SyncState.ACCEPTED.value, state
        view = http.get(f"{net.url}/v1/cases/{receipt.code}", timeout=10).json()
        assert view["delivery"]["method"] == "window"
        assert "“自助终端打印”该事项已不再提供，结果改为“窗口领取”" in view["history"][0]["note"]
        [text] = sms.inbox(net.url, "13912345601", 1)  # her receipt says 自助终端打印: she is told at once
        assert "结果将改为“窗口领取”" in text and receipt.code in text
        assert catalogue.get(ID_LSJZ).delivery_methods == ("window", "post")  # type: ignore[union-attr]  # held
    finally:
        engine.client.close()
        store.close()


def test_the_command_line_refuses_ways_the_kiosks_could_not_follow(net: SignedNet, tmp_path: Path) -> None:
    before = http.get(f"{net.url}/v1/catalogue", timeout=10).json()["cursor"]
    for methods, said in ((["window", "fax"], "未知的领取方式"), ([], "至少须提供一种领取方式"),
                          ("window", "须为领取方式的列表")):
        done = cli(net.db_url, "import-catalogue", str(catalogue_file(tmp_path, ID_SFZ, methods)))
        assert done.returncode == 1 and said in done.stderr and ID_SFZ in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    # 邮寄 only for 生育登记, whose form has no address: a kiosk would have nowhere to ask for it, so none could apply
    done = cli(net.db_url, "import-catalogue", str(catalogue_file(tmp_path, ID_SYDJ, ["post"])))
    assert done.returncode == 1 and "收件地址" in done.stderr and ID_SYDJ in done.stderr, done.stderr
    assert http.get(f"{net.url}/v1/catalogue", params={"cursor": before}, timeout=10).json()["items"] == []
    # full-width and upper case are the same ways (NFKC, lower case), in the author's order
    done = cli(net.db_url, "import-catalogue", str(catalogue_file(tmp_path, ID_SFZ, ["ＰＯＳＴ", " Window "])))
    assert done.returncode == 0, done.stderr
    items = http.get(f"{net.url}/v1/catalogue", params={"cursor": before}, timeout=10).json()["items"]
    assert [(i["code"], i["delivery_methods"]) for i in items] == [(ID_SFZ, ["post", "window"])]
