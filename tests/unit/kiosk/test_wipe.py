"""Idle timeout: a warning with a countdown and "继续", then every trace of the resident is gone."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from domain.models import Person, Receipt
from kiosk.app import KioskApp
from kiosk.camera import Photo
from kiosk.qt import QObject
from kiosk.services import Services
from kiosk.tasks import TaskRunner
from kiosk.viewmodels import KioskViewModel
from kiosk.viewmodels.common import Context
from kiosk.voice import Voice
from sync.model import Application, Attachment, LocalCase
from tests.helpers.stubs import AGENT, PERSON, FakeCamera, FakeReader, make_services
from tests.unit.kiosk.flow import ZIGZAG, fill_valid, settle, to_form
from tests.unit.kiosk.ui import Ui

PHONE = "13912345678"
TOKENS = (PERSON.name, PERSON.id_number, PERSON.address, PERSON.masked_name, PERSON.masked_id, AGENT.name,
          AGENT.id_number, AGENT.masked_name, PHONE, PHONE[-4:] + "", "江南大道")
RESIDENT_TYPES = (Person, Attachment, Photo, Application, Receipt, LocalCase)
SKIP = (Context, TaskRunner, Services, type(None))


def leftovers(obj: Any, where: str = "vm", seen: set[int] | None = None) -> Iterator[str]:
    """Every piece of the resident reachable from a view-model: its attributes, Qt properties, list models,
    and the values closed over by its callbacks."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, SKIP) or isinstance(obj, (int, float, bool)):
        return
    seen.add(id(obj))
    if isinstance(obj, str):
        hits = [t for t in TOKENS if t and t in obj]
        if hits:
            yield f"{where} = {obj[:60]!r} holds {hits}"
        return
    if isinstance(obj, (bytes, bytearray)):
        if obj:
            yield f"{where} holds {len(obj)} bytes"
        return
    if isinstance(obj, RESIDENT_TYPES):
        yield f"{where} holds a {type(obj).__name__}"
        return
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from leftovers(v, f"{where}[{k!r}]", seen)
        return
    if isinstance(obj, tuple) and len(obj) == 2 and all(isinstance(v, float) for v in obj):
        yield f"{where} holds a point of a drawn signature"
        return
    if isinstance(obj, (list, tuple, set, frozenset, deque)):
        for i, v in enumerate(obj):
            yield from leftovers(v, f"{where}[{i}]", seen)
        return
    if callable(obj) and hasattr(obj, "__closure__"):
        for i, cell in enumerate(obj.__closure__ or ()):
            try:
                yield from leftovers(cell.cell_contents, f"{where}.<closure {i}>", seen)
            except ValueError:  # an empty cell
                pass
        return
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from leftovers(getattr(obj, f.name), f"{where}.{f.name}", seen)
        return
    if isinstance(obj, QObject):
        meta = obj.metaObject()
        for i in range(meta.propertyOffset(), meta.propertyCount()):
            name = meta.property(i).name()
            yield from leftovers(obj.property(name), f"{where}.{name}", seen)
        if hasattr(obj, "rows"):
            yield from leftovers(obj.rows(), f"{where}.rows()", seen)
    for name, value in getattr(obj, "__dict__", {}).items():
        yield from leftovers(value, f"{where}.{name}", seen)


def deep_journey(qtbot: QtBot, vm: KioskViewModel) -> None:
    """As far as a resident gets before walking away: 代办, form typed, photos, signature, confirm."""
    to_form(qtbot, vm, on_behalf=True)
    vm.services.reader.person = PERSON
    vm.identify.readCard()
    settle(qtbot, vm)
    assert vm.screen == "form"
    fill_valid(vm)
    vm.form.setValue("phone", PHONE)
    vm.form.next()
    vm.materials.capture("户口簿")
    settle(qtbot, vm)
    vm.materials.next()
    vm.materials.goOn()
    vm.commitment.addStroke(ZIGZAG, 800.0, 300.0)
    vm.commitment.accept()
    settle(qtbot, vm)
    assert vm.screen == "confirm"
    vm.navigate("form")  # back to change an answer … and then the resident walks away


def test_leftovers_finds_what_a_resident_leaves(qtbot: QtBot, chinese: object) -> None:
    """The detector itself: mid-journey it sees the resident everywhere."""
    vm = KioskViewModel(make_services(reader=FakeReader(AGENT)), camera=FakeCamera())
    deep_journey(qtbot, vm)
    found = list(leftovers(vm))
    for part in ("identify", "form", "materials", "commitment", "confirm"):
        assert any(f.startswith((f"vm.{part}.", f"vm._{part}.")) for f in found), part


def test_timeout_mid_form_leaves_nothing_in_any_view_model(qtbot: QtBot, chinese: object) -> None:
    voice = Voice("mock")
    vm = KioskViewModel(make_services(reader=FakeReader(AGENT)), camera=FakeCamera(), voice=voice,
                        idle_timeout_s=0.8, idle_warning_s=0.5)
    deep_journey(qtbot, vm)
    vm.setLanguage("en")
    vm.setElderly(True)  # doubles the time: 1.6 s, warning for the last 1 s
    qtbot.waitUntil(lambda: vm.idleWarning, timeout=4000)
    assert vm.screen == "form" and 0 < vm.idleSecondsLeft <= 2
    qtbot.waitUntil(lambda: vm.screen == "home", timeout=4000)
    assert list(leftovers(vm)) == []
    assert not vm.idleWarning and not vm.identify.hasPerson and vm.form.fieldsModel.rowCount() == 0
    assert vm.language == "zh_CN" and not vm.elderly  # the next resident starts fresh
    assert list(voice.said) == []
    voice.close()


def test_continue_extends_as_often_as_needed(qtbot: QtBot, chinese: object) -> None:
    vm = KioskViewModel(make_services(), idle_timeout_s=0.5, idle_warning_s=0.3)
    vm.navigate("track")
    for _ in range(3):
        qtbot.waitUntil(lambda: vm.idleWarning, timeout=2000)
        vm.touched()  # "继续"
        assert not vm.idleWarning and vm.screen == "track"
    qtbot.waitUntil(lambda: vm.screen == "home", timeout=3000)


def test_home_screen_never_times_out(qtbot: QtBot, chinese: object) -> None:
    vm = KioskViewModel(make_services(), idle_timeout_s=0.2, idle_warning_s=0.1)
    qtbot.wait(350)
    assert vm.screen == "home" and not vm.idleWarning


@pytest.mark.parametrize("way", ["chosen_at_home", "home_after_the_receipt"])
def test_a_language_and_elderly_mode_left_on_go_back_for_the_next_resident(qtbot: QtBot, chinese: object,
                                                                          way: str) -> None:
    """English and large print chosen by one resident stayed on for every next one: the home screen never timed
    out, and Home kept them (only the idle wipe away from home set them back). Left on at home, they go back to
    the kiosk's own after the same quiet spell, with the same warning; untouched defaults never time out."""
    vm = KioskViewModel(make_services(), idle_timeout_s=0.6, idle_warning_s=0.3)
    if way == "chosen_at_home":
        vm.toggleLanguage()
        vm.toggleElderly()
    else:
        vm.setLanguage("en")
        vm.setElderly(True)
        vm.navigate("track")
        vm.touched()
        vm.goHome()
    assert vm.screen == "home" and vm.language == "en" and vm.elderly
    qtbot.waitUntil(lambda: vm.idleWarning, timeout=4000)  # elderly: twice the time
    vm.touched()  # "继续": still there
    assert not vm.idleWarning and vm.language == "en"
    qtbot.waitUntil(lambda: vm.language == "zh_CN" and not vm.elderly, timeout=5000)
    assert vm.screen == "home" and not vm.idleWarning
    qtbot.wait(800)
    assert not vm.idleWarning and not vm.idle_guard.running


def test_back_all_the_way_home_forgets_the_resident(qtbot: QtBot, chinese: object) -> None:
    """Back, screen after screen, to the home screen: the session ends there as with Home (the home screen never
    times out, so what stayed held stayed for the next resident)."""
    vm = KioskViewModel(make_services(reader=FakeReader(AGENT)), camera=FakeCamera())
    deep_journey(qtbot, vm)
    session = vm.session
    for _ in range(20):
        if vm.screen == "home":
            break
        vm.back()
    assert vm.screen == "home" and vm.session > session
    assert list(leftovers(vm)) == []


def test_a_kiosk_set_to_english_stays_in_english(qtbot: QtBot, chinese: object) -> None:
    """The kiosk's own language is its settings' (language = "en"): the home screen keeps it, touched or not,
    and the idle wipe goes back to it, not to Chinese."""
    vm = KioskViewModel(make_services(), idle_timeout_s=0.4, idle_warning_s=0.2, language="en")
    vm.touched()
    qtbot.wait(700)
    assert vm.language == "en" and not vm.idle_guard.running
    vm.navigate("track")
    vm.setLanguage("zh_CN")  # a resident's choice
    qtbot.waitUntil(lambda: vm.screen == "home", timeout=3000)
    assert vm.language == "en"


def test_a_receipt_scanned_on_the_last_residents_receipt_screen_starts_afresh(qtbot: QtBot, chinese: object) -> None:
    """A resident takes the receipt and leaves without touching Home; the next one scans their own receipt to
    track it. That opened the case inside the last resident's session: back led to that resident's receipt
    (whose "rate" rated their case), and their card, answers and signature stayed held. The scan starts a
    fresh session now."""
    from tests.helpers.stubs import FakeCases
    from tests.unit.kiosk.flow import make_vm, stored_case, submit, to_confirm

    cases = FakeCases(offline=True)
    theirs = stored_case(qtbot, cases)  # the next resident's case, from an earlier visit
    vm = make_vm(cases=cases)
    to_form(qtbot, vm)
    fill_valid(vm)
    to_confirm(qtbot, vm)
    submit(qtbot, vm)
    assert vm.screen == "receipt" and vm.identify.hasPerson
    vm.track.scanned(f"http://127.0.0.1/track/{theirs}")
    settle(qtbot, vm)
    assert vm.screen == "track" and vm.track.found and vm.track.code.replace(" ", "") == theirs
    assert [f for f in leftovers(vm) if not f.startswith(("vm.track", "vm._track"))] == []
    vm.back()
    assert vm.screen == "home"


def test_timeout_wipes_the_screen_too(qtbot: QtBot, qapp: object) -> None:
    # the warning stays 20 s, long enough to see it on a loaded machine (with 0.6 s the wipe could come first); then
    # a short period for the wipe
    kiosk: KioskApp = KioskApp(make_services(reader=FakeReader(AGENT)), idle_timeout_s=20.4, idle_warning_s=20.0,
                            camera=FakeCamera())
    kiosk.show()
    ui = Ui(kiosk, qtbot)
    try:
        deep_journey(qtbot, kiosk.vm)
        ui.settle()
        assert any(PHONE in str(t.property("text")) for t in ui.items() if t.property("text") is not None)
        qtbot.waitUntil(lambda: kiosk.vm.idleWarning, timeout=3000)
        ui.settle()
        assert ui.has("idleOverlay") and ui.has("continueButton")
        kiosk.vm.idle_guard.set_scale(0.05)
        qtbot.waitUntil(lambda: kiosk.vm.screen == "home", timeout=5000)
        ui.settle()
        texts = [str(i.property("text")) for i in ui.items(skip_keyboard=False) if i.property("text") is not None]
        assert not [t for t in texts if any(tok in t for tok in TOKENS)]
        assert list(leftovers(kiosk.vm)) == []
    finally:
        kiosk.close()


@pytest.mark.parametrize("field", ["registerName", "searchField"])
def test_the_keyboard_does_not_learn_what_a_resident_types(tmp_path: Path, field: str) -> None:
    """The Pinyin keyboard learns each word chosen into a user dictionary, offered to whoever types next and
    written to disk: a name typed for one resident (章叁 for "zhangsan") must not be offered to the next, nor be
    on the disk afterwards. Its own process: the keyboard's engine is one per process, its dictionary under
    XDG_CONFIG_HOME."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-m", "tests.helpers.pinyin", field], env=env, capture_output=True,
                         text=True, timeout=100, cwd=Path(__file__).resolve().parents[3])
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["typed"] == "章叁" and "章叁" not in seen["first"]  # the keyboard was driven for real
    assert "章叁" not in seen["second"]
    learned = tmp_path / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat"
    assert not learned.exists() or "章叁".encode("utf-16-le") not in learned.read_bytes()


def test_words_learned_before_are_removed_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kiosk that ran an earlier version has residents' words in the keyboard's dictionary: gone at start."""
    from kiosk.app import forget_learned_words

    learned = tmp_path / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat"
    learned.parent.mkdir(parents=True)
    learned.write_bytes("章叁".encode("utf-16-le"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    forget_learned_words()
    assert not learned.exists()
    forget_learned_words()  # none there: nothing to do


def test_the_scanner_keeps_no_code_of_the_last_resident(qtbot: QtBot, qapp: object) -> None:
    """The scanner driver queues up to 16 scans for next_scan; the resident's screens take scans as they come, so
    a payment code, a 亮码 or a receipt QR stayed in that queue after the session: gone with the session now.
    The scanner simulator on a pty, the serial scanner driver, the kiosk app."""
    from drivers.base import NoScan
    from drivers.scanner.serial_scanner import SerialScanner
    from drivers.sim.scanner import SAMPLE_WECHAT, ScannerSim

    with ScannerSim() as sim, SerialScanner(sim.device_path) as scanner:
        assert scanner.wait_connected()
        kiosk = KioskApp(make_services(), idle_timeout_s=600, scanner=scanner)
        try:
            kiosk.vm.navigate("track")
            sim.scan(SAMPLE_WECHAT)  # a payment code held under the scanner on the wrong screen
            qtbot.waitUntil(lambda: scanner.scans == 1, timeout=5000)
            kiosk.vm.goHome()
            with pytest.raises(NoScan):
                scanner.next_scan(0)
        finally:
            kiosk.close()
