"""The bare-limit endpoint of bench/servicenet_load.py: only with SERVICENET_BENCH_BARE=1, one multi-row INSERT."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from servicenet import benchbare, db
from servicenet.process import start_servicenet


def test_the_bare_batch_stores_a_batch_only_when_enabled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'net.db'}"
    with start_servicenet(url) as net:
        assert requests.post(net.url + benchbare.PATH, json={"cases": []}, timeout=10).status_code == 404
    monkeypatch.setenv(benchbare.ENV, "1")
    with start_servicenet(url) as net:
        batch = {"cases": [{"code": f"4401050012611260000{i}", "sealed": "x"} for i in range(3)]}
        assert requests.post(net.url + benchbare.PATH, json=batch, timeout=10).json() == {"stored": 3}
        too_many = requests.post(net.url + benchbare.PATH, json={"cases": [{}] * 101}, timeout=10)
        assert too_many.status_code == 413  # the same batch bounds as /v1/cases/batch
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(benchbare.bare_cases)).scalar() == 3
    finally:
        engine.dispose()
