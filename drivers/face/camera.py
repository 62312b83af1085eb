"""The cameras of the face check (drivers.base.FaceCamera): a V4L2 camera, or image files.

    camera = V4l2Camera("/dev/video0")    # a USB (UVC) camera above the screen
    frame = camera.grab()                 # RGB array; the camera is open only during the call

    camera = SimCamera([Path("a.jpg")])   # the demo and the tests: serves the files in turn

The V4L2 backend speaks the kernel's video API through linuxpy (pure Python: ioctl and mmap), asking for Motion-JPEG
(which every UVC camera offers) and decoding it with Pillow; a camera that only gives YUYV is converted with numpy.
OpenCV would do the same but adds ~170 MB to the kiosk build for one picture. The device is opened for each
picture and closed straight after, so the camera's light is on only while a resident is being compared.
The machines that build and test this project have no /dev/video device and no v4l2loopback module, so this
backend is checked against a missing device and a file that is no camera (tests/unit/drivers/test_face_camera.py);
the check itself runs through SimCamera.
"""
from __future__ import annotations

import io
import os
import select
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from drivers.base import (
    CAMERA_NO_PICTURE,
    CAMERA_NOT_CONNECTED,
    ClosedOnExit,
    Condition,
    DeviceStatus,
    DeviceUnavailable,
)
from drivers.face.matcher import rgb

WARM_UP_FRAMES = 5  # auto-exposure settles over the first frames after opening: they are read and dropped


class V4l2Camera(ClosedOnExit):
    def __init__(self, device: str = "/dev/video0", width: int = 1280, height: int = 720) -> None:
        self.device, self.width, self.height = device, width, height

    def status(self) -> DeviceStatus:
        if not os.path.exists(self.device):
            return DeviceStatus.error(CAMERA_NOT_CONNECTED, Condition.NOT_CONNECTED)
        return DeviceStatus.ok()

    def grab(self, timeout: float = 5.0) -> Any:
        if not os.path.exists(self.device):
            raise DeviceUnavailable(CAMERA_NOT_CONNECTED, self.device)
        from linuxpy.video.device import BufferType, Device, VideoCapture  # type: ignore[import-untyped]  # no py.typed

        try:
            with Device(self.device) as camera:
                camera.set_format(BufferType.VIDEO_CAPTURE, self.width, self.height, "MJPG")
                with VideoCapture(camera) as stream:
                    frames, deadline = iter(stream), time.monotonic() + timeout
                    for n in range(WARM_UP_FRAMES + 1):
                        left = deadline - time.monotonic()
                        if left <= 0 or not select.select((camera,), (), (), left)[0]:
                            raise DeviceUnavailable(CAMERA_NO_PICTURE, f"{self.device}: {n} frames in {timeout} s")
                        frame = next(frames)
                    return to_rgb(frame.data, frame.pixel_format.name, frame.width, frame.height)
        except OSError as exc:  # not a camera, unplugged, busy
            raise DeviceUnavailable(CAMERA_NOT_CONNECTED, f"{self.device}: {exc}") from exc

    def close(self) -> None:
        pass  # nothing stays open between pictures


def to_rgb(data: bytes, pixel_format: str, width: int, height: int) -> Any:
    """A V4L2 frame as an RGB array: Motion-JPEG through Pillow, YUYV (4:2:2) by the BT.601 formulas."""
    import numpy as np

    if pixel_format == "MJPEG":
        return rgb(io.BytesIO(data))
    if pixel_format == "YUYV":
        yuyv = np.frombuffer(data, np.uint8, width * height * 2).reshape(height, width // 2, 4).astype(np.float32)
        y = np.stack((yuyv[..., 0], yuyv[..., 2]), axis=-1).reshape(height, width)
        u = np.repeat(yuyv[..., 1], 2, axis=1) - 128
        v = np.repeat(yuyv[..., 3], 2, axis=1) - 128
        pixels = np.stack((y + 1.402 * v, y - 0.344136 * u - 0.714136 * v, y + 1.772 * u), axis=-1)
        return np.clip(pixels, 0, 255).astype(np.uint8)
    raise DeviceUnavailable(CAMERA_NO_PICTURE, f"the camera gives {pixel_format}, not MJPEG or YUYV")


class SimCamera(ClosedOnExit):
    """Serves image files as the camera's pictures, in turn; the last one again once they are used up.
    `sees()` changes what the camera will show next (a test's resident stepping in front of it)."""

    def __init__(self, images: Sequence[Path] = ()) -> None:
        self._lock = threading.Lock()
        self._images = list(images)
        self.grabs = 0

    def sees(self, *images: Path) -> None:
        with self._lock:
            self._images = list(images)

    def status(self) -> DeviceStatus:
        if not self._images:
            return DeviceStatus.error(CAMERA_NOT_CONNECTED, Condition.NOT_CONNECTED)
        return DeviceStatus.ok()

    def grab(self, timeout: float = 5.0) -> Any:
        with self._lock:
            if not self._images:
                raise DeviceUnavailable(CAMERA_NO_PICTURE, "the simulated camera has no image")
            path = self._images.pop(0) if len(self._images) > 1 else self._images[0]
            self.grabs += 1
        return rgb(path)

    def close(self) -> None:
        pass


def open_camera(kind: str, device: str = "/dev/video0", images: str = "") -> V4l2Camera | SimCamera | None:
    """The camera the settings name ([face]): "v4l2" (device), "sim" (images: comma-separated paths), "none"."""
    if kind == "v4l2":
        return V4l2Camera(device)
    if kind == "sim":
        return SimCamera([Path(p.strip()) for p in images.split(",") if p.strip()])
    return None
