"""The list of services: by category, or searched as the resident types."""
from __future__ import annotations

from collections.abc import Callable

from domain.models import ServiceItem
from kiosk.qt import Property, QObject, Signal, Slot
from kiosk.viewmodels.common import Context, ScreenViewModel, days_text, fee_text, lazy
from kiosk.viewmodels.listmodel import RowsModel

ROLES = ("code", "name", "department", "category", "lifeEvent", "fee", "free", "timeLimit")


def _row(item: ServiceItem) -> dict[str, object]:
    return {"code": item.code, "name": item.name, "department": item.department, "category": item.category,
            "lifeEvent": item.life_event, "fee": fee_text(item.fee_cents), "free": item.fee_cents <= 0,
            "timeLimit": days_text(item.time_limit_days)}


def life_events(items: list[ServiceItem]) -> list[str]:
    """The life events (户籍办理, 社会保障, …) of these items, in the order of their most-used item."""
    seen: dict[str, None] = {}
    for item in items:
        if item.life_event:
            seen.setdefault(item.life_event)
    return list(seen)


class CatalogueViewModel(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, on_selected: Callable[[ServiceItem], None]) -> None:
        super().__init__(ctx)
        self._on_selected = on_selected
        self._model = RowsModel(ROLES, self)
        self._items: list[ServiceItem] = []  # what the list shows
        self._all: list[ServiceItem] = []  # the whole category, most used first
        self._life_event = ""
        self._category = ""
        self._categories: list[str] = []
        self._query = ""
        self._loading = False
        self._seq = 0  # answers to an older query are dropped

    # -- properties
    items = Property(QObject, lambda self: self._model, constant=True)
    category = Property(str, lambda self: self._category, notify=changed)
    categories = Property("QVariantList", lambda self: list(self._categories), notify=changed)
    query = Property(str, lambda self: self._query, notify=changed)
    lifeEvents = Property("QVariantList", lambda self: life_events(self._all), notify=changed)
    lifeEvent = Property(str, lambda self: self._life_event, notify=changed)
    loading = Property(bool, lambda self: self._loading, notify=changed)
    emptyText = Property(str, lambda self: self._empty_text(), notify=changed)

    def _empty_text(self) -> str:
        if self._loading or self._model.rowCount() > 0:
            return ""
        if self._query:
            return lazy("catalogue", "Nothing found for “%1”. Try fewer words.", self._query)()
        return lazy("catalogue", "No services here yet.")()

    # -- slots
    @Slot(str)
    def open(self, category: str) -> None:
        """Show the services of one category (个人办事 / 法人办事)."""
        self._category = category
        self._query = ""
        self._life_event = ""
        self._all, self._items = [], []
        self._model.set_rows([])  # the new screen never shows the last category's list, not even for a frame
        self._ctx.navigate("catalogue")
        cat = self._ctx.services.catalogue
        self._load(lambda: (cat.categories(), cat.items(category or None)))

    @Slot(str)
    def search(self, text: str) -> None:
        self._query = text.strip()
        cat = self._ctx.services.catalogue
        query, category = self._query, self._category
        if query:
            self._load(lambda: (None, cat.search(query)), searching=True)
        else:
            self._load(lambda: (None, cat.items(category or None)))

    @Slot(str)
    def chooseLifeEvent(self, name: str) -> None:  # noqa: N802 - QML name
        """Narrow the category to one life event ('' = all of them); no I/O, the category is loaded."""
        self._life_event = name
        self._show()

    @Slot(str)
    def select(self, code: str) -> None:
        known = next((i for i in self._items if i.code == code), None)
        if known is not None:
            self._on_selected(known)
            return
        session = self._ctx.session()

        def done(item: ServiceItem | None) -> None:
            if session != self._ctx.session():
                return
            if item is None:
                self._ctx.alert(lazy("catalogue", "This service cannot be handled on this machine."))
            else:
                self._on_selected(item)

        self._ctx.runner.run(lambda: self._ctx.services.catalogue.get(code), done, self._failed)

    def reset(self) -> None:
        self._query = ""
        self._life_event = ""
        self._seq += 1
        self._loading = False
        self.changed.emit()

    def retranslate(self) -> None:
        self._model.set_rows([_row(i) for i in self._items])
        self.changed.emit()

    def _show(self, items: list[ServiceItem] | None = None) -> None:
        if items is None:
            items = [i for i in self._all if not self._life_event or i.life_event == self._life_event]
        self._items = list(items)
        self._model.set_rows([_row(i) for i in self._items])
        self.changed.emit()

    # -- internals
    def _load(self, fn: Callable[[], tuple[list[str] | None, list[ServiceItem]]], searching: bool = False) -> None:
        self._seq += 1
        seq = self._seq
        self._loading = True
        self.changed.emit()

        def done(result: tuple[list[str] | None, list[ServiceItem]]) -> None:
            if seq != self._seq:
                return
            categories, items = result
            if categories is not None:
                self._categories = list(categories)
            self._loading = False
            if searching:
                self._show(items)
            else:
                self._all = list(items)
                if self._life_event not in life_events(self._all):
                    self._life_event = ""
                self._show()

        def failed(exc: BaseException) -> None:
            if seq == self._seq:
                self._loading = False
                self._failed(exc)

        self._ctx.runner.run(fn, done, failed)

    def _failed(self, exc: BaseException) -> None:
        self.changed.emit()
        self._ctx.alert(lazy("catalogue", "The list of services cannot be shown now. Please ask the staff."))
