"""HTTP client for servicenet's kiosk-facing API (docs/wire.md); turns transport trouble into typed errors."""
from __future__ import annotations

from typing import Any

import requests

from sync.model import Offline


class NetworkRefused(Exception):
    """The network answered, but refuses every request of this kind (401/403/404 on an API path, bad URL).

    Retrying each case would only hammer it: the engine stops the batch and backs off.
    """


class RetryLater(Offline):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class NetClient:
    def __init__(self, base_url: str, timeout: float = 10.0, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session or requests.Session()

    def close(self) -> None:
        self._session.close()

    def _call(self, method: str, path: str, **kw: Any) -> requests.Response:
        try:
            resp = self._session.request(method, self.base_url + path, timeout=self.timeout, **kw)
        except requests.RequestException as exc:
            raise Offline(f"{method} {path}: {type(exc).__name__}") from exc
        if resp.status_code in (429, 503) or resp.status_code >= 500:
            raise RetryLater(f"{method} {path}: HTTP {resp.status_code}", _retry_after(resp))
        if resp.status_code in (401, 403):
            raise NetworkRefused(f"{method} {path}: HTTP {resp.status_code} {resp.text[:200]}")
        return resp

    def _json(self, resp: requests.Response) -> Any:
        try:
            return resp.json()
        except ValueError as exc:
            raise NetworkRefused(f"not a servicenet answer from {resp.url}") from exc

    def health(self) -> bool:
        return bool(self._json(self._call("GET", "/v1/health")).get("ok"))

    def post_cases(self, cases: list[bytes]) -> list[dict[str, Any]]:
        """Send frozen case bodies in one batch; return one result per case, in order."""
        body = b'{"cases":[' + b",".join(cases) + b"]}"
        resp = self._call("POST", "/v1/cases/batch", data=body, headers={"Content-Type": "application/json"})
        if resp.status_code != 200:
            raise NetworkRefused(f"POST /v1/cases/batch: HTTP {resp.status_code} {resp.text[:200]}")
        results = self._json(resp).get("results")
        if not isinstance(results, list) or len(results) != len(cases):
            raise NetworkRefused("batch answer does not hold one result per case")
        return results

    def get_case(self, code: str) -> dict[str, Any] | None:
        resp = self._call("GET", f"/v1/cases/{code}")
        if resp.status_code == 404:
            return None
        if resp.status_code != 200:
            raise NetworkRefused(f"GET case: HTTP {resp.status_code}")
        return dict(self._json(resp))

    def status_feed(self, cursor: int, limit: int = 200) -> tuple[list[dict[str, Any]], int]:
        resp = self._call("GET", "/v1/status-feed", params={"cursor": cursor, "limit": limit})
        if resp.status_code != 200:
            raise NetworkRefused(f"GET status-feed: HTTP {resp.status_code}")
        data = self._json(resp)
        return list(data["events"]), int(data["cursor"])

    def catalogue(self, cursor: int, limit: int = 500) -> tuple[list[dict[str, Any]], int, bool]:
        resp = self._call("GET", "/v1/catalogue", params={"cursor": cursor, "limit": limit})
        if resp.status_code != 200:
            raise NetworkRefused(f"GET catalogue: HTTP {resp.status_code}")
        data = self._json(resp)
        return list(data["items"]), int(data["cursor"]), bool(data.get("more", False))
