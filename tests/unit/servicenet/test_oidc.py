"""Single sign-on over OpenID Connect, on real processes: the reference provider (python -m servicenet.idp) and
servicenet as the relying party (authlib, PKCE S256). A browser session signs in once at the provider and is
known at the web channel; a second login needs no password (一次认证); logging out everywhere ends the provider's
session too (单点退出). An independent client (authlib's OAuth2Session, joserfc) checks the provider itself:
PKCE is required and enforced, a code works once, the ID token verifies against the JWKS."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet

from domain import idnumber
from servicenet.process import ServicenetDied, free_port, start_servicenet
from tests.helpers.idp import running_idp
from tests.helpers.servicenet_proc import sqlite_url

FIRST17 = "44011719690315002"
WHO = ("周桂兰", FIRST17 + idnumber.check_char(FIRST17))
USER = f"zhou:pw-2026:{WHO[0]}:{WHO[1]}"
PROBE = "probe:probe-secret:http://127.0.0.1:9/cb"  # the independent client; its redirect is never followed


@pytest.fixture
def sso(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """(servicenet URL, provider issuer), the first registered as a client of the second. The network's port is
    chosen before it starts (the provider must know its redirect URL): taken meanwhile, both start again on
    another."""
    for attempt in range(3):
        sn_port = free_port()
        web = f"http://127.0.0.1:{sn_port}"
        client = f"web:web-secret:{web}/web/login/oidc/callback,{web}/web"
        with running_idp([client, PROBE], [USER]) as issuer:
            monkeypatch.setenv("SERVICENET_OIDC_ISSUER", issuer)
            monkeypatch.setenv("SERVICENET_OIDC_CLIENT_ID", "web")
            monkeypatch.setenv("SERVICENET_OIDC_CLIENT_SECRET", "web-secret")
            try:
                net = start_servicenet(sqlite_url(tmp_path / f"servicenet{attempt}.db"), port=sn_port)
            except ServicenetDied as exc:
                if attempt == 2 or "address already in use" not in str(exc).lower():
                    raise
                continue
            try:
                yield web, issuer
            finally:
                net.stop()
            return


def provider_form(page: str) -> dict[str, str]:
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    return {k: v.replace("&amp;", "&") for k, v in fields.items()}


def test_single_sign_on_and_single_logout(sso: tuple[str, str]) -> None:
    web, issuer = sso
    browser = requests.Session()
    start = browser.get(f"{web}/web/login/oidc", params={"next": "/web/cases"}, allow_redirects=False, timeout=10)
    assert start.status_code == 303 and start.headers["location"].startswith(f"{issuer}/authorize?")
    asked = parse_qs(urlsplit(start.headers["location"]).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["nonce"] and asked["state"]
    form = browser.get(start.headers["location"], timeout=10)
    assert "省统一身份认证" in form.text
    wrong = browser.post(f"{issuer}/authorize", data={**provider_form(form.text), "username": "zhou",
                                                      "password": "nope"}, timeout=10)
    assert wrong.status_code == 400
    done = browser.post(f"{issuer}/authorize", data={**provider_form(form.text), "username": "zhou",
                                                     "password": "pw-2026"}, timeout=10)
    assert done.status_code == 200 and done.url == f"{web}/web/cases", done.text[:300]
    assert "我的办件" in done.text

    browser.post(f"{web}/web/logout", timeout=10)  # out of the web channel only
    assert browser.get(f"{web}/web/cases", allow_redirects=False, timeout=10).status_code == 303
    again = browser.get(f"{web}/web/login/oidc", params={"next": "/web/cases"}, timeout=10)
    assert again.url == f"{web}/web/cases"  # the provider's session: no password asked (一次认证、全网通行)

    out = browser.post(f"{web}/web/logout", data={"everywhere": "1"}, timeout=10)  # 单点退出
    assert out.url.rstrip("/") == f"{web}/web"
    fresh = browser.get(f"{web}/web/login/oidc", timeout=10)
    assert fresh.url.startswith(f"{issuer}/authorize") and 'id="password"' in fresh.text


def test_a_forged_callback_is_refused(sso: tuple[str, str]) -> None:
    web, _issuer = sso
    r = requests.get(f"{web}/web/login/oidc/callback", params={"code": "x", "state": "y"}, timeout=10)
    assert r.status_code == 400 and "登录已取消或已过期" in r.text


def test_the_provider_with_an_independent_client(sso: tuple[str, str]) -> None:
    _web, issuer = sso
    doc = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
    client = OAuth2Session("probe", "probe-secret", scope="openid profile", redirect_uri="http://127.0.0.1:9/cb",
                           code_challenge_method="S256")
    browser = requests.Session()

    no_pkce, _ = OAuth2Session("probe", "probe-secret", scope="openid", redirect_uri="http://127.0.0.1:9/cb") \
        .create_authorization_url(doc["authorization_endpoint"])
    refused = browser.get(no_pkce, allow_redirects=False, timeout=10)
    assert "error=invalid_request" in refused.headers["location"]

    verifier = generate_token(48)
    url, state = client.create_authorization_url(doc["authorization_endpoint"], code_verifier=verifier, nonce="n-1")
    page = browser.get(url, timeout=10)
    back = browser.post(f"{issuer}/authorize", data={**provider_form(page.text), "username": "zhou",
                                                     "password": "pw-2026"}, allow_redirects=False, timeout=10)
    got = parse_qs(urlsplit(back.headers["location"]).query)
    assert got["state"] == [state]
    code = got["code"][0]
    wrong = requests.post(doc["token_endpoint"], auth=("probe", "probe-secret"), timeout=10,
                          data={"grant_type": "authorization_code", "code": code, "code_verifier": generate_token(48),
                                "redirect_uri": "http://127.0.0.1:9/cb"})
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"  # and the code is spent

    url, state = client.create_authorization_url(doc["authorization_endpoint"], code_verifier=verifier, nonce="n-2")
    back = browser.get(url, allow_redirects=False, timeout=10)  # signed in at the provider: straight back
    code = parse_qs(urlsplit(back.headers["location"]).query)["code"][0]
    token = client.fetch_token(doc["token_endpoint"], code=code, code_verifier=verifier)
    claims = jwt.decode(token["id_token"], KeySet.import_key_set(requests.get(doc["jwks_uri"], timeout=10).json())
                        ).claims
    assert claims["iss"] == issuer and claims["aud"] == "probe" and claims["nonce"] == "n-2"
    assert (claims["name"], claims["id_number"]) == WHO
    info = requests.get(doc["userinfo_endpoint"], headers={"Authorization": f"Bearer {token['access_token']}"},
                        timeout=10).json()
    assert info["id_number"] == WHO[1]
    again = requests.post(doc["token_endpoint"], auth=("probe", "probe-secret"), timeout=10,
                          data={"grant_type": "authorization_code", "code": code, "code_verifier": verifier,
                                "redirect_uri": "http://127.0.0.1:9/cb"})
    assert again.json()["error"] == "invalid_grant"  # a code works once


def test_the_provider_down_is_said_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The provincial provider cannot be reached (or answers garbage): 统一身份认证登录 and the single logout say so
    in Chinese and point to the SMS login, instead of a 500."""
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.setenv("SERVICENET_OIDC_ISSUER", nobody)
    monkeypatch.setenv("SERVICENET_OIDC_CLIENT_ID", "web")
    monkeypatch.setenv("SERVICENET_OIDC_CLIENT_SECRET", "web-secret")
    net = start_servicenet(sqlite_url(tmp_path / "servicenet.db"))
    try:
        start = requests.get(f"{net.url}/web/login/oidc?next=/web/cases", allow_redirects=False, timeout=30)
        assert start.status_code == 502 and "统一身份认证" in start.text and "短信" in start.text, start.text[:300]
        out = requests.get(f"{net.url}/web/logout/oidc", allow_redirects=False, timeout=30)
        assert out.status_code == 502 and "已退出" in out.text, out.text[:300]
        assert "Traceback" not in net.stderr_text()
    finally:
        net.stop()


def test_a_token_the_provider_refuses_is_said_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider signs the resident in but refuses the network's token request (here: the client secret was
    set up wrong on the network): the callback says so in Chinese and points to the SMS login, not a 500."""
    sn_port = free_port()
    web = f"http://127.0.0.1:{sn_port}"
    with running_idp([f"web:web-secret:{web}/web/login/oidc/callback,{web}/web"], [USER]) as issuer:
        monkeypatch.setenv("SERVICENET_OIDC_ISSUER", issuer)
        monkeypatch.setenv("SERVICENET_OIDC_CLIENT_ID", "web")
        monkeypatch.setenv("SERVICENET_OIDC_CLIENT_SECRET", "not-the-secret")
        net = start_servicenet(sqlite_url(tmp_path / "servicenet.db"), port=sn_port)
        try:
            browser = requests.Session()
            form = browser.get(f"{web}/web/login/oidc", params={"next": "/web/cases"}, timeout=10)
            assert 'id="password"' in form.text
            done = browser.post(f"{issuer}/authorize", data={**provider_form(form.text), "username": "zhou",
                                                             "password": "pw-2026"}, timeout=10)
            assert done.url.startswith(f"{web}/web/login/oidc/callback")
            assert done.status_code == 502 and "统一身份认证" in done.text and "短信" in done.text, done.text[:300]
            assert browser.get(f"{web}/web/cases", allow_redirects=False, timeout=10).status_code == 303
        finally:
            net.stop()
