"""A real servicenet process for tests: `from tests.helpers.servicenet_proc import servicenet` in a conftest."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from servicenet.process import ServicenetProcess, start_servicenet
from tests.helpers.enroll import SignedNet, signed

__all__ = ["ServicenetProcess", "SignedNet", "running_servicenet", "servicenet", "servicenet_module", "sqlite_url"]


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
def servicenet(tmp_path: Path) -> Iterator[SignedNet]:
    """A servicenet of its own for one test (seeded catalogue, no cases), with one enrolled device:
    `.auth` / `.http` sign as it, and so does tests.helpers.enroll.http for its URL."""
    with running_servicenet(tmp_path / "servicenet.db") as sn:
        yield signed(sn)


@pytest.fixture(scope="module")
def servicenet_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignedNet]:
    """One servicenet shared by the tests of a module (faster; tests must use distinct codes)."""
    with running_servicenet(tmp_path_factory.mktemp("servicenet") / "servicenet.db") as sn:
        yield signed(sn)
