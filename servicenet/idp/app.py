"""The reference OpenID Connect provider's app (see the package docstring)."""
from __future__ import annotations

import base64
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlencode

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from joserfc import jwt
from joserfc.jwk import RSAKey

CODE_TTL = 60
TOKEN_TTL = 600
SESSION_COOKIE = "idp_session"


@dataclass(frozen=True)
class Client:
    client_id: str
    secret: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class User:
    username: str
    password: str
    name: str
    id_number: str  # the claim "id_number" (公民身份号码), as a provincial identity provider releases it

    @property
    def sub(self) -> str:
        return "u-" + base64.urlsafe_b64encode(self.username.encode()).decode().rstrip("=")


@dataclass
class _State:
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # session id -> username
    lock: threading.Lock = field(default_factory=threading.Lock)


PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>统一身份认证</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="font-family:sans-serif">
<h1>省统一身份认证平台（参考实现）</h1>{error}
<form method="post" action="/authorize">{hidden}
<label>用户名 <input id="username" name="username" autocomplete="username"></label><br>
<label>密码 <input id="password" name="password" type="password" autocomplete="current-password"></label><br>
<button type="submit" id="idp-login">登录并授权</button></form></body></html>"""

AUTH_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
               "code_challenge_method")


def create_idp(issuer: str, clients: list[Client], users: list[User]) -> FastAPI:
    issuer = issuer.rstrip("/")
    key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"})
    by_client = {c.client_id: c for c in clients}
    by_user = {u.username: u for u in users}
    state = _State()
    app = FastAPI(title="reference OIDC provider", docs_url=None, redoc_url=None, openapi_url=None)

    def error(redirect_uri: str, code: str, st: str) -> RedirectResponse:
        return RedirectResponse(f"{redirect_uri}?{urlencode({'error': code, 'state': st})}", status_code=303)

    def issue_code(params: dict[str, str], username: str) -> RedirectResponse:
        code = secrets.token_urlsafe(24)
        with state.lock:
            state.codes[code] = {**params, "username": username, "exp": time.time() + CODE_TTL}
        query = {"code": code, "state": params.get("state", "")}
        return RedirectResponse(f"{params['redirect_uri']}?{urlencode(query)}", status_code=303)

    def checked(params: dict[str, str]) -> Response | None:
        """A refusal for a bad authorization request; None when it is good."""
        client = by_client.get(params.get("client_id", ""))
        if client is None or params.get("redirect_uri") not in client.redirect_uris:
            return HTMLResponse("<p>未登记的应用或回调地址 / unknown client or redirect_uri</p>", status_code=400)
        if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
            return error(params["redirect_uri"], "invalid_request", params.get("state", ""))
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return error(params["redirect_uri"], "invalid_request", params.get("state", ""))  # PKCE required
        return None

    @app.get("/.well-known/openid-configuration")
    def discovery() -> dict[str, Any]:
        return {"issuer": issuer, "authorization_endpoint": f"{issuer}/authorize",
                "token_endpoint": f"{issuer}/token", "userinfo_endpoint": f"{issuer}/userinfo",
                "jwks_uri": f"{issuer}/jwks", "end_session_endpoint": f"{issuer}/logout",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "code_challenge_methods_supported": ["S256"], "grant_types_supported": ["authorization_code"],
                "claims_supported": ["sub", "name", "id_number"]}

    @app.get("/jwks")
    def jwks() -> dict[str, Any]:
        return {"keys": [key.as_dict(private=False)]}

    @app.get("/authorize", response_model=None)
    def authorize(request: Request) -> Response:
        params = {k: request.query_params.get(k, "") for k in AUTH_PARAMS}
        refused = checked(params)
        if refused is not None:
            return refused
        with state.lock:
            username = state.sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if username is not None:  # single sign-on: already signed in here
            return issue_code(params, username)
        hidden = "".join(f'<input type="hidden" name="{k}" value="{escape(v)}">' for k, v in params.items())
        return HTMLResponse(PAGE.format(error="", hidden=hidden))

    @app.post("/authorize", response_model=None)
    async def sign_in(request: Request) -> Response:
        form = await request.form()
        params = {k: str(form.get(k, "")) for k in AUTH_PARAMS}
        refused = checked(params)
        if refused is not None:
            return refused
        user = by_user.get(str(form.get("username", "")))
        if user is None or not hmac.compare_digest(user.password, str(form.get("password", ""))):
            hidden = "".join(f'<input type="hidden" name="{k}" value="{escape(v)}">' for k, v in params.items())
            return HTMLResponse(PAGE.format(error='<p role="alert">用户名或密码错误</p>', hidden=hidden),
                                status_code=400)
        sid = secrets.token_urlsafe(24)
        with state.lock:
            state.sessions[sid] = user.username
        resp = issue_code(params, user.username)
        resp.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="lax", path="/")
        return resp

    def client_of(request: Request, form: Any) -> Client | None:
        client_id, secret = str(form.get("client_id", "")), str(form.get("client_secret", ""))
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("basic "):
            try:
                client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            except ValueError:
                return None
        client = by_client.get(client_id)
        return client if client is not None and hmac.compare_digest(client.secret, secret) else None

    def token_error(code: str, status: int = 400) -> JSONResponse:
        return JSONResponse({"error": code}, status_code=status, headers={"Cache-Control": "no-store"})

    @app.post("/token", response_model=None)
    async def token(request: Request) -> Response:
        form = await request.form()
        client = client_of(request, form)
        if client is None:
            return token_error("invalid_client", 401)
        if form.get("grant_type") != "authorization_code":
            return token_error("unsupported_grant_type")
        with state.lock:
            grant = state.codes.pop(str(form.get("code", "")), None)  # one use, even when refused below
        if grant is None or grant["exp"] < time.time() or grant["client_id"] != client.client_id \
                or grant["redirect_uri"] != form.get("redirect_uri"):
            return token_error("invalid_grant")
        verifier = str(form.get("code_verifier", ""))
        if not verifier or not hmac.compare_digest(create_s256_code_challenge(verifier), grant["code_challenge"]):
            return token_error("invalid_grant")  # PKCE: not the client that asked for the code
        user = by_user[grant["username"]]
        now = int(time.time())
        claims = {"iss": issuer, "sub": user.sub, "aud": client.client_id, "iat": now, "exp": now + TOKEN_TTL,
                  "auth_time": now, "name": user.name, "id_number": user.id_number}
        if grant.get("nonce"):
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        access = secrets.token_urlsafe(32)
        with state.lock:
            state.tokens[access] = (user.username, time.time() + TOKEN_TTL)
        return JSONResponse({"access_token": access, "token_type": "Bearer", "expires_in": TOKEN_TTL,
                             "id_token": id_token, "scope": grant["scope"]}, headers={"Cache-Control": "no-store"})

    @app.get("/userinfo", response_model=None)
    def userinfo(request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        with state.lock:
            held = state.tokens.get(auth[7:]) if auth.lower().startswith("bearer ") else None
        if held is None or held[1] < time.time():
            return JSONResponse({"error": "invalid_token"}, status_code=401,
                                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        user = by_user[held[0]]
        return JSONResponse({"sub": user.sub, "name": user.name, "id_number": user.id_number})

    @app.get("/logout", response_model=None)
    def logout(request: Request, post_logout_redirect_uri: str = "") -> Response:
        """End the provider's session (单点退出): every application must sign in here again."""
        with state.lock:
            username = state.sessions.pop(request.cookies.get(SESSION_COOKIE, ""), None)
            if username is not None:
                for sid in [s for s, u in state.sessions.items() if u == username]:
                    del state.sessions[sid]
        allowed = {u for c in clients for u in c.post_logout_redirect_uris}
        resp: Response = (RedirectResponse(post_logout_redirect_uri, status_code=303)
                          if post_logout_redirect_uri in allowed else HTMLResponse("<p>已退出统一身份认证</p>"))
        resp.delete_cookie(SESSION_COOKIE, path="/")
        return resp

    return app
