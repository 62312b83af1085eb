"""Single sign-on with the provincial identity provider over OpenID Connect (authorization code + PKCE, authlib).

Configured by $SERVICENET_OIDC_ISSUER, $SERVICENET_OIDC_CLIENT_ID and $SERVICENET_OIDC_CLIENT_SECRET; without
them the login page offers no SSO. /web/login/oidc sends the browser to the provider with a fresh state, nonce
and S256 code challenge (kept in a sealed, 10-minute cookie); the callback trades the code and the verifier
for tokens, checks the ID token's signature against the provider's JWKS and its iss, aud, exp and nonce
(joserfc), and takes name and id_number from it. The session says `acr = "oidc"`; logging out everywhere also
ends the provider's session (its end_session_endpoint), so 单点退出 reaches every application.
"""
from __future__ import annotations

import logging
import os
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from domain import idnumber, wire
from domain.models import Person
from servicenet.webchannel import login
from servicenet.webchannel.session import RESIDENT_COOKIE, cookie_box, session_cookie

log = logging.getLogger(__name__)

OIDC_COOKIE = "hk_oidc"
FLOW_AGE = 600


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str

    @classmethod
    def from_env(cls) -> "Provider | None":
        issuer = os.environ.get("SERVICENET_OIDC_ISSUER", "").rstrip("/")
        if not issuer:
            return None
        return cls(issuer, os.environ.get("SERVICENET_OIDC_CLIENT_ID", ""),
                   os.environ.get("SERVICENET_OIDC_CLIENT_SECRET", ""))


class SsoFailed(ValueError):
    """The provider's answer cannot be trusted or used; the message is for the resident."""


UNREACHABLE = "统一身份认证平台暂时无法访问，请稍后再试，或使用短信验证登录。"


class Metadata:
    """The provider's discovery document and keys, fetched once and kept for an hour."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self._doc: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._at = 0.0

    def get(self) -> tuple[dict[str, Any], KeySet]:
        """The discovery document and keys; SsoFailed when the provider cannot be reached or makes no sense."""
        if self._doc is None or self._keys is None or time.time() - self._at > 3600:
            try:
                doc = requests.get(f"{self.provider.issuer}/.well-known/openid-configuration", timeout=10).json()
                if doc.get("issuer", "").rstrip("/") != self.provider.issuer:
                    raise SsoFailed("统一身份认证配置有误（issuer 不符）")
                self._keys = KeySet.import_key_set(requests.get(doc["jwks_uri"], timeout=10).json())
            except SsoFailed:
                raise
            except (requests.RequestException, ValueError, KeyError, TypeError, AttributeError, JoseError) as exc:
                raise SsoFailed(UNREACHABLE) from exc  # down, or not answering as a provider does
            self._doc, self._at = doc, time.time()
        return self._doc, self._keys


def _session(provider: Provider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(provider.client_id, provider.client_secret, scope="openid profile",
                         redirect_uri=redirect_uri, code_challenge_method="S256",
                         token_endpoint_auth_method="client_secret_basic")


def _claims(provider: Provider, keys: KeySet, id_token: str, nonce: str) -> dict[str, Any]:
    try:
        token = jwt.decode(id_token, keys, algorithms=["RS256"])
        jwt.JWTClaimsRegistry(iss={"essential": True, "value": provider.issuer},
                              aud={"essential": True, "value": provider.client_id},
                              exp={"essential": True}, nonce={"essential": True, "value": nonce}).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise SsoFailed("统一身份认证返回的身份凭证无效，请重新登录。") from exc
    return dict(token.claims)


def add_routes(r: Any, engine: Any, person_key: str, page: Any, safe_next: Any) -> None:
    provider = Provider.from_env()
    if provider is None:
        return
    meta = Metadata(provider)

    def flow_box(request: Request) -> Any:
        return cookie_box(request.app.state, "oidc")

    def redirect_uri(request: Request) -> str:
        return str(request.url_for("oidc_callback"))

    @r.get("/web/login/oidc", response_model=None)
    async def oidc_start(request: Request, next: str = "/web") -> Response:  # noqa: A002 - the query parameter is ?next=
        try:
            doc, _keys = await run_in_threadpool(meta.get)
        except SsoFailed as exc:
            return page(request, "message.html", 502, title="统一身份认证暂不可用", text=str(exc))
        verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(16)
        uri, st = _session(provider, redirect_uri(request)).create_authorization_url(
            doc["authorization_endpoint"], code_verifier=verifier, nonce=nonce)
        resp = RedirectResponse(uri, status_code=303)
        resp.set_cookie(OIDC_COOKIE, flow_box(request).seal({"state": st, "verifier": verifier, "nonce": nonce,
                                                             "next": safe_next(next)}, max_age=FLOW_AGE),
                        max_age=FLOW_AGE, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                        path="/web/login/oidc")
        return resp

    @r.get("/web/login/oidc/callback", name="oidc_callback", response_model=None)
    async def oidc_callback(request: Request, code: str = "", state: str = "", error: str = "") -> Response:
        flow = flow_box(request).open(request.cookies.get(OIDC_COOKIE))
        if flow is None or not state or not secrets.compare_digest(str(flow.get("state")), state) or error or not code:
            return page(request, "message.html", 400, title="统一身份认证未完成",
                        text="登录已取消或已过期，请返回重新登录。")
        try:
            doc, keys = await run_in_threadpool(meta.get)
            tokens = await run_in_threadpool(lambda: _session(provider, redirect_uri(request)).fetch_token(
                doc["token_endpoint"], grant_type="authorization_code", code=code, code_verifier=flow["verifier"]))
            claims = _claims(provider, keys, str(tokens.get("id_token", "")), str(flow["nonce"]))
            resident = Person(str(claims.get("name", ""))[:30], idnumber.validate(str(claims.get("id_number", ""))))
        except (SsoFailed, idnumber.InvalidIdNumber, requests.RequestException, ValueError, KeyError,
                AuthlibBaseError) as exc:  # AuthlibBaseError: the provider refused the token request
            log.warning("single sign-on callback failed: %r", exc)  # e.g. invalid_client: the secret set up wrong
            text = str(exc) if isinstance(exc, SsoFailed) else "统一身份认证暂时无法完成，请稍后再试或使用短信验证登录。"
            return page(request, "message.html", 502, title="统一身份认证未完成", text=text)
        person = wire.person_hash(person_key, resident.id_number)
        resp = RedirectResponse(str(flow.get("next", "/web")), status_code=303)
        resp.set_cookie(RESIDENT_COOKIE, session_cookie(cookie_box(request.app.state, "resident"), resident, "oidc",
                                                        await run_in_threadpool(login.generation, engine, person)),
                        httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
        resp.delete_cookie(OIDC_COOKIE, path="/web/login/oidc")
        return resp

    @r.get("/web/logout/oidc", response_model=None)
    async def oidc_logout(request: Request) -> Response:
        """After logging out here: end the provider's session too (单点退出)."""
        try:
            doc, _keys = await run_in_threadpool(meta.get)
        except SsoFailed:
            return page(request, "message.html", 502, title="已退出登录", text="您已在本网站退出登录。统一身份认证"
                        "平台暂时无法访问，未能同时退出该平台上的登录，请稍后在统一身份认证平台退出。")
        back = str(request.base_url).rstrip("/") + "/web"
        return RedirectResponse(f"{doc['end_session_endpoint']}?{urlencode({'post_logout_redirect_uri': back})}",
                                status_code=303)


def enabled() -> bool:
    return Provider.from_env() is not None
