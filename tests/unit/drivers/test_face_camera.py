"""The face check's cameras. This machine has no /dev/video device and no v4l2loopback module, so the V4L2
backend (OpenCV) is checked against a missing device; pictures come from SimCamera."""
from __future__ import annotations

from pathlib import Path

import pytest

from drivers.base import CAMERA_NOT_CONNECTED, DeviceUnavailable, FaceCamera, Health
from drivers.face.camera import SimCamera, V4l2Camera, open_camera
from tests.helpers.faces import OTHER, SAME


def test_a_missing_v4l2_camera_says_so(tmp_path: Path) -> None:
    camera = V4l2Camera(str(tmp_path / "video9"))
    assert isinstance(camera, FaceCamera)
    assert camera.status().health == Health.ERROR and camera.status().reason == CAMERA_NOT_CONNECTED
    with pytest.raises(DeviceUnavailable) as err:
        camera.grab(0.5)
    assert err.value.message == CAMERA_NOT_CONNECTED


def test_a_device_that_is_no_camera_is_refused(tmp_path: Path) -> None:
    not_a_camera = tmp_path / "video0"
    not_a_camera.write_bytes(b"")
    with pytest.raises(DeviceUnavailable):
        V4l2Camera(str(not_a_camera)).grab(0.5)


def test_the_sim_camera_serves_its_images_in_turn() -> None:
    camera = SimCamera([SAME[0], OTHER])
    assert isinstance(camera, FaceCamera) and camera.status().health == Health.OK
    first, second, again = camera.grab(), camera.grab(), camera.grab()
    assert first.ndim == 3 and first.shape[2] == 3 and str(first.dtype) == "uint8"
    assert first.shape != second.shape and (second == again).all()
    camera.sees()
    assert camera.status().health == Health.ERROR
    with pytest.raises(DeviceUnavailable):
        camera.grab()


def test_the_settings_name_the_camera() -> None:
    assert isinstance(open_camera("v4l2", "/dev/video2"), V4l2Camera)
    sim = open_camera("sim", images=f"{SAME[0]}, {OTHER}")
    assert isinstance(sim, SimCamera) and sim.grab().shape[2] == 3
    assert open_camera("none") is None
