"""The contract: the OpenAPI spec servicenet serves is the one checked in (docs/openapi.json), versioned /v1."""
from __future__ import annotations

import json

from openapi_spec_validator import validate

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


def test_the_spec_is_valid_openapi_and_declares_who_may_call() -> None:
    spec = json.loads(openapi_script.SPEC_PATH.read_text(encoding="utf-8"))
    validate(spec)  # openapi-spec-validator: an independent reading of OpenAPI 3.1
    schemes = spec["components"]["securitySchemes"]
    assert schemes["deviceSignature"]["type"] == "apiKey" and schemes["deviceSignature"]["name"] == "Signature"
    assert "RFC 9421" in schemes["deviceSignature"]["description"]
    assert schemes["staffToken"] == {"type": "http", "scheme": "bearer",
                                     "description": "a staff token from `servicenet office staff-token`"}

    def security(method: str, path: str) -> list[dict[str, list[str]]]:
        return spec["paths"][path][method].get("security", [])

    assert security("post", "/v1/cases/batch") == [{"deviceSignature": []}]
    assert "401" in spec["paths"]["/v1/cases/batch"]["post"]["responses"]
    assert security("get", "/v1/backoffice/kiosks") == [{"staffToken": []}]
    assert security("get", "/v1/health") == [] and security("post", "/v1/devices/enroll") == []
    unguarded = [(m, p) for p, ops in spec["paths"].items() for m, op in ops.items()
                 if not op.get("security") and not p.startswith("/sandbox/")]
    # A release file's URL is itself the credential (a download token from the kiosk's signed heartbeat, which
    # OpenAPI's schemes cannot name in a path): it declares the 403 a bad or stale token gets.
    release = "/v1/releases/{token}/files/{sha256}"
    assert unguarded == [("get", "/v1/health"), ("post", "/v1/devices/enroll"), ("get", release)]
    assert "403" in spec["paths"][release]["get"]["responses"]
