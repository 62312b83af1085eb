"""Updates through the network, on the kiosk: take the release the heartbeat offers, fetch it in the background,
switch to it at an idle moment, restart into it; a build that does not start well is rolled back.

The steps are deploy/'s tools, run as child processes with the system's Python (settings `update.*`), so the
download and the copying never hold the kiosk's interpreter, and what verifies and switches is the same code a
technician runs by hand:

1. The heartbeat's answer offers {version, manifest, signature, files_url} (servicenet/fleet/rollout.py). A new
   version starts `fetch.py` on a background thread: the signature is checked first, the files come by sha256
   over HTTP Range (a download cut short goes on from its .part at the next offer), the build is assembled in
   the staging folder and verified whole. The kiosk keeps serving residents meanwhile.
2. `tick(idle)` is asked by the kiosk's idle restart (kiosk/restart.py, on the GUI thread, only while the home
   screen shows and nothing runs): with a staged build the network's latest answer still offers (a rollout
   paused meanwhile is not spread by the kiosks that had it staged), `update.py install` copies it into
   builds/, verifies the copy and renames `current` over to it (atomic) on a background thread; once it is in
   place `tick` says "restart": when the home screen has stayed quiet long enough the kiosk exits with
   RESTART_EXIT and its service manager starts the new build.
3. Before each start, `guard.py start` (the unit's ExecStartPre) counts the starts of a build not yet confirmed
   and rolls back after too many. The kiosk tells `started(ok)` whether its start-up self-test passed: a failure
   runs `guard.py failed` (rolled back at once); a pass, once the build has run `confirm_after` seconds (checked
   at each beat, sent or not: a hall without the network keeps a build it runs well), runs `guard.py confirm`.
   The guard's record is written durably (fsync, rename).
4. Every beat carries `rolled_back_from` from the guard's record, and app_version is the running build's signed
   version (`running_version`): the rollout pauses on a rollback and moves on when the ring runs the release.
   While a release is on its way it also carries `update` (`update_state`): the version, downloading | staged |
   switching | failed (with a reason code) | no_room, and the bytes fetched of the total, read from the progress
   record fetch.py keeps in the staging folder, so the network's /admin/versions shows how far each kiosk got.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from domain.kiosksettings import UpdateSettings

log = logging.getLogger(__name__)

RESTART_EXIT = 75  # EX_TEMPFAIL: "start me again" (systemd's Restart=always, or any supervisor)
BUILD_DIR_ENV = "KIOSK_BUILD_DIR"  # the build folder the kiosk runs from, when not the frozen executable's
MANIFEST = "BUILD-MANIFEST.json"
PROGRESS = "progress.json"  # deploy/fetch.py's record of its download, in the staging folder
REASON = re.compile(r"[a-z_]{1,32}")  # a failure's reason code, as fetch.py writes it
WIRE_STATE = {"fetching": "downloading", "staged": "staged", "switching": "switching", "switched": "switching"}


def read_progress(path: Path, version: str) -> dict[str, Any]:
    """fetch.py's progress record of `version`'s download; {} when there is none (or it is of another version,
    or unreadable: it is only a report)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) and record.get("version") == version else {}


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def build_dir() -> Path | None:
    """The build folder this process runs from: $KIOSK_BUILD_DIR, or the one-folder executable's folder."""
    if os.environ.get(BUILD_DIR_ENV):
        return Path(os.environ[BUILD_DIR_ENV]).resolve()
    return Path(sys.executable).resolve().parent if getattr(sys, "frozen", False) else None


def running_version(fallback: str) -> str:
    """The version in the running build's signed manifest (what the rollout compares), else `fallback`."""
    folder = build_dir()
    try:
        return str(json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["version"]) if folder else fallback
    except (OSError, ValueError, KeyError):
        return fallback


def tool_env() -> dict[str, str]:
    """The environment for deploy/'s tools (the system's Python). In the one-folder build PyInstaller's loader
    has put its own library folder on LD_LIBRARY_PATH; a system program must get the original back (PyInstaller's
    docs, "LD_LIBRARY_PATH / LIBPATH considerations"), or it may load the build's libssl instead of its own."""
    env = dict(os.environ)
    if getattr(sys, "frozen", False):
        original = env.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is not None:
            env["LD_LIBRARY_PATH"] = original
        else:
            env.pop("LD_LIBRARY_PATH", None)
    return env


class ToolFailed(RuntimeError):
    """A deploy/ tool exited with an error; the message is its last words."""


Runner = Callable[..., "subprocess.CompletedProcess[str]"]


class Updater:
    """The kiosk's side of a rollout. Thread-safe: the sync engine's thread gives it heartbeat answers, the GUI
    thread asks `tick`, the work itself runs on a thread of its own."""

    def __init__(self, cfg: UpdateSettings, data_dir: str, network_url: str, version: str,
                 run: Runner = subprocess.run, clock: Callable[[], float] = time.monotonic) -> None:
        self.cfg, self.network_url, self.version = cfg, network_url, version
        self.enabled = bool(cfg.root)
        self.staging = Path(cfg.staging or Path(data_dir) / "incoming")
        self._run, self._clock = run, clock
        self._lock = threading.Lock()
        self.state = "idle"  # idle | fetching | staged | switching | switched
        self.offered = ""  # the version being fetched, staged or switched to
        self.on_offer = ""  # what the network's latest answer offers ("" nothing: a paused rollout, say)
        self.build = ""  # the staged (verified) build folder
        self.error = ""  # why the last step failed (it is tried again at the next offer)
        self.failure: tuple[str, str] = ("", "")  # the last step's failure for the beat: (failed | no_room, reason)
        self.record: dict[str, Any] | None = None  # the guard's record of the running build
        self._up_since: float | None = None  # the start-up self-test passed at this moment

    # -- deploy/'s tools ----------------------------------------------------------------------------------

    def _tool(self, name: str, *args: str, timeout: float = 60.0) -> str:
        cmd = [self.cfg.python, str(Path(self.cfg.tools) / name), *args]
        try:
            done = self._run(cmd, capture_output=True, text=True, timeout=timeout, env=tool_env())
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ToolFailed(f"{name}: {exc}") from None
        if done.returncode != 0:
            raise ToolFailed(f"{name} {args[0] if args else ''}: {(done.stderr or done.stdout).strip()[-300:]}")
        return str(done.stdout)

    def _guard(self, command: str) -> dict[str, Any]:
        record = dict(json.loads(self._tool("guard.py", command, "--root", self.cfg.root) or "{}"))
        self.record = record
        return record

    @property
    def rolled_back_from(self) -> str:
        return str((self.record or {}).get("rolled_back_from", ""))[:40]

    # -- the heartbeat (the sync engine's thread) ----------------------------------------------------------

    def beat_fields(self) -> dict[str, Any]:
        if not self.enabled:
            return {}
        if self.record is None:
            try:
                self._guard("status")
            except (ToolFailed, ValueError) as exc:
                log.warning("update: cannot read the start guard's record: %s", exc)
                self.record = {}
        self._confirm_when_due()
        update = self.update_state()
        return {"rolled_back_from": self.rolled_back_from} | ({"update": update} if update else {})

    def update_state(self) -> dict[str, Any] | None:
        """The offered release's way to this kiosk, for the beat; None when nothing is on its way."""
        with self._lock:
            state, version, (failed, reason) = self.state, self.offered, self.failure
        if not version or (state == "idle" and not failed):
            return None
        if state != "idle":  # staged but no longer offered (a paused rollout): kept, and not switched to
            reason = "paused" if state == "staged" and self.on_offer != version else ""
        record = read_progress(self.staging / PROGRESS, version)
        total = _count(record.get("total"))
        return {"version": version[:40], "state": failed if state == "idle" else WIRE_STATE[state], "reason": reason,
                "fetched_bytes": min(_count(record.get("fetched")), total), "total_bytes": total}

    def on_answer(self, answer: dict[str, Any]) -> None:
        """Take the network's answer to a beat: a release on offer is fetched in the background."""
        if not self.enabled:
            return
        offer = answer.get("release")
        version = str(offer.get("version", "")) if isinstance(offer, dict) else ""
        self.on_offer = version  # a staged build is switched to only while the network still offers it
        if not isinstance(offer, dict):
            return
        if not version or version == self.version or version == self.rolled_back_from:
            return  # running it already, or it failed here: not again
        with self._lock:
            if self.state in ("fetching", "switching", "switched") or (self.state, self.offered) == ("staged", version):
                return
            self.state, self.offered, self.error, self.failure = "fetching", version, "", ("", "")
        log.info("update: release %s offered, fetching it in the background", version)
        threading.Thread(target=self._fetch, args=(offer,), name="update-fetch", daemon=True).start()

    def _fetch(self, offer: dict[str, Any]) -> None:
        try:
            self.staging.mkdir(parents=True, exist_ok=True)
            (self.staging / PROGRESS).unlink(missing_ok=True)  # fetch.py writes this try's own
            offer_path = self.staging / "offer.json"
            offer_path.write_text(json.dumps(offer), encoding="utf-8")
            files_url = urljoin(self.network_url.rstrip("/") + "/", str(offer.get("files_url", "")).lstrip("/"))
            out = self._tool("fetch.py", str(offer_path), "--files-url", files_url, "--staging",
                             str(self.staging), "--pubkey", self.cfg.pubkey, timeout=3600)
            build = out.strip().splitlines()[-1]
        except (ToolFailed, OSError, IndexError) as exc:
            record = read_progress(self.staging / PROGRESS, self.offered)
            said = (str(record.get("state")), str(record.get("reason")))
            ok = said[0] in ("failed", "no_room") and REASON.fullmatch(said[1])
            self._failed("fetch", exc, said if ok else ("failed", "error"))
            return
        with self._lock:
            self.state, self.build = "staged", build
        log.info("update: release %s fetched and verified, waiting for an idle moment", self.offered)

    def _failed(self, step: str, exc: Exception, failure: tuple[str, str]) -> None:
        with self._lock:
            self.state, self.error, self.failure = "idle", str(exc), failure
        log.warning("update: %s of %s failed (tried again at the next offer): %s", step, self.offered, exc)

    # -- the kiosk's idle moments (the GUI thread) ---------------------------------------------------------

    def tick(self, idle: bool) -> bool:
        """Called at idle moments; True when the new build is in place and waits for the kiosk to restart."""
        if not idle:
            return False
        with self._lock:
            if self.state == "switched":
                return True
            if self.state != "staged" or self.on_offer != self.offered:
                return False  # nothing staged, or the rollout paused since: keep what runs
            self.state = "switching"
        threading.Thread(target=self._switch, name="update-switch", daemon=True).start()
        return False

    def _switch(self) -> None:
        try:
            self._tool("update.py", "install", self.build, "--root", self.cfg.root, "--pubkey", self.cfg.pubkey,
                       timeout=600)
        except ToolFailed as exc:  # update.py says a disk too full to take the copy in these words
            self._failed("switch", exc, ("failed", "switch_no_room" if "no room left" in str(exc) else "switch"))
            return
        # the build is in builds/ now: the download is let go before the kiosk is told to restart, or a restart at
        # once could cut the removal short and leave part of the download on the disk
        shutil.rmtree(self.staging, ignore_errors=True)
        with self._lock:
            self.state = "switched"
        log.info("update: switched to %s, restarting at the next idle moment", self.offered)

    # -- start-up ------------------------------------------------------------------------------------------

    def started(self, ok: bool, why: str = "") -> bool:
        """The start-up self-test's result. False: carry on. True: this build was rolled back (its self-test
        failed before it was confirmed): exit with RESTART_EXIT to start the previous one."""
        if not self.enabled:
            return False
        if ok:
            self._up_since = self._clock()
            return False
        log.error("update: the start-up self-test failed (%s)", why)
        try:
            record = self._guard("failed")
        except (ToolFailed, ValueError) as exc:
            log.error("update: could not roll back: %s", exc)
            return False
        rolled = record.get("rolled_back_from") == self.version
        if rolled:
            log.error("update: rolled back from %s to %s", self.version, record.get("version"))
        return rolled

    def _confirm_when_due(self) -> None:
        if self._up_since is None or self._clock() - self._up_since < self.cfg.confirm_after:
            return
        if self.record is not None and self.record.get("confirmed"):
            return
        try:
            self._guard("confirm")
            log.info("update: build %s confirmed (it started well and runs)", self.version)
        except (ToolFailed, ValueError) as exc:
            self._up_since = None  # not asked again: the guard keeps counting starts, as it should
            log.warning("update: could not confirm the build: %s", exc)
