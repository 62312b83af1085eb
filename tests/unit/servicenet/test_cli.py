"""The `servicenet` staff CLI, run as a real subprocess against the database of a running server."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from servicenet.process import REPO_ROOT, ServicenetProcess
from tests.helpers.enroll import http
from tests.unit.servicenet.conftest import ID_OLD


def cli(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "servicenet", *args, "--db", db_url], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=60)


def test_advance_cases_and_errors(servicenet: ServicenetProcess, make_case: Callable[..., dict[str, Any]]) -> None:
    case = make_case(1)
    r = http.post(f"{servicenet.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.json()["results"][0]["result"] == "created"
    code = case["code"]

    done = cli(servicenet.db_url, "advance", code, "受理", "--note", "窗口受理")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "accepted"
    view = http.get(f"{servicenet.url}/v1/cases/{code}", timeout=5).json()
    assert view["status"] == "accepted" and view["history"][-1]["note"] == "窗口受理"
    feed = http.get(f"{servicenet.url}/v1/status-feed", timeout=5).json()
    assert [(e["code"], e["status"]) for e in feed["events"]] == [(code, "submitted"), (code, "accepted")]

    illegal = cli(servicenet.db_url, "advance", code, "completed")
    assert illegal.returncode == 1 and "accepted -> completed" in illegal.stderr
    unknown = cli(servicenet.db_url, "advance", "44010500126112699990", "accepted")
    assert unknown.returncode == 1 and "no case" in unknown.stderr
    bad_status = cli(servicenet.db_url, "advance", code, "done")
    assert bad_status.returncode == 2 and "unknown status" in bad_status.stderr
    assert cli(servicenet.db_url, "advance", code, "in_progress").stdout.strip() == "in_progress"

    listing = cli(servicenet.db_url, "cases")
    assert listing.returncode == 0
    assert listing.stdout.splitlines() == [
        f"{code}\tin_progress\tkiosk\t2026-11-26T10:05:00+08:00\t2026-12-24\t居民身份证换领"]


def test_catalogue_changes_reach_the_delta(servicenet: ServicenetProcess, tmp_path: Path) -> None:
    url = f"{servicenet.url}/v1/catalogue"
    items = http.get(url, timeout=5).json()["items"]
    assert cli(servicenet.db_url, "retire", ID_OLD).returncode == 0
    assert cli(servicenet.db_url, "retire", ID_OLD).returncode == 1  # already gone
    delta = http.get(url, params={"cursor": 20}, timeout=5).json()
    assert delta.pop("calendar")["confirmed"]  # the working-day calendar rides along
    assert delta == {"items": [{"code": ID_OLD, "deleted": True}], "cursor": 21, "more": False, "remaining": 0}

    changed = next(i for i in items if i["name"] == "户口迁移")
    changed.pop("deleted")
    changed["time_limit_days"], changed["version"] = 5, 2
    unchanged = next(i for i in items if i["name"] == "生育登记")
    unchanged.pop("deleted")
    (tmp_path / "update.json").write_text(json.dumps([changed, unchanged], ensure_ascii=False), encoding="utf-8")
    done = cli(servicenet.db_url, "import-catalogue", str(tmp_path / "update.json"))
    assert done.returncode == 0 and done.stdout.strip() == "1 changed"
    delta = http.get(url, params={"cursor": 21}, timeout=5).json()
    assert delta["cursor"] == 22 and [(i["code"], i["version"], i["deleted"]) for i in delta["items"]] == [
        (changed["code"], 2, False)]
