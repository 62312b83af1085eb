"""办事指南: what a service needs, what it costs, how long it takes, where and whom to ask; printable."""
from __future__ import annotations

from collections.abc import Callable

from domain.models import ServiceItem
from kiosk.qt import Property, Signal, Slot
from kiosk.viewmodels.common import Context, ScreenViewModel, days_text, fee_text, lazy
from kiosk.viewmodels.slips import SlipJob, guide_lines

# the ways of collecting a result (domain.models.DELIVERY_METHODS), as the guide lists those the item offers
DELIVERY = {"window": lazy("guide", "At the counter"), "kiosk": lazy("guide", "Print at a kiosk"),
            "post": lazy("guide", "By post")}


class GuideViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, on_apply: Callable[[ServiceItem], None]) -> None:
        super().__init__(ctx)
        self._item: ServiceItem | None = None
        self._on_apply = on_apply
        self._slip = SlipJob(ctx, self.changed.emit)

    def load(self, item: ServiceItem) -> None:
        self._item = item
        self._slip.reset()
        self.changed.emit()

    @property
    def item(self) -> ServiceItem | None:
        return self._item

    def _get(self, attr: str) -> str:
        return str(getattr(self._item, attr)) if self._item is not None else ""

    def _materials(self) -> list[dict[str, object]]:
        if self._item is None:
            return []
        return [{"name": m.name, "copies": lazy("guide", "Copies: %1", m.copies)(), "required": m.required,
                 "note": m.note} for m in self._item.materials]

    def _fee(self) -> str:
        if self._item is None:
            return ""
        text = fee_text(self._item.fee_cents)
        if self._item.fee_cents > 0 and self._item.fee_item:
            text += f"（{self._item.fee_item}）"
        return text

    def _delivery(self) -> str:
        if self._item is None:
            return ""
        return lazy("guide", ", ")().join(DELIVERY[m]() for m in self._item.delivery_methods)

    code = Property(str, lambda self: self._get("code"), notify=changed)
    name = Property(str, lambda self: self._get("name"), notify=changed)
    department = Property(str, lambda self: self._get("department"), notify=changed)
    location = Property(str, lambda self: self._get("location"), notify=changed)
    complaint = Property(str, lambda self: self._get("complaint"), notify=changed)
    conditions = Property("QVariantList", lambda self: list(self._item.conditions) if self._item else [],
                          notify=changed)
    materials = Property("QVariantList", _materials, notify=changed)
    fee = Property(str, _fee, notify=changed)
    delivery = Property(str, _delivery, notify=changed)
    free = Property(bool, lambda self: self._item is not None and self._item.fee_cents <= 0, notify=changed)
    timeLimit = Property(str, lambda self: days_text(self._item.time_limit_days) if self._item else "",
                         notify=changed)
    printState = Property(str, lambda self: self._slip.state, notify=changed)
    printStatus = Property(str, lambda self: self._slip.status(), notify=changed)

    @Slot()
    def apply(self) -> None:
        """Start the application: identify first."""
        if self._item is not None:
            self._on_apply(self._item)

    @Slot()
    def printSlip(self) -> None:  # noqa: N802 - QML name
        if self._item is not None:
            self._slip.start(self._item.name, guide_lines(self._item))

    def reset(self) -> None:
        self._item = None
        self._slip.reset()
        self.changed.emit()
