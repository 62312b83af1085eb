"""sync/updater.py with deploy/'s real tools: an offered release fetched in the background, switched to at an
idle moment, a restart asked for; a new build whose start-up self-test fails is rolled back and reported."""
from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from domain.kiosksettings import UpdateSettings
from sync.updater import Updater, running_version, tool_env
from tests.helpers.lifecycle import entered
from tests.helpers.smalldisk import fill, small_disk  # noqa: F401 - fixture
from tests.unit.deploy.conftest import DEPLOY, load
from tests.unit.deploy.test_fetch import Files, publish
from tests.unit.deploy.test_update import keys, make_build, run_current  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def update() -> ModuleType:
    return load("update")


files = entered(Files)


def until(check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def kiosk(tmp_path: Path, update: ModuleType, keys: tuple[Path, Path]) -> Updater:  # noqa: F811 - the fixture imported above
    """A kiosk running 1.0.0 from its install root, its updater on deploy/'s tools."""
    root = tmp_path / "opt"
    old = make_build(tmp_path / "usb" / "a", "1.0.0")
    update.sign(old, keys[0])
    update.install(old, root, keys[1])
    cfg = UpdateSettings(root=str(root), tools=str(DEPLOY), python=sys.executable, pubkey=str(keys[1]),
                         confirm_after=0.0)
    return Updater(cfg, str(tmp_path / "var"), "http://unused.invalid", "1.0.0")


def switched(tmp_path: Path, kiosk: Updater, update: ModuleType, key: tuple[Path, Path]) -> tuple[Path, Path]:
    """The kiosk's root switched to a signed 1.1.0 (not yet confirmed, its first start counted)."""
    root = Path(kiosk.cfg.root)
    guard = load("guard")
    guard.start(root)
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    update.sign(new, key[0])
    update.install(new, root, key[1])
    assert guard.start(root)["starts"] == 1
    return root, new


def test_an_offer_is_fetched_then_switched_to_at_an_idle_moment(
        tmp_path: Path, kiosk: Updater, update: ModuleType, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    root = Path(kiosk.cfg.root)
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    update.sign(new, keys[0])
    offer = publish(new, files, update) | {"files_url": files.url}
    assert kiosk.beat_fields() == {"rolled_back_from": ""}

    kiosk.on_answer({"release": offer})
    until(lambda: kiosk.state == "staged", "the build to be fetched and verified")
    assert update.verify(Path(kiosk.build), keys[1]).version == "1.1.0"
    asked = len(files.asked)
    kiosk.on_answer({"release": offer})  # the next beat offers it again: nothing fetched twice
    assert len(files.asked) == asked == 3
    assert not kiosk.tick(idle=False) and kiosk.state == "staged"  # a resident is here: wait
    assert run_current(root) == "kiosk 1.0.0"
    assert not kiosk.tick(idle=True)  # idle: the switch starts in the background
    until(lambda: kiosk.state == "switched", "the switch")
    assert run_current(root) == "kiosk 1.1.0" and not kiosk.staging.exists()  # the download let go
    assert not kiosk.tick(idle=False) and kiosk.tick(idle=True)  # restart at the next idle moment


def test_an_offer_of_the_running_build_or_of_nothing_usable_starts_nothing(
        tmp_path: Path, kiosk: Updater, update: ModuleType, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    running = make_build(tmp_path / "net" / "a", "1.0.0")
    update.sign(running, keys[0])
    offer = publish(running, files, update) | {"files_url": files.url, "version": "1.0.0"}
    for answer in ({"release": offer}, {"release": None}, {"release": "1.1.0"}, {"release": {"version": ""}}, {}):
        kiosk.on_answer(answer)
    assert kiosk.state == "idle" and files.asked == [] and not kiosk.staging.exists()
    assert not kiosk.tick(idle=True) and run_current(Path(kiosk.cfg.root)) == "kiosk 1.0.0"


def test_a_staged_build_the_network_stopped_offering_is_not_switched_to(
        tmp_path: Path, kiosk: Updater, update: ModuleType, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    """The rollout paused (a canary rolled back) while this kiosk had the build staged: the next beat offers
    nothing, so the kiosk keeps what it runs instead of spreading the release; offered again, it goes on."""
    root = Path(kiosk.cfg.root)
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    update.sign(new, keys[0])
    offer = publish(new, files, update) | {"files_url": files.url}
    kiosk.on_answer({"release": offer})
    until(lambda: kiosk.state == "staged", "the build to be fetched and verified")
    kiosk.on_answer({"ok": True, "release": None})  # paused: no offer any more
    assert not kiosk.tick(idle=True) and kiosk.state == "staged"
    assert (kiosk.update_state() or {})["reason"] == "paused"  # the beat says why it waits
    time.sleep(0.3)
    assert run_current(root) == "kiosk 1.0.0"
    asked = len(files.asked)
    kiosk.on_answer({"release": offer})  # a new rollout of it: switched at the next idle moment, not fetched again
    assert (kiosk.update_state() or {})["reason"] == ""
    assert not kiosk.tick(idle=True)
    until(lambda: kiosk.state == "switched", "the switch")
    assert run_current(root) == "kiosk 1.1.0" and len(files.asked) == asked


def sha_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def offered(tmp_path: Path, update: ModuleType, key: tuple[Path, Path], files: Files) -> tuple[Path, dict[str, str], int]:
    """A signed 1.1.0 on the file store: its folder, the offer a beat's answer carries, its bytes to fetch."""
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    update.sign(new, key[0])
    offer = publish(new, files, update) | {"files_url": files.url}
    return new, offer, sum(len(b) for b in files.blobs.values())


def test_each_beat_says_how_far_the_download_got_and_what_waits(
        tmp_path: Path, kiosk: Updater, update: ModuleType, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    new, offer, total = offered(tmp_path, update, keys, files)
    last = sha_of(new / "kiosk")  # the last file fetched (by name)
    go = threading.Event()
    files.before[sha_of(new / "_internal" / "libfake.so.1")] = lambda: time.sleep(1.2)  # past fetch.py's second
    files.before[last] = lambda: go.wait(30)  # the link is slow here: held until the test lets it go
    kiosk.on_answer({"release": offer})
    until(lambda: (kiosk.update_state() or {}).get("fetched_bytes", 0) > 0, "a progress record with bytes")
    assert kiosk.beat_fields()["update"] == {"version": "1.1.0", "state": "downloading", "reason": "",
                                             "fetched_bytes": total - len(files.blobs[last]), "total_bytes": total}
    go.set()
    until(lambda: kiosk.state == "staged", "the build to be fetched and verified")
    assert kiosk.beat_fields()["update"] == {"version": "1.1.0", "state": "staged", "reason": "",
                                             "fetched_bytes": total, "total_bytes": total}  # waits for idle
    assert not kiosk.tick(idle=True)
    until(lambda: kiosk.state == "switched", "the switch")
    assert kiosk.beat_fields()["update"]["state"] == "switching"  # switched: restarts at the next idle moment


def test_a_failed_download_is_reported_with_its_reason_then_tried_again(
        tmp_path: Path, kiosk: Updater, update: ModuleType, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    new, offer, total = offered(tmp_path, update, keys, files)
    forged = dict(offer, manifest=offer["manifest"].replace("1.1.0", "6.6.6"))
    kiosk.on_answer({"release": forged})
    until(lambda: kiosk.state == "idle", "the forged offer to be refused")
    assert kiosk.beat_fields()["update"] == {"version": "1.1.0", "state": "failed", "reason": "signature",
                                             "fetched_bytes": 0, "total_bytes": 0}

    files.cut_after[sha_of(new / "_internal" / "libfake.so.1")] = 1000  # of 2048: the link drops
    kiosk.on_answer({"release": offer})  # the next beat's answer offers it again: tried again
    until(lambda: kiosk.state == "idle", "the cut download to stop")
    kept = sum(p.stat().st_size for p in (kiosk.staging / "blobs").iterdir())
    assert kiosk.beat_fields()["update"] == {"version": "1.1.0", "state": "failed", "reason": "network",
                                             "fetched_bytes": kept, "total_bytes": total}
    assert 1000 <= kept < total
    (kiosk.staging / "progress.json").write_text('{"version": "1.1.0", "fetched": "lots", "total": -1}')
    assert kiosk.update_state() == {"version": "1.1.0", "state": "failed", "reason": "network",
                                    "fetched_bytes": 0, "total_bytes": 0}  # a record it cannot read: no bytes told
    kiosk.on_answer({"release": offer})
    until(lambda: kiosk.state == "staged", "the rest to be fetched")
    assert kiosk.beat_fields()["update"]["state"] == "staged"


def test_a_failed_start_up_self_test_rolls_back_and_is_reported(
        tmp_path: Path, kiosk: Updater, update: ModuleType, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    root, new = switched(tmp_path, kiosk, update, keys)
    guard = load("guard")
    started = Updater(kiosk.cfg, str(tmp_path / "var"), "http://unused.invalid", "1.1.0")
    assert started.started(False, "the window did not load")  # rolled back: exit and start the old build
    assert run_current(root) == "kiosk 1.0.0"

    after = Updater(kiosk.cfg, str(tmp_path / "var"), "http://unused.invalid", "1.0.0")
    assert after.beat_fields() == {"rolled_back_from": "1.1.0"}
    after.on_answer({"release": publish(new, files, update) | {"files_url": files.url}})
    assert after.state == "idle" and files.asked == []  # not the build that just failed here

    assert not after.started(True)  # the old build starts well; it was confirmed already
    after.beat_fields()
    assert guard.load(root)["confirmed"] is True


def test_a_new_build_is_confirmed_once_it_ran(tmp_path: Path, kiosk: Updater, update: ModuleType,
                                              keys: tuple[Path, Path]) -> None:  # noqa: F811 - the fixture imported above
    root, _ = switched(tmp_path, kiosk, update, keys)
    guard = load("guard")
    running = Updater(kiosk.cfg, str(tmp_path / "var"), "http://unused.invalid", "1.1.0")
    running.beat_fields()
    assert guard.load(root)["confirmed"] is False  # not started yet
    assert not running.started(True)
    running.beat_fields()  # confirm_after is 0 here: the first beat after a good start confirms, network or not
    assert guard.load(root)["confirmed"] is True
    assert not running.started(False, "too late") and run_current(root) == "kiosk 1.1.0"


def test_the_running_version_is_the_builds_signed_one(tmp_path: Path, update: ModuleType, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert running_version("0.9") == "0.9"
    build = make_build(tmp_path / "b", "2.3.4")
    update.sign(build, keys[0])
    monkeypatch.setenv("KIOSK_BUILD_DIR", str(build))
    assert running_version("0.9") == "2.3.4"
    assert not Updater(UpdateSettings(), str(tmp_path), "http://x", "1").beat_fields()  # off: nothing reported


def test_the_tools_get_the_systems_library_path_in_the_one_folder_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/hall-kiosk/current/_internal")
    assert tool_env()["LD_LIBRARY_PATH"] == "/opt/hall-kiosk/current/_internal"  # not frozen: as it is
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert "LD_LIBRARY_PATH" not in tool_env()  # the loader's own path taken away
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    env = tool_env()
    assert env["LD_LIBRARY_PATH"] == "/usr/local/lib" and "LD_LIBRARY_PATH_ORIG" not in env


def test_a_disk_too_full_for_the_switch_is_reported_as_such(
        tmp_path: Path, small_disk: Path, update: ModuleType, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    root = small_disk / "opt"
    old = make_build(tmp_path / "usb" / "a", "1.0.0")
    update.sign(old, keys[0])
    update.install(old, root, keys[1])
    kiosk = Updater(UpdateSettings(root=str(root), tools=str(DEPLOY), python=sys.executable, pubkey=str(keys[1])),
                    str(tmp_path / "var"), "http://unused.invalid", "1.0.0")
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    (new / "_internal" / "libbig.so").write_bytes(b"\1" * 3 * 2 ** 20)
    update.sign(new, keys[0])
    kiosk.on_answer({"release": publish(new, files, update) | {"files_url": files.url}})
    until(lambda: kiosk.state == "staged", "the build to be fetched")
    fill(small_disk, 2 ** 20)
    kiosk.tick(idle=True)
    until(lambda: kiosk.state == "idle", "the switch to fail")
    said = kiosk.update_state()
    assert said is not None and (said["state"], said["reason"]) == ("failed", "switch_no_room")
    assert run_current(root) == "kiosk 1.0.0"
