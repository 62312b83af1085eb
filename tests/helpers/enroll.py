"""Enroll a test kiosk on a running servicenet the way a technician does: a code from the real
`servicenet enrollment-code` CLI, then POST /v1/devices/enroll with a fresh Ed25519 key.

    creds = enroll_device(net)               # net: a ServicenetProcess (url + db_url)
    requests.get(url, auth=creds.auth)       # every request signed as that device
    net = signed(net)                        # the same process, plus .auth / .http / .creds
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from servicenet.process import ServicenetProcess, enrollment_code
from sync.crypto import DeviceKey, Enrollment, RequestSigner, enroll, unb64


@dataclass
class Credentials:
    key: DeviceKey
    enrollment: Enrollment

    @property
    def device_id(self) -> str:
        return self.enrollment.device_id

    @property
    def auth(self) -> RequestSigner:
        return RequestSigner(self.key, self.enrollment.device_id)

    @property
    def network_public_key(self) -> bytes:
        return unb64(self.enrollment.network_public_key)

    def session(self) -> requests.Session:
        s = requests.Session()
        s.auth = self.auth
        return s

    def save_key(self, path: Path) -> Path:
        return self.key.save(path)


def enroll_device(net: Any, region: str = "440105", hall_name: str = "测试大厅") -> Credentials:
    """A new device on `net` (anything with .url and .db_url), enrolled through the CLI and the API."""
    key = DeviceKey.generate()
    return Credentials(key, enroll(net.url, enrollment_code(net.db_url, region), key, hall_name=hall_name))


def enrolled_settings(creds: Credentials, key_path: Path) -> dict[str, Any]:
    """kiosk.config.Settings keywords of an enrolled kiosk (the key is written to key_path)."""
    e = creds.enrollment
    return {"region": e.region, "device_number": e.device_number, "device_key": str(creds.save_key(key_path)),
            "network_public_key": e.network_public_key, "person_key": e.person_key, "settings_key": e.settings_key}


class SignedNet:
    """A ServicenetProcess and the credentials of one enrolled device: .auth, .http (a signed session)."""

    def __init__(self, net: ServicenetProcess, creds: Credentials) -> None:
        self.net = net
        self.creds = creds
        self.auth = creds.auth
        self.http = creds.session()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.net, name)

    def stop(self, timeout: float = 10.0) -> None:
        self.http.close()
        self.net.stop(timeout)


def signed(net: ServicenetProcess, region: str = "440105") -> SignedNet:
    """Enroll a device on `net`; `http` signs requests to it from now on."""
    creds = enroll_device(net, region)
    register(net.url, creds)
    return SignedNet(net, creds)


# -- `http`: requests' functions, signed as the device enrolled on the servicenet a URL points at ---------

_ENROLLED: dict[str, Credentials] = {}


def register(url: str, creds: Credentials) -> None:
    """Requests made with `http` to URLs under `url` are signed with `creds`."""
    _ENROLLED[url.rstrip("/")] = creds


class _Http:
    """`http.get(url, ...)` as `requests.get`, signed when the URL is of a servicenet a test enrolled on. A 429 of
    admission control (shed before any work, "overloaded") is waited out for its Retry-After, as a kiosk does: a
    loaded test machine must not fail a test of something else. A rate limit's 429 is returned as it came."""

    def _auth(self, url: str) -> RequestSigner | None:
        for base, creds in _ENROLLED.items():
            if url == base or url.startswith(base + "/"):
                return creds.auth
        return None

    def request(self, method: str, url: str, **kw: Any) -> requests.Response:
        kw.setdefault("auth", self._auth(url))
        for _ in range(30):
            r = requests.request(method, url, **kw)
            if r.status_code != 429 or "overloaded" not in r.text:
                break
            time.sleep(float(r.headers.get("Retry-After", "1")))
        return r

    def get(self, url: str, **kw: Any) -> requests.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> requests.Response:
        return self.request("POST", url, **kw)

    def patch(self, url: str, **kw: Any) -> requests.Response:
        return self.request("PATCH", url, **kw)

    def head(self, url: str, **kw: Any) -> requests.Response:
        return self.request("HEAD", url, **kw)


http = _Http()
