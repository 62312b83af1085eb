"""Settings from the network, taken from a heartbeat's answer: verified, checked, written, applied.

The answer carries {version, settings, signature}; the signature is the network's Ed25519 (settings_key, given
at enrollment) over domain.kiosksettings.statement(device_id, version, settings). A kiosk takes it only when
the signature holds for its own device id, the version is newer than the one it runs, and its own schema takes
the values (domain.kiosksettings.remote). It then writes the settings file (a temporary file, fsync, rename:
a power cut leaves the old file or the new one) and applies the LIVE keys at once; the others at the next start.
Each beat says both versions: `settings_version` (received, written) and `settings_running` (the newest whose
every key is in effect). They differ while a change that needs a restart waits for one (`pending_restart`);
the kiosk restarts itself at an idle moment (kiosk/restart.py) or takes it at the next boot.
"""
from __future__ import annotations

import base64
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain import kiosksettings
from domain.kiosksettings import ConfigError, Settings

log = logging.getLogger(__name__)


class Refused(ValueError):
    """Settings from the network that this kiosk does not take (the message says why)."""


def verify(key_b64: str, device_id: str, signed: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """(version, settings) when the signature holds for this device, else Refused."""
    try:
        version, doc = int(signed["version"]), dict(signed["settings"])
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(key_b64, validate=True))
        key.verify(base64.b64decode(str(signed["signature"]), validate=True),
                   kiosksettings.statement(device_id, version, doc))
    except (InvalidSignature, KeyError, TypeError, ValueError) as exc:
        raise Refused(f"settings signature does not verify ({type(exc).__name__})") from None
    return version, doc


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".new")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError:  # a full disk: the half-written copy would keep the space the kiosk needs for applications
        tmp.unlink(missing_ok=True)
        raise
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class RemoteSettings:
    """Holds the settings the kiosk runs; `take(answer)` from the heartbeat's thread."""

    def __init__(self, settings: Settings, config_path: str | None,
                 on_live: Callable[[Settings], None] = lambda _s: None) -> None:
        self.settings = settings
        self.config_path = Path(config_path) if config_path else None
        self.on_live = on_live
        self.pending_restart = False  # a key that takes effect at the next start changed
        self.waiting: set[str] = set()  # which keys wait for that start
        self.running = settings.settings_version  # the newest version whose every key is in effect
        self.refused = ""  # why the last settings from the network were not taken

    @property
    def version(self) -> int:
        return self.settings.settings_version

    def take(self, signed: dict[str, Any] | None) -> bool:
        """Apply newer signed settings; never raises (a refusal is logged and kept in `refused`)."""
        if not signed:
            return False
        try:
            return self._take(signed)
        except (Refused, ConfigError, OSError) as exc:
            self.refused = str(exc)
            log.warning("settings from the network refused: %s", exc)
            return False

    def _take(self, signed: dict[str, Any]) -> bool:
        current = self.settings
        if not current.settings_key:
            raise Refused("no settings key from enrollment: this kiosk takes no remote settings")
        version, doc = verify(current.settings_key, current.device_id, signed)
        if version <= current.settings_version:
            return False  # an old answer (a replay, or one that crossed a newer one)
        new = kiosksettings.remote(current, doc)
        new.settings_version = version
        if self.config_path is not None:
            write_atomically(self.config_path, kiosksettings.dump(new))
        changed = {k for k in kiosksettings.REMOTE if getattr(new, k) != getattr(current, k)}
        self.settings = new
        self.waiting |= changed - kiosksettings.LIVE
        self.pending_restart = bool(self.waiting)
        if not self.pending_restart:
            self.running = version
        self.refused = ""
        self.on_live(new)
        log.info("settings version %d applied (%s)%s", version, ", ".join(sorted(changed)) or "no change",
                 "; the rest at the next start" if changed - kiosksettings.LIVE else "")
        return True
