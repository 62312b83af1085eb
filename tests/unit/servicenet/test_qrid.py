"""QR identity over real HTTP: the sandbox provider's "phone" issues a dynamic code; a signed kiosk asks
POST /v1/identity/qr who it belongs to; a code works once and for a minute; unsigned callers are refused."""
from __future__ import annotations

import requests
import sqlalchemy as sa

from servicenet import db
from servicenet.qrid import sandbox
from servicenet.qrid.provider import CodeRefused
from tests.helpers.enroll import SignedNet, http
from tests.helpers.qrphone import HOLDER as WHO
from tests.helpers.qrphone import phone_code


def test_a_code_names_its_holder_once(servicenet: SignedNet) -> None:
    code = phone_code(servicenet)
    assert code.startswith("ESSC") and len(code) == 28
    r = http.post(f"{servicenet.url}/v1/identity/qr", json={"code": code}, timeout=10)
    assert r.status_code == 200 and r.json() == {"name": WHO[0], "id_number": WHO[1], "source": "e_sscard"}
    again = http.post(f"{servicenet.url}/v1/identity/qr", json={"code": code}, timeout=10)
    assert again.status_code == 409 and "已使用" in again.json()["detail"]
    unknown = http.post(f"{servicenet.url}/v1/identity/qr", json={"code": "ESSC" + "0" * 24}, timeout=10)
    assert unknown.status_code == 409 and "无效" in unknown.json()["detail"]
    eid = phone_code(servicenet, "e_id", number=WHO[1][:-1] + "x" if WHO[1][-1] == "X" else WHO[1])
    assert http.post(f"{servicenet.url}/v1/identity/qr", json={"code": eid}, timeout=10).json()["source"] == "e_id"


def test_only_an_enrolled_kiosk_may_ask(servicenet: SignedNet) -> None:
    code = phone_code(servicenet)
    r = requests.post(f"{servicenet.url}/v1/identity/qr", json={"code": code}, timeout=10)
    assert r.status_code == 401
    assert http.post(f"{servicenet.url}/v1/identity/qr", json={"code": code}, timeout=10).status_code == 200


def test_the_phone_refuses_a_bad_holder(servicenet: SignedNet) -> None:
    r = requests.post(f"{servicenet.url}/sandbox/identity/codes", timeout=10,
                      json={"name": "王", "id_number": "440105198808080020", "kind": "e_sscard"})
    assert r.status_code == 422 and "check character" in r.json()["detail"]


def test_a_code_expires(tmp_path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    sandbox.qrid_sandbox_codes.create(engine)
    now = [1000.0]
    code, expires = sandbox.issue(engine, *WHO, clock=lambda: now[0])
    assert expires == 1000.0 + sandbox.TTL
    provider = sandbox.SandboxQrIdentity(engine, clock=lambda: now[0])
    now[0] += sandbox.TTL + 1
    try:
        provider.verify(code)
    except CodeRefused as exc:
        assert exc.reason == "expired"
    else:
        raise AssertionError("an expired code was accepted")
    with engine.connect() as conn:
        assert conn.execute(sa.select(sandbox.qrid_sandbox_codes.c.used_at)).scalar() is None
    engine.dispose()
