"""Security of the link and at rest, against the real servicenet process (issue 7):

- enrollment codes are single-use and expire;
- every guarded endpoint (all of /openapi.json but the public ones) refuses unsigned, stale, replayed,
  forged-key, tampered-body and revoked-device requests, with a clear JSON body;
- cases are sealed at enqueue: the network opens them, the kiosk's files hold no name or ID number in clear;
- the audit log (电子监察) syncs, and the network flags a tampered row and a gap.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from domain import idnumber, wire
from domain.models import Person
from servicenet.auth import is_public
from servicenet.process import REPO_ROOT, start_servicenet
from sync.audit import AuditLog
from sync.catalogue import Catalogue
from sync.client import NetClient
from sync.crypto import DeviceKey, EnrollmentRefused, RequestSigner, enroll, unb64
from sync.engine import SyncEngine
from sync.model import Application, Attachment
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers.enroll import Credentials, SignedNet, enroll_device, enrollment_code, signed

CST = timezone(timedelta(hours=8))
PUBLIC = {("GET", "/v1/health"), ("POST", "/v1/devices/enroll")}
FIRST17 = "44011419560308002"
RESIDENT = Person(name="欧阳秀英", id_number=FIRST17 + idnumber.check_char(FIRST17), sex="女", nation="汉",
                  address="广东省广州市从化区鳌头镇龙潭村十二号", source="id_card")
PHONE = "13912345678"


def cli(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "servicenet", *args, "--db", db_url], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignedNet]:
    db = tmp_path_factory.mktemp("secnet") / "net.db"
    with start_servicenet(f"sqlite:///{db}") as server:
        yield signed(server)


# -- enrollment ----------------------------------------------------------------------------------------


def test_an_enrollment_code_works_once(net: SignedNet) -> None:
    code = enrollment_code(net.db_url, "440106")
    first = enroll(net.url, code, DeviceKey.generate())
    assert first.region == "440106" and first.device_id == f"440106-{first.device_number:03d}"
    assert len(unb64(first.network_public_key)) == 32 and first.person_key
    with pytest.raises(EnrollmentRefused, match="already used"):
        enroll(net.url, code, DeviceKey.generate())
    r = requests.post(f"{net.url}/v1/devices/enroll",
                      json={"code": code, "public_key": DeviceKey.generate().public_b64}, timeout=5)
    assert r.status_code == 403 and "enrollment code" in r.json()["detail"]


def test_an_expired_or_unknown_code_is_refused(net: SignedNet) -> None:
    code = enrollment_code(net.db_url, ttl=0.5)
    time.sleep(0.7)
    with pytest.raises(EnrollmentRefused, match="expired"):
        enroll(net.url, code, DeviceKey.generate())
    with pytest.raises(EnrollmentRefused):
        enroll(net.url, "0000-0000-0000", DeviceKey.generate())
    bad_key = requests.post(f"{net.url}/v1/devices/enroll", timeout=5,
                            json={"code": enrollment_code(net.db_url), "public_key": "bm90IGEga2V5"})
    assert bad_key.status_code == 422


def test_a_code_typed_full_width_enrolls_and_other_digits_get_words(net: SignedNet) -> None:
    """A technician's input method may give full-width digits, a full-width hyphen or U+3000: the same code.
    Arabic-Indic digits are no code of ours: refused in words, never a 500."""
    code = enrollment_code(net.db_url, "440106")
    typed = code.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-"}).replace("\uff0d", "\u3000", 1)
    got = enroll(net.url, typed, DeviceKey.generate())
    assert got.region == "440106"
    arabic = "".join(chr(0x660 + int(ch)) for ch in code if ch.isdigit())
    r = requests.post(f"{net.url}/v1/devices/enroll", timeout=5,
                      json={"code": arabic, "public_key": DeviceKey.generate().public_b64})
    assert r.status_code == 403 and "enrollment code" in r.json()["detail"]


def test_a_region_typed_full_width_is_the_region_and_other_digits_are_refused(net: SignedNet) -> None:
    done = cli(net.db_url, "enrollment-code", "--region", "４４０１０６")
    assert done.returncode == 0, done.stderr
    got = enroll(net.url, done.stdout.strip(), DeviceKey.generate())
    assert got.region == "440106" and got.device_id.isascii()
    refused = cli(net.db_url, "enrollment-code", "--region", "٤٤٠١٠٦")
    assert refused.returncode == 2 and "6-digit region code" in refused.stderr


def test_a_kiosk_to_revoke_typed_full_width_is_revoked(net: SignedNet) -> None:
    creds = enroll_device(net, "440108")
    typed = creds.device_id.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-"})
    done = cli(net.db_url, "revoke-device", f" {typed} ")
    assert done.returncode == 0 and creds.device_id in done.stdout, done.stderr
    assert requests.get(f"{net.url}/v1/catalogue", auth=creds.auth, timeout=5).status_code in (401, 403)


def test_the_cli_lists_and_revokes_devices(net: SignedNet) -> None:
    creds = enroll_device(net, "440107")
    listing = cli(net.db_url, "devices").stdout
    assert re.search(rf"^{creds.device_id}\tactive\t", listing, re.M)
    assert cli(net.db_url, "revoke-device", creds.device_id).returncode == 0
    assert cli(net.db_url, "revoke-device", creds.device_id).returncode == 1  # already revoked
    assert re.search(rf"^{creds.device_id}\trevoked\t", cli(net.db_url, "devices").stdout, re.M)


# -- every guarded endpoint, every way of cheating -----------------------------------------------------


def not_a_kiosk(path: str) -> bool:
    try:
        from servicenet.backoffice.auth import unsigned
    except ImportError:
        return False
    return bool(unsigned(path))


def guarded(net: SignedNet) -> list[tuple[str, str]]:
    """Every (method, concrete path) of the API description except the public ones."""
    paths = requests.get(f"{net.url}/openapi.json", timeout=5).json()["paths"]
    out = []
    for path, ops in sorted(paths.items()):
        for method in ops:
            if (method.upper(), path) in PUBLIC or is_public(path) or not_a_kiosk(path):
                continue  # the payment sandbox stands in for wallets; staff and residents have their own logins
            concrete = re.sub(r"\{sha\}", "a" * 64, path)
            concrete = re.sub(r"\{code\}", "44010500126112600015", concrete)
            concrete = re.sub(r"\{[^}]+\}", "x1", concrete)
            out.append((method.upper(), concrete))
    return out


def send(method: str, url: str, auth: requests.auth.AuthBase | None = None, body: bytes = b"{}") -> requests.Response:
    data = body if method in ("POST", "PATCH", "PUT") else None
    return requests.request(method, url, data=data, auth=auth, timeout=5,
                            headers={"Content-Type": "application/json"} if data is not None else {})


def test_every_guarded_endpoint_refuses_every_cheat(net: SignedNet) -> None:
    endpoints = guarded(net)
    assert len(endpoints) >= 12, endpoints  # cases, attachments, events, audit, catalogue, status feed …
    revoked = enroll_device(net)
    assert cli(net.db_url, "revoke-device", revoked.device_id).returncode == 0
    stale = RequestSigner(net.creds.key, net.creds.device_id, clock=lambda: time.time() - 3600)
    future = RequestSigner(net.creds.key, net.creds.device_id, clock=lambda: time.time() + 3600)
    forged = RequestSigner(DeviceKey.generate(), net.creds.device_id)  # the right keyid, another key
    unknown = RequestSigner(DeviceKey.generate(), "999999-999")
    refused: dict[str, int] = {}
    tried = 0
    for method, path in endpoints:
        url = net.url + path
        cheats = {
            "unsigned": (401, send(method, url)),
            "stale": (401, send(method, url, stale)),
            "future": (401, send(method, url, future)),
            "bad_signature": (401, send(method, url, forged)),
            "unknown_device": (401, send(method, url, unknown)),
            "revoked": (403, send(method, url, revoked.auth)),
        }
        # a tampered body: signed over one body, sent with another
        req = requests.Request(method, url, data=b'{"a":1}', headers={"Content-Type": "application/json"}).prepare()
        net.creds.auth(req)
        req.body = b'{"a":2}'
        req.headers["Content-Length"] = "7"
        with requests.Session() as s:
            cheats["digest"] = (401, s.send(req, timeout=5))
            # a replay: the very same signed request twice
            again = requests.Request(method, url, data=b"{}" if method in ("POST", "PATCH") else None,
                                     headers={"Content-Type": "application/json"}).prepare()
            net.creds.auth(again)
            first = s.send(again, timeout=5)
            assert first.status_code not in (401, 403), (method, path, first.text)
            cheats["replayed"] = (401, s.send(again, timeout=5))
        for error, (status, resp) in cheats.items():
            tried += 1
            expected = "stale" if error == "future" else error
            got = resp.headers.get("Servicenet-Refused")
            assert (resp.status_code, got) == (status, expected), (method, path, error, resp.text)
            if method != "HEAD":
                body = resp.json()
                assert body["error"] == expected and body["detail"]
            assert resp.headers["Servicenet-Api"] == "1"
            refused[error] = refused.get(error, 0) + 1
    assert tried == 8 * len(endpoints) and sum(refused.values()) == tried  # 100 % refused
    # the public ones stay open
    assert requests.get(f"{net.url}/v1/health", timeout=5).json() == {"ok": True}
    assert requests.get(f"{net.url}/track/44010500126112600015", timeout=5).status_code == 404  # a page, no 401
    assert requests.get(f"{net.url}/openapi.json", timeout=5).status_code == 200


def test_a_replay_after_a_restart_is_still_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'net.db'}"
    with start_servicenet(db) as first:
        creds = enroll_device(first)
        req = requests.Request("GET", f"{first.url}/v1/catalogue").prepare()
        creds.auth(req)
        with requests.Session() as s:
            assert s.send(req, timeout=5).status_code == 200
        port = first.port
    with start_servicenet(db, port=port) as second, requests.Session() as s:
        again = s.send(req, timeout=5)
        assert again.status_code == 401 and again.json()["error"] == "replayed"
        assert requests.get(f"{second.url}/v1/catalogue", auth=creds.auth, timeout=5).status_code == 200


# -- sealed at rest ------------------------------------------------------------------------------------


def kiosk(path: Path, creds: Credentials, *, audit: bool = False) -> tuple[Store, Outbox, AuditLog | None]:
    store = Store(path)
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    e = creds.enrollment
    identity = KioskIdentity(e.device_id, "鳌头镇便民服务中心", "http://127.0.0.1:1/track")
    outbox = Outbox(store, CodeIssuer(e.region, e.device_number), identity, catalogue,
                    lambda: datetime(2026, 11, 26, 9, 30, tzinfo=CST), person_key=e.person_key,
                    seal_to=creds.network_public_key)
    log = AuditLog(store, e.device_id, lambda: datetime(2026, 11, 26, 9, 30, tzinfo=CST)) if audit else None
    return store, outbox, log


def application(outbox: Outbox, n: int) -> Application:
    service = outbox.catalogue.search("sfz")[0]
    form = {"name": RESIDENT.name, "id_number": RESIDENT.id_number, "phone": PHONE, "address": RESIDENT.address,
            "reason": "到期换领"}
    scan = f"ID card scan of {RESIDENT.id_number} #{n}".encode() * 40
    return Application(service, RESIDENT, form, attachments=(Attachment("居民身份证", "image/jpeg", scan),),
                       agent=replace(RESIDENT, name="李建国"))


def secrets_in(data: bytes) -> list[str]:
    found = []
    for label, text in (("name", RESIDENT.name), ("agent", "李建国"), ("id_number", RESIDENT.id_number),
                        ("phone", PHONE), ("address", RESIDENT.address[6:])):
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            if text.encode(encoding) in data:
                found.append(f"{label}/{encoding}")
    return found


def test_sealed_cases_are_opened_by_the_network_only(net: SignedNet, tmp_path: Path) -> None:
    creds = enroll_device(net)
    store, outbox, log = kiosk(tmp_path / "kiosk.db", creds, audit=True)
    session = creds.session()
    engine = SyncEngine(store, outbox, outbox.catalogue, NetClient(net.url, timeout=10, session=session),
                        pull_catalogue=False)
    try:
        codes = [outbox.enqueue(application(outbox, n)).code for n in range(3)]
        assert log is not None
        log.record("case_submitted", "", code=codes[0])
        with store.read() as c:
            payload = json.loads(c.execute("SELECT payload FROM outbox WHERE ref=?", (codes[0],)).fetchone()[0])
        assert set(payload) >= {"code", "service_code", "sealed", "attachments"} and "applicant" not in payload
        # what is sent again is byte-identical: the frozen sealed bytes
        report = engine.run_once()
        assert report.accepted == 3 and report.events == 1 and report.quarantined == 0
        with store.tx() as c:  # the network lost its answer: send again → duplicate, not conflict
            c.execute("UPDATE outbox SET state='queued' WHERE kind='case'")
        assert engine.run_once().accepted == 3 and outbox.depth() == {"accepted": 4}
    finally:
        engine.client.close()
        store.close()
    eng = sa.create_engine(net.db_url)
    with eng.connect() as conn:
        stored = conn.execute(sa.text("SELECT payload, person_hash, applicant_masked_name FROM cases WHERE code=:c"),
                              {"c": codes[0]}).one()
    eng.dispose()
    assert secrets_in(stored.payload.encode()) == []  # the network keeps it sealed too
    assert stored.applicant_masked_name == "欧**英"
    assert stored.person_hash == wire.person_hash(creds.enrollment.person_key, RESIDENT.id_number)
    opened = json.loads(cli(net.db_url, "open-case", codes[0]).stdout)
    assert opened["applicant"]["name"] == RESIDENT.name and opened["agent"]["name"] == "李建国"
    assert opened["form"]["phone"] == PHONE
    # the attachment went up sealed, and only the network's key opens it
    from servicenet.db import make_engine
    from servicenet.keys import attachment_aad, load_or_create

    ref = payload["attachments"][0]
    blob = requests.get(f"{net.url}/v1/attachments/{ref['sha256']}", auth=creds.auth, timeout=5).content
    assert b"ID card scan" not in blob
    key = load_or_create(make_engine(net.db_url))
    assert key.open_bytes(blob, attachment_aad(codes[0], "居民身份证")).startswith(b"ID card scan of")


def test_the_kiosk_files_hold_no_personal_data_in_clear(net: SignedNet, tmp_path: Path) -> None:
    creds = enroll_device(net)
    data = tmp_path / "kiosk"
    data.mkdir()
    store, outbox, log = kiosk(data / "kiosk.db", creds, audit=True)
    try:
        for n in range(5):
            code = outbox.enqueue(application(outbox, n)).code
            assert log is not None
            log.record("case_submitted", "", code=code, service_code="x")
        assert outbox.depth() == {"queued": 10}
        files = sorted(p for p in data.rglob("*") if p.is_file())
        assert {p.name for p in files} >= {"kiosk.db", "kiosk.db-wal"}  # queued, not yet checkpointed
        assert len([p for p in files if p.parent.parent.name == "attachments"]) == 5
        for path in files:
            assert secrets_in(path.read_bytes()) == [], path
        # the masked forms the screens show are there, and the lookup hash
        with store.read() as c:
            row = c.execute("SELECT applicant_masked_name, applicant_masked_id, person_hash FROM cases").fetchone()
        assert row[0] == "欧**英" and row[1].startswith("4401") and "*" in row[1] and len(row[2]) == 64
    finally:
        store.close()
    for path in sorted(p for p in data.rglob("*") if p.is_file()):  # after the checkpoint at close, too
        assert secrets_in(path.read_bytes()) == [], path


# -- 电子监察 ---------------------------------------------------------------------------------------------


def test_audit_chain_syncs_and_the_network_flags_tampering_and_gaps(net: SignedNet, tmp_path: Path) -> None:
    creds = enroll_device(net)
    store, outbox, log = kiosk(tmp_path / "kiosk.db", creds, audit=True)
    assert log is not None
    engine = SyncEngine(store, outbox, outbox.catalogue, NetClient(net.url, timeout=10, session=creds.session()),
                        pull_catalogue=False)
    try:
        for n in range(4):
            log.record("screen", "", screen=f"s{n}")
        assert engine.run_once().events == 4
        ok = json.loads(cli(net.db_url, "audit-verify", "--device", creds.device_id).stdout)
        assert ok["ok"] and ok["count"] == 4
        # a row changed after it was hashed, on its way (or on a kiosk whose file was edited)
        fifth = log.record("staff_action", "counter", action="reprint").wire()
        tampered = json.loads(json.dumps(fifth))
        tampered["body"]["detail"] = {"action": "nothing"}
        r = requests.post(f"{net.url}/v1/audit/batch", json={"events": [tampered]}, auth=creds.auth, timeout=5)
        assert r.json()["results"][0]["result"] == "invalid" and "tampered" in r.json()["results"][0]["message"]
        # row 6 arrives without row 5: a gap on the network
        sixth = log.record("staff_action", "counter", action="logout").wire()
        r = requests.post(f"{net.url}/v1/audit/batch", json={"events": [sixth]}, auth=creds.auth, timeout=5)
        assert r.json()["results"][0]["result"] == "created"
        # a device may not speak for another
        other = json.loads(json.dumps(fifth))
        other["device_id"], other["key"] = "440105-999", "440105-999:audit:5"
        r = requests.post(f"{net.url}/v1/audit/batch", json={"events": [other]}, auth=creds.auth, timeout=5)
        assert r.json()["results"][0]["result"] == "invalid"
    finally:
        engine.client.close()
        store.close()
    done = cli(net.db_url, "audit-verify", "--device", creds.device_id)
    report = json.loads(done.stdout)
    assert done.returncode == 1 and not report["ok"]
    assert report["gaps"] == [[5, 5]]
    assert {(f["seq"], f["problem"]) for f in report["flags"]} >= {(5, "tampered"), (5, "forged")}
