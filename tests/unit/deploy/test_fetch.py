"""deploy/fetch.py: the network's release offer fetched resumably over HTTP (127.0.0.1), verified with the
update key, and switched to through deploy/update.py's install."""
from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

from drivers.base import ClosedOnExit
from tests.helpers.lifecycle import entered
from tests.unit.deploy.conftest import load
from tests.unit.deploy.test_update import keys, make_build, run_current  # noqa: F401 - fixture


class Files(ClosedOnExit):
    """A content-addressed file store on 127.0.0.1 that honours Range and can drop a download part-way."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.asked: list[tuple[str, str]] = []  # (sha256, Range header)
        self.cut_after: dict[str, int] = {}  # sha256 -> bytes sent before the link drops (once)
        self.extra: dict[str, bytes] = {}  # sha256 -> bytes sent after the file (a wrong or endless answer)
        self.before: dict[str, Callable[[], object]] = {}  # sha256 -> run before answering (a slow or held file)
        files = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                sha = self.path.rsplit("/", 1)[-1]
                rng = self.headers.get("Range", "")
                files.asked.append((sha, rng))
                files.before.get(sha, lambda: None)()
                body = files.blobs.get(sha)
                if body is not None:
                    body += files.extra.get(sha, b"")
                if body is None:
                    self.send_error(404)
                    return
                start = int(rng.removeprefix("bytes=").rstrip("-")) if rng else 0
                self.send_response(206 if rng else 200)
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                cut = files.cut_after.pop(sha, None)
                self.wfile.write(body[start:] if cut is None else body[start:start + cut])

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/releases/files"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


files = entered(Files)


@pytest.fixture
def fetch() -> ModuleType:
    return load("fetch")


def publish(build: Path, files: Files, update: ModuleType) -> dict[str, str]:
    """The offer a heartbeat carries for a signed build, its files put in the store."""
    for path in build.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.name not in (update.MANIFEST, update.SIGNATURE):
            data = path.read_bytes()
            files.blobs[hashlib.sha256(data).hexdigest()] = data
    return {"version": "1.1.0", "manifest": (build / update.MANIFEST).read_text(encoding="utf-8"),
            "signature": base64.b64encode((build / update.SIGNATURE).read_bytes()).decode()}


def progress_of(staging: Path) -> dict[str, object]:
    return dict(json.loads((staging / "progress.json").read_text(encoding="utf-8")))


def on_disk(blobs: Path) -> int:
    return sum(p.stat().st_size for p in blobs.iterdir())


def test_a_dropped_download_resumes_then_the_build_is_switched_to(
        tmp_path: Path, keys: tuple[Path, Path], update: ModuleType, fetch: ModuleType,  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    root = tmp_path / "opt"
    old = make_build(tmp_path / "usb" / "a", "1.0.0")
    update.sign(old, keys[0])
    update.install(old, root, keys[1])
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    update.sign(new, keys[0])
    offer = publish(new, files, update)
    lib = hashlib.sha256((new / "_internal" / "libfake.so.1").read_bytes()).hexdigest()
    files.cut_after[lib] = 1000  # of 2048 bytes
    staging = tmp_path / "incoming"

    with pytest.raises(fetch.update.UpdateError, match="interrupted, 1000 of 2048 bytes kept"):
        fetch.fetch_and_install(offer, files.url, staging, keys[1], root)
    assert run_current(root) == "kiosk 1.0.0"  # nothing switched
    kept, total = on_disk(staging / "blobs"), sum(len(b) for b in files.blobs.values())
    assert 1000 <= kept < total
    assert progress_of(staging) == {"version": "1.1.0", "state": "failed", "reason": "network", "fetched": kept,
                                    "total": total}  # what is kept for the next try, and why it stopped
    dest = fetch.fetch_and_install(offer, files.url, staging, keys[1], root)
    assert (lib, "bytes=1000-") in files.asked  # the rest only
    assert [r for s, r in files.asked if s == lib] == ["", "bytes=1000-"]
    assert run_current(root) == "kiosk 1.1.0" and dest.resolve() == (root / "current").resolve()
    assert update.status(root)["previous"] is not None  # update.py rollback has the old build to go back to
    assert not staging.exists()


def test_bad_offers_and_bad_bytes_are_refused(
        tmp_path: Path, keys: tuple[Path, Path], update: ModuleType, fetch: ModuleType,  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    update.sign(new, keys[0])
    offer = publish(new, files, update)
    staging = tmp_path / "incoming"
    forged = dict(offer, manifest=offer["manifest"].replace("1.1.0", "9.9.9"))
    with pytest.raises(fetch.update.UpdateError, match="not signed with the kiosk's update key"):
        fetch.fetch(forged, files.url, staging, keys[1])
    assert files.asked == []  # refused before any download
    assert (progress_of(staging)["state"], progress_of(staging)["reason"]) == ("failed", "signature")

    kiosk = hashlib.sha256((new / "kiosk").read_bytes()).hexdigest()
    files.blobs[kiosk] = files.blobs[kiosk].replace(b"echo", b"rm -rf")[:len(files.blobs[kiosk])]
    with pytest.raises(fetch.update.UpdateError, match="do not match the signed manifest"):
        fetch.fetch(offer, files.url, staging, keys[1])
    assert not (staging / "blobs" / f"{kiosk}.part").exists() and not (staging / "blobs" / kiosk).exists()
    record = progress_of(staging)
    assert (record["state"], record["reason"]) == ("failed", "bad_bytes")
    assert record["fetched"] == on_disk(staging / "blobs")  # the bad file is not counted: it was thrown away


def test_an_answer_longer_than_the_file_is_cut_off_and_refused(
        tmp_path: Path, keys: tuple[Path, Path], update: ModuleType, fetch: ModuleType,  # noqa: F811 - the fixture imported above
        files: Files) -> None:
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    update.sign(new, keys[0])
    publish(new, files, update)
    lib = hashlib.sha256((new / "_internal" / "libfake.so.1").read_bytes()).hexdigest()
    files.extra[lib] = b"\0" * (8 << 20)  # 8 MB past the 2048 bytes the signed manifest lists
    blobs = tmp_path / "incoming" / "blobs"
    blobs.mkdir(parents=True)
    with pytest.raises(fetch.update.UpdateError, match="more bytes than the signed manifest"):
        fetch.download(f"{files.url}/{lib}", lib, 2048, blobs)
    assert list(blobs.iterdir()) == []  # nothing kept, and never more than the file's size written


def test_no_download_without_room_for_it_and_the_kiosks_own_store(
        tmp_path: Path, keys: tuple[Path, Path], update: ModuleType, fetch: ModuleType,  # noqa: F811 - the fixture imported above
        files: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    update.sign(new, keys[0])
    offer = publish(new, files, update)
    staging = tmp_path / "incoming"
    usage = fetch.shutil.disk_usage(tmp_path)
    monkeypatch.setattr(fetch.shutil, "disk_usage", lambda _p: usage._replace(free=fetch.RESERVE + 4096))
    with pytest.raises(fetch.update.UpdateError, match="not enough disk space"):
        fetch.fetch(offer, files.url, staging, keys[1])
    assert files.asked == []  # refused before any download
    assert progress_of(staging) == {"version": "1.1.0", "state": "no_room", "reason": "no_room", "fetched": 0,
                                    "total": sum(len(b) for b in files.blobs.values())}


def test_a_disk_that_fills_during_the_download_gets_its_space_back(
        tmp_path: Path, keys: tuple[Path, Path], update: ModuleType, fetch: ModuleType,  # noqa: F811 - the fixture imported above
        files: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    new = make_build(tmp_path / "net" / "b", "1.1.0")
    update.sign(new, keys[0])
    publish(new, files, update)
    lib = hashlib.sha256((new / "_internal" / "libfake.so.1").read_bytes()).hexdigest()
    blobs = tmp_path / "incoming" / "blobs"
    blobs.mkdir(parents=True)

    def full(_fd: int) -> None:  # a filesystem with delayed allocation says ENOSPC at fsync
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fetch.os, "fsync", full)
    with pytest.raises(fetch.update.UpdateError, match="disk is full"):
        fetch.download(f"{files.url}/{lib}", lib, 2048, blobs)
    monkeypatch.undo()
    assert list(blobs.iterdir()) == []  # the part is let go: the kiosk's store needs the room more


def test_the_progress_record_is_written_whole_and_at_most_once_a_second(tmp_path: Path, fetch: ModuleType) -> None:
    path = tmp_path / "progress.json"
    progress = fetch.Progress(path, "1.1.0", total=300)
    progress.write()
    progress.add(100)  # within the second: the loop only counts
    assert json.loads(path.read_text())["fetched"] == 0
    progress._due = 0.0  # the second has passed
    progress.add(50)
    assert json.loads(path.read_text())["fetched"] == 150
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"]  # written aside and renamed over it
