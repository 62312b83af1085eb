"""Fault injection against the real servicenet over 127.0.0.1, through a proxy the test controls.

Lost requests, answers lost after the server committed, answers slower than the client's timeout, 500s, 503s
and 429s with Retry-After, cut links, a poison case: in the end 0 lost, 0 duplicated, every attachment intact
(hash checked), and the quarantined cases listed with their reasons. The exact accounting (`account`) is shared
with the kill -9 run in test_sync_kill9.py. SYNC_TEST_DB_URL=postgresql+psycopg://… runs both on PostgreSQL.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from domain import idnumber
from domain.models import Person
from servicenet.process import ServicenetProcess, start_servicenet
from sync.cases import CaseBook
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.engine import Backoff, SyncEngine
from sync.model import Application, Attachment
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers.clock import ManualClock
from tests.helpers.enroll import http, signed
from tests.helpers.proxy import FaultProxy

CST = timezone(timedelta(hours=8))
API = {"Servicenet-Api": "1"}
@dataclass
class Ledger:
    cases: int = 0
    accepted: int = 0
    quarantined: dict[str, str] = field(default_factory=dict)  # code -> reason
    attachments: int = 0
    events: int = 0
    held: int = 0  # events waiting because their case is quarantined
    problems: list[str] = field(default_factory=list)


def account(store: Store, db_url: str, net_url: str, device_id: str) -> Ledger:
    """Compare the kiosk's outbox with the network's database (read directly) and its attachment bytes."""
    led = Ledger()
    with store.read() as c:
        rows = c.execute("SELECT kind, ref, case_code, digest, state, last_error, payload FROM outbox").fetchall()
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as net:
            held = {r[0]: r[1] for r in net.execute(
                sa.text("SELECT code, digest FROM cases WHERE device_id = :d"), {"d": device_id})}
            submitted = {r[0]: r[1] for r in net.execute(sa.text(
                "SELECT code, COUNT(*) FROM status_events WHERE status = 'submitted' GROUP BY code"))}
            events = {r[0]: r[1] for r in net.execute(sa.text("SELECT key, digest FROM events"))}
    finally:
        engine.dispose()
    local_cases = {r["ref"] for r in rows if r["kind"] == "case"}
    stuck = {r["ref"] for r in rows if r["kind"] == "case" and r["state"] == "quarantined"}
    for r in rows:
        if r["state"] == "queued" and r["kind"] != "case" and r["case_code"] in stuck:
            led.held += 1
            continue
        if r["state"] not in ("accepted", "quarantined"):
            led.problems.append(f"{r['ref']} still {r['state']}")
            continue
        if r["state"] == "quarantined":
            led.quarantined[r["ref"]] = r["last_error"]
            if not r["last_error"]:
                led.problems.append(f"{r['ref']} quarantined without a reason")
            continue
        if r["kind"] != "case":
            led.events += 1
            if events.get(r["ref"]) != r["digest"]:
                led.problems.append(f"event {r['ref']}: network digest {events.get(r['ref'])} != {r['digest']}")
            continue
        led.cases += 1
        led.accepted += 1
        code = r["ref"]
        if held.get(code) != r["digest"]:
            led.problems.append(f"case {code}: network digest {held.get(code)} != kiosk {r['digest']}")
        if submitted.get(code) != 1:
            led.problems.append(f"case {code}: {submitted.get(code)} 'submitted' events on the network")
        for ref in json.loads(r["payload"]).get("attachments") or []:
            got = http.get(f"{net_url}/v1/attachments/{ref['sha256']}", timeout=10)
            if got.status_code != 200 or hashlib.sha256(got.content).hexdigest() != ref["sha256"]:
                led.problems.append(f"case {code}: attachment {ref['slot']} missing or damaged on the network")
            led.attachments += 1
        view = http.get(f"{net_url}/v1/cases/{code}", timeout=10).json()
        if not view.get("complete"):
            led.problems.append(f"case {code}: not complete on the network")
    extra = set(held) - local_cases
    if extra:
        led.problems.append(f"network holds {len(extra)} cases of this kiosk it never stored: {sorted(extra)[:3]}")
    return led


def kiosk(path: Path, device: int, clock=lambda: datetime(2026, 11, 26, 9, 30, tzinfo=CST)) -> tuple[Store, Outbox]:
    """A kiosk's store and outbox on `path` (device number `device` in region 440105)."""
    store = Store(path)
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    identity = KioskIdentity(f"440105-{device:03d}", "鳌头镇便民服务中心", "http://127.0.0.1:1/track")
    return store, Outbox(store, CodeIssuer("440105", device), identity, catalogue, clock)


def application(outbox: Outbox, rng: random.Random, i: int) -> Application:
    """A valid application; about a third carry attachments of a few chunks, some are made by an agent (代办)."""
    first17 = f"440114{1950 + i % 50}0308{i % 1000:03d}"
    person = Person(name="张秀英", id_number=first17 + idnumber.check_char(first17), address="鳌头镇")
    service = outbox.catalogue.search("sfz")[0]
    files: tuple[Attachment, ...] = ()
    if rng.random() < 0.35:
        files = tuple(Attachment(slot, "image/jpeg", rng.randbytes(rng.randint(200, 4200)))
                      for slot in rng.sample(["居民身份证", "户口簿", "signature"], rng.randint(1, 2)))
    agent = Person(name="李四", id_number=first17[:-3] + "999" + idnumber.check_char(first17[:-3] + "999")) \
        if rng.random() < 0.2 else None
    form = {"name": person.name, "id_number": person.id_number, "phone": "13800138000", "reason": f"到期换领 {i}"}
    return Application(service, person, form, attachments=files, agent=agent)


def fresh_db_url(tmp: Path) -> str:
    """A SQLite file, or the database of SYNC_TEST_DB_URL (e.g. PostgreSQL), emptied first."""
    url = os.environ.get("SYNC_TEST_DB_URL", "")
    if not url:
        return f"sqlite:///{tmp / 'net.db'}"
    from servicenet import db

    engine = db.make_engine(url)
    db.metadata.drop_all(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory):
    with start_servicenet(fresh_db_url(tmp_path_factory.mktemp("faultnet"))) as server:
        yield signed(server)


TOTAL = 60
OUTCOMES = ("drop_request", "drop_response", "delay", "respond")
FAULTS = ("drop_request", "drop_response", "delay", "500", "503", "429", "cut")
TARGETS = ("POST /v1/cases/batch", "PATCH /v1/attachments", "HEAD /v1/attachments", "POST /v1/events/batch",
           "GET /v1/status-feed", "")


def plan(link: FaultProxy, rng: random.Random, kind: str) -> None:
    target = rng.choice(TARGETS)
    if kind == "drop_request":
        link.drop_request(target)
    elif kind == "drop_response":
        link.drop_response(target)
    elif kind == "delay":
        link.delay(0.6, target)  # the client gives up after 0.4 s
    elif kind == "500":
        link.respond(500, target, body=b"Internal Server Error")
    elif kind == "503":
        link.respond(503, target, headers={"Retry-After": "30"})
    elif kind == "429":
        link.respond(429, target, headers={"Retry-After": "7"}, body=b'{"detail": "slow down"}')


def take_code_with_other_bytes(store: Store, net: ServicenetProcess, code: str) -> str:
    """Poison: the network gets this code first with other bytes (another kiosk's bug, say)."""
    with store.read() as c:
        other = json.loads(c.execute("SELECT payload FROM outbox WHERE ref=?", (code,)).fetchone()[0])
    other["form"]["phone"] = "13900000000"
    other["attachments"] = []
    r = http.post(f"{net.url}/v1/cases/batch", json={"cases": [other]}, timeout=5)
    assert r.json()["results"][0]["result"] in ("created", "conflict")  # conflict: the kiosk's copy went first
    return code


def test_every_case_arrives_exactly_once_whatever_the_link_does(net: ServicenetProcess, tmp_path: Path) -> None:
    seed = int(os.environ.get("FAULT_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    print(f"fault suite seed={seed} (FAULT_SEED={seed} to replay)")
    store, outbox = kiosk(tmp_path / "kiosk.db", 801)
    clock = ManualClock(2_000_000.0)
    with FaultProxy(net.port) as link:
        client = NetClient(link.url, timeout=0.4, chunk_size=1000, session=net.creds.session())
        engine = SyncEngine(store, outbox, outbox.catalogue, client, batch_size=4, clock=clock,
                            rng=rng.random, backoff=Backoff(base=1, cap=60), pull_catalogue=False)
        book = CaseBook(store, outbox, client)
        try:
            codes: list[str] = []
            poison: list[str] = []
            kinds: list[str] = []
            first = rng.sample(FAULTS, len(FAULTS))  # every kind early on, then at random
            for _ in range(300):
                if len(codes) < TOTAL:  # cases keep coming while the link misbehaves
                    for _ in range(rng.randint(1, 3)):
                        if len(codes) < TOTAL:
                            codes.append(outbox.enqueue(application(outbox, rng, len(codes))).code)
                            if rng.random() < 0.25:
                                book.rate(codes[-1], rng.choice((1, 2, 3, 4, 5)), ("态度好",))
                    if len(poison) < 2 and rng.random() < 0.3:
                        poison.append(take_code_with_other_bytes(store, net, codes[-1]))
                applied = Counter(outcome for _, outcome in link.log)
                if len(codes) == TOTAL and len(poison) == 2 and all(applied[k] >= 3 for k in OUTCOMES) and \
                        not any(s in outbox.depth() for s in ("queued", "sending")):
                    break
                if not link.is_up:
                    link.restore()
                link.clear()  # a fault its target never met is dropped
                kind = first.pop() if first else rng.choice(FAULTS)
                kinds.append(kind)
                if kind == "cut":
                    link.cut()
                else:
                    plan(link, rng, kind)
                engine.run_once()
                clock.t += 120  # past any pause: Retry-After, full jitter (cap 60)
            link.restore()
            link.clear()
            engine.run_once()
            led = account(store, net.db_url, net.url, "440105-801")
        finally:
            client.close()
            store.close()
    assert not led.problems, f"seed={seed}: {led.problems[:5]}"
    assert set(led.quarantined) <= set(poison), f"seed={seed}: {led.quarantined}"
    assert all("conflict" in why for why in led.quarantined.values())
    assert led.accepted + len(led.quarantined) == TOTAL, led
    assert led.attachments > 5 and set(FAULTS) <= set(kinds), (led, kinds)
    applied = Counter(outcome for _, outcome in link.log)
    assert all(applied[k] >= 3 for k in OUTCOMES), f"seed={seed}: {applied}"
    print(f"faults applied: {dict(applied)}; {led}")
