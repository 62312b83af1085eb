"""Provider adapters by name, for each area that talks to an outside service (payments, SMS, QR identity): the
area declares its interface and registers its adapters here, the sandbox first; a real provider is one more
entry. An adapter is named by "module:Class" and imported only when chosen, so an adapter's module may import
its area's interface and an unused adapter's dependencies are never loaded."""
from __future__ import annotations

import importlib
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable


@runtime_checkable
class Adapter(Protocol):
    """What every adapter has: its name ("sandbox", …), which the area logs and records with what it did."""

    name: str


class ProviderDown(Exception):
    """The provider could not be reached or answered nonsense: what the call did is unknown (the SMS outbox has
    its own SmsDown)."""


P = TypeVar("P", bound=Adapter)


class Adapters(Generic[P]):
    def __init__(self, what: str, **adapters: str) -> None:
        self.what = what  # for the refusal: "unknown SMS provider 'x'"
        self.adapters = adapters

    def make(self, name: str, *args: Any) -> P:
        """The adapter `name`, built with the area's arguments (the engine, …); ValueError when there is none."""
        try:
            module, _, cls = self.adapters[name].partition(":")
        except KeyError:
            raise ValueError(f"unknown {self.what} provider {name!r}; one of {sorted(self.adapters)}") from None
        adapter: P = getattr(importlib.import_module(module), cls)(*args)
        return adapter
