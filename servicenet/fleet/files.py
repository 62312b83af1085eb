"""A published release's files, stored by sha256 and served to the kiosks it is offered to, resumably.

- `publish_build(engine, folder, …)` publishes a signed build folder (deploy/update.py sign): the manifest's
  signature is checked with the release key (rollout.check_signature), then every file the manifest lists is
  stored in chunks (servicenet/fleet/filestore.py), checked against the manifest's size and sha256 as it is
  read, and the release is kept last; then the releases no one can need any more are pruned
  (servicenet/fleet/retention.py; $SERVICENET_RELEASE_PRUNE=0 leaves that to `servicenet fleet prune`).
- The heartbeat's release offer carries `files_url`, a capability: /v1/releases/<token>/files, where the token
  binds the kiosk's device id, the release's version and an expiry under an HMAC of the network's own key. The
  kiosk's downloader (deploy/fetch.py, a plain HTTP client) then GETs <files_url>/<sha256> without signing each
  request. Only a file the release's manifest lists is served, and only while the token is fresh (a later beat
  gives a new one; the part already fetched is kept) and the kiosk is not revoked, so the route serves nothing
  a kiosk was not offered.
- GET (and HEAD) answers HTTP Range (one `bytes=a-b`, `a-` or `-n` range) with 206, so an interrupted download
  goes on from where it stopped; a range past the end is 416 (RFC 9110; checked with curl and urllib, not only
  deploy/fetch.py). The ETag is the strong "<sha256>", and If-Range with it keeps the range (anything else: the
  whole file). Several ranges are answered with the whole file, as RFC 9110 allows. The answer streams a stored
  chunk at a time.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
import weakref
from pathlib import Path, PurePosixPath
from typing import IO

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.engine import Engine

from servicenet.db import devices
from servicenet.fleet import filestore, rollout

log = logging.getLogger(__name__)

MANIFEST, SIGNATURE = "BUILD-MANIFEST.json", "BUILD-MANIFEST.sig"  # deploy/update.py's names
KEY_NAME = "release-files"  # the network key (network_keys) the download tokens are derived from
TOKEN_TTL_S = 3600.0
MAX_MEMBERS = 50_000
SHA256 = re.compile(r"[0-9a-f]{64}")
PREFIX = "/v1/releases/"  # a public path for the device-signature guard: the token is the credential

fleet_release_files = filestore.fleet_release_files  # the index; the bytes are in fleet_release_chunks


def publish_build(engine: Engine, folder: Path, release_key_pem: bytes, staff_id: str, now: float) -> str:
    """Publish a signed build folder with its files; returns the version. RolloutRefused says what is wrong.

    The signature is checked first (nothing is stored for a build not signed with the release key), then each
    file is stored a chunk at a time, checked against the manifest as it is read (filestore.put), and the
    release is kept last, so a release the network lists has every file."""
    try:
        manifest = (folder / MANIFEST).read_bytes()
        signature = base64.b64encode((folder / SIGNATURE).read_bytes()).decode("ascii")
    except OSError as exc:
        raise rollout.RolloutRefused(f"不是已签名的版本目录（读不到 {MANIFEST} 或 {SIGNATURE}） / "
                                     f"not a signed build folder ({exc.strerror})") from None
    try:
        listed = json.loads(manifest)["files"]
    except (ValueError, KeyError, TypeError):
        raise rollout.RolloutRefused("清单无效 / not a build manifest") from None
    for rel in listed:
        path = PurePosixPath(rel)
        if path.is_absolute() or ".." in path.parts:
            raise rollout.RolloutRefused(f"清单路径无效：{rel} 不在版本目录内 / a path outside the build: {rel}")
        if not (folder / rel).is_file():
            raise rollout.RolloutRefused(f"缺少文件：{rel} / missing {rel}")
    rollout.check_signature(manifest, signature, release_key_pem)
    for rel, info in listed.items():
        sha, size = str(info["sha256"]), int(info["size"])
        try:
            if not filestore.put(engine, folder / rel, sha, size) and filestore.file_sha256(folder / rel) != (size, sha):
                raise filestore.Mismatch(rel)  # stored already, from another build: this copy must match too
        except filestore.Mismatch:
            raise rollout.RolloutRefused(f"文件与清单不符：{rel} / {rel} does not match the manifest") from None
        except OSError:
            raise rollout.RolloutRefused(f"缺少文件：{rel} / missing {rel}") from None
    version = rollout.publish(engine, manifest, signature, release_key_pem, staff_id, now)
    for rel, info in listed.items():  # a prune that ran meanwhile may have taken a file it shares with an old build
        if filestore.size_of(engine, str(info["sha256"])) is None:
            filestore.put(engine, folder / rel, str(info["sha256"]), int(info["size"]))
    if prune_after_publish():
        from servicenet.fleet import retention

        try:
            retention.prune(engine, staff_id, now)
        except sa.exc.OperationalError as exc:  # busy, say: the release is published; the next prune does it
            log.warning("release %s published; removing old releases failed: %s", version, exc)
    return version


def prune_after_publish() -> bool:
    """Whether publishing a build removes the releases no one can need any more (servicenet/fleet/retention.py):
    $SERVICENET_RELEASE_PRUNE, on unless it is 0."""
    return os.environ.get("SERVICENET_RELEASE_PRUNE", "1").strip() != "0"


def max_release_bytes() -> int:
    """How large an uploaded build archive, and what it unpacks to, may be: $SERVICENET_RELEASE_MAX_MB (default
    2048; a one-folder build is ~200 MB)."""
    return int(float(os.environ.get("SERVICENET_RELEASE_MAX_MB", 2048)) * 2**20)


def publish_archive(engine: Engine, archive: bytes | IO[bytes], release_key_pem: bytes, staff_id: str,
                    now: float, max_unpacked: int | None = None) -> str:
    """Publish a signed build uploaded as a tar archive (.tar, .tar.gz, .tar.xz) of its folder, read from a file
    (an upload spooled to disk) a member at a time; one that would unpack to more than `max_unpacked` bytes (a
    compressed archive of zeros can) is refused before it is unpacked."""
    import io
    import tarfile
    import tempfile

    source = io.BytesIO(archive) if isinstance(archive, bytes) else archive
    max_unpacked = max_release_bytes() if max_unpacked is None else max_unpacked
    with tempfile.TemporaryDirectory(prefix="release-") as tmp:
        try:
            with tarfile.open(fileobj=source) as tar:
                members = tar.getmembers()  # reads the headers through: nothing written yet
                unpacked = sum(m.size for m in members if m.isfile())
                if unpacked > max_unpacked or len(members) > MAX_MEMBERS:
                    raise rollout.RolloutRefused(
                        f"归档过大：解包后 {unpacked >> 20} MB、{len(members)} 项，"
                        f"上限为 {max_unpacked >> 20} MB、{MAX_MEMBERS} 项 / "
                        f"the archive unpacks to {unpacked >> 20} MB in {len(members)} entries; a build "
                        f"may have at most {max_unpacked >> 20} MB in {MAX_MEMBERS} entries")
                tar.extractall(tmp, filter="data")  # no absolute paths, no way out of tmp, no devices
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise rollout.RolloutRefused("不是 tar 归档：请上传 make dist 打包的版本 .tar 文件 / "
                                         f"not a tar archive of a build ({type(exc).__name__})") from None
        found = sorted(Path(tmp).glob(f"**/{MANIFEST}"), key=lambda p: len(p.parts))
        if not found:
            raise rollout.RolloutRefused(f"归档中没有 {MANIFEST}，不是已签名的版本 / not a signed build")
        return publish_build(engine, found[0].parent, release_key_pem, staff_id, now)


def missing(engine: Engine, version: str) -> list[str]:
    """The files of a release the network does not hold (a release published by its manifest only)."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(rollout.fleet_releases.c.manifest)
                           .where(rollout.fleet_releases.c.version == version)).first()
        if row is None:
            return []
        want = {str(i["sha256"]) for i in json.loads(row.manifest)["files"].values()}
        have = filestore.stored(conn, sorted(want))
    return sorted(want - have)


# -- capability tokens --------------------------------------------------------------------------------------

def _mac(secret: bytes, device_id: str, version: str, expires: int) -> str:
    msg = f"{device_id}\n{version}\n{expires}".encode()
    return base64.urlsafe_b64encode(hmac.new(secret, msg, hashlib.sha256).digest()[:20]).decode().rstrip("=")


def files_path(secret: bytes, device_id: str, version: str, now: float, ttl: float = TOKEN_TTL_S) -> str:
    """The files URL (a path on this network) for one kiosk and one release, fresh for `ttl` seconds."""
    expires = int(now + ttl)
    who = base64.urlsafe_b64encode(f"{device_id}\n{version}".encode()).decode().rstrip("=")
    return f"{PREFIX}{who}.{expires}.{_mac(secret, device_id, version, expires)}/files"


def check_token(secret: bytes, token: str, now: float) -> tuple[str, str]:
    """(device id, version) of a fresh, genuine token; HTTPException 403 otherwise."""
    try:
        who, expires_text, mac = token.split(".")
        device_id, version = base64.urlsafe_b64decode(who + "=" * (-len(who) % 4)).decode().split("\n")
        expires = int(expires_text)
    except ValueError:
        raise HTTPException(403, "下载凭证无效 / not a download token") from None
    if not hmac.compare_digest(mac, _mac(secret, device_id, version, expires)):
        raise HTTPException(403, "下载凭证无效 / not a download token")
    if expires < now:
        raise HTTPException(403, "下载凭证已过期 / the download token expired: the next heartbeat gives a new one")
    return device_id, version


def active(engine: Engine, device_id: str) -> bool:
    """The kiosk is enrolled and not revoked (a revoked kiosk's fresh token opens nothing more)."""
    with engine.connect() as conn:
        return conn.execute(sa.select(devices.c.status).where(devices.c.device_id == device_id)).scalar() == "active"


# a published release's manifest does not change while it is published, so the files it lists are read and
# parsed once per process, not on every range request of a download (~800 per kiosk). A version pruned
# (retention.py) and published again from another build may differ: a file the cached list lacks, or one no
# longer stored, reads the list again before the answer is 404 (another node's prune is not seen otherwise)
_listed: weakref.WeakKeyDictionary[Engine, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()


def _files_of(engine: Engine, version: str) -> frozenset[str] | None:
    known = _listed.setdefault(engine, {})
    if version not in known:
        with engine.connect() as conn:
            row = conn.execute(sa.select(rollout.fleet_releases.c.manifest)
                               .where(rollout.fleet_releases.c.version == version)).first()
        if row is None:
            return None  # not published (yet): asked again next time
        known[version] = frozenset(i["sha256"] for i in json.loads(row.manifest)["files"].values())
    return known[version]


def forget(engine: Engine, versions: list[str]) -> None:
    """Drop pruned releases from this process's cache of their file lists (a version may be published again)."""
    known = _listed.get(engine, {})
    for version in versions:
        known.pop(version, None)


def size_of(engine: Engine, version: str, sha256: str) -> int | None:
    """The file's size when the release lists it and the network holds it, else None."""
    for fresh in (False, True):
        if fresh:
            forget(engine, [version])
        listed = _files_of(engine, version)
        size = filestore.size_of(engine, sha256) if listed is not None and sha256 in listed else None
        if size is not None:
            return size
    return None


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) of a single `bytes=` range; None for the whole file; ValueError when unsatisfiable.

    RFC 9110 14.1-14.2: the unit is case-insensitive; a field we cannot parse (several ranges, another unit, a
    last-pos before the first-pos) is ignored, so the whole file is sent; a range that starts past the end, or
    a suffix of zero bytes (or any range of an empty file), is unsatisfiable: 416."""
    if not header:
        return None
    m = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", header, re.IGNORECASE)
    if m is None or m.groups() == ("", "") or (m[1] and m[2] and int(m[2]) < int(m[1])):
        return None
    first, last = m.groups()
    if first == "":
        n = int(last)
        if n == 0 or size == 0:
            raise ValueError("empty suffix range, or nothing to send")
        return max(0, size - n), size - 1
    start, end = int(first), int(last) if last else size - 1
    if start >= size:
        raise ValueError("range past the end")
    return start, min(end, size - 1)


def etag(sha256: str) -> str:
    """A strong validator: a file is named by its sha256, so its bytes never change under one URL."""
    return f'"{sha256}"'


def range_applies(if_range: str | None, sha256: str) -> bool:
    """RFC 9110 13.1.5: with If-Range, the range is served only when the validator is our strong ETag (a date
    never matches: the files send no Last-Modified; a weak tag never matches a strong comparison)."""
    return if_range is None or if_range.strip() == etag(sha256)


def router(engine: Engine, secret: bytes) -> APIRouter:
    r = APIRouter()

    @r.get(PREFIX + "{token}/files/{sha256}", response_model=None, tags=["kiosk"],
           responses={206: {"description": "the requested range"}, 403: {"description": "bad or stale token"},
                      404: {"description": "not a file of this release"}, 416: {"description": "bad range"}})
    @r.head(PREFIX + "{token}/files/{sha256}", response_model=None, include_in_schema=False)
    async def release_file(token: str, sha256: str, request: Request) -> Response:
        """A file of the release the heartbeat offered, by sha256; HTTP Range (and If-Range) for resuming."""
        device, version = check_token(secret, token, request.app.state.clock())
        if not await run_in_threadpool(active, engine, device):
            raise HTTPException(403, "终端已被停用 / the kiosk is revoked")
        if not SHA256.fullmatch(sha256):
            raise HTTPException(404, "不是此版本的文件 / not a file of this release")
        size = await run_in_threadpool(size_of, engine, version, sha256)
        if size is None:
            raise HTTPException(404, "不是此版本的文件 / not a file of this release")
        headers = {"Accept-Ranges": "bytes", "Cache-Control": "no-store", "ETag": etag(sha256)}
        asked = request.headers.get("range") if range_applies(request.headers.get("if-range"), sha256) else None
        try:
            wanted = byte_range(asked, size)
        except ValueError:
            return Response(status_code=416, headers=headers | {"Content-Range": f"bytes */{size}"})
        first, last = wanted or (0, size - 1)
        headers |= {"Content-Length": str(last - first + 1 if size else 0)}
        if wanted is not None:
            headers |= {"Content-Range": f"bytes {first}-{last}/{size}"}
        status = 200 if wanted is None else 206
        if request.method == "HEAD" or not size:
            return Response(status_code=status, headers=headers, media_type="application/octet-stream")
        # a chunk at a time (Starlette runs a plain iterator's steps in its thread pool): bounded memory per request
        return StreamingResponse(filestore.read(engine, sha256, first, last), status_code=status,
                                 media_type="application/octet-stream", headers=headers)

    return r


def secret_from(private_key: bytes) -> bytes:
    """The HMAC key of the download tokens, derived from a network key (the same on every node)."""
    return hashlib.sha256(b"hall-kiosk release files\0" + private_key).digest()
