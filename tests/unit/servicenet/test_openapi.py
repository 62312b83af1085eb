"""The contract: the OpenAPI spec servicenet serves is the one checked in (docs/openapi.json), versioned /v1."""
from __future__ import annotations

import json

from scripts import openapi as openapi_script
from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http

HINT = "the served spec differs from docs/openapi.json: run `.venv/bin/python scripts/openapi.py` and commit it"


def test_served_spec_equals_checked_in(servicenet_module: ServicenetProcess) -> None:
    served = http.get(f"{servicenet_module.url}/openapi.json", timeout=10).json()
    checked_in = json.loads(openapi_script.SPEC_PATH.read_text(encoding="utf-8"))
    assert served == checked_in, HINT


def test_the_script_writes_what_is_served() -> None:
    assert openapi_script.text(openapi_script.spec()) == openapi_script.SPEC_PATH.read_text(encoding="utf-8"), HINT


def test_api_is_versioned_under_v1() -> None:
    spec = json.loads(openapi_script.SPEC_PATH.read_text(encoding="utf-8"))
    assert spec["info"]["version"] == "1"
    # /sandbox/ is the payment provider's stand-in for the residents' wallets (tests, demos), not the network
    outside = [p for p in spec["paths"] if not p.startswith(("/v1/", "/sandbox/"))]
    assert outside == []
    paths = set(spec["paths"])
    assert {"/v1/backoffice/cases/{code}/supplement", "/v1/backoffice/cases/{code}/reject",
            "/v1/backoffice/kiosks", "/v1/devices/heartbeat"} <= paths
    # the residents' and staff's HTML pages are not part of the API contract
    assert not any(p.startswith(("/web", "/admin", "/track")) for p in paths)
    view = spec["components"]["schemas"]["CaseView"]["properties"]
    assert {"supplement", "deadline", "days_left", "overdue"} <= set(view)
    batch = spec["paths"]["/v1/cases/batch"]["post"]["responses"]
    assert "413" in batch
