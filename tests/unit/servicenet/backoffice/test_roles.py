"""Every back-office route × every role, against the real servicenet process: allowed is allowed, anything
else is a clear 403; nobody signed in is 401 (API) or sent to the sign-in page (/admin). The routes come from
the app itself, so a new back-office route without require_role(...) fails here."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from fastapi import routing

from servicenet.app import create_app
from servicenet.backoffice.roles import HOME, PUBLIC, Role, RoleCheck
from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.helpers.staff import add_staff, staff_token

DEPARTMENT = "镇派出所"  # the department of 居民身份证换领, the case below
OFFICE = ("/admin", "/v1/backoffice")


def declared_roles(route: Any) -> frozenset[Role]:
    found: set[Role] = set()
    stack = [route.dependant] if getattr(route, "dependant", None) is not None else []
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, RoleCheck):
            found |= dep.call.roles
        stack.extend(dep.dependencies)
    return frozenset(found)


def office_routes(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, frozenset[Role]]]:
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('routes') / 'routes.db'}")
    out = []
    for route in routing.iter_route_contexts(app.routes):  # every route, through every included router
        path = getattr(route, "path", None) or ""
        if path.startswith(OFFICE):
            for method in sorted(set(getattr(route, "methods", None) or {"GET"}) - {"HEAD", "OPTIONS"}):
                out.append((method, path, declared_roles(route)))
    app.state.engine.dispose()
    return out


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, frozenset[Role]]]:
    return office_routes(tmp_path_factory)


@pytest.fixture(scope="module")
def code(servicenet_module: ServicenetProcess) -> str:
    from tests.unit.servicenet.conftest import make_case

    case = make_case.__wrapped__()(700)
    r = http.post(f"{servicenet_module.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.json()["results"][0]["result"] == "created", r.text
    return str(case["code"])


class Caller:
    """One role's account: a bearer token for the API and a signed-in session for the pages."""

    def __init__(self, sn: ServicenetProcess, role: Role) -> None:
        sid = f"M-{role.value}"
        login = add_staff(sn.db_url, sid, [role.value], [DEPARTMENT] if role is Role.HANDLER else [])
        self.token = staff_token(sn.db_url, sid)
        self.pages = requests.Session()
        r = self.pages.post(f"{sn.url}/admin/login", data=login.form(), timeout=10)
        assert r.status_code == 200 and "工作人员登录" not in r.text, r.text[:500]

    def send(self, url: str, method: str, path: str) -> requests.Response:
        if path.startswith("/admin"):
            return self.pages.request(method, url + path, data={}, allow_redirects=False, timeout=10)
        return requests.request(method, url + path, json={}, headers={"Authorization": f"Bearer {self.token}"},
                                allow_redirects=False, timeout=10)


@pytest.fixture(scope="module")
def callers(servicenet_module: ServicenetProcess) -> Iterator[dict[Role, Caller]]:
    made = {role: Caller(servicenet_module, role) for role in Role}
    yield made
    for c in made.values():
        c.pages.close()


def concrete(path: str, code: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: code if m.group(0) == "{code}" else "x", path)


def test_every_back_office_route_declares_its_roles(routes: list[tuple[str, str, frozenset[Role]]]) -> None:
    assert len(routes) >= 15
    missing = [f"{m} {p}" for m, p, roles in routes if not roles and (m, p) not in PUBLIC]
    assert missing == [], "declare who may call these with servicenet.backoffice.roles.require_role(...)"
    assert {(m, p) for m, p, _ in routes} >= PUBLIC


def test_nobody_signed_in_is_refused(servicenet_module: ServicenetProcess, routes: Any, code: str) -> None:
    for method, path, _roles in routes:
        if (method, path) in PUBLIC:
            continue
        url = servicenet_module.url + concrete(path, code)
        r = requests.request(method, url, json={}, allow_redirects=False, timeout=10)
        if path.startswith("/admin"):
            assert r.status_code == 303 and r.headers["location"].startswith("/admin/login"), (method, path)
        else:
            assert r.status_code == 401 and "sign in" in r.json()["detail"], (method, path)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_role_matrix(servicenet_module: ServicenetProcess, routes: Any, code: str, callers: dict[Role, Caller],
                     role: Role) -> None:
    caller = callers[role]
    wrong = []
    for method, path, roles in routes:
        if (method, path) in PUBLIC:
            continue
        r = caller.send(servicenet_module.url, method, concrete(path, code))
        if role in roles:
            if r.status_code in (401, 403) or r.status_code >= 500:
                wrong.append(f"{method} {path}: allowed for {role.value}, got {r.status_code}")
        elif r.status_code != 403:
            wrong.append(f"{method} {path}: not for {role.value}, got {r.status_code}")
        else:
            said = r.json()["detail"] if path.startswith("/v1/") else r.text
            if "无权" not in said or role.label not in said:
                wrong.append(f"{method} {path}: a 403 that does not say why ({said[:80]})")
    assert wrong == []


def test_a_handler_of_another_department_is_refused(servicenet_module: ServicenetProcess, code: str) -> None:
    sn = servicenet_module
    login = add_staff(sn.db_url, "H-other", ["handler"], ["镇民政办"])
    token = staff_token(sn.db_url, "H-other")
    r = requests.post(f"{sn.url}/v1/backoffice/cases/{code}/complete", json={"note": "x"},
                      headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 403 and DEPARTMENT in r.json()["detail"]
    listed = requests.get(f"{sn.url}/v1/backoffice/cases", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert code not in [c["code"] for c in listed.json()["cases"]]
    with requests.Session() as s:
        assert s.post(f"{sn.url}/admin/login", data=login.form(), timeout=10).status_code == 200
        page = s.get(f"{sn.url}/admin/cases/{code}", timeout=10)
        assert page.status_code == 403 and "不在您的办理部门内" in page.text


# a body every case route accepts (extra fields are ignored), so a refusal is the scope's and not a 422
ANY_BODY = {"note": "x", "reason": "x", "missing": ["x"], "carrier": "", "waybill": "SF1234567890", "reply": "x",
            "documents": [{"kind": "批文", "title": "批复", "text": "同意。"}]}


def test_every_case_route_refuses_a_handler_of_another_department(servicenet_module: ServicenetProcess,
                                                                   routes: Any, code: str) -> None:
    sn = servicenet_module
    login = add_staff(sn.db_url, "H-scope", ["handler"], ["镇民政办"])
    token = staff_token(sn.db_url, "H-scope")
    case_routes = [(m, p, roles) for m, p, roles in routes if "{code}" in p]
    assert {("POST", "/v1/backoffice/cases/{code}/posted"), ("POST", "/v1/backoffice/cases/{code}/results"),
            ("GET", "/admin/cases/{code}/file")} <= {(m, p) for m, p, _ in case_routes}
    wrong = []
    with requests.Session() as pages:
        assert pages.post(f"{sn.url}/admin/login", data=login.form(), timeout=10).status_code == 200
        for method, path, roles in case_routes:
            url = sn.url + concrete(path, code)
            if path.startswith("/admin"):
                r = pages.request(method, url, data={k: v for k, v in ANY_BODY.items() if isinstance(v, str)},
                                  allow_redirects=False, timeout=10)
                said = r.text
            else:
                r = requests.request(method, url, json=ANY_BODY, headers={"Authorization": f"Bearer {token}"},
                                     allow_redirects=False, timeout=10)
                said = r.json().get("detail", "") if r.headers.get("content-type", "").startswith("application/json") \
                    else r.text
            if r.status_code != 403 or "无权" not in str(said):
                wrong.append(f"{method} {path}: got {r.status_code}")
            elif Role.HANDLER in roles and DEPARTMENT not in str(said):
                wrong.append(f"{method} {path}: a 403 that does not name the case's department ({str(said)[:80]})")
    assert wrong == []


def test_a_handler_of_the_department_sends_results_out(servicenet_module: ServicenetProcess, code: str,
                                                        callers: dict[Role, Caller]) -> None:
    """The same body from 事项办理 of the case's own department gets past the scope (the case's state decides)."""
    for path in ("posted", "results"):
        r = requests.post(f"{servicenet_module.url}/v1/backoffice/cases/{code}/{path}", json=ANY_BODY,
                          headers={"Authorization": f"Bearer {callers[Role.HANDLER].token}"}, timeout=10)
        assert r.status_code not in (401, 403) and r.status_code < 500, (path, r.status_code, r.text[:200])



def test_the_refusal_page_is_a_back_office_page(servicenet_module: ServicenetProcess, code: str,
                                                callers: dict[Role, Caller]) -> None:
    """An /admin 403 (wrong role, or another department) and a missing case keep the back-office header: the
    staff member's name and roles, sign-out and a way back to their first page; none of the residents' header."""
    sn = servicenet_module
    login = add_staff(sn.db_url, "H-page", ["handler"], ["镇民政办"], name="赵六")
    with requests.Session() as other:
        assert other.post(f"{sn.url}/admin/login", data=login.form(), timeout=10).status_code == 200
        shown = {"wrong role": (callers[Role.HANDLER].pages.get(f"{sn.url}/admin/staff", timeout=10), "无权访问"),
                 "other department": (other.get(f"{sn.url}/admin/cases/{code}", timeout=10), "无权访问"),
                 "no such case": (other.get(f"{sn.url}/admin/cases/{'9' * 20}", timeout=10), "未找到该办件")}
    for why, (page, title) in shown.items():
        assert page.status_code == (404 if why == "no such case" else 403), why
        text = page.text
        assert "政务服务网 · 后台办理" in text and f"<h1>{title}</h1>" in text, why
        assert 'action="/admin/logout"' in text and "（事项办理）" in text and ">返回工作台</a>" in text, why
        assert "网上办事" not in text and "/web/login" not in text and 'href="/web/cases"' not in text, why
    assert "赵六（事项办理）" in shown["other department"][0].text


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_the_menu_shows_only_pages_the_role_may_open(servicenet_module: ServicenetProcess, role: Role,
                                                     callers: dict[Role, Caller]) -> None:
    """Every link in the back office's header menu opens for the signed-in role (no link that answers 403)."""
    pages = callers[role].pages
    first = pages.get(servicenet_module.url + HOME[role], timeout=10)  # the page a sign-in of this role opens
    assert first.status_code == 200, (role, HOME[role])
    nav = re.search(r"<nav>(.*?)</nav>", first.text, re.S)
    assert nav, first.text[:300]
    links = re.findall(r'<a href="(/admin[^"]*)"', nav.group(1))
    assert links, (role, nav.group(1))
    refused = [link for link in links
               if pages.get(servicenet_module.url + link.replace("&amp;", "&"), timeout=10).status_code != 200]
    assert refused == []
