"""A build that dies before any of the kiosk's code runs cannot report itself: the start guard (deploy/guard.py,
the kiosk unit's ExecStartPre) counts its starts and rolls back to the previous build after --max-starts."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from tests.helpers.builds import Releases
from tests.helpers.supervisor import Supervisor


def test_a_build_that_cannot_start_is_rolled_back_after_its_starts(tmp_path: Path) -> None:
    releases, root = Releases(tmp_path / "release"), tmp_path / "opt"
    releases.install(releases.build("1.0.0"), root)
    releases.install(releases.build("1.1.0", crash=True), root)  # switched to, as sync/updater.py does
    supervisor = Supervisor(root, ["--version"], dict(os.environ), tmp_path, tmp_path / "stderr.txt", max_starts=2)
    supervisor.start()  # `kiosk --version` of a build that runs prints its version and exits 0
    try:
        deadline = time.monotonic() + 60
        while len(supervisor.exits) < 3:
            assert time.monotonic() < deadline, f"only {supervisor.exits} so far"
            time.sleep(0.1)
    finally:
        supervisor.stop()
    assert supervisor.exits[:3] == [70, 70, 0]  # two failed starts of 1.1.0, then 1.0.0 again
    record = json.loads((root / "guard.json").read_text())
    assert (record["version"], record["rolled_back_from"], record["confirmed"]) == ("1.0.0", "1.1.0", True)
    assert os.readlink(root / "current").startswith("builds/1.0.0-")
    assert os.readlink(root / "previous").startswith("builds/1.1.0-")  # kept, for a technician to look at
    assert (tmp_path / "stderr.txt").read_text().count("kiosk: cannot start") == 2
