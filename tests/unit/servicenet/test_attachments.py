"""Resumable attachment slots over real HTTP: offsets, resume, verification, harmless refills, case completeness."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import requests

from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http

OCTETS = "application/offset+octet-stream"


def patch(sn: ServicenetProcess, sha: str, data: bytes, offset: int, length: int | None = None,
          content_type: str = OCTETS) -> requests.Response:
    headers = {"Upload-Offset": str(offset), "Content-Type": content_type}
    if length is not None:
        headers["Upload-Length"] = str(length)
    return http.patch(f"{sn.url}/v1/attachments/{sha}", data=data, headers=headers, timeout=5)


def head(sn: ServicenetProcess, sha: str) -> requests.Response:
    return http.head(f"{sn.url}/v1/attachments/{sha}", timeout=5)


def blob(n: int, tag: bytes) -> tuple[bytes, str]:
    data = (tag * (n // len(tag) + 1))[:n]
    return data, hashlib.sha256(data).hexdigest()


def test_upload_resume_and_complete(servicenet_module: ServicenetProcess) -> None:
    data, sha = blob(2500, b"scan-one ")
    r = head(servicenet_module, sha)
    assert r.status_code == 404 and r.headers["Upload-Offset"] == "0" and r.headers["Servicenet-Missing"] == "1"
    assert patch(servicenet_module, sha, data[:1000], 0, len(data)).headers["Upload-Offset"] == "1000"
    # the reply was lost: the kiosk asks where it stands and goes on from there
    r = head(servicenet_module, sha)
    assert (r.headers["Upload-Offset"], r.headers["Upload-Length"]) == ("1000", "2500")
    stale = patch(servicenet_module, sha, data[:1000], 0)
    assert stale.status_code == 409 and stale.headers["Upload-Offset"] == "1000"
    assert patch(servicenet_module, sha, data[1000:], 1000).status_code == 204
    assert head(servicenet_module, sha).headers["Upload-Offset"] == "2500"
    got = http.get(f"{servicenet_module.url}/v1/attachments/{sha}", timeout=5)
    assert hashlib.sha256(got.content).hexdigest() == sha
    # filling a full slot again is harmless
    again = patch(servicenet_module, sha, data, 0, len(data))
    assert again.status_code == 204 and again.headers["Upload-Offset"] == "2500"
    assert http.get(f"{servicenet_module.url}/v1/attachments/{sha}", timeout=5).content == data


def test_bytes_that_do_not_match_their_name_empty_the_slot(servicenet_module: ServicenetProcess) -> None:
    data, sha = blob(300, b"signature ")
    bad = patch(servicenet_module, sha, b"x" * 300, 0, 300)
    assert bad.status_code == 460 and "sha256" in bad.json()["detail"]
    assert head(servicenet_module, sha).headers["Upload-Offset"] == "0"
    assert patch(servicenet_module, sha, data, 0, 300).status_code == 204


def test_bad_uploads_are_refused(servicenet_module: ServicenetProcess) -> None:
    data, sha = blob(100, b"x")
    assert patch(servicenet_module, sha, data, 0, 100, content_type="application/json").status_code == 415
    assert patch(servicenet_module, sha, data, 0).status_code == 400  # no Upload-Length on the first PATCH
    assert patch(servicenet_module, sha, data, 5, 100).status_code == 409
    assert patch(servicenet_module, sha, data + b"more", 0, 100).status_code == 400
    assert patch(servicenet_module, "NOTAHASH", data, 0, 100).status_code == 400
    assert http.get(f"{servicenet_module.url}/v1/attachments/{sha}", timeout=5).status_code == 404


def test_a_case_is_complete_when_every_slot_is_filled(servicenet_module: ServicenetProcess,
                                                      make_case: Callable[..., dict[str, Any]]) -> None:
    scan, scan_sha = blob(800, b"id card ")
    sign, sign_sha = blob(90, b"sign ")
    case = make_case(501, attachments=[
        {"slot": "居民身份证", "sha256": scan_sha, "size": 800, "media_type": "image/jpeg"},
        {"slot": "signature", "sha256": sign_sha, "size": 90, "media_type": "image/png"}])
    patch(servicenet_module, scan_sha, scan, 0, 800)
    r = http.post(f"{servicenet_module.url}/v1/cases/batch", json={"cases": [case]}, timeout=5)
    assert r.json()["results"][0]["result"] == "created"
    view = http.get(f"{servicenet_module.url}/v1/cases/{case['code']}", timeout=5).json()
    assert view["complete"] is False
    assert {a["slot"]: a["filled"] for a in view["attachments"]} == {"居民身份证": True, "signature": False}
    patch(servicenet_module, sign_sha, sign, 0, 90)
    assert http.get(f"{servicenet_module.url}/v1/cases/{case['code']}", timeout=5).json()["complete"] is True
    twice = make_case(502, attachments=[{"slot": "a", "sha256": sign_sha, "size": 90, "media_type": "image/png"}] * 2)
    r = http.post(f"{servicenet_module.url}/v1/cases/batch", json={"cases": [twice]}, timeout=5)
    assert r.json()["results"][0]["result"] == "invalid"
