"""The resident's phone for QR identity (亮码): asks the sandbox provider for a fresh code, as the electronic
social-security card or electronic ID app shows one."""
from __future__ import annotations

from typing import Any

import requests

from domain import idnumber

HOLDER = ("陈小梅", "44010519880808002" + idnumber.check_char("44010519880808002"))


def phone_code(net: Any, kind: str = "e_sscard", name: str = HOLDER[0], number: str = HOLDER[1]) -> str:
    """A fresh code from the sandbox provider of the servicenet at `net.url`."""
    r = requests.post(f"{net.url}/sandbox/identity/codes", json={"name": name, "id_number": number, "kind": kind},
                      timeout=10)
    assert r.status_code == 200, r.text
    return str(r.json()["code"])
