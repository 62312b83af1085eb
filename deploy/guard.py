#!/usr/bin/env python3
"""Crash-loop guard: a build that cannot start after a switch is rolled back by the kiosk itself.

update.py switches `current` to a new build and keeps the old one as `previous`. Until the new build says it
started well (`confirm`), every start of the kiosk is counted here; the start after `--max-starts` failed ones
rolls back (update.rollback: `current` and `previous` swap, atomically). A build whose start-up self-test fails
says so (`failed`) and is rolled back at once. The rolled-back version is kept in the record, so the kiosk can
report `rolled_back_from` to the network (whose rollout then pauses).

The record is ROOT/guard.json, written whole to a temporary file, fsync'd and renamed over the old one before
the kiosk starts, so a crash or a power cut at any moment leaves either the old count or the new one. The
commands that change it (start, confirm, failed) hold ROOT/.guard.lock while they read and write it; `status` only
reads (a status that wrote the fresh record of a switch could land after a start's count and undo it):

    {"build": "<folder in builds/>", "version": "…", "starts": 2, "confirmed": false, "rolled_back_from": ""}

    guard.py start   [--root /opt/hall-kiosk] [--max-starts 3]   # before each start (the unit's ExecStartPre)
    guard.py confirm [--root …]                                   # the kiosk: this build started well
    guard.py failed  [--root …]                                   # the kiosk: its start-up self-test failed
    guard.py status  [--root …]                                   # the record as JSON
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import update  # noqa: E402 - deploy/ is not a package: its sibling, found through the path set above

RECORD = "guard.json"
LOCK = ".guard.lock"
MAX_STARTS = 3


def _version(build: Path) -> str:
    try:
        return str(json.loads((build / update.MANIFEST).read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return build.name


def load(root: Path) -> dict[str, Any]:
    """The record, or {} when there is none or it is not one (then the current build is taken as it is)."""
    try:
        record = json.loads((root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def save(root: Path, record: dict[str, Any]) -> None:
    tmp = root / f".{RECORD}.tmp-{os.getpid()}"
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(record, f, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / RECORD)
    update._fsync_dir(root)


def _fresh(build: Path, confirmed: bool, rolled_back_from: str = "") -> dict[str, Any]:
    return {"build": build.name, "version": _version(build), "starts": 0, "confirmed": confirmed,
            "rolled_back_from": rolled_back_from}


def _roll_back(root: Path, record: dict[str, Any]) -> dict[str, Any]:
    """The intent first (what will run, and from what), then the switch: a power cut between the two is
    finished by the next start (see `current_record`)."""
    previous = update._link_target(root, "previous")
    if previous is None or not previous.is_dir():
        return record | {"stuck": True}  # nothing to go back to: keep counting, the network still sees it
    after = _fresh(previous, True, rolled_back_from=str(record.get("version", "")))
    save(root, after | {"rolling_back": True})
    update.rollback(root)
    save(root, after)
    return after


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One changer of the record at a time (the unit's start, the kiosk's confirm, a technician's command)."""
    if not root.is_dir():  # nothing installed: nothing to change, nothing to lock
        yield
        return
    # read-only, made writable by all: a lock file a technician's `sudo guard.py …` made first (root's, 0644) still
    # opens for the kiosk's user, and flock needs no write access
    fd = os.open(root / LOCK, os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # the lock goes with it


def peek(root: Path) -> dict[str, Any] | None:
    """The record as `current_record` would make it, written nowhere: what `status` prints."""
    current = update._link_target(root, "current")
    if current is None:
        return None
    record = load(root)
    previous = update._link_target(root, "previous")
    if record.get("build") == current.name or (record.get("rolling_back") and previous is not None
                                                 and record.get("build") == previous.name):
        return {k: v for k, v in record.items() if k != "rolling_back"}
    return _fresh(current, confirmed=previous is None)


def current_record(root: Path) -> dict[str, Any] | None:
    """The record for the build `current` names now (a new one after a switch, saved); None without a build.
    Called with the record locked (`_locked`)."""
    current = update._link_target(root, "current")
    if current is None:
        return None
    record = load(root)
    if record.get("build") == current.name:
        if record.pop("rolling_back", False):  # the rollback's switch was made, its record not: it is done
            save(root, record)
        return record
    previous = update._link_target(root, "previous")
    if record.pop("rolling_back", False) and previous is not None and record.get("build") == previous.name:
        update.rollback(root)  # the rollback the record announced did not happen (a power cut): finish it
        save(root, record)
        return record
    fresh = _fresh(current, confirmed=previous is None)  # a switch since the last start
    save(root, fresh)
    return fresh


def start(root: Path, max_starts: int = MAX_STARTS) -> dict[str, Any] | None:
    """Count this start of an unconfirmed build; past `max_starts`, roll back. Returns the record."""
    record = current_record(root)
    if record is None or record.get("confirmed"):
        return record
    record["starts"] = int(record.get("starts", 0)) + 1
    save(root, record)
    if record["starts"] > max_starts:
        return _roll_back(root, record)
    return record


def confirm(root: Path) -> dict[str, Any] | None:
    record = current_record(root)
    if record is not None and not record.get("confirmed"):
        record.update(confirmed=True, rolled_back_from="")
        save(root, record)
    return record


def failed(root: Path) -> dict[str, Any] | None:
    """The running build failed its start-up self-test: roll back now when it is not confirmed."""
    record = current_record(root)
    if record is None or record.get("confirmed"):
        return record
    return _roll_back(root, record)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="guard.py", description=__doc__.split("\n\n")[0])
    p.add_argument("command", choices=("start", "confirm", "failed", "status"))
    p.add_argument("--root", type=Path, default=update.DEFAULT_ROOT)
    p.add_argument("--max-starts", type=int, default=MAX_STARTS,
                   help="starts of an unconfirmed build before it is rolled back")
    args = p.parse_args(argv)
    try:
        if args.command == "status":
            record = peek(args.root)
        else:
            with _locked(args.root):
                if args.command == "start":
                    record = start(args.root, args.max_starts)
                elif args.command == "confirm":
                    record = confirm(args.root)
                else:
                    record = failed(args.root)
    except (OSError, ValueError, TypeError, update.UpdateError) as exc:
        print(f"guard.py: {exc!r}", file=sys.stderr)
        # `start` runs before every start of the kiosk (ExecStartPre): a record it cannot write (a full or
        # read-only disk) must not keep the kiosk dark, so the start goes on with the build `current` names
        return 0 if args.command == "start" else 1
    print(json.dumps(record or {}, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
