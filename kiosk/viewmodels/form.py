"""The application form, rendered from the service's schema and checked as the resident types."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.models import Person, ServiceItem
from kiosk.i18n import QT_TRANSLATE_NOOP
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.viewmodels.common import Lazy, lazy, show
from kiosk.viewmodels.fields import Field, fields_from_schema, prefill
from kiosk.viewmodels.listmodel import RowsModel

ROLES = ("name", "title", "kind", "value", "error", "mandatory", "readOnly", "choices", "hint", "index",
         "multiline", "origin")

_HINTS = {
    "date": ("form", QT_TRANSLATE_NOOP("form", "Year-month-day, e.g. 1956-03-08")),
    "phone": ("form", QT_TRANSLATE_NOOP("form", "11-digit mobile number")),
    "id_number": ("form", QT_TRANSLATE_NOOP("form", "18 characters: 17 digits, then a digit or X")),
    "address": ("form", QT_TRANSLATE_NOOP("form", "Province, city, county, town, village and house number")),
}


class FormViewModel(QObject):
    changed = Signal()

    def __init__(self, on_next: Callable[[], None], elderly: Callable[[], bool] = lambda: False,
                 on_step: Callable[[], None] = lambda: None) -> None:
        """on_step: elderly mode moved to another question (the root announces it)."""
        super().__init__()
        self._on_next = on_next
        self._elderly = elderly
        self._on_step = on_step
        self._model = RowsModel(ROLES, self)
        self._fields: list[Field] = []
        self._service: ServiceItem | None = None
        self._index = 0  # elderly mode: the one field on screen

    def start(self, service: ServiceItem, person: Person | None, known: dict[str, str] | None = None) -> None:
        """known: more values the resident gave before the form (the organisation, for 法人办事), shown filled
        in and locked like the card's."""
        self._service = service
        self._fields = fields_from_schema(service.form_schema)
        if person is not None:
            prefill(self._fields, person, known or {})
        self._model.set_rows([self._row(f, i) for i, f in enumerate(self._fields)])
        self._index = self._editable()[0] if self._editable() else 0
        self.changed.emit()

    def _editable(self) -> list[int]:
        """Fields the resident answers (what the card filled in is shown on the check screen)."""
        return [i for i, f in enumerate(self._fields) if not f.read_only]

    @property
    def fields(self) -> list[Field]:
        return list(self._fields)

    def values(self) -> dict[str, Any]:
        """The typed answers for the Application (empty optional fields left out)."""
        return {f.name: f.typed() for f in self._fields if f.value.strip() != ""}

    def _row(self, f: Field, index: int) -> dict[str, Any]:
        hint = _HINTS.get(f.kind)
        if f.kind == "number" and "minimum" in f.schema and "maximum" in f.schema:
            hint_text = lazy("form", "A number from %1 to %2", f.schema["minimum"], f.schema["maximum"])()
        else:
            hint_text = lazy(*hint)() if hint else ""
        return {"name": f.name, "title": f.title, "kind": f.kind, "value": f.value,
                "error": show(f.shown_error()), "mandatory": f.required, "readOnly": f.read_only,
                "choices": f.choices, "hint": hint_text, "index": index, "origin": f.origin,
                "multiline": f.kind == "address" or (f.kind == "text" and int(f.schema.get("maxLength", 0)) > 30)}

    def _valid(self) -> bool:
        return bool(self._fields) and all(f.error() is None for f in self._fields)

    fieldsModel = Property(QObject, lambda self: self._model, constant=True)
    valid = Property(bool, _valid, notify=changed)
    serviceName = Property(str, lambda self: self._service.name if self._service else "", notify=changed)
    missing = Property(int, lambda self: sum(1 for f in self._fields if f.error() is not None), notify=changed)
    index = Property(int, lambda self: self._index, notify=changed)
    step = Property(int, lambda self: self._editable().index(self._index) + 1 if self._index in self._editable()
                    else 0, notify=changed)
    steps = Property(int, lambda self: len(self._editable()), notify=changed)
    currentValid = Property(bool, lambda self: bool(self._fields) and self._fields[self._index].error() is None,
                            notify=changed)

    @Slot(str, str)
    def setValue(self, name: str, value: str) -> None:  # noqa: N802 - QML name
        for i, f in enumerate(self._fields):
            if f.name == name:
                f.value = value
                f.touched = True
                self._model.update_row(i, self._row(f, i))
                self.changed.emit()
                return
        raise KeyError(name)

    @Slot()
    def nextField(self) -> None:  # noqa: N802 - QML name
        """Elderly mode: one question per screen. Go on when this one is right; after the last, as next()."""
        if not self._fields:
            return
        f = self._fields[self._index]
        if f.error() is not None:
            f.touched = True
            self._model.update_row(self._index, self._row(f, self._index))
            self.changed.emit()
            return
        later = [i for i in self._editable() if i > self._index]
        if later:
            self._index = later[0]
            self.changed.emit()
            self._on_step()
        else:
            self.next()

    def prompt(self) -> Lazy | None:
        """Elderly mode reads the one question on screen; otherwise the form's general prompt."""
        editable = self._editable()
        if not self._elderly() or self._index not in editable:
            return None
        return lazy("voice", "Question %1 of %2: %3.", editable.index(self._index) + 1, len(editable),
                    self._fields[self._index].title)

    def back(self) -> bool:
        """Elderly mode: the header's back button steps to the previous question first."""
        earlier = [i for i in self._editable() if i < self._index]
        if self._elderly() and earlier:
            self._index = earlier[-1]
            self.changed.emit()
            return True
        return False

    @Slot(str, result=str)
    def errorOf(self, name: str) -> str:  # noqa: N802 - QML / test name
        """The error shown under a field now ('' when fine or not yet touched)."""
        return next((show(f.shown_error()) for f in self._fields if f.name == name), "")

    @Slot(str, result=str)
    def valueOf(self, name: str) -> str:  # noqa: N802 - QML calls it by this camelCase name
        return next((f.value for f in self._fields if f.name == name), "")

    @Slot()
    def next(self) -> None:
        if not self._valid():
            for i, f in enumerate(self._fields):
                f.touched = True
                self._model.update_row(i, self._row(f, i))
            wrong = [i for i, f in enumerate(self._fields) if f.error() is not None]
            self._index = wrong[0]
            self.changed.emit()
            return
        self._on_next()

    def reset(self) -> None:
        self._fields = []
        self._service = None
        self._index = 0
        self._model.set_rows([])
        self.changed.emit()

    def retranslate(self) -> None:
        self._model.set_rows([self._row(f, i) for i, f in enumerate(self._fields)])
        self.changed.emit()
