"""The cameras of the face check (drivers.base.FaceCamera): a V4L2 camera through OpenCV, or image files.

    camera = V4l2Camera("/dev/video0")    # a USB (UVC) camera above the screen
    frame = camera.grab()                 # RGB array; the camera is open only during the call

    camera = SimCamera([Path("a.jpg")])   # the demo and the tests: serves the files in turn

The V4L2 backend is OpenCV's VideoCapture with CAP_V4L2 (opencv-python-headless: no GUI libraries). It opens the
device for each picture and closes it straight after, so the camera's light is on only while a resident is being
compared. The machines that build and test this project have no /dev/video device and no v4l2loopback module,
so this backend is checked against a missing device only (tests/unit/drivers/face/test_camera.py); the check
itself runs through SimCamera.
"""
from __future__ import annotations

import os
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
        import cv2

        capture = cv2.VideoCapture(self.device, cv2.CAP_V4L2)
        try:
            if not capture.isOpened():
                raise DeviceUnavailable(CAMERA_NOT_CONNECTED, f"{self.device} could not be opened")
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            deadline, frames = time.monotonic() + timeout, 0
            while time.monotonic() < deadline:
                ok, frame = capture.read()
                if ok and frame is not None:
                    frames += 1
                    if frames > WARM_UP_FRAMES:
                        return cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            raise DeviceUnavailable(CAMERA_NO_PICTURE, f"{self.device}: {frames} frames in {timeout} s")
        finally:
            capture.release()

    def close(self) -> None:
        pass  # nothing stays open between pictures


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
        import numpy as np
        from PIL import Image

        with self._lock:
            if not self._images:
                raise DeviceUnavailable(CAMERA_NO_PICTURE, "the simulated camera has no image")
            path = self._images.pop(0) if len(self._images) > 1 else self._images[0]
            self.grabs += 1
        with Image.open(path) as im:
            return np.asarray(im.convert("RGB"))

    def close(self) -> None:
        pass


def open_camera(kind: str, device: str = "/dev/video0", images: str = "") -> V4l2Camera | SimCamera | None:
    """The camera the settings name ([face]): "v4l2" (device), "sim" (images: comma-separated paths), "none"."""
    if kind == "v4l2":
        return V4l2Camera(device)
    if kind == "sim":
        return SimCamera([Path(p.strip()) for p in images.split(",") if p.strip()])
    return None
