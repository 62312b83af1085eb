"""A bench kiosk enrolled on a running servicenet the way a technician does it (a one-time code from the real
`servicenet enrollment-code` CLI, a fresh Ed25519 device key, POST /v1/devices/enroll), then the kiosk's own
NetClient over a session that signs every request (RFC 9421), as kiosk.wiring.signed_session builds it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import requests

from servicenet.process import ServicenetProcess
from sync.client import NetClient
from sync.crypto import DeviceKey, Enrollment, RequestSigner, enroll


@dataclass
class EnrolledKiosk:
    key: DeviceKey
    enrollment: Enrollment

    @property
    def auth(self) -> RequestSigner:
        return RequestSigner(self.key, self.enrollment.device_id)

    def save_key(self, path: Path) -> Path:
        return self.key.save(path)

    def session(self) -> requests.Session:
        http = requests.Session()
        http.auth = self.auth
        return http

    def client(self, url: str, timeout: float = 60.0) -> NetClient:
        return NetClient(url, timeout=timeout, session=self.session())


def enroll_kiosk(net: ServicenetProcess, region: str = "440105", hall_name: str = "bench") -> EnrolledKiosk:
    """A fresh device key enrolled with a one-time code from `net`."""
    key = DeviceKey.generate()
    enrollment = enroll(net.url, net.enrollment_code(region), key, hall_name=hall_name)
    return EnrolledKiosk(key, enrollment)
