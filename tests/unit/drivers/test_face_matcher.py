"""dlib's face recognition (the weights of face_recognition_models) on real photos: the same person matches,
another person does not, a picture without a face and a card without a decodable photo have their own outcomes."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from drivers.face import FaceCheck
from drivers.face.camera import SimCamera
from drivers.face.matcher import MATCH, MISMATCH, NO_FACE, NO_PHOTO, THRESHOLD, FaceMatcher, decode_photo
from tests.helpers.faces import CARD, NOBODY, OTHER, SAME, WLT_PHOTO, card_photo


@pytest.fixture(scope="module")
def matcher() -> FaceMatcher:
    return FaceMatcher()


def rgb(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


@pytest.mark.parametrize("frame", SAME, ids=lambda p: p.name)
def test_the_card_holder_matches(matcher: FaceMatcher, frame: Path) -> None:
    result = matcher.compare(card_photo(), rgb(frame))
    assert result.outcome == MATCH and result.matched
    assert result.distance is not None and result.distance < THRESHOLD


def test_someone_else_does_not_match(matcher: FaceMatcher) -> None:
    result = matcher.compare(card_photo(), rgb(OTHER))
    assert result.outcome == MISMATCH and not result.matched
    assert result.distance is not None and result.distance > THRESHOLD + 0.2  # far from the line, not near it


def test_no_face_at_the_camera(matcher: FaceMatcher) -> None:
    assert matcher.compare(card_photo(), rgb(NOBODY)).outcome == NO_FACE


def test_two_faces_at_the_camera_are_asked_again(matcher: FaceMatcher) -> None:
    both = np.concatenate([rgb(SAME[0])[:320, :160], rgb(OTHER)[:320, :140]], axis=1)
    assert len(matcher.descriptors(both)) == 2
    assert matcher.compare(card_photo(), both).outcome == NO_FACE


def test_a_card_photo_the_size_of_the_chip_s(matcher: FaceMatcher) -> None:
    """The chip's photo is 102 x 126 pixels once decoded: small, but the face is found and matched."""
    small = Image.open(CARD).convert("RGB")
    small.thumbnail((102, 126))
    out = io.BytesIO()
    small.save(out, "BMP")  # what a reader whose SDK decodes the WLT hands out
    assert matcher.compare(out.getvalue(), rgb(SAME[0])).outcome == MATCH
    assert matcher.compare(out.getvalue(), rgb(OTHER)).outcome == MISMATCH


def test_a_photo_that_cannot_be_decoded(matcher: FaceMatcher) -> None:
    assert decode_photo(WLT_PHOTO) is None and decode_photo(b"") is None
    assert decode_photo(b"\xff\xd8\xff" + b"\x00" * 40) is None  # a JPEG's start, then nothing
    assert matcher.compare(WLT_PHOTO, rgb(SAME[0])).outcome == NO_PHOTO
    assert matcher.compare(NOBODY.read_bytes(), rgb(SAME[0])).outcome == NO_PHOTO  # an image, but no face


def test_the_check_takes_no_picture_for_a_card_without_a_photo(matcher: FaceMatcher) -> None:
    camera = SimCamera([SAME[0]])
    check = FaceCheck(camera, matcher)
    assert check.compare(WLT_PHOTO).outcome == NO_PHOTO and camera.grabs == 0
    assert check.compare(card_photo()).outcome == MATCH and camera.grabs == 1


def test_the_model_is_loaded_on_first_use_only() -> None:
    fresh = FaceMatcher()
    assert fresh._model is None
    fresh.prepare()
    loaded = fresh._model
    fresh.prepare()
    assert loaded is not None and fresh._model is loaded
