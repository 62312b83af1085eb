"""Who may open staff and technician mode: PINs kept as salted scrypt hashes, staff cards, lockout. No Qt here.

    encoded = hash_pin("246810")                  # what the settings file keeps ([staff] pin_hash)
    auth = StaffAuth(StaffSettings(pin_hash=encoded), clock=time.time, state=store)
    auth.login_pin("246810")  -> Login(ok=True, staff_id="counter")

After `free_failures` wrong PINs in a row, every further failure locks the pad for base * 2**k seconds
(k = 0, 1, 2 …, capped): a guessing attack over a 6-digit PIN takes years. While locked, PINs are not even
checked. The failure count and the lock survive a restart (kept in the store's kv table when one is given).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1


class KvStore(Protocol):
    def get_kv(self, key: str, default: str = "") -> str: ...
    def tx(self) -> Any: ...
    def set_kv(self, conn: Any, key: str, value: str) -> None: ...


def hash_pin(pin: str, *, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    """scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>: salted and slow (about 50 ms, 16 MiB)."""
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ValueError("a PIN is 4 to 12 digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return "$".join(["scrypt", str(n), str(SCRYPT_R), str(SCRYPT_P), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()])


def check_pin(pin: str, encoded: str) -> bool:
    try:
        kind, n, r, p, salt, want = encoded.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(want))


PIN_MAX = 12


def pad(pin: str, key: str) -> str:
    """A PIN pad's key pressed: a digit (up to PIN_MAX), "back" (the last one off) or "clear"."""
    if key == "clear":
        return ""
    if key == "back":
        return pin[:-1]
    return pin + key if key.isdigit() and len(key) == 1 and len(pin) < PIN_MAX else pin


@dataclass(frozen=True)
class Login:
    ok: bool
    staff_id: str = ""
    role: str = ""  # "staff" | "technician"
    failures: int = 0  # wrong attempts in a row so far
    locked_for: float = 0.0  # seconds before the next attempt is even looked at


@dataclass
class AuthPolicy:
    pin_hash: str = ""  # staff PIN (scrypt); "" = no PIN set (staff cards only)
    pin_staff_id: str = "counter"  # recorded as assisted_by / actor for a PIN login
    technician_pin_hash: str = ""  # technician PIN: re-provisioning, diagnostics
    cards: dict[str, str] = field(default_factory=dict)  # person hash of a staff member's card -> staff id
    free_failures: int = 3
    base_delay: float = 30.0
    max_delay: float = 3600.0


class StaffAuth:
    def __init__(self, policy: AuthPolicy, *, clock: Callable[[], float] = time.time,
                 state: KvStore | None = None, on_event: Callable[[str, dict[str, Any]], None] | None = None) -> None:
        self.policy = policy
        self.clock = clock
        self.state = state
        self.on_event = on_event  # (step, detail) for the audit log
        self._failures = int(state.get_kv("staff_failures", "0")) if state else 0
        self._locked_until = float(state.get_kv("staff_locked_until", "0")) if state else 0.0

    @property
    def failures(self) -> int:
        return self._failures

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - self.clock())

    def _save(self) -> None:
        if self.state is None:
            return
        with self.state.tx() as c:
            self.state.set_kv(c, "staff_failures", str(self._failures))
            self.state.set_kv(c, "staff_locked_until", repr(self._locked_until))

    def _event(self, step: str, **detail: Any) -> None:
        if self.on_event is not None:
            self.on_event(step, detail)

    def _failed(self, method: str) -> Login:
        self._failures += 1
        over = self._failures - self.policy.free_failures
        if over >= 0:
            delay = min(self.policy.max_delay, self.policy.base_delay * (2 ** min(over, 20)))
            self._locked_until = self.clock() + delay
        self._save()
        locked = self.locked_for()
        self._event("login_failed", method=method, failures=self._failures, locked_for_s=round(locked))
        return Login(False, failures=self._failures, locked_for=locked)

    def _passed(self, staff_id: str, role: str, method: str) -> Login:
        self._failures, self._locked_until = 0, 0.0
        self._save()
        self._event("staff_login", method=method, role=role, staff_id=staff_id)
        return Login(True, staff_id, role)

    def login_pin(self, pin: str) -> Login:
        locked = self.locked_for()
        if locked > 0:
            return Login(False, failures=self._failures, locked_for=locked)
        if self.policy.pin_hash and check_pin(pin, self.policy.pin_hash):
            return self._passed(self.policy.pin_staff_id, "staff", "pin")
        if self.policy.technician_pin_hash and check_pin(pin, self.policy.technician_pin_hash):
            return self._passed("technician", "technician", "pin")
        return self._failed("pin")

    def login_card(self, person_hash: str) -> Login:
        """A staff member's own card (ID or social security card): its person hash is on the staff list."""
        locked = self.locked_for()
        if locked > 0:
            return Login(False, failures=self._failures, locked_for=locked)
        staff_id = self.policy.cards.get(person_hash)
        if staff_id:
            return self._passed(staff_id, "staff", "card")
        return self._failed("card")

