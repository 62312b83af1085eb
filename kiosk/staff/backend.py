"""What staff and technician mode need beyond the resident's services: login, the counter's desk, the audit
log, the devices' status and the provisioning steps. Built once by kiosk.wiring; no Qt here."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from domain import wire
from drivers.base import CardReader
from drivers.manager import DeviceInfo
from kiosk.staff.auth import Login, StaffAuth
from kiosk.staff.provisioning import Provisioner
from sync.audit import AuditLog
from sync.staff import StaffDesk

log = logging.getLogger(__name__)


def no_devices() -> dict[str, DeviceInfo]:
    return {}


@dataclass
class StaffBackend:
    """Services.staff: reached by the staff and provisioning view-models."""

    auth: StaffAuth
    desk: StaffDesk
    provision: Provisioner
    audit: AuditLog | None = None  # None: nothing is recorded (tests without a store)
    devices: Callable[[], dict[str, DeviceInfo]] = field(default=no_devices)  # name -> status
    export_dir: str = "/media"  # where USB sticks are mounted
    first_run: bool = False  # a blank kiosk: home leads to the provisioning wizard

    def card_login(self, reader: CardReader, timeout: float) -> Login:
        """Sign in with a staff member's own card on the reader: its person hash must be on the kiosk's staff
        list (blocks while the card is read: a worker thread calls it)."""
        person = reader.read_person(timeout)
        return self.auth.login_card(wire.person_hash(self.provision.draft.person_key, person.id_number))

    def record(self, step: str, actor: str = "", **detail: Any) -> None:
        """One step in the audit log (电子监察); a failure to write is logged, never raised."""
        if self.audit is None:
            return
        try:
            self.audit.record(step, actor, **detail)
        except Exception:  # noqa: BLE001 - supervision must never take the kiosk down
            log.exception("could not write the audit log")
