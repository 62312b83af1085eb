"""A small list model of dict rows with fixed role names, for QML ListView / Repeater."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kiosk.qt import Property, QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Signal
from kiosk.qtnamespace import Qt

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractListModel):
    countChanged = Signal()

    def __init__(self, roles: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._names = list(roles)
        self._roles = {Qt.ItemDataRole.UserRole + 1 + i: name for i, name in enumerate(self._names)}
        self._rows: list[dict[str, Any]] = []

    def roleNames(self) -> dict[int, QByteArray]:  # noqa: N802 - Qt API
        return {r: QByteArray(n.encode()) for r, n in self._roles.items()}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name = self._roles.get(role)
        return self._rows[index.row()].get(name) if name else None

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Replace every row, as a removal then an insertion, not a model reset: a ListView still creating
        delegates for the old rows is told which ones went (a reset leaves it cancelling stale indexes, and Qt
        warns "DelegateModel::cancel: index out range")."""
        new = [dict(r) for r in rows]
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows = []
            self.endRemoveRows()
        if new:
            self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
            self._rows = new
            self.endInsertRows()
        self.countChanged.emit()

    def update_row(self, i: int, row: dict[str, Any]) -> None:
        changed = [role for role, name in self._roles.items() if self._rows[i].get(name) != row.get(name)]
        self._rows[i] = dict(row)
        if changed:
            idx = self.index(i, 0)
            self.dataChanged.emit(idx, idx, changed)

    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows]

    def _count(self) -> int:
        return len(self._rows)

    count = Property(int, _count, notify=countChanged)
