"""代办 at the counter: a clerk applies on one resident's behalf, and the mark goes with that application only.

The mark travels with the draft (Draft.assisted_by -> Application.assisted_by), never as state on a shared
service: the next resident's case is not marked, whether the first one was submitted, abandoned (home) or wiped
when idle."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.staff.supervision import SupervisedCases
from kiosk.viewmodels import KioskViewModel
from sync.store import Store
from tests.helpers.stubs import FakeCases, make_services, staff_backend
from tests.unit.kiosk.flow import PENSION_ITEM, clerk_signs_in, fill_valid, settle, submit, to_confirm, to_form


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "kiosk.db")
    yield s
    s.close()


def counter_kiosk(store: Store, cases: FakeCases, **kw: float) -> KioskViewModel:
    backend = staff_backend(store)
    services = make_services(cases=SupervisedCases(cases, backend.record), staff=backend)
    return KioskViewModel(services, idle_timeout_s=kw.get("idle", 120), idle_warning_s=kw.get("warn", 20))


def clerk_assists(qtbot: QtBot, vm: KioskViewModel) -> None:
    clerk_signs_in(qtbot, vm)
    vm.staff.assist()
    assert vm.screen == "home" and vm.assistedBy == "counter" and not vm.staff.loggedIn


def apply(qtbot: QtBot, vm: KioskViewModel) -> str:
    to_form(qtbot, vm, PENSION_ITEM)
    fill_valid(vm)
    to_confirm(qtbot, vm)
    return submit(qtbot, vm)


def test_two_residents_a_clerk_assisted_case_then_an_ordinary_one(qtbot: QtBot, store: Store) -> None:
    cases = FakeCases()
    vm = counter_kiosk(store, cases)
    clerk_assists(qtbot, vm)
    first = apply(qtbot, vm)
    assert vm.assistedBy == ""  # gone with the submission, before the resident has even left
    vm.goHome()
    second = apply(qtbot, vm)
    assert cases.applications[first].assisted_by == "counter"
    assert cases.applications[second].assisted_by == ""
    audit = {e.detail["code"]: e for e in vm.services.staff.audit.entries() if e.step == "case_submitted"}
    assert audit[first].actor == "counter" and audit[first].detail["assisted_by"] == "counter"
    assert audit[second].actor == "" and audit[second].detail["assisted_by"] == ""


def test_an_assisted_session_abandoned_at_home_leaves_no_mark(qtbot: QtBot, store: Store) -> None:
    cases = FakeCases()
    vm = counter_kiosk(store, cases)
    clerk_assists(qtbot, vm)
    to_form(qtbot, vm, PENSION_ITEM)
    vm.goHome()  # the resident changed their mind
    assert vm.assistedBy == ""
    code = apply(qtbot, vm)
    assert cases.applications[code].assisted_by == ""


def test_the_idle_wipe_ends_the_assisted_session(qtbot: QtBot, store: Store) -> None:
    cases = FakeCases()
    vm = counter_kiosk(store, cases, idle=1.5, warn=0.5)
    clerk_assists(qtbot, vm)
    to_form(qtbot, vm, PENSION_ITEM)
    settle(qtbot, vm)
    qtbot.waitUntil(lambda: vm.screen == "home", timeout=5000)  # nobody touched the kiosk
    assert vm.assistedBy == ""
    code = apply(qtbot, vm)
    assert cases.applications[code].assisted_by == ""


def test_an_assisted_session_left_untouched_at_home_ends(qtbot: QtBot, store: Store) -> None:
    """The clerk starts a 代办 and the resident walks off before touching anything: the home screen never timed
    out, so the clerk's id stayed on, unseen, and went with the next resident's application hours later."""
    cases = FakeCases()
    vm = counter_kiosk(store, cases, idle=1.5, warn=0.5)
    clerk_assists(qtbot, vm)
    assert vm.idle_guard.running
    qtbot.waitUntil(lambda: vm.assistedBy == "", timeout=5000)  # nobody touched the kiosk
    assert vm.screen == "home" and not vm.idle_guard.running  # an untouched default home screen still waits
    code = apply(qtbot, vm)
    assert cases.applications[code].assisted_by == ""
