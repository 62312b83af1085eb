"""Callbacks for a driver's events, which arrive on the driver's background thread."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class Listeners(Generic[T]):
    """`add` returns the unsubscribe; `emit` calls each listener in turn, and a listener that raises is logged,
    never passed on to the driver's thread."""

    def __init__(self, what: str) -> None:
        self._what = what  # for the log: "scan", "card event", "device status"
        self._lock = threading.Lock()
        self._items: list[Callable[[T], None]] = []

    def add(self, listener: Callable[[T], None]) -> Callable[[], None]:
        with self._lock:
            self._items.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._items:
                    self._items.remove(listener)

        return unsubscribe

    def emit(self, event: T) -> None:
        with self._lock:
            items = list(self._items)
        for listener in items:
            try:
                listener(event)
            except Exception:
                log.exception("%s listener failed", self._what)
