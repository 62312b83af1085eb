"""Who may open staff and technician mode: PINs kept as salted scrypt hashes, staff cards, lockout. No Qt here.

    encoded = hash_pin("246810")                  # what the settings file keeps ([staff] pin_hash)
    auth = StaffAuth(StaffSettings(pin_hash=encoded), clock=time.time, state=store)
    auth.login_pin("246810")  -> Login(ok=True, staff_id="counter")

After `free_failures` wrong PINs in a row, every further failure locks the pad for base * 2**k seconds
(k = 0, 1, 2 …, capped): a guessing attack over a 6-digit PIN takes years. While locked, PINs are not even
checked. The failure count and the lock survive a restart (kept in the store's kv table when one is given).

Also here: the staff back-end the staff view-model reaches through `services` (see `attach`).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
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


def parse_cards(text: str) -> dict[str, str]:
    """"S001:<person hash>,S002:<person hash>" (settings [staff] cards) -> {hash: staff id}."""
    out: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in text.split(","))):
        staff_id, _, digest = item.partition(":")
        if staff_id and len(digest) == 64:
            out[digest.lower()] = staff_id
    return out


# -- the staff back-end, reached by the staff and provisioning view-models through `services` ----------



@dataclass
class StaffBackend:
    """What staff and technician mode need beyond kiosk.services.Services (built in kiosk/wiring.py)."""

    auth: StaffAuth
    desk: Any  # sync.staff.StaffDesk
    audit: Any = None  # sync.audit.AuditLog (None before enrollment)
    devices: Callable[[], dict[str, Any]] = lambda: {}  # name -> drivers.manager.DeviceInfo
    provision: Any = None  # kiosk.viewmodels.provision.Provisioner (first run, technician)
    export_dir: str = "/media"  # where USB sticks are mounted
    first_run: bool = False  # a blank kiosk: home leads to the provisioning wizard (set by kiosk.boot)

    def record(self, step: str, actor: str = "", **detail: Any) -> None:
        if self.audit is not None:
            try:
                self.audit.record(step, actor, **detail)
            except Exception:  # supervision must never take the kiosk down
                import logging

                logging.getLogger(__name__).exception("could not write the audit log")


def attach(services: Any, backend: StaffBackend) -> None:
    services.staff = backend


def backend_of(services: Any) -> StaffBackend | None:
    found = getattr(services, "staff", None)  # test fakes may lack the field
    return found if isinstance(found, StaffBackend) else None


# -- supervision (电子监察) of the resident's steps: wrappers over the services the journey uses --------


class SupervisedCases:
    """kiosk.services.CaseService that records each submission in the audit log and, while a clerk is
    assisting at the counter, stamps the application with the clerk's id (Application.assisted_by)."""

    def __init__(self, inner: Any, backend: StaffBackend) -> None:
        self.inner = inner
        self.backend = backend
        self.assisting = ""  # staff id while a clerk submits on a resident's behalf (one submission)

    def enqueue(self, application: Any) -> Any:
        from dataclasses import replace

        staff_id, self.assisting = self.assisting, ""
        if staff_id and not application.assisted_by:
            application = replace(application, assisted_by=staff_id)
        receipt = self.inner.enqueue(application)
        self.backend.record("case_submitted", application.assisted_by, code=receipt.code,
                            service_code=application.service.code, assisted_by=application.assisted_by,
                            agent=application.agent is not None, attachments=len(application.attachments))
        return receipt

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class SupervisedReader:
    """drivers.base.CardReader that records each card read (whether it worked, never who it was)."""

    def __init__(self, inner: Any, backend: StaffBackend) -> None:
        self.inner = inner
        self.backend = backend

    def read_person(self, timeout: float = 5.0) -> Any:
        try:
            person = self.inner.read_person(timeout)
        except Exception as exc:
            self.backend.record("card_read", ok=False, error=type(exc).__name__)
            raise
        self.backend.record("card_read", ok=True, source=getattr(person, "source", ""))
        return person

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


# -- technician: first-run provisioning (the wizard's non-Qt half) -------------------------------------


@dataclass
class CheckItem:
    key: str  # network, card, printer, scanner, saved
    ok: bool | None = None  # None: not tried yet
    detail: str = ""  # technical words for the technician (no personal data)
    required: bool = True


class Provisioner:
    """Blank kiosk → enrolled, devices tested, settings saved: each step a blocking call (run it off the GUI
    thread). `draft` is the settings being built (kiosk.config.Settings)."""

    def __init__(self, draft: Any, config_path: str | None, *, clock: Callable[[], Any] | None = None,
                 enroll: Callable[..., Any] | None = None, devices: Callable[[Any], Any] | None = None) -> None:
        from datetime import datetime

        self.draft = draft
        self.config_path = config_path
        self.clock = clock or (lambda: datetime.now().astimezone())
        self._enroll = enroll
        self._devices = devices
        self.checks = {k: CheckItem(k, required=k != "scanner") for k in ("network", "card", "printer", "scanner",
                                                                           "saved")}
        if getattr(draft, "enrolled", False):
            self.checks["network"] = CheckItem("network", True, draft.device_id)

    # -- steps
    def enroll(self, network_url: str, code: str) -> str:
        """Generate the key pair, enroll it with the one-time code; returns the device id."""
        from sync import crypto

        url = network_url.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise ValueError("the network URL starts with http:// or https://")
        key = crypto.DeviceKey.generate()
        enroll = self._enroll or crypto.enroll
        session = None
        if self.draft.tls_ca_bundle:
            import requests

            session = requests.Session()
            session.verify = self.draft.tls_ca_bundle
        try:
            got = enroll(url, code, key, hall_name=self.draft.hall_name, session=session)
        except Exception as exc:
            self.checks["network"] = CheckItem("network", False, str(exc))
            raise
        key_path = Path(self.draft.data_dir).resolve() / "keys" / "device.pem"
        key.save(key_path)
        self.draft.apply_enrollment(url, got, str(key_path))
        self.checks["network"] = CheckItem("network", True, got.device_id)
        return str(got.device_id)

    def _open_devices(self) -> Any:
        if self._devices is not None:
            return self._devices(self.draft)
        from kiosk.wiring import build_devices

        return build_devices(self.draft)

    def test_card(self, timeout: float = 10.0) -> str:
        """Read a card; returns the masked name (what a technician may see)."""
        devices = self._open_devices()
        try:
            person = devices.reader.read_person(timeout)
        except Exception as exc:
            self.checks["card"] = CheckItem("card", False, f"{type(exc).__name__}: {exc}")
            raise
        finally:
            devices.close()
        self.checks["card"] = CheckItem("card", True, person.masked_name)
        return str(person.masked_name)

    def test_print(self) -> str:
        """A test page with a QR (the track URL of a test code)."""
        from domain import regcode as codes
        from domain.models import Receipt

        now = self.clock()
        code = codes.make(self.draft.region, self.draft.device_number, now.date(), 9999)
        receipt = Receipt(code=code, service_name="打印测试 / printer test", applicant_masked_name="测*",
                          applicant_masked_id="", submitted_at=now, time_limit_days=0, department=self.draft.hall_name,
                          track_url=f"{self.draft.track_url.rstrip('/')}/{code}", hall_name=self.draft.hall_name,
                          notice="测试页，无需办理 / test page, no case")
        devices = self._open_devices()
        try:
            devices.printer.print_receipt(receipt)
        except Exception as exc:
            self.checks["printer"] = CheckItem("printer", False, f"{type(exc).__name__}: {exc}")
            raise
        finally:
            devices.close()
        self.checks["printer"] = CheckItem("printer", True, receipt.track_url)
        return receipt.track_url

    def test_scan(self, timeout: float = 15.0) -> str:
        devices = self._open_devices()
        try:
            if devices.scanner is None:
                self.checks["scanner"] = CheckItem("scanner", True, "not configured", required=False)
                return ""
            scan = devices.scanner.next_scan(timeout)
        except Exception as exc:
            self.checks["scanner"] = CheckItem("scanner", False, f"{type(exc).__name__}: {exc}", required=False)
            raise
        finally:
            devices.close()
        text = str(getattr(scan, "text", "") or getattr(scan, "code", ""))
        self.checks["scanner"] = CheckItem("scanner", True, text, required=False)
        return text

    def save(self) -> str:
        """Validate and write the settings (0600: they hold the person key and PIN hashes)."""
        import os

        from kiosk import config

        if not self.config_path:
            raise ValueError("no settings file to write (start the kiosk with --config)")
        settings = self.draft.validate()
        text = config.dump(settings)
        config._build(config.Settings, __import__("tomllib").loads(text), "").validate()  # what load() will see
        target = Path(self.config_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, text.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        self.checks["saved"] = CheckItem("saved", True, str(target))
        return str(target)

    @property
    def ready(self) -> bool:
        return all(c.ok for c in self.checks.values() if c.required)


def redacted_toml(settings: Any) -> str:
    """The settings as TOML with every secret blanked (for the diagnostics bundle)."""
    from dataclasses import replace

    from kiosk import config

    staff = replace(settings.staff, pin_hash="***" if settings.staff.pin_hash else "",
                    technician_pin_hash="***" if settings.staff.technician_pin_hash else "",
                    cards="***" if settings.staff.cards else "")
    return config.dump(replace(settings, person_key="***", staff=staff))
