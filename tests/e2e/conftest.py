import os
from pathlib import Path

import pytest

import tests.helpers.qtapp  # noqa: F401 - Qt environment before the application exists
from kiosk.qt import QGuiApplication

SHOTS = Path(__file__).resolve().parents[2] / "out" / "e2e"


@pytest.fixture(scope="session")
def qapp_cls() -> type[QGuiApplication]:
    return QGuiApplication


@pytest.fixture(scope="session", autouse=True)
def _qm_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["KIOSK_CACHE_DIR"] = str(tmp_path_factory.mktemp("kiosk-cache"))


@pytest.fixture
def shots(request) -> Path:
    path = SHOTS / request.node.name
    path.mkdir(parents=True, exist_ok=True)
    return path
