"""deploy/guard.py: a build that cannot start after a switch is rolled back; the count survives a crash."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.unit.deploy.conftest import DEPLOY, load
from tests.unit.deploy.test_update import builds, keys, run_current  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def guard() -> ModuleType:
    return load("guard")


@pytest.fixture
def switched(tmp_path: Path, update: ModuleType, builds: tuple[Path, Path],  # noqa: F811 - the fixture imported above
             keys: tuple[Path, Path]) -> Path:  # noqa: F811 - the fixture imported above
    """An install root running 1.0.0 (confirmed), then switched to 1.1.0."""
    root = tmp_path / "opt"
    update.install(builds[0], root, keys[1])
    guard_cli(root, "start")
    update.install(builds[1], root, keys[1])
    return root


def guard_cli(root: Path, *args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, str(DEPLOY / "guard.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def test_the_first_build_needs_no_confirmation(tmp_path: Path, update: ModuleType, guard: ModuleType,
                                               builds: tuple[Path, Path],  # noqa: F811 - the fixture imported above
                                               keys: tuple[Path, Path]) -> None:  # noqa: F811 - the fixture imported above
    root = tmp_path / "opt"
    assert guard.start(root) is None  # nothing installed yet
    update.install(builds[0], root, keys[1])
    record = guard.start(root)
    assert record is not None and record["confirmed"] and record["version"] == "1.0.0" and record["starts"] == 0


def test_a_crash_looping_build_is_rolled_back_after_max_starts(switched: Path, guard: ModuleType) -> None:
    for n in (1, 2):
        record = guard_cli(switched, "start", "--max-starts", "2")
        assert (record["version"], record["starts"], record["confirmed"]) == ("1.1.0", n, False)
        assert run_current(switched) == "kiosk 1.1.0"
    record = guard_cli(switched, "start", "--max-starts", "2")  # the third start: back to the old build
    assert record == {"build": record["build"], "version": "1.0.0", "starts": 0, "confirmed": True,
                      "rolled_back_from": "1.1.0"}
    assert run_current(switched) == "kiosk 1.0.0"
    assert guard_cli(switched, "status")["rolled_back_from"] == "1.1.0"  # kept for the heartbeats
    assert guard_cli(switched, "start")["rolled_back_from"] == "1.1.0"


def test_a_confirmed_build_is_not_counted(switched: Path, guard: ModuleType) -> None:
    assert guard_cli(switched, "start")["starts"] == 1
    assert guard_cli(switched, "confirm")["confirmed"] is True
    for _ in range(5):
        assert guard_cli(switched, "start", "--max-starts", "1")["version"] == "1.1.0"
    assert guard_cli(switched, "failed")["version"] == "1.1.0"  # too late to blame the build
    assert run_current(switched) == "kiosk 1.1.0"


def test_a_failed_self_test_rolls_back_at_once(switched: Path, guard: ModuleType) -> None:
    guard_cli(switched, "start")
    record = guard_cli(switched, "failed")
    assert (record["version"], record["rolled_back_from"]) == ("1.0.0", "1.1.0")
    assert run_current(switched) == "kiosk 1.0.0"


def test_a_rollback_cut_short_is_finished_at_the_next_start(switched: Path, guard: ModuleType,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    guard.start(switched)

    def power_cut(_root: Path) -> Path:
        raise OSError("power cut")

    monkeypatch.setattr(guard.update, "rollback", power_cut)  # guard.py's own copy of update.py
    with pytest.raises(OSError):
        guard.failed(switched)
    assert run_current(switched) == "kiosk 1.1.0"  # the intent is on disk, the switch was not made
    monkeypatch.undo()
    record = guard_cli(switched, "start")
    assert (record["version"], record["rolled_back_from"]) == ("1.0.0", "1.1.0") and "rolling_back" not in record
    assert run_current(switched) == "kiosk 1.0.0"


def test_a_build_without_a_previous_one_keeps_running(tmp_path: Path, update: ModuleType, guard: ModuleType,
                                                      builds: tuple[Path, Path],  # noqa: F811 - the fixture imported above
                                                      keys: tuple[Path, Path]) -> None:  # noqa: F811 - the fixture imported above
    root = tmp_path / "opt"
    update.install(builds[1], root, keys[1])
    (root / "guard.json").write_text(json.dumps({"build": "gone", "version": "0"}))  # a record of another build
    assert guard.current_record(root)["confirmed"] is True  # no previous build: nothing to count against


def test_a_rollback_cut_after_its_switch_leaves_no_intent_behind(switched: Path, update: ModuleType,
                                                                  guard: ModuleType, builds: tuple[Path, Path],  # noqa: F811 - the fixture imported above
                                                                  keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A power cut after the rollback's switch, before its record was written: the intent left on disk must not
    roll back the next build switched to (it names the build that is `previous` then)."""
    guard.start(switched)
    real_save = guard.save

    def cut_after_switch(root: Path, record: dict[str, object]) -> None:
        if not record.get("rolling_back"):
            raise OSError("power cut")
        real_save(root, record)

    monkeypatch.setattr(guard, "save", cut_after_switch)
    with pytest.raises(OSError):
        guard.failed(switched)
    monkeypatch.undo()
    assert run_current(switched) == "kiosk 1.0.0"  # switched back, the record still says "rolling back"
    assert "rolling_back" not in guard_cli(switched, "start")  # the start finds the rollback done
    update.install(builds[1], switched, keys[1])  # the next release is switched to
    record = guard_cli(switched, "start")
    assert (record["version"], record["starts"], record["confirmed"]) == ("1.1.0", 1, False)
    assert run_current(switched) == "kiosk 1.1.0"


@pytest.mark.parametrize("bad", ["[1]", '{"build": "x"', '"text"', "{}", '{"build": "%s", "starts": "many"}'])
def test_a_broken_record_never_stops_the_kiosk_starting(switched: Path, guard: ModuleType, bad: str) -> None:
    (switched / "guard.json").write_text(bad.replace("%s", (switched / "current").resolve().name))
    done = subprocess.run([sys.executable, str(DEPLOY / "guard.py"), "start", "--root", str(switched)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert run_current(switched) == "kiosk 1.1.0"


def test_a_record_that_cannot_be_written_does_not_stop_the_start(switched: Path) -> None:
    (switched / "guard.json").unlink()
    (switched / "guard.json").mkdir()  # no file can be renamed over it: as a full or read-only disk would refuse
    done = subprocess.run([sys.executable, str(DEPLOY / "guard.py"), "start", "--root", str(switched)],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "guard.py" in done.stderr  # said, and the kiosk starts (ExecStartPre)
    assert run_current(switched) == "kiosk 1.1.0"


def test_the_unit_starts_the_kiosk_even_when_the_guard_fails() -> None:
    lines = [ln for ln in (DEPLOY / "hall-kiosk.service").read_text("utf-8").splitlines()
             if ln.startswith("ExecStartPre=") and "guard.py" in ln]
    assert len(lines) == 1 and lines[0].startswith("ExecStartPre=-"), lines  # "-": a failure is not fatal


def test_status_writes_nothing(switched: Path) -> None:
    """`status` reads only: a status that saved the fresh record of a switch could land after a start's count and
    set it back to 0 (the kiosk then confirmed a build counted as never started)."""
    before = (switched / "guard.json").read_bytes()
    shown = guard_cli(switched, "status")
    assert (shown["version"], shown["starts"], shown["confirmed"]) == ("1.1.0", 0, False)  # as a start would see it
    assert (switched / "guard.json").read_bytes() == before
    assert guard_cli(switched, "start")["starts"] == 1
    assert guard_cli(switched, "status")["starts"] == 1


def test_starts_at_the_same_moment_are_each_counted(switched: Path) -> None:
    """Each changer holds the record's lock: no count is lost to another's read-modify-write."""
    starts = [subprocess.Popen([sys.executable, str(DEPLOY / "guard.py"), "start", "--max-starts", "20",
                                "--root", str(switched)], stdout=subprocess.DEVNULL) for _ in range(8)]
    assert [p.wait(timeout=60) for p in starts] == [0] * 8
    assert guard_cli(switched, "status")["starts"] == 8
