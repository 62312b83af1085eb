"""tus 1.0 on the attachment slots over real HTTP: discovery, version, creation (with upload), offsets, checksum,
termination; the kiosks' signed endpoint and the residents' cookie endpoint; the independent client tuspy."""
from __future__ import annotations

import hashlib
import io
import random

import pytest
import requests
from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError, TusUploadFailed
from tusclient.uploader import Uploader

from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.helpers.proxy import FaultProxy
from tests.helpers.tus import OCTETS, TUS, checksum, create, head, meta, patch
from tests.helpers.weblogin import sign_in
from tests.unit.servicenet.conftest import person_id

RESIDENT = ("王小明", person_id("44010519800101001"))


def blob(n: int, tag: bytes) -> tuple[bytes, str]:
    data = (tag * (n // len(tag) + 1))[:n]
    return data, hashlib.sha256(data).hexdigest()


def test_options_discovers_the_server_without_a_signature(servicenet_module: ServicenetProcess) -> None:
    for path in ("/v1/attachments", "/web/uploads", "/v1/attachments/" + "0" * 64):
        r = requests.options(servicenet_module.url + path, timeout=5)
        assert r.status_code == 204, path
        assert r.headers["Tus-Version"] == "1.0.0"
        assert set(r.headers["Tus-Extension"].split(",")) == {"creation", "creation-with-upload", "checksum",
                                                              "termination"}
        assert int(r.headers["Tus-Max-Size"]) == 32 * 1024 * 1024
        assert r.headers["Tus-Checksum-Algorithm"] == "sha256"
        assert "Tus-Resumable" not in r.headers


def test_a_wrong_or_missing_version_is_412_and_every_answer_says_the_version(
        servicenet_module: ServicenetProcess) -> None:
    _, sha = blob(100, b"v")
    for given in ({"Tus-Resumable": "0.2.2"}, {}):
        r = http.post(f"{servicenet_module.url}/v1/attachments", timeout=5,
                      headers={**given, "Upload-Length": "100", "Upload-Metadata": meta(sha)})
        assert r.status_code == 412 and r.headers["Tus-Version"] == "1.0.0"
        assert r.headers["Tus-Resumable"] == "1.0.0"
    # refusals of the signature guard and of the protocol carry it too
    unsigned = requests.head(f"{servicenet_module.url}/v1/attachments/{sha}", headers=TUS, timeout=5)
    assert unsigned.status_code == 401 and unsigned.headers["Tus-Resumable"] == "1.0.0"
    assert create(servicenet_module, sha, 100).headers["Tus-Resumable"] == "1.0.0"


def test_create_resume_and_complete(servicenet_module: ServicenetProcess) -> None:
    data, sha = blob(2500, b"scan-one ")
    unknown = head(servicenet_module, sha)
    assert unknown.status_code == 404 and "Upload-Offset" not in unknown.headers
    assert unknown.headers["Tus-Resumable"] == "1.0.0" and unknown.headers["Servicenet-Missing"] == "1"
    made = create(servicenet_module, sha, len(data))
    assert made.status_code == 201 and made.headers["Location"] == f"/v1/attachments/{sha}"
    assert patch(servicenet_module, sha, data[:1000], 0).headers["Upload-Offset"] == "1000"
    # the reply was lost: the client asks where it stands and goes on from there
    r = head(servicenet_module, sha)
    assert (r.status_code, r.headers["Upload-Offset"], r.headers["Upload-Length"]) == (200, "1000", "2500")
    assert r.headers["Cache-Control"] == "no-store"
    stale = patch(servicenet_module, sha, data[:1000], 0)
    assert stale.status_code == 409 and stale.headers["Upload-Offset"] == "1000"
    done = patch(servicenet_module, sha, data[1000:], 1000)
    assert done.status_code == 204 and done.headers["Upload-Offset"] == "2500"
    assert http.get(f"{servicenet_module.url}/v1/attachments/{sha}", timeout=5).content == data
    # the same bytes again (another case, a resumed upload): the same slot, already full, kept as it is
    again = create(servicenet_module, sha, len(data), data)
    assert again.status_code == 201 and again.headers["Upload-Offset"] == "2500"
    assert http.get(f"{servicenet_module.url}/v1/attachments/{sha}", timeout=5).content == data


def test_creation_with_upload_and_chunk_checksums(servicenet_module: ServicenetProcess) -> None:
    data, sha = blob(3000, b"checksum ")
    first = create(servicenet_module, sha, len(data), data[:1200], **{"Upload-Checksum": checksum(data[:1200])})
    assert first.status_code == 201 and first.headers["Upload-Offset"] == "1200"
    bad = patch(servicenet_module, sha, data[1200:2000], 1200, **{"Upload-Checksum": checksum(b"other")})
    assert bad.status_code == 460 and bad.json()["error"] == "chunk_checksum"
    assert head(servicenet_module, sha).headers["Upload-Offset"] == "1200"  # nothing of it was stored
    sha1 = patch(servicenet_module, sha, data[1200:], 1200, **{"Upload-Checksum": "sha1 " + "A" * 28})
    assert sha1.status_code == 400
    ok = patch(servicenet_module, sha, data[1200:], 1200, **{"Upload-Checksum": checksum(data[1200:])})
    assert ok.status_code == 204 and ok.headers["Upload-Offset"] == "3000"


def test_bytes_that_do_not_match_their_name_empty_the_slot(servicenet_module: ServicenetProcess) -> None:
    data, sha = blob(300, b"signature ")
    create(servicenet_module, sha, 300)
    wrong = patch(servicenet_module, sha, b"x" * 300, 0)
    assert wrong.status_code == 460 and wrong.json()["error"] == "content_hash"
    assert head(servicenet_module, sha).headers["Upload-Offset"] == "0"
    assert patch(servicenet_module, sha, data, 0).status_code == 204


def test_bad_uploads_are_refused(servicenet_module: ServicenetProcess) -> None:
    data, sha = blob(100, b"x")
    assert patch(servicenet_module, sha, data, 0).status_code == 404  # not created
    assert create(servicenet_module, sha, 100, **{"Upload-Metadata": "filename eA=="}).status_code == 400
    assert create(servicenet_module, sha, 100, **{"Upload-Metadata": "sha256 !!"}).status_code == 400
    assert create(servicenet_module, sha, 0).status_code == 413
    assert create(servicenet_module, sha, 33 * 1024 * 1024).status_code == 413
    assert create(servicenet_module, sha, 100).status_code == 201
    assert create(servicenet_module, sha, 99).status_code == 400  # the same name with another length
    assert patch(servicenet_module, sha, data, 0, **{"Content-Type": "application/json"}).status_code == 415
    assert patch(servicenet_module, sha, data, 5).status_code == 409
    assert patch(servicenet_module, sha, data + b"more", 0).status_code == 400
    assert patch(servicenet_module, "NOTAHASH", data, 0).status_code == 404
    assert http.get(f"{servicenet_module.url}/v1/attachments/{sha}", timeout=5).status_code == 404


def test_termination_frees_an_unfinished_upload_and_keeps_a_filled_one(
        servicenet_module: ServicenetProcess) -> None:
    data, sha = blob(500, b"terminate ")
    url = f"{servicenet_module.url}/v1/attachments/{sha}"
    create(servicenet_module, sha, 500, data[:200])
    assert http.request("DELETE", url, headers=TUS, timeout=5).status_code == 204
    assert head(servicenet_module, sha).status_code == 404
    assert http.request("DELETE", url, headers=TUS, timeout=5).status_code == 404
    create(servicenet_module, sha, 500, data)
    kept = http.request("DELETE", url, headers=TUS, timeout=5)
    assert kept.status_code == 403 and kept.headers["Tus-Resumable"] == "1.0.0"
    assert http.get(url, timeout=5).content == data


def resident_cookie(sn: ServicenetProcess) -> str:
    s = sign_in(sn.url, *RESIDENT)
    return f"hk_web={s.cookies['hk_web']}"


def test_the_web_endpoint_wants_a_logged_in_resident(servicenet_module: ServicenetProcess) -> None:
    data, sha = blob(64, b"web ")
    headers = {**TUS, "Upload-Length": "64", "Upload-Metadata": meta(sha)}
    anonymous = requests.post(f"{servicenet_module.url}/web/uploads", headers=headers, timeout=5)
    assert anonymous.status_code == 401 and anonymous.headers["Tus-Resumable"] == "1.0.0"
    r = requests.post(f"{servicenet_module.url}/web/uploads", data=data, timeout=5, headers={
        **headers, "Content-Type": OCTETS, "Cookie": resident_cookie(servicenet_module)})
    assert r.status_code == 201 and r.headers["Location"] == f"/web/uploads/{sha}"
    # one slot per content, whichever channel filled it
    assert head(servicenet_module, sha).headers["Upload-Offset"] == "64"


class Sha256Uploader(Uploader):
    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


def test_tuspy_uploads_10_mb_through_a_cut_and_resumes(servicenet: ServicenetProcess) -> None:
    seed = random.randrange(2**32)
    print(f"seed={seed}")
    data = random.Random(seed).randbytes(10 * 1024 * 1024)
    sha = hashlib.sha256(data).hexdigest()
    with FaultProxy(servicenet.port) as link:
        client = TusClient(link.url + "/web/uploads", headers={"Cookie": resident_cookie(servicenet)})

        def run(url: str | None = None) -> Uploader:
            return Sha256Uploader(file_stream=io.BytesIO(data), url=url, client=client, chunk_size=1024 * 1024,
                                  upload_checksum=True, metadata={"sha256": sha, "filename": "scan.bin"})

        first = run()
        first.upload(stop_at=4 * 1024 * 1024)
        link.drop_request("PATCH")  # the link dies halfway through the fifth megabyte
        with pytest.raises((TusUploadFailed, TusCommunicationError)):
            first.upload()
        assert first.url == f"{link.url}/web/uploads/{sha}"
        again = run(first.url)  # a new run resumes at the upload's URL: tuspy asks (HEAD) where it stands
        assert again.offset == 4 * 1024 * 1024
        again.upload()
        assert again.offset == len(data)
        assert [line for line, outcome in link.log if outcome != "ok"] == [f"PATCH /web/uploads/{sha}"]
    stored = http.get(f"{servicenet.url}/v1/attachments/{sha}", timeout=30).content
    assert stored == data
