"""HTTP Range on a release's files, asked by clients that are not ours: curl (`-r`, `-C -` resume, `-I`) and
Python's urllib, against the real servicenet over HTTP, checked against RFC 9110 (206 and Content-Range, 416
with `bytes */size`, If-Range with the strong ETag, a field we do not serve answered with the whole file)."""
from __future__ import annotations

import hashlib
import os
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from servicenet.fleet import filestore
from tests.helpers.enroll import SignedNet
from tests.unit.deploy.conftest import load
from tests.unit.deploy.test_update import make_build
from tests.unit.servicenet.fleet.conftest import servicenet  # noqa: F401 - fixture
from tests.unit.servicenet.fleet.test_files import beat
from tests.unit.servicenet.test_cli import cli

BIG = os.urandom(2 * filestore.CHUNK + 100)  # three stored rows: ranges and resumes cross them


@pytest.fixture
def url(servicenet: SignedNet, tmp_path: Path) -> Iterator[str]:  # noqa: F811 - the fixture imported above
    """The download URL the heartbeat offers for BIG in a published, rolled-out release."""
    net, update = servicenet, load("update")
    private, public = tmp_path / "k.pem", tmp_path / "k.pub"
    update.keygen(private, public)
    build = make_build(tmp_path / "kiosk", "3.0.0")
    (build / "_internal" / "big.bin").write_bytes(BIG)
    update.sign(build, private)
    assert cli(net.db_url, "fleet", "publish", str(build), "--release-key", str(public)).returncode == 0
    assert cli(net.db_url, "fleet", "rollout", "3.0.0", "--canary", net.creds.device_id).returncode == 0
    offer = beat(net, "2.0.0")["release"]
    assert isinstance(offer, dict)
    yield f"{net.url}{offer['files_url']}/{hashlib.sha256(BIG).hexdigest()}"


def curl(*args: str) -> tuple[int, dict[str, str], subprocess.CompletedProcess[bytes]]:
    """Run curl; (status of the last answer, its headers in lower case, the process)."""
    done = subprocess.run(["curl", "-sS", "-D", "-", *args], capture_output=True, timeout=60)
    head = done.stdout.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:])}
    return int(head[0].split()[1]), headers, done


def test_curl_ranges_and_resumes(url: str, tmp_path: Path) -> None:
    out = tmp_path / "part"
    status, headers, _ = curl("-r", "1048570-1048589", "-o", str(out), url)  # across the first chunk's end
    assert status == 206 and out.read_bytes() == BIG[1048570:1048590]
    assert headers["content-range"] == f"bytes 1048570-1048589/{len(BIG)}" and headers["content-length"] == "20"

    out.write_bytes(BIG[:700_000])  # a download cut short
    status, headers, done = curl("-C", "-", "-o", str(out), url)
    assert done.returncode == 0 and status == 206, done.stderr
    assert headers["content-range"] == f"bytes 700000-{len(BIG) - 1}/{len(BIG)}"
    assert out.read_bytes() == BIG

    status, headers, done = curl("-C", "-", "-o", str(out), url)  # resumed once more: nothing left to fetch
    assert status == 416 and headers["content-range"] == f"bytes */{len(BIG)}"
    assert out.read_bytes() == BIG  # curl appended nothing: the 416 has no body

    status, headers, done = curl("-I", url)
    assert status == 200 and headers["content-length"] == str(len(BIG)) and headers["accept-ranges"] == "bytes"
    assert headers["etag"] == f'"{hashlib.sha256(BIG).hexdigest()}"' and done.stdout.endswith(b"\r\n\r\n")

    etag = headers["etag"]
    status, _, done = curl("-r", "10-19", "-H", f"If-Range: {etag}", "-o", "-", url)
    assert status == 206 and done.stdout.endswith(BIG[10:20])
    status, _, done = curl("-r", "10-19", "-H", 'If-Range: "another"', "-o", str(out), url)
    assert status == 200 and out.read_bytes() == BIG  # the validator does not match: the whole file


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def test_urllib_ranges_by_rfc_9110(url: str) -> None:
    size = len(BIG)
    assert get(url, Range="bytes=5-9")[::2] == (206, BIG[5:10])
    status, headers, body = get(url, Range=f"bytes={size - 3}-{size + 500}")  # a last-pos past the end is cut
    assert (status, body, headers["content-range"]) == (206, BIG[-3:], f"bytes {size - 3}-{size - 1}/{size}")
    assert get(url, Range="bytes=-4")[::2] == (206, BIG[-4:])
    assert get(url, Range="Bytes = 0 - 4")[::2] == (206, BIG[:5])  # the unit is case-insensitive
    for unsatisfiable in (f"bytes={size}-", "bytes=-0"):
        status, headers, body = get(url, Range=unsatisfiable)
        assert (status, headers["content-range"], body) == (416, f"bytes */{size}", b""), unsatisfiable
    for ignored in ("bytes=9-5", "bytes=0-1,5-6", "items=0-4", "bytes=x-"):  # not served: the whole file
        status, headers, body = get(url, Range=ignored)
        assert status == 200 and body == BIG and "content-range" not in headers, ignored
    etag = get(url, Range="bytes=0-0")[1]["etag"]
    assert get(url, Range="bytes=0-3", **{"If-Range": etag})[::2] == (206, BIG[:4])
    assert get(url, Range="bytes=0-3", **{"If-Range": f"W/{etag}"})[0] == 200  # weak: never a strong match
    assert get(url, Range="bytes=0-3", **{"If-Range": "Sat, 05 Dec 2026 00:00:00 GMT"})[0] == 200  # no Last-Modified

