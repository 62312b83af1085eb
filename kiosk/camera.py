"""Material images: a document camera (高拍仪) through QtMultimedia, or a sample image file in the demo.

Both deliver a Photo (the image bytes for the Attachment and a small thumbnail for the screen) to callbacks on
the GUI thread; encoding runs on the task runner.
"""
from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.qt import QObject, QTimer, multimedia
from kiosk.tasks import TaskRunner

if TYPE_CHECKING:  # the image classes are taken from Qt when a picture is made, not before the first frame
    from kiosk.qt import QImage

log = logging.getLogger(__name__)

SAMPLE = Path(__file__).resolve().parents[1] / "assets" / "sample-material.jpg"
MAX_SIDE = 2400  # a document at about 200 dpi: readable by the clerk, small enough to sync
THUMB_SIDE = 360


class CameraError(Exception):
    """The camera is there but gave no image (unplugged, busy, timed out)."""


@dataclass(frozen=True)
class Photo:
    data: bytes = field(repr=False)
    media_type: str
    thumbnail: str = field(repr=False)  # data: URL for a QML Image


OnPhoto = Callable[[Photo], None]
OnError = Callable[[BaseException], None]


class DocumentCamera(Protocol):
    def available(self) -> bool: ...

    def capture(self, runner: TaskRunner, on_done: OnPhoto, on_error: OnError) -> None:
        """Take one picture; exactly one of the callbacks runs later, on the GUI thread."""
        ...

    def close(self) -> None: ...


def _encode(image: QImage, fmt: str, quality: int = -1) -> bytes:
    from kiosk.qt import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, fmt, quality):
        raise CameraError(f"could not encode the image as {fmt}")
    buf.close()
    return bytes(data.data())


def _fit(image: QImage, side: int) -> QImage:
    from kiosk.qtnamespace import Qt  # here: the kiosk builds its camera before the first frame

    if max(image.width(), image.height()) <= side:
        return image
    return image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def photo_from_image(image: QImage) -> Photo:
    """Full image as JPEG plus a thumbnail; safe on a worker thread (QImage, not QPixmap)."""
    if image.isNull():
        raise CameraError("the camera returned an empty image")
    data = _encode(_fit(image, MAX_SIDE), "JPEG", 85)
    thumb = _encode(_fit(image, THUMB_SIDE), "JPEG", 80)
    return Photo(data, "image/jpeg", "data:image/jpeg;base64," + base64.b64encode(thumb).decode("ascii"))


def photo_from_file(path: Path) -> Photo:
    from kiosk.qt import QImage

    image = QImage(str(path))
    if image.isNull():
        raise CameraError(f"cannot read the image {path}")
    return photo_from_image(image)


class FileCamera:
    """The demo's stand-in: every picture is the same sample image (assets/sample-material.jpg)."""

    def __init__(self, path: Path = SAMPLE) -> None:
        self.path = Path(path)

    def available(self) -> bool:
        return self.path.exists()

    def capture(self, runner: TaskRunner, on_done: OnPhoto, on_error: OnError) -> None:
        runner.run(lambda: photo_from_file(self.path), on_done, on_error)

    def close(self) -> None:
        pass


class QtDocumentCamera(QObject):
    """The first video input QtMultimedia finds. Probing loads FFmpeg, so it waits for the first question."""

    def __init__(self, timeout_s: float = 10.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = int(timeout_s * 1000)
        self._device: Any = None
        self._probed = False
        self._camera: Any = None
        self._capture: Any = None
        self._session: Any = None
        self._pending: tuple[TaskRunner, OnPhoto, OnError] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self._fail(CameraError("the camera gave no picture in time")))

    def available(self) -> bool:
        if not self._probed:
            self._probed = True
            try:
                inputs = multimedia().QMediaDevices.videoInputs()
            except Exception:  # noqa: BLE001 - discovery never crashes
                log.exception("cannot list cameras")
                inputs = []
            self._device = inputs[0] if inputs else None
        return self._device is not None

    def capture(self, runner: TaskRunner, on_done: OnPhoto, on_error: OnError) -> None:
        if not self.available():
            on_error(CameraError("no camera"))
            return
        if self._pending is not None:
            return
        self._pending = (runner, on_done, on_error)
        self._ensure()
        self._timer.start(self._timeout_ms)
        self._camera.start()
        if self._capture.isReadyForCapture():
            self._capture.capture()

    def _ensure(self) -> None:
        if self._camera is not None:
            return
        mm = multimedia()
        self._camera = mm.QCamera(self._device, self)
        self._capture = mm.QImageCapture(self)
        self._session = mm.QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._session.setImageCapture(self._capture)
        self._capture.readyForCaptureChanged.connect(self._ready)
        self._capture.imageCaptured.connect(self._captured)
        self._capture.errorOccurred.connect(lambda _id, _err, text: self._fail(CameraError(text)))
        self._camera.errorOccurred.connect(lambda _err, text: self._fail(CameraError(text)))

    def _ready(self, ready: bool) -> None:
        if ready and self._pending is not None:
            self._capture.capture()

    def _captured(self, _id: int, image: QImage) -> None:
        pending, self._pending = self._pending, None
        self._timer.stop()
        self._camera.stop()
        if pending is not None:
            runner, on_done, on_error = pending
            runner.run(lambda: photo_from_image(image), on_done, on_error)

    def _fail(self, exc: BaseException) -> None:
        pending, self._pending = self._pending, None
        self._timer.stop()
        if self._camera is not None:
            self._camera.stop()
        if pending is not None:
            pending[2](exc)

    def close(self) -> None:
        self._fail(CameraError("closed"))
