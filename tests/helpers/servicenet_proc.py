"""A real servicenet process for tests: `from tests.helpers.servicenet_proc import servicenet` in a conftest."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from servicenet.process import ServicenetProcess, start_servicenet

__all__ = ["ServicenetProcess", "running_servicenet", "servicenet", "servicenet_module", "sqlite_url"]


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{Path(path).resolve()}"


@contextmanager
def running_servicenet(db_path: Path) -> Iterator[ServicenetProcess]:
    """Start servicenet on a fresh SQLite file and always stop it."""
    sn = start_servicenet(sqlite_url(db_path))
    try:
        yield sn
    finally:
        sn.stop()


@pytest.fixture
def servicenet(tmp_path: Path) -> Iterator[ServicenetProcess]:
    """A servicenet of its own for one test (seeded catalogue, no cases)."""
    with running_servicenet(tmp_path / "servicenet.db") as sn:
        yield sn


@pytest.fixture(scope="module")
def servicenet_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServicenetProcess]:
    """One servicenet shared by the tests of a module (faster; tests must use distinct codes)."""
    with running_servicenet(tmp_path_factory.mktemp("servicenet") / "servicenet.db") as sn:
        yield sn
