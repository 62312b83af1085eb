"""The face photos of tests/fixtures/faces (see its README): one person in three photos, another in one."""
from __future__ import annotations

from pathlib import Path

from drivers.face import FaceCheck, FaceMatcher
from drivers.face.camera import SimCamera

FACES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"
CARD = FACES / "obama.jpg"  # the photo on the card
SAME = (FACES / "obama2.jpg", FACES / "obama3.jpg")  # the card holder at the camera
OTHER = FACES / "biden.jpg"  # someone else at the camera
NOBODY = Path(__file__).resolve().parents[2] / "assets" / "sample-material.jpg"  # a document: no face in it


def card_photo() -> bytes:
    """The card's photo as a reader that decodes the chip's photo hands it out (JPEG)."""
    return CARD.read_bytes()


WLT_PHOTO = bytes((i * 7 + 3) & 0xFF for i in range(1024))  # the chip's WLT data as read: no decoder here


MATCHER = FaceMatcher()  # one for the whole test run: the model loads once, when first used


def face_check(*seen: Path) -> FaceCheck:
    """The real check (drivers.face.FaceCheck) on a SimCamera that shows `seen` (camera.sees() changes it)."""
    return FaceCheck(SimCamera(list(seen)), MATCHER)
