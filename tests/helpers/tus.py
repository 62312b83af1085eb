"""Raw tus 1.0 requests to servicenet's kiosk endpoint, signed as the test's enrolled device."""
from __future__ import annotations

import base64
import hashlib

import requests

from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


def meta(sha: str) -> str:
    """Upload-Metadata naming the content (and a file name, which servicenet ignores)."""
    return f"sha256 {base64.b64encode(sha.encode()).decode()},filename {base64.b64encode('扫描.jpg'.encode()).decode()}"


def checksum(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


def create(sn: ServicenetProcess, sha: str, length: int, body: bytes = b"", **headers: str) -> requests.Response:
    h = {**TUS, "Upload-Length": str(length), "Upload-Metadata": meta(sha), **headers}
    if body:
        h["Content-Type"] = OCTETS
    return http.post(f"{sn.url}/v1/attachments", data=body, headers=h, timeout=5)


def patch(sn: ServicenetProcess, sha: str, data: bytes, offset: int, **headers: str) -> requests.Response:
    h = {**TUS, "Upload-Offset": str(offset), "Content-Type": OCTETS, **headers}
    return http.patch(f"{sn.url}/v1/attachments/{sha}", data=data, headers=h, timeout=5)


def head(sn: ServicenetProcess, sha: str, **headers: str) -> requests.Response:
    return http.head(f"{sn.url}/v1/attachments/{sha}", headers={**TUS, **headers}, timeout=5)
