"""Attachment slots named by their sha256: create, append at the offset, verify when full, harmless refills,
termination; a case is complete when every slot it references is filled (over real HTTP)."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from servicenet import attachments, db
from servicenet.attachments import UploadError
from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.helpers.tus import create, patch

NOW = "2026-11-26T10:00:00+08:00"


def blob(n: int, tag: bytes) -> tuple[bytes, str]:
    data = (tag * (n // len(tag) + 1))[:n]
    return data, hashlib.sha256(data).hexdigest()


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    e = db.make_engine(f"sqlite:///{tmp_path / 'sn.db'}")
    db.create_all(e)
    return e


def test_append_resumes_at_the_offset_and_fills_on_a_match(engine: Engine) -> None:
    data, sha = blob(2500, b"scan ")
    assert attachments.slot(engine, sha) is None
    assert attachments.create(engine, sha, 2500, NOW) == attachments.Slot(sha, 2500, 0, False)
    assert attachments.append(engine, sha, 0, data[:1000]).offset == 1000
    with pytest.raises(UploadError) as stale:
        attachments.append(engine, sha, 0, data[:1000])
    assert (stale.value.status, stale.value.offset) == (409, 1000)
    assert attachments.read(engine, sha) is None
    assert attachments.append(engine, sha, 1000, data[1000:]).complete
    assert attachments.read(engine, sha) == data
    # the same bytes again: the full slot is kept as it is
    assert attachments.create(engine, sha, 2500, NOW).complete
    assert attachments.append(engine, sha, 0, data).offset == 2500


def test_a_mismatch_empties_the_slot_and_termination_keeps_filled_ones(engine: Engine) -> None:
    data, sha = blob(300, b"sign ")
    attachments.create(engine, sha, 300, NOW)
    with pytest.raises(UploadError) as bad:
        attachments.append(engine, sha, 0, b"x" * 300)
    assert (bad.value.status, bad.value.error) == (460, "content_hash")
    assert attachments.slot(engine, sha) == attachments.Slot(sha, 300, 0, False)
    attachments.append(engine, sha, 0, data[:100])
    assert attachments.terminate(engine, sha) and attachments.slot(engine, sha) is None
    assert not attachments.terminate(engine, sha)
    attachments.create(engine, sha, 300, NOW)
    attachments.append(engine, sha, 0, data)
    with pytest.raises(UploadError) as kept:
        attachments.terminate(engine, sha)
    assert kept.value.status == 403 and attachments.read(engine, sha) == data


def test_bad_appends_are_refused(engine: Engine) -> None:
    data, sha = blob(100, b"x")
    for call, status in ((lambda: attachments.append(engine, sha, 0, data), 404),
                         (lambda: attachments.create(engine, sha, 0, NOW), 413),
                         (lambda: attachments.create(engine, sha, attachments.MAX_LENGTH + 1, NOW), 413)):
        with pytest.raises(UploadError) as exc:
            call()
        assert exc.value.status == status
    attachments.create(engine, sha, 100, NOW)
    with pytest.raises(UploadError) as longer:
        attachments.append(engine, sha, 0, data + b"more")
    assert longer.value.status == 400
    with pytest.raises(UploadError) as other_length:
        attachments.create(engine, sha, 99, NOW)
    assert other_length.value.status == 400


def test_a_case_is_complete_when_every_slot_is_filled(servicenet_module: ServicenetProcess,
                                                      make_case: Callable[..., dict[str, Any]]) -> None:
    scan, scan_sha = blob(800, b"id card ")
    sign, sign_sha = blob(90, b"sign ")
    case = make_case(501, attachments=[
        {"slot": "居民身份证", "sha256": scan_sha, "size": 800, "media_type": "image/jpeg"},
        {"slot": "signature", "sha256": sign_sha, "size": 90, "media_type": "image/png"}])
    create(servicenet_module, scan_sha, 800, scan)
    r = http.post(f"{servicenet_module.url}/v1/cases/batch", json={"cases": [case]}, timeout=5)
    assert r.json()["results"][0]["result"] == "created"
    view = http.get(f"{servicenet_module.url}/v1/cases/{case['code']}", timeout=5).json()
    assert view["complete"] is False
    assert {a["slot"]: a["filled"] for a in view["attachments"]} == {"居民身份证": True, "signature": False}
    create(servicenet_module, sign_sha, 90)
    patch(servicenet_module, sign_sha, sign, 0)
    assert http.get(f"{servicenet_module.url}/v1/cases/{case['code']}", timeout=5).json()["complete"] is True
    twice = make_case(502, attachments=[{"slot": "a", "sha256": sign_sha, "size": 90, "media_type": "image/png"}] * 2)
    r = http.post(f"{servicenet_module.url}/v1/cases/batch", json={"cases": [twice]}, timeout=5)
    assert r.json()["results"][0]["result"] == "invalid"
