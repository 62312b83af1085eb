"""人证合一 on the identify screen, through the real check (dlib's model) and the simulated camera: the card holder
goes on to the form; another face, or a card whose photo cannot be decoded, or no camera, goes to a clerk who
confirms with the staff PIN (the real staff auth). The outcome travels with the application and the audit log; no
picture is kept, and nothing of it survives the submission or the idle wipe."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from domain.models import CLERK_CONFIRMED, FACE_MATCHED, FaceCheck
from drivers.face.camera import SimCamera
from kiosk.staff.supervision import SupervisedCases
from kiosk.viewmodels import KioskViewModel
from sync.store import Store
from tests.helpers.faces import NOBODY, OTHER, SAME, WLT_PHOTO, card_photo, face_check
from tests.helpers.stubs import ITEMS, PERSON, STAFF_PIN, FakeCases, FakeReader, make_services, staff_backend
from tests.unit.kiosk.flow import PENSION_ITEM, fill_valid, settle, submit, to_confirm

FACE_ITEM = replace(PENSION_ITEM, face_match=True)
HOLDER = replace(PERSON, photo=card_photo())  # a reader that hands out the decoded photo (JPEG)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "kiosk.db")
    yield s
    s.close()


class Kiosk:
    def __init__(self, store: Store, person: object = HOLDER, *seen: Path, camera: bool = True) -> None:
        self.cases, self.backend = FakeCases(), staff_backend(store)
        self.check = face_check(*seen) if camera else None
        self.vm = KioskViewModel(make_services(
            reader=FakeReader(person), cases=SupervisedCases(self.cases, self.backend.record), staff=self.backend,
            items=(ITEMS[0], FACE_ITEM, *ITEMS[2:]), face=self.check))

    @property
    def camera(self) -> SimCamera:
        assert self.check is not None and isinstance(self.check.camera, SimCamera)
        return self.check.camera

    def to_face(self, qtbot: QtBot) -> None:
        vm = self.vm
        vm.catalogue.select(FACE_ITEM.code)
        settle(qtbot, vm)
        vm.startApplication()
        settle(qtbot, vm)  # the model loads meanwhile
        vm.identify.forSelf()
        vm.identify.readCard()
        settle(qtbot, vm)
        assert vm.screen == "identify" and vm.identify.step == "face"

    def compare(self, qtbot: QtBot) -> None:
        self.vm.identify.face.compare()
        settle(qtbot, self.vm)

    def clerk_pin(self, qtbot: QtBot, pin: str = STAFF_PIN) -> None:
        for key in pin:
            self.vm.identify.face.press(key)
        self.vm.identify.face.confirmPin()
        settle(qtbot, self.vm)

    def submit(self, qtbot: QtBot) -> FaceCheck | None:
        assert self.vm.screen == "form"
        fill_valid(self.vm)
        to_confirm(qtbot, self.vm)
        code = submit(qtbot, self.vm)
        assert self.vm.identify.face_check is None  # went with the case
        return self.cases.applications[code].face_check

    def audit(self, step: str) -> list[dict[str, object]]:
        entries = sorted(self.backend.audit.entries(), key=lambda e: e.seq)
        return [dict(e.detail, actor=e.actor) for e in entries if e.step == step]


def test_the_card_holder_goes_on_to_the_form(qtbot: QtBot, chinese: object, store: Store) -> None:
    k = Kiosk(store, HOLDER, SAME[0])
    k.to_face(qtbot)
    assert k.vm.identify.face.phase == "look" and k.camera.grabs == 0  # the camera waits for the button
    assert "camera" in k.vm.prompt() or "摄像头" in k.vm.prompt()
    k.compare(qtbot)
    assert k.vm.screen == "form" and k.camera.grabs == 1
    check = k.submit(qtbot)
    assert check is not None and check.outcome == FACE_MATCHED and check.distance is not None
    assert check.distance < 0.5 and check.clerk == ""
    assert check.to_wire() == {"outcome": "matched", "distance": check.distance}
    assert [(a["outcome"], a["attempt"]) for a in k.audit("face_check")] == [("match", 1)]


def test_another_face_goes_to_the_clerk_after_three_tries(qtbot: QtBot, chinese: object, store: Store) -> None:
    k = Kiosk(store, HOLDER, NOBODY)
    k.to_face(qtbot)
    k.compare(qtbot)
    face = k.vm.identify.face
    assert face.phase == "look" and face.triesLeft == 2 and "2" in face.note  # nobody seen: asked again
    k.camera.sees(OTHER)
    k.compare(qtbot)
    assert face.phase == "look" and face.triesLeft == 1 and "不一致" in face.note
    k.compare(qtbot)
    assert face.phase == "clerk" and "不一致" in face.reason and k.vm.screen == "identify"
    k.clerk_pin(qtbot, "000000")
    assert face.phase == "clerk" and face.pinError != ""  # a wrong PIN is refused (and counted by the lockout)
    k.clerk_pin(qtbot)
    assert k.vm.screen == "form"
    check = k.submit(qtbot)
    assert check is not None and check.outcome == CLERK_CONFIRMED and check.reason == "mismatch"
    assert check.clerk == "counter" and check.distance is not None and check.distance > 0.5
    assert [a["outcome"] for a in k.audit("face_check")] == ["no_face", "mismatch", "mismatch"]
    assert {"action": "face_check", "reason": "mismatch", "actor": "counter"} in k.audit("staff_action")


def test_a_card_photo_that_cannot_be_decoded_goes_to_the_clerk(qtbot: QtBot, chinese: object,
                                                               store: Store) -> None:
    """A real 二代证 chip carries its photo WLT-compressed; decoding it needs the licensed decoder."""
    k = Kiosk(store, replace(PERSON, photo=WLT_PHOTO), SAME[0])
    k.to_face(qtbot)
    face = k.vm.identify.face
    assert face.phase == "clerk" and "照片" in face.reason and k.camera.grabs == 0
    k.clerk_pin(qtbot)
    check = k.submit(qtbot)
    assert check == FaceCheck(CLERK_CONFIRMED, None, "no_photo", "counter")


def test_no_camera_goes_to_the_clerk(qtbot: QtBot, chinese: object, store: Store) -> None:
    k = Kiosk(store, HOLDER, camera=False)
    k.to_face(qtbot)
    assert k.vm.identify.face.phase == "clerk" and "摄像头" in k.vm.identify.face.reason
    k.clerk_pin(qtbot)
    assert k.submit(qtbot) == FaceCheck(CLERK_CONFIRMED, None, "camera", "counter")


def test_a_camera_that_fails_goes_to_the_clerk(qtbot: QtBot, chinese: object, store: Store,
                                               caplog: pytest.LogCaptureFixture) -> None:
    k = Kiosk(store, HOLDER)  # the simulated camera has no picture to give
    k.to_face(qtbot)
    with caplog.at_level(logging.WARNING, logger="kiosk.viewmodels.face"):
        k.compare(qtbot)
    assert k.vm.identify.face.phase == "clerk" and "摄像头" in k.vm.identify.face.reason
    # the technician reads in the log why (the resident is told only that the camera is not available)
    assert any("DeviceUnavailable" in r.getMessage() and "no image" in r.getMessage() for r in caplog.records), \
        caplog.text


def test_nothing_of_it_survives_the_idle_wipe_or_the_back_button(qtbot: QtBot, chinese: object,
                                                                 store: Store) -> None:
    k = Kiosk(store, HOLDER, OTHER)
    k.to_face(qtbot)
    k.compare(qtbot)
    face = k.vm.identify.face
    assert face.triesLeft == 2
    k.vm.back()  # back to the card: a new card, a new check
    assert k.vm.identify.step == "card" and face.triesLeft == 3 and face.note == ""
    k.vm.identify.readCard()
    settle(qtbot, k.vm)
    k.compare(qtbot)
    k.vm._idle_home()  # nobody answered the idle warning
    assert k.vm.screen == "home" and face.phase == "look" and face.triesLeft == 3 and face._photo == b""
    assert k.vm.identify.face_check is None and k.vm.identify.person is None


def test_a_service_that_does_not_ask_has_no_face_step(qtbot: QtBot, chinese: object, store: Store) -> None:
    k = Kiosk(store, HOLDER, SAME[0])
    k.vm.catalogue.select(ITEMS[0].code)
    settle(qtbot, k.vm)
    k.vm.startApplication()
    k.vm.identify.forSelf()
    k.vm.identify.readCard()
    settle(qtbot, k.vm)
    assert k.vm.screen == "form" and k.camera.grabs == 0 and k.vm.identify.face_check is None


def test_the_kiosk_starts_without_the_model_or_numpy() -> None:
    """The face check costs a start nothing: dlib, the weights and numpy load when an item asks for them (and
    sqlite_utils, which would import numpy because it is installed, is kept from it: sync/store.py)."""
    import subprocess
    import sys

    code = ("import sys, kiosk.boot, kiosk.wiring, kiosk.viewmodels.screens, sync.store; "
            "print(sorted(m for m in ('numpy', 'dlib', '_dlib_pybind11', 'linuxpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr


def test_for_someone_else_the_agent_s_face_is_compared(qtbot: QtBot, chinese: object, store: Store) -> None:
    """代办: the person at the camera is the agent, so the agent's card photo is the one compared."""
    from tests.helpers.stubs import AGENT

    k = Kiosk(store, replace(AGENT, photo=card_photo()), SAME[1])
    vm = k.vm
    vm.catalogue.select(FACE_ITEM.code)
    settle(qtbot, vm)
    vm.startApplication()
    vm.identify.forOther()
    vm.identify.readCard()  # the agent's own card first
    settle(qtbot, vm)
    vm.services.reader.person = PERSON  # then the applicant's, who is not here (and whose card has no photo)
    vm.identify.readCard()
    settle(qtbot, vm)
    assert vm.identify.step == "face" and vm.identify.face.phase == "look"
    k.compare(qtbot)
    assert vm.screen == "form" and vm.identify.person == PERSON and vm.identify.face_check.outcome == FACE_MATCHED


def test_the_clerk_confirms_with_the_staff_card(qtbot: QtBot, chinese: object, store: Store) -> None:
    from domain import wire
    from tests.helpers.stubs import AGENT as CLERK

    k = Kiosk(store, replace(PERSON, photo=WLT_PHOTO))
    k.to_face(qtbot)
    face = k.vm.identify.face
    k.vm.identify.face.staffCard()  # the resident's card is still on the reader
    settle(qtbot, k.vm)
    assert face.phase == "clerk" and "工作证" in face.pinError
    key = k.backend.provision.draft.person_key
    k.backend.auth.policy.cards = {wire.person_hash(key, CLERK.id_number): "S007"}
    k.vm.services.reader.person = CLERK
    face.staffCard()
    settle(qtbot, k.vm)
    assert k.vm.screen == "form" and k.vm.identify.person == replace(PERSON, photo=WLT_PHOTO)
    assert k.submit(qtbot) == FaceCheck(CLERK_CONFIRMED, None, "no_photo", "S007")


def test_back_from_the_form_is_the_card_step_and_a_new_identification_carries_no_old_outcome(
        qtbot: QtBot, chinese: object, store: Store) -> None:
    """The check is done once the resident is on the form: back on the identify screen there is nothing being
    compared (it is the card step, as for any item), and an applicant identified afresh there by a 亮码 (which
    asks no face check) does not take the card's outcome along."""
    from tests.helpers.stubs import FakeIdentity

    k = Kiosk(store, HOLDER, SAME[0])
    by_code = replace(PERSON, source="e_sscard")  # as sync.qrid.QrIdentity gives the holder
    k.vm.services.identity = FakeIdentity({"ESSC:1:holder": by_code})
    k.to_face(qtbot)
    k.compare(qtbot)
    assert k.vm.screen == "form" and k.vm.identify.face_check is not None
    k.vm.back()
    assert k.vm.screen == "identify" and k.vm.identify.step == "card" and not k.vm.identify.face.comparing
    k.vm.identify.scanned("ESSC:1:holder")
    settle(qtbot, k.vm)
    assert k.vm.screen == "form" and k.vm.identify.person == by_code and k.vm.identify.face_check is None


def test_a_comparison_left_behind_does_not_count_for_the_next_card(qtbot: QtBot, chinese: object,
                                                                   store: Store) -> None:
    """Back during a comparison, then another card: the first card's comparison, when it ends, is not taken as
    the second card's (its holder's face was never compared)."""
    from tests.helpers.faces import OTHER as SOMEONE_ELSE
    from tests.helpers.stubs import AGENT

    k = Kiosk(store, HOLDER, SAME[0])  # the camera sees the first card's holder
    k.to_face(qtbot)
    k.vm.identify.face.compare()  # the first card's holder at the camera: a match, in a moment
    k.vm.back()  # meanwhile: back to the card step
    assert k.vm.screen == "identify" and k.vm.identify.step == "card"
    k.vm.services.reader.person = replace(AGENT, photo=SOMEONE_ELSE.read_bytes())
    k.vm.identify.readCard()  # another card, read before the first comparison ends
    settle(qtbot, k.vm)
    face = k.vm.identify.face
    assert k.vm.screen == "identify" and k.vm.identify.step == "face", k.vm.screen
    assert face.phase == "look" and face.triesLeft == 3 and k.vm.identify.face_check is None


def test_back_during_a_comparison_is_the_card_step_and_its_answer_is_dropped(qtbot: QtBot, chinese: object,
                                                                             store: Store) -> None:
    k = Kiosk(store, HOLDER, SAME[0])
    k.to_face(qtbot)
    k.vm.identify.face.compare()
    k.vm.back()  # while the kiosk compares: back to the card, as from the step itself
    settle(qtbot, k.vm)  # the comparison ends meanwhile (a match): it no longer counts
    assert k.vm.screen == "identify" and k.vm.identify.step == "card" and k.vm.identify.person is None
    assert k.vm.identify.face_check is None and k.vm.identify.face.phase == "look"
