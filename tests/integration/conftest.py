"""Real daemons for the integration tests: pcscd with the vsmartcard-vpcd reader.

`pcscd` reuses a pcscd that already runs, or starts `pcscd --foreground` and stops exactly that process (by
its PID) when the module is done. It skips, saying why, only when pcscd cannot run here at all (not
installed, no vpcd reader configured, not allowed to start). See drivers/sim/pcscd.py.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.sim.pcscd import Pcscd, PcscdUnavailable


@pytest.fixture(scope="module")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pcscd]:
    log = tmp_path_factory.mktemp("pcscd") / "pcscd.log"
    daemon = Pcscd(log_path=log)
    try:
        daemon.start()
    except PcscdUnavailable as exc:
        pytest.skip(f"pcscd cannot run here: {exc}")
    try:
        yield daemon
    finally:
        daemon.stop()
