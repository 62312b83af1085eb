"""The work a power cut may interrupt, run under strace by tests/integration/test_power_loss.py: submit cases
with attachments (told to the resident by a line in told.log once enqueue returned), and sync them to a real
servicenet now and then.

    python -m tests.helpers.crash_workload FOLDER NETWORK_URL DEVICE_ID KEY_FILE DEVICE_NUMBER CASES [unsafe]

`unsafe` turns SQLite's fsyncs off (synchronous=OFF): the control that shows the harness catches a lost case.
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

from domain import idnumber
from domain.models import Person
from domain.signing import DeviceKey, RequestSigner
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.engine import Backoff, SyncEngine
from sync.model import Application, Attachment
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store

TOLD = "told.log"
START = "start.log"


def scan(n: int, seed: int) -> bytes:
    import hashlib

    out, block = b"", hashlib.sha256(str(seed).encode()).digest()
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block
    return out[:n]


def main(argv: list[str]) -> int:
    folder, url, device_id, key_file, number, count = argv[:6]
    root = Path(folder)
    store = Store(root / "kiosk.db")
    if argv[6:] == ["unsafe"]:
        store.db.execute("PRAGMA synchronous=OFF")
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    start = datetime(2026, 11, 26, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    outbox = Outbox(store, CodeIssuer("440105", int(number)), KioskIdentity(device_id, "测试大厅", url + "/track"),
                    catalogue, lambda: start)
    session = requests.Session()
    session.auth = RequestSigner(DeviceKey.load(key_file), device_id)
    client = NetClient(url, timeout=5, chunk_size=1500, session=session)
    engine = SyncEngine(store, outbox, catalogue, client, backoff=Backoff(base=0.001, cap=0.001), rng=lambda: 0.0)
    first17 = "44011419560308002"
    person = Person("张秀英", first17 + idnumber.check_char(first17), address="广东省广州市从化区鳌头镇")
    service = catalogue.search("sfz")[0]
    app = Application(service, person, {"name": person.name, "id_number": person.id_number, "phone": "13800138000",
                                        "reason": "到期换领"})
    told = os.open(root / TOLD, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.write(os.open(root / START, os.O_WRONLY | os.O_CREAT, 0o644), b"start\n")  # the cuts that matter begin here
    for i in range(int(count)):
        files = (Attachment("居民身份证", "image/jpeg", scan(3000 + i, 2 * i)),
                 Attachment("signature", "image/png", scan(400 + i, 2 * i + 1)))
        receipt = outbox.enqueue(replace(app, attachments=files))
        os.write(told, f"{receipt.code}\n".encode())  # the screen says 已保存 and the receipt prints
        if i % 2 == 1:
            engine.run_once()
    engine.run_once()
    client.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
