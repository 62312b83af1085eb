"""The helpers that run something for a test (a server process, a cluster, a simulator): `with it:` starts it and
stops it on the way out; `entered` makes that a fixture."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Self, TypeVar

import pytest

T = TypeVar("T")


class Started:
    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def entered(make: Callable[[], AbstractContextManager[T]]) -> Any:
    """A pytest fixture (named by the module attribute it is assigned to) that enters `make()` for one test and
    leaves it after: `sim = entered(ScannerSim)`."""

    def fixture() -> Iterator[T]:
        with make() as it:
            yield it

    return pytest.fixture(fixture)
