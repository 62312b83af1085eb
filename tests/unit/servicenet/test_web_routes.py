"""Every web-channel route the app has, asked by a stranger and by a client that merely declares who it is (a
name and an ID number, the removed login's `declared` cookie): none of them answers with anything about the
person. The routes come from the app itself, so a new /web or /track route is checked without being listed
here: one that is not in PUBLIC must send them to the login page (303) or refuse (401/403/404)."""
from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from fastapi import routing

from servicenet.app import create_app
from servicenet.webchannel.session import RESIDENT_COOKIE
from tests.helpers.enroll import SignedNet
from tests.helpers.weblogin import put_on_record
from tests.unit.servicenet.conftest import ID_SFZ, person_id
from tests.unit.servicenet.test_login import sealing_box

WEB = ("/web", "/track")
# what anyone may open; each answers without the person's data (checked below all the same)
PUBLIC = {("GET", "/web"), ("GET", "/web/"), ("GET", "/web/services/{code}"), ("GET", "/web/login"),
          ("POST", "/web/login"), ("POST", "/web/logout"), ("GET", "/web/login/oidc"),
          ("GET", "/web/login/oidc/callback"), ("GET", "/web/logout/oidc"), ("GET", "/web/track"),
          ("GET", "/track/{code}"), ("POST", "/track/{code}/prove"), ("GET", "/web/static/{name}")}
NAME, PHONE = "欧阳秀英", "13966667777"


def web_routes(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('web') / 'routes.db'}")
    out = set()
    for route in routing.iter_route_contexts(app.routes):
        path = getattr(route, "path", None) or ""
        if path.startswith(WEB):
            out |= {(m, path) for m in set(getattr(route, "methods", None) or {"GET"}) - {"OPTIONS"}}
    app.state.engine.dispose()
    return sorted(out)


def concrete(path: str, case: str) -> str:
    values = {"code": case if path.startswith("/track") else ID_SFZ, "appointment_id": "1", "sha": "a" * 64,
              "name": "web.css"}
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values.get(m.group(1), "x"), path)


def ask(s: requests.Session, method: str, url: str) -> requests.Response:
    # a body with nothing of hers in it (the declared client's cookie says who it claims to be), so whatever of
    # hers comes back came from the network; no "action" (no SMS to anyone) and no proof of the link
    data: dict[str, Any] = {"token": "t" * 20, "level": "5", "attachments": "[]", "hall": "x",
                            "next": "/web/cases"}
    headers = {"Tus-Resumable": "1.0.0", "Upload-Length": "3", "Upload-Offset": "0",
               "Content-Type": "application/offset+octet-stream"} if "/uploads" in url else {}
    body: Any = b"abc" if headers else data
    return s.request(method, url, data=None if method in ("GET", "HEAD", "DELETE") else body, headers=headers,
                     allow_redirects=False, timeout=10)


def test_no_web_route_tells_a_stranger_or_a_declared_client_anything_personal(
        servicenet: SignedNet, tmp_path_factory: pytest.TempPathFactory) -> None:
    url, number = servicenet.url, person_id("44010519570707002")
    case = put_on_record(url, NAME, number, PHONE)  # she has a case (its form holds her phone and reason)
    routes = web_routes(tmp_path_factory)
    assert ("GET", "/web/cases") in routes and ("PATCH", "/web/uploads/{sha}") in routes  # the list is the app's
    stranger, declared = requests.Session(), requests.Session()
    declared.cookies.set(RESIDENT_COOKIE, sealing_box(servicenet).seal({"name": NAME, "id": number, "gen": 0,
                                                                         "acr": "declared"}), path="/")
    personal = (NAME, number, number[-4:] + "<", PHONE, PHONE[-4:], "欧*英", "欧阳*英", "到期换领")
    seen = []
    for client in (stranger, declared):
        for method, path in routes:
            r = ask(client, method, f"{url}{concrete(path, case)}")
            leaked = [p for p in personal if p in r.text or p in str(r.headers)]
            seen.append((method, path, r.status_code, leaked))
            assert not leaked, (method, path, r.status_code, leaked)
            assert r.status_code < 500, (method, path, r.status_code, r.text[:300])
            if (method, path) not in PUBLIC:
                gated = (r.status_code == 303 and r.headers["location"].startswith("/web/login?next=")) or \
                    r.status_code in (401, 403, 404)
                assert gated, (method, path, r.status_code, r.headers.get("location"))
    assert len(seen) == 2 * len(routes)


def test_a_page_says_a_bilingual_refusal_in_chinese_only() -> None:
    from servicenet.webchannel.pages import said

    assert said("运单号应为6至40位字母或数字 / a waybill is 6-40 letters or digits") == "运单号应为6至40位字母或数字"
    assert said("验证码已发送，请60秒后再获取 / a code was just sent: wait 60 s") == "验证码已发送，请60秒后再获取"
    assert said("a / b") == "a / b" and said("没有斜杠") == "没有斜杠"  # no Chinese half: as it is
