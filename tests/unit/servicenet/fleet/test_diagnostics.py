"""Diagnostics bundles on the network: signed by a kiosk, size-limited, only bundles, kept per kiosk, 管理员 only."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import requests

from servicenet import db
from servicenet.fleet import diagnostics
from tests.helpers.enroll import http, signed
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.staff import add_staff


def bundle(extra: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("summary.json", "{}")
        if extra:
            z.writestr("logs/kiosk.log", extra)
    return buf.getvalue()


def test_limits_and_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVICENET_DIAGNOSTICS_MAX_MB", "0.05")  # 51 KB for this network
    with running_servicenet(tmp_path / "net.db") as sn:
        net = signed(sn)
        url = f"{net.url}/v1/devices/diagnostics"
        ok = http.post(url, params={"name": "diagnostics-x.zip"}, data=bundle(b"x" * 1000), timeout=10,
                       headers={"Content-Type": "application/zip"})
        assert ok.status_code == 200 and ok.json()["size"] > 1000
        big = http.post(url, params={"name": "diagnostics-x.zip"}, data=bundle(b"y" * 60_000), timeout=10,
                        headers={"Content-Type": "application/zip"})
        assert big.status_code == 413 and "at most 0.05 MB" in big.json()["detail"] and "USB" in big.json()["detail"]
        assert http.post(url, params={"name": "x.zip"}, data=b"not a zip", timeout=10).status_code == 422
        no_summary = io.BytesIO()
        with zipfile.ZipFile(no_summary, "w") as z:
            z.writestr("a.txt", "a")
        assert http.post(url, params={"name": "x.zip"}, data=no_summary.getvalue(), timeout=10).status_code == 422
        assert http.post(url, params={"name": "../../etc/passwd"}, data=bundle(), timeout=10).status_code == 422
        assert http.post(url, params={"name": "x.zip\n"}, data=bundle(), timeout=10).status_code == 422
        for staff in ("S 1", "Ｓ1", "S1\n", "-S1", "王五", "A" * 65):  # a staff id as sent: canonical or refused
            refused = http.post(url, params={"name": "x.zip", "staff": staff}, data=bundle(), timeout=10)
            assert refused.status_code == 422, staff
        long_id = "window.clerk-" + "7" * 51  # 64: the one canonical form's longest, kept whole
        kept = http.post(url, params={"name": "x.zip", "staff": long_id}, data=bundle(), timeout=10)
        assert kept.status_code == 200
        engine = db.make_engine(net.db_url)
        try:
            assert [b["staff_id"] for b in diagnostics.listing(engine) if b["name"] == "x.zip"] == [long_id]
        finally:
            engine.dispose()
        assert requests.post(url, params={"name": "x.zip"}, data=bundle(), timeout=10).status_code == 401  # unsigned

        page = f"{net.url}/admin/diagnostics"
        browser = requests.Session()
        assert browser.get(page, allow_redirects=False, timeout=10).status_code == 303  # sign in first
        supervisor = add_staff(net.db_url, "S1", ["supervisor"])
        assert browser.post(f"{net.url}/admin/login", data=supervisor.form(), timeout=10).status_code == 200
        assert browser.get(page, timeout=10).status_code == 403
        assert browser.get(f"{page}/1", timeout=10).status_code == 403


def test_a_kiosk_keeps_its_newest_bundles(memory_db) -> None:
    for i in range(diagnostics.KEEP + 3):
        diagnostics.keep(memory_db, "440105-001", f"d{i}.zip", "T1", bundle(), float(i))
    diagnostics.keep(memory_db, "440105-002", "other.zip", "", bundle(), 99.0)
    names = [b["name"] for b in diagnostics.listing(memory_db) if b["device_id"] == "440105-001"]
    assert len(names) == diagnostics.KEEP and names[0] == f"d{diagnostics.KEEP + 2}.zip" and "d2.zip" not in names
    assert [b["name"] for b in diagnostics.listing(memory_db) if b["device_id"] == "440105-002"] == ["other.zip"]
