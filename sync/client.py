"""HTTP client for servicenet's kiosk-facing API (docs/wire.md); turns transport trouble into typed errors."""
from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from domain.status import ALREADY_RATED
from sync.catalogue import CataloguePage
from sync.model import Offline

API_HEADER = "Servicenet-Api"  # every servicenet answer carries it; a captive portal or a wrong host does not
MISSING_HEADER = "Servicenet-Missing"  # on a 404 for a resource (a case, an attachment), not for a wrong path
MAX_RETRY_AFTER = 3600.0
UPLOADS = "/v1/attachments"  # the kiosks' tus 1.0 endpoint (servicenet/tus.py)
TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


class NetworkRefused(Exception):
    """The network answered, but refuses every request of this kind (401/403, 404 on an API path = wrong URL,
    an answer that is not servicenet's). Retrying each case would only hammer it: the engine stops and backs off.
    """


class PrintLimitReached(NetworkRefused):
    """The network refuses to count one more print of a result document: its print limit is reached (409)."""


class GiveBackRefused(NetworkRefused):
    """The network will never take this give-back of a print (404 no such document, 409 not this kiosk's print)."""


class BatchRejected(NetworkRefused):
    """servicenet refused a whole batch (400/409/413/422): one of its cases is poison; split and retry."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class AttachmentRejected(Exception):
    """servicenet says the uploaded bytes do not match their sha256 (the slot was emptied for a fresh upload),
    or a chunk kept arriving damaged."""


class TooLarge(NetworkRefused):
    """The network takes no body this large (HTTP 413); the message says its limit."""


class RetryLater(Offline):
    """The network answered 429/5xx: try again later (not before retry_after seconds, when it says)."""

    def __init__(self, message: str, retry_after: float | None = None, status: int = 503) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


def retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), capped at an hour."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - now()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return min(MAX_RETRY_AFTER, max(0.0, seconds))


def _error(resp: requests.Response) -> str:
    try:
        body = resp.json()
    except ValueError:
        return ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""


def _detail(resp: requests.Response) -> str:
    try:
        body = resp.json()
    except ValueError:
        return resp.text[:200]
    return str(body.get("detail", body))[:300] if isinstance(body, dict) else str(body)[:300]


class NetClient:
    def __init__(self, base_url: str, timeout: float = 10.0, session: requests.Session | None = None,
                 chunk_size: int = 256 * 1024) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.chunk_size = chunk_size
        self._session = session or requests.Session()

    def close(self) -> None:
        self._session.close()

    def _call(self, method: str, path: str, **kw: Any) -> requests.Response:
        try:
            resp = self._session.request(method, self.base_url + path, timeout=self.timeout, **kw)
        except requests.RequestException as exc:
            raise Offline(f"{method} {path}: {type(exc).__name__} (network unreachable or too slow)") from exc
        if resp.status_code in (429, 503) or resp.status_code >= 500:
            raise RetryLater(f"{method} {path}: HTTP {resp.status_code} {_detail(resp)}".strip(),
                             retry_after(resp.headers.get("Retry-After")), resp.status_code)
        if API_HEADER not in resp.headers:
            raise NetworkRefused(f"{method} {path}: HTTP {resp.status_code} is not a servicenet answer "
                                 f"(wrong network_url, or a captive portal): {resp.text[:120]!r}")
        if resp.status_code in (401, 403):
            raise NetworkRefused(f"{method} {path}: HTTP {resp.status_code} refused (device not enrolled or "
                                 f"revoked): {_detail(resp)}")
        if resp.status_code in (404, 405) and MISSING_HEADER not in resp.headers:
            raise NetworkRefused(f"{method} {path}: HTTP {resp.status_code}: no such API path (wrong network_url?)")
        return resp

    def _json(self, resp: requests.Response) -> Any:
        try:
            return resp.json()
        except ValueError as exc:
            raise NetworkRefused(f"not a servicenet answer from {resp.url}") from exc

    def _ok(self, resp: requests.Response, what: str) -> Any:
        if resp.status_code != 200:
            raise NetworkRefused(f"{what}: HTTP {resp.status_code} {_detail(resp)}")
        return self._json(resp)

    def health(self) -> bool:
        return bool(self._ok(self._call("GET", "/v1/health"), "health").get("ok"))

    def heartbeat(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /v1/devices/heartbeat (sync/heartbeat.py builds the body)."""
        return dict(self._ok(self._call("POST", "/v1/devices/heartbeat", json=body), "POST heartbeat"))

    def upload_diagnostics(self, name: str, data: bytes, staff: str = "") -> dict[str, Any]:
        """POST /v1/devices/diagnostics: a diagnostics bundle (zip); {"id", "size", "sha256"} as kept."""
        resp = self._call("POST", "/v1/devices/diagnostics", params={"name": name, "staff": staff}, data=data,
                          headers={"Content-Type": "application/zip"})
        if resp.status_code == 413:
            raise TooLarge(_detail(resp))
        return dict(self._ok(resp, "POST diagnostics"))

    def _batch(self, path: str, field: str, bodies: list[bytes],
               params: dict[str, str] | None = None) -> list[dict[str, Any]]:
        body = b'{"' + field.encode() + b'":[' + b",".join(bodies) + b"]}"
        resp = self._call("POST", path, data=body, params=params, headers={"Content-Type": "application/json"})
        if resp.status_code in (400, 409, 413, 422):
            raise BatchRejected(f"POST {path}: HTTP {resp.status_code} {_detail(resp)}", resp.status_code)
        results = self._ok(resp, f"POST {path}").get("results")
        if not isinstance(results, list) or len(results) != len(bodies):
            raise NetworkRefused(f"POST {path}: the answer does not hold one result per item")
        return results

    def post_cases(self, cases: list[bytes]) -> list[dict[str, Any]]:
        """Send frozen case bodies in one batch; return one result per case, in order."""
        return self._batch("/v1/cases/batch", "cases", cases)

    def post_events(self, events: list[bytes]) -> list[dict[str, Any]]:
        """Send frozen case events (ratings, ...) in one batch; one result per event, in order. This kiosk reads
        already_rated (a second rating of a case, final), so it asks for it; an older kiosk is answered conflict."""
        return self._batch("/v1/events/batch", "events", events, params={"results": ALREADY_RATED})

    def post_audit(self, events: list[bytes]) -> list[dict[str, Any]]:
        """Send frozen audit rows (电子监察, sync/audit.py) in one batch; one result per row, in order."""
        return self._batch("/v1/audit/batch", "events", events)

    def upload_offset(self, sha: str) -> int | None:
        """How many bytes of this attachment servicenet holds; None when it has no upload of it (tus HEAD)."""
        resp = self._call("HEAD", f"{UPLOADS}/{sha}", headers=TUS)
        if resp.status_code == 404:
            return None
        if resp.status_code != 200:
            raise NetworkRefused(f"HEAD attachment: HTTP {resp.status_code}")
        return int(resp.headers.get("Upload-Offset", "0"))

    def _tus(self, method: str, path: str, chunk: bytes, headers: dict[str, str]) -> requests.Response:
        """A tus request carrying `chunk` with its sha256 checksum; a body damaged on the way is sent again."""
        checksum = "sha256 " + base64.b64encode(hashlib.sha256(chunk).digest()).decode("ascii")
        for _ in range(3):
            resp = self._call(method, path, data=chunk, headers={
                **TUS, **headers, "Content-Type": OCTETS, "Upload-Checksum": checksum})
            if resp.status_code != 460 or _error(resp) != "chunk_checksum":
                break
        if resp.status_code == 460:
            raise AttachmentRejected(f"{method} attachment: {_detail(resp)}")
        return resp

    def upload(self, sha: str, data: bytes, on_chunk: Callable[[], object] = lambda: None) -> None:
        """tus 1.0: HEAD for the offset (creating the upload with its first chunk when the network has none),
        then PATCH the rest in chunks, each with its checksum; returns when the slot is full."""
        offset = self.upload_offset(sha)
        conflicts = 0
        while offset is None or offset < len(data):
            on_chunk()
            if offset is None:
                meta = "sha256 " + base64.b64encode(sha.encode("ascii")).decode("ascii")
                resp = self._tus("POST", UPLOADS, data[:self.chunk_size],
                                 {"Upload-Length": str(len(data)), "Upload-Metadata": meta})
                if resp.status_code != 201:
                    raise NetworkRefused(f"POST attachment: HTTP {resp.status_code} {_detail(resp)}")
                offset = int(resp.headers.get("Upload-Offset", "0"))
                continue
            chunk = data[offset:offset + self.chunk_size]
            resp = self._tus("PATCH", f"{UPLOADS}/{sha}", chunk, {"Upload-Offset": str(offset)})
            if resp.status_code in (404, 409) and conflicts < 3:  # a lost reply, or the upload was dropped
                conflicts += 1
                given = resp.headers.get("Upload-Offset") if resp.status_code == 409 else None
                offset = int(given) if given else self.upload_offset(sha)
                continue
            if resp.status_code != 204:
                raise NetworkRefused(f"PATCH attachment: HTTP {resp.status_code} {_detail(resp)}")
            offset = int(resp.headers.get("Upload-Offset", offset + len(chunk)))

    def verify_identity(self, code: str) -> dict[str, Any] | None:
        """Who a scanned 亮码 belongs to ({name, id_number, source}), or None when the provider refuses it
        (unknown, expired, used). Offline / RetryLater when the network or the provider cannot answer."""
        resp = self._call("POST", "/v1/identity/qr", json={"code": code})
        if resp.status_code == 409:
            return None
        return dict(self._ok(resp, "POST identity/qr"))

    def get_case(self, code: str) -> dict[str, Any] | None:
        resp = self._call("GET", f"/v1/cases/{code}")
        if resp.status_code == 404:
            return None
        return dict(self._ok(resp, "GET case"))

    def cases_by_person(self, person: str) -> list[dict[str, Any]]:
        """Case views of one person (both channels), found by the keyed hash of the ID number."""
        return list(self._ok(self._call("GET", "/v1/cases", params={"person": person}), "GET cases")["cases"])

    def results(self, person: str = "", case: str = "") -> list[dict[str, Any]]:
        """Completed cases with printable result documents: a person's (keyed hash) or one case's (code)."""
        params = {"person": person} if person else {"case": case}
        return list(self._ok(self._call("GET", "/v1/results", params=params), "GET results")["cases"])

    def result_pdf(self, doc_code: str) -> bytes:
        resp = self._call("GET", f"/v1/results/{doc_code}/pdf")
        if resp.status_code != 200:
            raise NetworkRefused(f"GET result pdf: HTTP {resp.status_code} {_detail(resp)}")
        return bytes(resp.content)

    def report_print(self, doc_code: str, key: str, copies: int, at: str) -> dict[str, Any]:
        """Record a print at this kiosk; PrintLimitReached (409) past the document's print limit."""
        resp = self._call("POST", f"/v1/results/{doc_code}/prints", json={"key": key, "copies": copies, "at": at})
        if resp.status_code == 409:
            raise PrintLimitReached(f"POST print: HTTP 409 {_detail(resp)}")
        return dict(self._ok(resp, "POST print"))

    def give_back(self, doc_code: str, key: str, reason: str, at: str) -> dict[str, Any]:
        """Give back the print counted under `key` (the printer did not take it); once, however often asked.
        GiveBackRefused when the network never will (no such document, not this kiosk's print)."""
        resp = self._call("POST", f"/v1/results/{doc_code}/returns", json={"key": key, "reason": reason, "at": at})
        if resp.status_code in (404, 409):
            raise GiveBackRefused(f"POST give-back: HTTP {resp.status_code} {_detail(resp)}")
        return dict(self._ok(resp, "POST give-back"))

    def hand_in(self, code: str, refs: list[dict[str, Any]]) -> dict[str, Any]:
        """补正 at the kiosk: the uploaded materials join the case; NetworkRefused (409) when nothing is asked."""
        return dict(self._ok(self._call("POST", f"/v1/cases/{code}/supplement", json={"attachments": refs}),
                             "POST supplement"))

    def status_feed(self, cursor: int, limit: int = 200, device: str = "") -> tuple[list[dict[str, Any]], int]:
        params: dict[str, Any] = {"cursor": cursor, "limit": limit}
        if device:
            params["device"] = device
        data = self._ok(self._call("GET", "/v1/status-feed", params=params), "GET status-feed")
        return list(data["events"]), int(data["cursor"])

    def catalogue_page(self, cursor: int, limit: int = 1000, calendar: str = "") -> CataloguePage:
        """Catalogue changes after `cursor` (deletions included), with how many remain after this page; the
        working-day calendar too when it is not the version `calendar` this kiosk holds."""
        params: dict[str, Any] = {"cursor": cursor, "limit": limit}
        if calendar:
            params["calendar"] = calendar
        data = self._ok(self._call("GET", "/v1/catalogue", params=params), "GET catalogue")
        return CataloguePage(list(data["items"]), int(data["cursor"]), bool(data.get("more", False)),
                             int(data.get("remaining", 0)), data.get("calendar"))

    def catalogue(self, cursor: int, limit: int = 1000) -> tuple[list[dict[str, Any]], int, bool]:
        page = self.catalogue_page(cursor, limit)
        return page.items, page.cursor, page.more
