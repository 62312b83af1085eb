import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis.stateful import RuleBasedStateMachine

from domain import idnumber
from domain.models import Person
from sync.catalogue import Catalogue
from sync.model import Application, Attachment
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store

CST = timezone(timedelta(hours=8))


def small_kiosk(folder: Path) -> tuple[Store, Outbox, Application]:
    """A store with the seed catalogue, its outbox (device 440105-001, a fixed clock) and one application:
    what the state-machine tests start from."""
    store = Store(folder / "k.db")
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    outbox = Outbox(store, CodeIssuer("440105", 1), KioskIdentity("d", "h", "http://x"), catalogue,
                    lambda: datetime(2026, 11, 26, 9, tzinfo=CST))
    person = resident()
    return store, outbox, Application(catalogue.search("sfz")[0], person, {"name": person.name, "phone": "1"})



class KioskMachine(RuleBasedStateMachine):
    """A state machine over a small kiosk (small_kiosk) in a folder of its own, removed at teardown."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp())
        self.store, self.outbox, self.app = small_kiosk(self.dir)

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

class StepClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "kiosk.db")
    yield s
    s.close()


@pytest.fixture
def clock():
    return StepClock(datetime(2026, 11, 26, 9, 30, tzinfo=CST))


@pytest.fixture
def catalogue(store):
    cat = Catalogue(store)
    cat.seed_if_empty()
    return cat


@pytest.fixture
def outbox(store, catalogue, clock):
    identity = KioskIdentity("440105-001", "鳌头镇便民服务中心", "http://127.0.0.1:1/track")
    return Outbox(store, CodeIssuer("440105", 1), identity, catalogue, clock)


def resident(name: str = "张秀英") -> Person:
    first17 = "44011419560308002"
    return Person(name=name, id_number=first17 + idnumber.check_char(first17), address="广东省广州市从化区鳌头镇")


@pytest.fixture
def application(catalogue):
    service = catalogue.search("sfz")[0]
    person = resident()
    form = {"name": person.name, "id_number": person.id_number, "phone": "13800138000", "reason": "到期换领"}
    return Application(service, person, form)


def scan(n: int, seed: int = 0) -> bytes:
    """Bytes standing for a scanned page: distinct per (n, seed), n bytes long."""
    import hashlib

    out = b""
    block = hashlib.sha256(f"{seed}".encode()).digest()
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block
    return out[:n]


@pytest.fixture
def with_files(application):
    """The same application with a scanned ID card (several chunks) and a signature, new bytes for each test."""
    from dataclasses import replace

    n = next(_scans)
    return replace(application, attachments=(
        Attachment("居民身份证", "image/jpeg", scan(3500, 2 * n)),
        Attachment("signature", "image/png", scan(700, 2 * n + 1)),
    ))


_scans = __import__("itertools").count(1)
