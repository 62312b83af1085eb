"""The application form, rendered from the service's schema and checked as the resident types."""
from __future__ import annotations

from typing import Any, Callable

from domain.models import Person, ServiceItem
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.viewmodels.common import lazy, show
from kiosk.viewmodels.fields import Field, fields_from_schema, prefill
from kiosk.viewmodels.listmodel import RowsModel

ROLES = ("name", "title", "kind", "value", "error", "mandatory", "readOnly", "choices", "hint")

_HINTS = {
    "date": ("form", QT_TRANSLATE_NOOP("form", "Year-month-day, e.g. 1956-03-08")),
    "phone": ("form", QT_TRANSLATE_NOOP("form", "11-digit mobile number")),
    "id_number": ("form", QT_TRANSLATE_NOOP("form", "18 characters: 17 digits, then a digit or X")),
}


class FormViewModel(QObject):
    changed = Signal()

    def __init__(self, on_next: Callable[[], None]) -> None:
        super().__init__()
        self._on_next = on_next
        self._model = RowsModel(ROLES, self)
        self._fields: list[Field] = []
        self._service: ServiceItem | None = None

    def start(self, service: ServiceItem, person: Person | None) -> None:
        self._service = service
        self._fields = fields_from_schema(service.form_schema)
        if person is not None:
            prefill(self._fields, person)
        self._model.set_rows([self._row(f) for f in self._fields])
        self.changed.emit()

    @property
    def fields(self) -> list[Field]:
        return list(self._fields)

    def values(self) -> dict[str, Any]:
        """The typed answers for the Application (empty optional fields left out)."""
        return {f.name: f.typed() for f in self._fields if f.value.strip() != ""}

    def _row(self, f: Field) -> dict[str, Any]:
        hint = _HINTS.get(f.kind)
        if f.kind == "number" and "minimum" in f.schema and "maximum" in f.schema:
            hint_text = lazy("form", "A number from %1 to %2", f.schema["minimum"], f.schema["maximum"])()
        else:
            hint_text = lazy(*hint)() if hint else ""
        return {"name": f.name, "title": f.title, "kind": f.kind, "value": f.value,
                "error": show(f.shown_error()), "mandatory": f.required, "readOnly": f.read_only,
                "choices": f.choices, "hint": hint_text}

    def _valid(self) -> bool:
        return bool(self._fields) and all(f.error() is None for f in self._fields)

    fieldsModel = Property(QObject, lambda self: self._model, constant=True)
    valid = Property(bool, _valid, notify=changed)
    serviceName = Property(str, lambda self: self._service.name if self._service else "", notify=changed)
    missing = Property(int, lambda self: sum(1 for f in self._fields if f.error() is not None), notify=changed)

    @Slot(str, str)
    def setValue(self, name: str, value: str) -> None:  # noqa: N802 - QML name
        for i, f in enumerate(self._fields):
            if f.name == name:
                f.value = value
                f.touched = True
                self._model.update_row(i, self._row(f))
                self.changed.emit()
                return
        raise KeyError(name)

    @Slot(str, result=str)
    def errorOf(self, name: str) -> str:  # noqa: N802 - QML / test name
        """The error shown under a field now ('' when fine or not yet touched)."""
        return next((show(f.shown_error()) for f in self._fields if f.name == name), "")

    @Slot(str, result=str)
    def valueOf(self, name: str) -> str:  # noqa: N802
        return next((f.value for f in self._fields if f.name == name), "")

    @Slot()
    def next(self) -> None:
        if not self._valid():
            for i, f in enumerate(self._fields):
                f.touched = True
                self._model.update_row(i, self._row(f))
            self.changed.emit()
            return
        self._on_next()

    def reset(self) -> None:
        self._fields = []
        self._service = None
        self._model.set_rows([])
        self.changed.emit()

    def retranslate(self) -> None:
        self._model.set_rows([self._row(f) for f in self._fields])
        self.changed.emit()
