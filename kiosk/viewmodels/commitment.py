"""告知承诺书: the letter, then a signature drawn with a finger, saved as a PNG attachment (slot "signature")."""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from domain.models import Commitment, Material, ServiceItem
from kiosk.qt import (
    Property,
    QBuffer,
    QByteArray,
    QColor,
    QImage,
    QIODevice,
    QPainter,
    QPainterPath,
    QPen,
    QPointF,
    Signal,
    Slot,
)
from kiosk.qtnamespace import Qt
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, lazy, show
from sync.model import Attachment

Stroke = list[tuple[float, float]]
WIDTH = 1000  # pixels of the saved signature image
LETTER_VERSION = "kiosk-2026.1"  # changes whenever the wording of the letter changes
MIN_INK = 0.15  # total stroke length, in pad widths, below which it is a tap, not a signature


def render_signature(strokes: Sequence[Stroke], aspect: float) -> bytes:
    """Black strokes on white, WIDTH wide; points are fractions (0..1) of the pad. Safe on a worker thread."""
    height = max(1, round(WIDTH / max(aspect, 0.1)))
    image = QImage(WIDTH, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("black"))
    pen.setWidthF(WIDTH / 160)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    for stroke in strokes:
        if not stroke:
            continue
        path = QPainterPath(QPointF(stroke[0][0] * WIDTH, stroke[0][1] * height))
        for x, y in stroke[1:]:
            path.lineTo(QPointF(x * WIDTH, y * height))
        if len(stroke) == 1:
            painter.drawPoint(path.currentPosition())
        painter.drawPath(path)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def ink(strokes: Sequence[Stroke], aspect: float) -> float:
    """Length of all strokes in pad widths."""
    total = 0.0
    for s in strokes:
        total += sum(math.hypot(x1 - x0, (y1 - y0) / aspect) for (x0, y0), (x1, y1) in pairwise(s))
    return total


class CommitmentViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, on_signed: Callable[[Attachment], None]) -> None:
        super().__init__(ctx)
        self._service: ServiceItem | None = None  # what is being promised, for which missing materials
        self._missing: list[Material] = []
        self._strokes: list[Stroke] = []  # the signature as drawn, in pad coordinates
        self._aspect = 3.0
        self._saving = False
        self._error: Lazy | None = None
        self._on_signed = on_signed  # called with the signed letter's attachment

    def start(self, service: ServiceItem, missing: Sequence[Material]) -> None:
        self._service, self._missing = service, list(missing)
        self._strokes, self._error = [], None
        self.changed.emit()

    def _paragraphs(self) -> list[str]:
        s = self._service
        if s is None:
            return []
        out = [lazy("commitment", "I am applying for “%1”. I promise that what I have filled in and the "
                                  "materials I have given are true, complete and valid.", s.name)()]
        if self._missing:
            names = "、".join(m.name for m in self._missing)
            days = max(1, s.time_limit_days)
            out.append(lazy("commitment", "I have not yet handed in: %1. I promise to hand them in at the "
                                          "counter within %2 working days.", names, days)())
        out.append(lazy("commitment", "If anything I said is untrue, the application may be refused or the "
                                      "decision withdrawn, and I bear the legal responsibility.")())
        out.append(lazy("commitment", "My personal information is used only to handle this application.")())
        return out

    def letter(self) -> Commitment | None:
        """The letter as shown (in the screen's language) and signed, with each promised material's days."""
        s = self._service
        if s is None:
            return None
        days = max(1, s.time_limit_days)
        return Commitment("\n".join(self._paragraphs()), LETTER_VERSION, tuple((m.name, days) for m in self._missing))

    paragraphs = Property("QVariantList", _paragraphs, notify=changed)
    signed = Property(bool, lambda self: ink(self._strokes, self._aspect) >= MIN_INK, notify=changed)
    strokeCount = Property(int, lambda self: len(self._strokes), notify=changed)
    strokes = Property("QVariantList", lambda self: [[v for p in s for v in p] for s in self._strokes],
                       notify=changed)  # for the pad to draw: [x0, y0, x1, y1, …] as fractions of its size
    saving = Property(bool, lambda self: self._saving, notify=changed)
    error = Property(str, lambda self: show(self._error), notify=changed)

    @Slot("QVariantList", float, float)
    def addStroke(self, points: list[Any], width: float, height: float) -> None:  # noqa: N802 - QML name
        """One finger stroke from the pad: [x0, y0, x1, y1, …] in pad pixels."""
        if width <= 0 or height <= 0 or len(points) < 2:
            return
        self._aspect = width / height
        xs = [float(v) for v in points]
        stroke = [(min(1.0, max(0.0, xs[i] / width)), min(1.0, max(0.0, xs[i + 1] / height)))
                  for i in range(0, len(xs) - 1, 2)]
        self._strokes.append(stroke)
        self._error = None
        self.changed.emit()

    @Slot()
    def clear(self) -> None:
        self._strokes = []
        self.changed.emit()

    @Slot()
    def accept(self) -> None:
        if self._saving:
            return
        if ink(self._strokes, self._aspect) < MIN_INK:
            self._error = lazy("commitment", "Please sign with your finger in the box first.")
            self.changed.emit()
            return
        self._saving = True
        self.changed.emit()
        strokes, aspect, session = [list(s) for s in self._strokes], self._aspect, self._ctx.session()

        def done(png: bytes) -> None:
            if session == self._ctx.session():
                self._saving = False
                self.changed.emit()
                self._on_signed(Attachment("signature", "image/png", png))

        def failed(exc: BaseException) -> None:
            if session == self._ctx.session():
                self._saving = False
                self._error = self._ctx.generic_error()
                self.changed.emit()

        self._ctx.runner.run(lambda: render_signature(strokes, aspect), done, failed)

    def reset(self) -> None:
        self._service, self._missing, self._strokes = None, [], []
        self._saving, self._error = False, None
        self.changed.emit()
