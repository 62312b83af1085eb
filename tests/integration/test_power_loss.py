"""Power loss: a crash-consistency harness (tests/helpers/crashfs.py) records every file write of a kiosk that
submits cases with attachments and syncs them to a real servicenet, then rebuilds the kiosk's folder as a disk
would hold it after the power went at >= 200 points of that run, keeping only what was fsynced. At each cut,
every case the resident had been told was saved must be there once, with attachments that hash-check, the
database must pass its integrity check, and the next code must be new.

The run prints its seed; HK_CRASH_SEED=<seed> replays the same cut points.
"""
from __future__ import annotations

import os
import random
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from servicenet.process import REPO_ROOT
from sync.files import AttachmentDamaged, FileStore
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers import crash_workload, crashfs
from tests.helpers.enroll import enroll_device
from tests.helpers.servicenet_proc import running_servicenet

pytestmark = pytest.mark.slow  # strace, a servicenet, hundreds of rebuilt disks

CUTS = 240
CASES = 8


def check(folder: Path, promised: list[str]) -> tuple[int, int, list[str]]:
    """(lost, duplicated, problems) of a crashed kiosk folder."""
    problems: list[str] = []
    store = Store(folder / "kiosk.db")
    try:
        with store.read() as c:
            integrity = c.execute("PRAGMA integrity_check").fetchone()[0]
            if integrity != "ok":
                problems.append(f"integrity_check: {integrity}")
            held = {code: n for code, n in c.execute("SELECT code, COUNT(*) FROM cases GROUP BY code")}
            queued = {ref: n for ref, n in c.execute(
                "SELECT ref, COUNT(*) FROM outbox WHERE kind='case' GROUP BY ref")}
            files = c.execute("SELECT code, sha256 FROM case_attachments").fetchall()
        lost = sum(1 for code in promised if held.get(code, 0) == 0 or queued.get(code, 0) == 0)
        duplicated = sum(1 for code in promised if held.get(code, 0) > 1 or queued.get(code, 0) > 1)
        store_files = FileStore(folder / "attachments")
        for code, sha in files:
            if code in promised:
                try:
                    store_files.read(sha)
                except AttachmentDamaged as exc:
                    problems.append(f"{code}: {exc}")
        for code in promised:
            if sum(1 for c2, _ in files if c2 == code) != 2:
                problems.append(f"{code}: attachments missing")
        with store.tx() as c:  # the next code a resident would get is not one already told
            fresh = CodeIssuer("440105", int(promised[0][6:9]) if promised else 0).issue(c, date(2026, 11, 26))
        if fresh in promised:
            duplicated += 1
            problems.append(f"code {fresh} issued again")
    finally:
        store.close()
    return lost, duplicated, problems


def run(tmp_path: Path, seed: int, *extra: str) -> tuple[int, int, list[str], int]:
    """Record the workload, cut the power at CUTS points chosen by `seed`: (lost, duplicated, problems, points)."""
    work = tmp_path / "kiosk"
    work.mkdir()
    with running_servicenet(tmp_path / "net.db") as net:
        creds = enroll_device(net)
        key = creds.save_key(tmp_path / "device.pem")
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
        events, done = crashfs.record(
            [sys.executable, "-m", "tests.helpers.crash_workload", str(work), net.url, creds.device_id, str(key),
             str(creds.enrollment.device_number), str(CASES), *extra], work, tmp_path / "trace.txt", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    start = crashfs.marks(events, crash_workload.START)[0][0]
    told = [(i, line.decode().strip()) for i, line in crashfs.marks(events, crash_workload.TOLD)]
    assert len(told) == CASES
    cuts = crashfs.cut_points(events, start)
    assert len(cuts) >= CUTS, f"only {len(cuts)} cut points"
    chosen = sorted(random.Random(seed).sample(cuts, CUTS))
    lost = duplicated = 0
    problems: list[str] = []
    for cut in chosen:
        folder = tmp_path / f"cut-{cut}"
        crashfs.lay_out(crashfs.disk_after(events, cut, work), folder)
        promised = [code for i, code in told if i < cut]
        n_lost, n_dup, found = check(folder, promised)
        lost, duplicated = lost + n_lost, duplicated + n_dup
        problems += [f"cut {cut}: {p}" for p in found]
        shutil.rmtree(folder)
    return lost, duplicated, problems, len(cuts)


def seed_of_run() -> int:
    seed = int(os.environ.get("HK_CRASH_SEED") or random.randrange(2**32))
    print(f"seed={seed} (replay: HK_CRASH_SEED={seed})")
    return seed


def test_power_cuts_lose_and_duplicate_nothing_the_resident_was_told(tmp_path: Path) -> None:
    lost, duplicated, problems, points = run(tmp_path, seed_of_run())
    print(f"power cuts: {CUTS} of {points} points during submit, attachment store and sync, {CASES} cases told "
          f"saved; lost = {lost}, duplicated = {duplicated}")
    assert (lost, duplicated, problems[:5]) == (0, 0, [])


def test_the_harness_catches_a_kiosk_that_does_not_fsync(tmp_path: Path) -> None:
    lost, _, _, _ = run(tmp_path, seed_of_run(), "unsafe")
    print(f"without fsync: lost = {lost}")
    assert lost > 0
