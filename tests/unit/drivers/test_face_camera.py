"""The face check's cameras. This machine has no /dev/video device and no v4l2loopback module, so the V4L2
backend (linuxpy) is checked against a missing device and a file that is no camera, and its frame decoding on
frames made here; pictures come from SimCamera."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from drivers.base import CAMERA_NOT_CONNECTED, DeviceUnavailable, FaceCamera, Health
from drivers.face.camera import SimCamera, V4l2Camera, open_camera, to_rgb
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


def test_a_motion_jpeg_frame_is_decoded() -> None:
    out = io.BytesIO()
    with Image.open(SAME[0]) as im:
        im.save(out, "JPEG")
        size = im.size
    frame = to_rgb(out.getvalue(), "MJPEG", 0, 0)
    assert frame.shape[2] == 3 and frame.shape[:2] == size[::-1]


def test_a_yuyv_frame_is_converted() -> None:
    """Two pixels per 4 bytes (Y0 U Y1 V): grey where U = V = 128, red where V is high."""
    grey = bytes([100, 128, 200, 128]) * 2  # 4 x 1 pixels
    rgb = to_rgb(grey, "YUYV", 4, 1)
    assert rgb.shape == (1, 4, 3) and rgb[0, 0].tolist() == [100, 100, 100] and rgb[0, 1].tolist() == [200] * 3
    red = to_rgb(bytes([76, 85, 76, 255]), "YUYV", 2, 1)[0, 0]
    assert red[0] > 240 and red[1] < 10 and red[2] < 10
    with pytest.raises(DeviceUnavailable):
        to_rgb(b"\0" * 8, "NV12", 4, 1)
    assert isinstance(rgb, np.ndarray)
