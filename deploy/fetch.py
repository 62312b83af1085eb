#!/usr/bin/env python3
"""Fetch the release the network offers, resumably, into a verified build folder; then install it.

The heartbeat's answer offers a release as {"version", "manifest", "signature"}: the BUILD-MANIFEST.json
bytes and the base64 of its Ed25519 signature (deploy/update.py's scheme). The files themselves are fetched
by content from `files_url`: GET <files_url>/<sha256> for each file the manifest lists.

- The signature is checked before anything is downloaded: an offer not signed with the kiosk's update key
  costs no bandwidth.
- Each file is downloaded into staging/blobs/<sha256>.part and kept there when the link drops; the next try
  asks for the rest (HTTP Range: bytes=<have>-). A server that answers 200 instead of 206 sends it whole again.
  A file whose bytes do not hash to the manifest's sha256 is thrown away and refused; no more than its signed
  size is ever written (a longer answer is refused).
- The staging folder shares its disk with the kiosk's own store: nothing is fetched unless what is left to
  fetch and the build made of it fit with RESERVE bytes still free, and a disk that fills part-way (ENOSPC)
  gets the part back at once.
- The build folder is assembled from the blobs (modes and symlinks as listed), verified whole with
  update.verify, and `install` hands it to update.install (copy into builds/, verify again, atomic switch of
  `current`, the old build kept as `previous` for `update.py rollback`).
- How far it has got is written to staging/progress.json (`Progress`): {version, state, reason, fetched,
  total}, state "downloading" | "fetched" | "failed" (reason: network, disk_full, bad_bytes, signature,
  verify, error) | "no_room". Written whole (a temporary file renamed over it) when the download starts, at most
  once a second while bytes come, and when it ends, so the kiosk's heartbeat reads a whole record and the
  download's loop pays one clock reading per 64 KiB. Not fsync'd: it is a report; the .part files are what a
  resume trusts.

    fetch.py OFFER.json --files-url URL [--staging DIR] [--pubkey …] [--install --root /opt/hall-kiosk]
"""
from __future__ import annotations

import argparse
import base64
import binascii
import errno
import hashlib
import http.client
import json
import os
import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
import update  # noqa: E402 - deploy/ is not a package: its sibling, found through the path set above

DEFAULT_STAGING = Path("/var/lib/hall-kiosk/incoming")
CHUNK = 1 << 16
RESERVE = 256 << 20  # bytes left free for the kiosk's own store (kiosk.db is on the staging folder's disk)
PROGRESS = "progress.json"  # in the staging folder: read by the kiosk's updater (sync/updater.py) for its heartbeat


class FetchError(update.UpdateError):
    """A fetch that failed, with a short reason code for the progress record (and the network's fleet view)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class Progress:
    """staging/progress.json, kept up to date from the download's loop (see the module's docstring)."""

    EVERY: ClassVar[float] = 1.0  # seconds between two records while bytes come

    def __init__(self, path: Path, version: str, total: int = 0, fetched: int = 0) -> None:
        self.path, self.version, self.total, self.fetched = path, version, total, fetched
        self._due = 0.0

    def add(self, count: int) -> None:
        self.fetched += count
        if time.monotonic() >= self._due:
            self.write()

    def write(self, state: str = "downloading", reason: str = "") -> None:
        self._due = time.monotonic() + self.EVERY
        record = {"version": self.version, "state": state, "reason": reason, "fetched": max(0, self.fetched),
                  "total": self.total}
        temp = self.path.with_name(f".{self.path.name}.tmp")
        try:
            temp.write_text(json.dumps(record), encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:  # a full disk: the report waits, the download does not
            temp.unlink(missing_ok=True)


def check_offer(offer: dict[str, Any], pubkey: Path) -> tuple[bytes, dict[str, Any]]:
    """The manifest's bytes and content when the offer's signature holds; UpdateError otherwise."""
    InvalidSignature, *_ = update._crypto()
    try:
        data = str(offer["manifest"]).encode("utf-8")
        signature = base64.b64decode(str(offer["signature"]), validate=True)
    except (KeyError, binascii.Error) as exc:
        raise FetchError(f"the offer is not a signed release ({exc})", "signature") from None
    try:
        update._load_public(pubkey).verify(signature, data)
    except InvalidSignature:
        raise FetchError("the offered release is not signed with the kiosk's update key", "signature") from None
    manifest = json.loads(data)
    if manifest.get("format") != update.FORMAT:
        raise FetchError(f"unknown manifest format {manifest.get('format')!r}", "signature")
    for rel in [*manifest["files"], *manifest["symlinks"]]:
        parts = PurePosixPath(rel).parts
        if not parts or rel.startswith("/") or ".." in parts:
            raise FetchError(f"the manifest names a path outside the build: {rel!r}", "signature")
    return data, manifest


def download(url: str, sha256: str, size: int, blobs: Path, timeout: float = 30.0,
             progress: Progress | None = None) -> Path:
    """blobs/<sha256>, fetched (or finished) from url; FetchError when the link drops or the bytes are wrong.
    `progress` is told of every piece written (and of a part thrown away)."""
    told = progress.add if progress is not None else (lambda _count: None)
    blob = blobs / sha256
    if blob.exists():
        return blob
    part = blobs / f"{sha256}.part"
    have = part.stat().st_size if part.exists() else 0
    if have > size:
        part.unlink()
        told(-size)  # counted as `size` by fetch(): none of it is kept
        have = 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            whole = answer.status != 206  # the server ignored the Range: start again
            left = size - (0 if whole else have)  # never more than the signed size is written
            if whole and have:
                told(-have)  # the part is written again from its start
            with part.open("wb" if whole else "ab") as out:
                while left > 0 and (chunk := answer.read(min(CHUNK, left))):
                    out.write(chunk)
                    left -= len(chunk)
                    told(len(chunk))
                out.flush()
                os.fsync(out.fileno())
            longer = bool(answer.read(1))
    except urllib.error.HTTPError as exc:
        if exc.code != 416 or have != size:  # 416 with every byte here: nothing was left to send
            raise FetchError(f"{url}: {exc.code} {exc.reason}", "network") from None
        longer = False
    except (OSError, ValueError, http.client.HTTPException) as exc:  # the link dropped part-way
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            told(-(part.stat().st_size if part.exists() else 0))
            part.unlink(missing_ok=True)  # the kiosk's own store needs the room more than this download
            raise FetchError(f"{url}: the disk is full; the part fetched was thrown away", "disk_full") from None
        raise _interrupted(url, part, size, exc.__class__.__name__) from None
    if longer:
        told(-part.stat().st_size)
        part.unlink()
        raise FetchError(f"{url}: the answer has more bytes than the signed manifest lists (thrown away)",
                         "bad_bytes")
    if part.stat().st_size < size:  # the answer ended early (a closed connection reads as the end)
        raise _interrupted(url, part, size, "short answer")
    if part.stat().st_size != size or update._sha256(part) != sha256:
        told(-part.stat().st_size)
        part.unlink()
        raise FetchError(f"{url}: the bytes do not match the signed manifest (thrown away)", "bad_bytes")
    os.replace(part, blob)
    return blob


def _interrupted(url: str, part: Path, size: int, why: str) -> FetchError:
    kept = part.stat().st_size if part.exists() else 0
    return FetchError(f"{url}: download interrupted, {kept} of {size} bytes kept for the next try ({why})", "network")


def _have(blobs: Path, sha256: str, size: int) -> int:
    """The bytes of a file already here: all of them once fetched, else its .part's (no more than its size)."""
    part = blobs / f"{sha256}.part"
    return size if (blobs / sha256).exists() else min(part.stat().st_size, size) if part.exists() else 0


def _room_for(manifest: dict[str, Any], blobs: Path, reserve: int = RESERVE) -> None:
    """FetchError unless the files still to fetch and the build made of them fit with `reserve` left free."""
    need = 0
    for info in manifest["files"].values():
        size = int(info["size"])
        need += size - _have(blobs, str(info["sha256"]), size)
        need += size  # the build folder assembled from it
    free = shutil.disk_usage(blobs).free
    if free - need < reserve:
        raise FetchError(f"not enough disk space for the release: {need >> 20} MB needed, {free >> 20} MB free, "
                         f"{reserve >> 20} MB kept for the kiosk's own data (tried again later)", "no_room")


def fetch(offer: dict[str, Any], files_url: str, staging: Path, pubkey: Path) -> Path:
    """The offered release as a verified build folder under staging; FetchError on any failure (retry later).
    staging/progress.json says how far it got and, when it failed, why (`Progress`)."""
    staging.mkdir(parents=True, exist_ok=True)
    progress = Progress(staging / PROGRESS, str(offer.get("version", ""))[:40])
    try:
        return _fetch(offer, files_url, staging, pubkey, progress)
    except FetchError as exc:
        progress.write("no_room" if exc.reason == "no_room" else "failed", exc.reason)
        raise
    except update.UpdateError:  # the assembled build did not verify
        progress.write("failed", "verify")
        raise
    except OSError as exc:  # assembling the build folder
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        progress.write("failed", "disk_full" if full else "error")
        raise FetchError(f"cannot assemble the build: {exc}", "disk_full" if full else "error") from None


def _fetch(offer: dict[str, Any], files_url: str, staging: Path, pubkey: Path, progress: Progress) -> Path:
    data, manifest = check_offer(offer, pubkey)
    blobs = staging / "blobs"
    blobs.mkdir(parents=True, exist_ok=True)
    sizes = {str(info["sha256"]): int(info["size"]) for info in manifest["files"].values()}
    progress.total = sum(sizes.values())  # each content once: a file listed twice is fetched once
    progress.fetched = sum(_have(blobs, sha, size) for sha, size in sizes.items())
    _room_for(manifest, blobs)
    progress.write()
    got = {rel: download(f"{files_url.rstrip('/')}/{info['sha256']}", str(info["sha256"]), int(info["size"]), blobs,
                         progress=progress)
           for rel, info in sorted(manifest["files"].items())}
    progress.write("fetched")
    build = staging / f"build-{hashlib.sha256(data).hexdigest()[:12]}"
    shutil.rmtree(build, ignore_errors=True)
    for rel, blob in got.items():
        dest = build / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(blob, dest)
        dest.chmod(int(manifest["files"][rel]["mode"]))
    for rel, target in manifest["symlinks"].items():
        (build / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, build / rel)
    (build / update.MANIFEST).write_bytes(data)
    (build / update.SIGNATURE).write_bytes(base64.b64decode(offer["signature"]))
    update.verify(build, pubkey)
    return build


def fetch_and_install(offer: dict[str, Any], files_url: str, staging: Path, pubkey: Path, root: Path,
                      check: str | None = None) -> Path:
    """Fetch, then switch `current` to the build through update.install; the fetched blobs are then let go."""
    dest = update.install(fetch(offer, files_url, staging, pubkey), root, pubkey, check=check)
    shutil.rmtree(staging, ignore_errors=True)
    return dest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="fetch.py", description=__doc__.split("\n\n")[0])
    p.add_argument("offer", type=Path, help="the heartbeat's release offer as JSON")
    p.add_argument("--files-url", required=True)
    p.add_argument("--staging", type=Path, default=DEFAULT_STAGING)
    p.add_argument("--pubkey", type=Path, default=update.DEFAULT_PUBKEY)
    p.add_argument("--install", action="store_true", help="switch to the build once it is fetched and verified")
    p.add_argument("--root", type=Path, default=update.DEFAULT_ROOT)
    p.add_argument("--check", default=None, help="as update.py install --check")
    args = p.parse_args(argv)
    try:
        offer = json.loads(args.offer.read_text(encoding="utf-8"))
        if args.install:
            dest = fetch_and_install(offer, args.files_url, args.staging, args.pubkey, args.root, args.check)
            print(f"current -> {os.path.relpath(dest, args.root)}")
        else:
            print(fetch(offer, args.files_url, args.staging, args.pubkey))
    except update.UpdateError as exc:
        print(f"fetch.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
