"""人证合一: the resident's face at the camera against the photo on the card (camera.py, matcher.py).

    check = FaceCheck(camera, FaceMatcher())
    check.compare(person.photo)   # -> Comparison(outcome, distance); blocks: call it on a worker thread
    look(camera, matcher)         # -> (faces in one picture, seconds the model took): the self-test, the wizard
"""
from __future__ import annotations

import time
from collections.abc import Callable

from drivers.base import DeviceStatus, FaceCamera, Note
from drivers.face.matcher import NO_PHOTO, Comparison, FaceMatcher, decode_photo, has_photo

__all__ = ["Comparison", "FaceCheck", "FaceMatcher", "has_photo", "look"]

MODEL, PICTURE, LOOKING = "model", "picture", "looking"  # look()'s phases, in order
SELFTEST_LOOKED = "face_selftest_looked"  # FaceCheck.selftest's Note: seconds the model took, faces seen


def look(camera: FaceCamera, matcher: FaceMatcher, progress: Callable[[str], None] | None = None,
         timeout: float = 5.0) -> tuple[int, float]:
    """Load the model, take one picture, count the faces in it: (faces, seconds the model took to load, next
    to nothing once it is loaded). progress(phase) before each phase. The picture is not kept."""
    say = progress or (lambda phase: None)
    say(MODEL)
    start = time.monotonic()
    matcher.prepare()
    loaded = time.monotonic() - start
    say(PICTURE)
    frame = camera.grab(timeout)
    say(LOOKING)
    return matcher.faces(frame), loaded


class FaceCheck:
    """One camera and one matcher: a picture is taken only when the card's photo can be compared at all."""

    def __init__(self, camera: FaceCamera, matcher: FaceMatcher | None = None) -> None:
        self.camera = camera
        self.matcher = matcher or FaceMatcher()

    def prepare(self) -> None:
        """Load the model ahead of the first comparison (on a worker thread)."""
        self.matcher.prepare()

    def compare(self, photo: bytes, timeout: float = 5.0) -> Comparison:
        """The face at the camera now against `photo` (the card's, as the reader gave it). NO_PHOTO without
        opening the camera when the photo cannot be decoded; DeviceUnavailable when the camera fails."""
        if decode_photo(photo) is None:
            return Comparison(NO_PHOTO)
        return self.matcher.compare(photo, self.camera.grab(timeout))

    def status(self) -> DeviceStatus:
        return self.camera.status()

    def selftest(self) -> Note:
        """Load the model and look once through the camera: what the kiosk's self-test reports."""
        faces, loaded = look(self.camera, self.matcher)
        seconds = f"{loaded:.1f}"
        return Note(f"model loaded in {seconds} s, {faces} face(s) in the camera's picture", SELFTEST_LOOKED, seconds,
                    faces)

    def close(self) -> None:
        self.camera.close()
