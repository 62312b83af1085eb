"""tus 1.0.0 resumable uploads over the attachment slots (servicenet/attachments.py).

Core protocol plus the extensions creation, creation-with-upload, checksum (sha256) and termination, with
OPTIONS discovery. An upload is named by the sha256 of its bytes, given at creation in Upload-Metadata
(`sha256 <base64 of the 64 hex digits>`): the upload URL is `<endpoint>/<sha256>`, so a second upload of the
same bytes (another case, another channel, a resumed upload) lands in the same slot.

Two endpoints speak it, differing only in who may call them (docs/design-notes.md):
  /v1/attachments   kiosks, every request signed (RFC 9421, servicenet/auth.py) like the rest of the API
  /web/uploads      logged-in residents of the web channel (their session cookie), e.g. tus-js-client
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.engine import Engine
from starlette.requests import ClientDisconnect

from servicenet import attachments
from servicenet.attachments import UploadError

VERSION = "1.0.0"
EXTENSIONS = "creation,creation-with-upload,checksum,termination"
CHECKSUMS = "sha256"
OCTETS = "application/offset+octet-stream"
KIOSK_ENDPOINT = "/v1/attachments"
WEB_ENDPOINT = "/web/uploads"
ENDPOINTS = (KIOSK_ENDPOINT, WEB_ENDPOINT)
MISSING = {"Servicenet-Missing": "1"}  # a 404 about an upload, not about a path (sync/client.py reads it)


def is_tus(path: str) -> bool:
    return any(path == e or path.startswith(e + "/") for e in ENDPOINTS)


def discovery_headers() -> list[tuple[bytes, bytes]]:
    return [(b"tus-version", VERSION.encode()), (b"tus-extension", EXTENSIONS.encode()),
            (b"tus-max-size", str(attachments.MAX_LENGTH).encode()),
            (b"tus-checksum-algorithm", CHECKSUMS.encode())]


class TusProtocol:
    """Pure ASGI middleware on the tus endpoints: OPTIONS discovery, 412 for a request without Tus-Resumable
    1.0.0, and Tus-Resumable on every answer but OPTIONS (refusals of the guards behind it included).

    A GET of a filled attachment is no tus request and needs no header."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not is_tus(scope["path"]):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "OPTIONS":
            await _send(send, 204, discovery_headers())
            return
        stamp = (b"tus-resumable", VERSION.encode())
        if method != "GET":
            given = dict(scope.get("headers", [])).get(b"tus-resumable", b"").decode("latin-1").strip()
            if given != VERSION:
                body = json.dumps({"error": "tus_version", "detail": f"不支持的 tus 版本 / Tus-Resumable must be "
                                   f"{VERSION}, got {given or 'none'}"}, ensure_ascii=False).encode()
                await _send(send, 412, [stamp, (b"tus-version", VERSION.encode()),
                                        (b"content-type", b"application/json")], body)
                return

        async def stamped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"tus-resumable"]
                message["headers"] = [*headers, stamp]
            await send(message)

        await self.app(scope, receive, stamped)


async def _send(send: Any, status: int, headers: list[tuple[bytes, bytes]], body: bytes = b"") -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def parse_metadata(value: str) -> dict[str, str]:
    """Upload-Metadata: comma-separated `key base64value` (value may be left out); 400 when malformed."""
    out: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in value.split(","))):
        key, _, encoded = pair.partition(" ")
        try:
            out[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8") if encoded else ""
        except (binascii.Error, UnicodeDecodeError):
            raise UploadError(400, f"Upload-Metadata: the value of {key!r} is not base64 of UTF-8",
                              error="metadata") from None
    return out


def check_chunk(header: str | None, data: bytes) -> None:
    """The checksum extension: `Upload-Checksum: sha256 <base64>` over this request's body (460 on mismatch)."""
    if header is None:
        return
    algorithm, _, encoded = header.strip().partition(" ")
    if algorithm.lower() != "sha256":
        raise UploadError(400, f"Upload-Checksum: only {CHECKSUMS} is supported, not {algorithm!r}",
                          error="checksum_algorithm")
    try:
        expected = base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error:
        raise UploadError(400, "Upload-Checksum: the digest is not base64", error="checksum") from None
    if hashlib.sha256(data).digest() != expected:
        raise UploadError(460, "分块校验失败 / Upload-Checksum mismatch: this request's body was not stored",
                          error="chunk_checksum")


def _int(request: Request, name: str) -> int:
    try:
        value = int(request.headers[name])
    except (KeyError, ValueError):
        raise UploadError(400, f"{name} is required, a non-negative integer", error="header") from None
    if value < 0:
        raise UploadError(400, f"{name} is a non-negative integer", error="header")
    return value


def _sha(sha: str) -> str:
    if not attachments.valid_sha(sha):
        raise UploadError(404, "上传地址须以 sha256 (64 位小写十六进制) 结尾 / "
                          "an upload URL ends in a lowercase sha256", error="missing")
    return sha


def _refused(exc: UploadError) -> Response:
    headers = dict(MISSING) if exc.status == 404 else {}
    if exc.offset is not None:
        headers["Upload-Offset"] = str(exc.offset)
    body = json.dumps({"error": exc.error, "detail": str(exc)}, ensure_ascii=False)
    return Response(body, status_code=exc.status, headers=headers, media_type="application/json")


def _slot_headers(slot: attachments.Slot) -> dict[str, str]:
    return {"Upload-Offset": str(slot.offset), "Upload-Length": str(slot.length), "Cache-Control": "no-store"}


async def _body(request: Request, room: int) -> bytes:
    """The request body, refused (413) as soon as it runs past `room` bytes."""
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > room:
                raise UploadError(413, "the body runs past Upload-Length", error="length")
            chunks.append(chunk)
    except ClientDisconnect:  # the link died halfway: nothing of this request is stored, the client resumes
        raise UploadError(400, "the request body was cut off", error="cut") from None
    return b"".join(chunks)


def router(engine: Engine, endpoint: str, allowed: Callable[[Request], Response | None],
           now: Callable[[], str]) -> APIRouter:
    """The tus routes under `endpoint`; `allowed(request)` answers a refusal, or None to go on."""
    r = APIRouter(include_in_schema=False)

    async def guarded(request: Request, work: Callable[[], Any]) -> Response:
        refusal = allowed(request)
        if refusal is not None:
            return refusal
        try:
            return await work()
        except UploadError as exc:
            return _refused(exc)

    @r.post(endpoint)
    async def create(request: Request) -> Response:
        async def work() -> Response:
            if "upload-defer-length" in request.headers:
                raise UploadError(400, "Upload-Defer-Length is not supported: give Upload-Length", error="header")
            length = _int(request, "upload-length")
            sha = parse_metadata(request.headers.get("upload-metadata", "")).get("sha256", "").strip().lower()
            if not attachments.valid_sha(sha):
                raise UploadError(400, "Upload-Metadata must name the content: sha256 <base64 of 64 hex digits>",
                                  error="metadata")
            data = b""
            if request.headers.get("content-type") == OCTETS:  # creation-with-upload
                data = await _body(request, length)
                check_chunk(request.headers.get("upload-checksum"), data)
            slot = await run_in_threadpool(attachments.create, engine, sha, length, now())
            if data and slot.offset == 0 and not slot.complete:
                slot = await run_in_threadpool(attachments.append, engine, sha, 0, data)
            return Response(status_code=201, headers={"Location": f"{endpoint}/{sha}", **_slot_headers(slot)})
        return await guarded(request, work)

    @r.head(endpoint + "/{sha}")
    async def offset(request: Request, sha: str) -> Response:
        async def work() -> Response:
            slot = await run_in_threadpool(attachments.slot, engine, _sha(sha))
            if slot is None:
                return Response(status_code=404, headers={"Cache-Control": "no-store", **MISSING})
            return Response(status_code=200, headers=_slot_headers(slot))
        return await guarded(request, work)

    @r.patch(endpoint + "/{sha}")
    async def append(request: Request, sha: str) -> Response:
        async def work() -> Response:
            _sha(sha)
            if request.headers.get("content-type") != OCTETS:
                raise UploadError(415, f"Content-Type must be {OCTETS}", error="content_type")
            at = _int(request, "upload-offset")
            data = await _body(request, attachments.MAX_LENGTH)
            check_chunk(request.headers.get("upload-checksum"), data)
            slot = await run_in_threadpool(attachments.append, engine, sha, at, data)
            return Response(status_code=204, headers={"Upload-Offset": str(slot.offset)})
        return await guarded(request, work)

    @r.delete(endpoint + "/{sha}")
    async def terminate(request: Request, sha: str) -> Response:
        async def work() -> Response:
            if not await run_in_threadpool(attachments.terminate, engine, _sha(sha)):
                raise UploadError(404, "未找到该上传 / no such upload", error="missing")
            return Response(status_code=204)
        return await guarded(request, work)

    return r
