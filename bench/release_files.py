"""Memory of a servicenet node that publishes and serves a large release file (servicenet/fleet/filestore.py).

A signed build holding one file of 300 MiB (--quick: 96 MiB) is published with `servicenet fleet publish` on
PostgreSQL (SQLite when no PostgreSQL server is installed), rolled out to an enrolled kiosk, and downloaded
through the heartbeat's offer: whole, then a resumed tail (HTTP Range). Figures (MiB, not timed):

- serve_growth: how much the node's peak RSS (VmHWM) grew while it served the file, against the file's size
  (what a node that reads a whole file per request must hold at least);
- publish_peak: the peak RSS of the publishing process, against the file's size.

The run fails when the node's peak grew by more than BOUND_MIB: streaming a chunk at a time must not grow with
the file.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from servicenet.process import REPO_ROOT, start_servicenet

MIB = 1 << 20
BOUND_MIB = 64


def _hwm_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def _build(folder: Path, size: int, private: Path) -> str:
    """A signed build folder with one large file; returns that file's sha256."""
    meta = folder / "_internal" / "hall_kiosk-9.0.0.dist-info"
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: hall-kiosk\nVersion: 9.0.0\n", encoding="utf-8")
    (folder / "kiosk").write_text("#!/bin/sh\n", encoding="utf-8")
    h = hashlib.sha256()
    with (folder / "_internal" / "big.bin").open("wb") as f:
        for _ in range(size // MIB):
            block = os.urandom(MIB)
            h.update(block)
            f.write(block)
    _tool("update.py", "sign", str(folder), "--key", str(private))
    return h.hexdigest()


def _tool(name: str, *args: str) -> None:
    subprocess.run([sys.executable, str(REPO_ROOT / "deploy" / name), *args], check=True, capture_output=True)


def _cli(db_url: str, *args: str) -> tuple[str, float]:
    """Run the servicenet CLI; (its output, its peak RSS in MiB)."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-m", "servicenet", *args, "--db", db_url], cwd=REPO_ROOT,
                                stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"servicenet {' '.join(args)}: {text}")
    return text, usage.ru_maxrss / 1024


def _download(url: str, headers: dict[str, str]) -> tuple[int, str]:
    h, n = hashlib.sha256(), 0
    with requests.get(url, headers=headers, stream=True, timeout=60) as r:
        r.raise_for_status()
        for block in r.iter_content(1 << 16):
            h.update(block)
            n += len(block)
    return n, h.hexdigest()


def measure(db_url: str, size: int, tmp: Path) -> dict[str, float]:
    from tests.helpers.enroll import signed

    private, public = tmp / "update-key.pem", tmp / "update-key.pub"
    _tool("update.py", "keygen", "--private", str(private), "--public", str(public))
    sha = _build(tmp / "build", size, private)
    _, migrate_rss = _cli(db_url, "migrate")
    _, publish_rss = _cli(db_url, "fleet", "publish", str(tmp / "build"), "--release-key", str(public))
    with start_servicenet(db_url) as sn:
        net = signed(sn)
        _cli(db_url, "fleet", "rollout", "9.0.0", "--canary", net.creds.device_id)
        body = {"at": datetime.now().astimezone().isoformat(timespec="seconds"), "queue_depth": 0,
                "printer": {"health": "ok", "reason": ""}, "reader": {"health": "ok", "reason": ""},
                "app_version": "1.0.0"}
        answer = net.http.post(f"{sn.url}/v1/devices/heartbeat", json=body, timeout=10)
        answer.raise_for_status()
        url = f"{sn.url}{answer.json()['release']['files_url']}/{sha}"
        _download(url, {"Range": "bytes=0-1023"})  # warm: the route, the pool, the first chunk
        before = _hwm_mib(sn.proc.pid)
        whole = _download(url, {})
        tail = _download(url, {"Range": f"bytes={size // 3}-"})
        after = _hwm_mib(sn.proc.pid)
    if whole != (size, sha) or tail[0] != size - size // 3:
        raise RuntimeError(f"the file came back wrong: {whole} {tail}")
    return {"before": before, "after": after, "publish": publish_rss, "migrate": migrate_rss}


def _backend() -> tuple[Any, str]:
    try:
        from tests.helpers.postgres import PostgresCluster, PostgresUnavailable

        cluster = PostgresCluster()
    except (ImportError, PostgresUnavailable) as exc:
        print(f"release_files: PostgreSQL unavailable ({exc}), on SQLite")
        return None, "sqlite"
    return cluster, "postgresql"


def run(quick: bool = False) -> dict[str, dict[str, object]]:
    size = (96 if quick else 300) * MIB
    cluster, kind = _backend()
    with tempfile.TemporaryDirectory(prefix="hk-release-files-") as tmp:
        if cluster is None:
            got = measure(f"sqlite:///{Path(tmp) / 'servicenet.db'}", size, Path(tmp))
        else:
            with cluster:
                got = measure(cluster.create_database("releasefiles"), size, Path(tmp))
    growth = got["after"] - got["before"]
    print(f"release_files[{kind}]: {size // MIB} MiB file; node peak RSS {got['before']:.0f} -> {got['after']:.0f} MiB "
          f"while serving it whole and a resumed tail; publish peak {got['publish']:.0f} MiB "
          f"(a bare CLI run: {got['migrate']:.0f} MiB)")
    if growth > BOUND_MIB:
        raise RuntimeError(f"release_files: serving a {size // MIB} MiB file grew the node by {growth:.0f} MiB "
                           f"(bound {BOUND_MIB} MiB): it is not streamed")
    file_mib = size / MIB
    return {
        f"release_files.{kind}.serve_growth": {"value": round(growth, 1), "unit": "MiB",
                                               "baseline": file_mib, "baseline_name": "file size",
                                               "ratio": round(growth / file_mib, 4), "n": 2},
        f"release_files.{kind}.publish_peak": {"value": round(got["publish"], 1), "unit": "MiB",
                                               "baseline": round(got["migrate"], 1),
                                               "baseline_name": "the same CLI's peak for `migrate`",
                                               "ratio": round(got["publish"] / got["migrate"], 3), "n": 1},
    }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=1))
