from pathlib import Path

import pytest

from tests.helpers.qtapp import _collect_on_gui_thread, _qm_cache, gui_collection, qapp_cls  # noqa: F401 - fixtures

SHOTS = Path(__file__).resolve().parents[2] / "out" / "e2e"


@pytest.fixture
def shots(request) -> Path:
    path = SHOTS / request.node.name
    path.mkdir(parents=True, exist_ok=True)
    return path
