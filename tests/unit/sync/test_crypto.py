"""sync/crypto.py: device keys, RFC 9421 request signatures, sealing to the network's X25519 key."""
from __future__ import annotations

import os
import stat
import time

import pytest
import requests
from cryptography.exceptions import InvalidTag

from domain import httpsig
from sync import crypto


def test_device_key_round_trip_and_file_mode(tmp_path):
    key = crypto.DeviceKey.generate()
    path = key.save(tmp_path / "keys" / "device.pem")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = crypto.DeviceKey.load(path)
    assert again.public_raw == key.public_raw and len(key.public_raw) == 32
    assert crypto.verify(key.public_raw, again.sign(b"x"), b"x")
    assert not crypto.verify(key.public_raw, again.sign(b"x"), b"y")


def test_signer_covers_method_path_query_digest_and_params():
    key = crypto.DeviceKey.generate()
    signer = crypto.RequestSigner(key, "440105-001", clock=lambda: 1_700_000_000.5, nonce=lambda: "n0nce-0001")
    req = requests.Request("POST", "http://127.0.0.1:1/v1/cases/batch?x=1&y=2", data=b'{"cases":[]}').prepare()
    signer(req)
    assert req.headers["Content-Digest"] == crypto.content_digest(b'{"cases":[]}')
    params = req.headers["Signature-Input"].removeprefix("sig1=")
    assert params == ('("@method" "@path" "@query" "content-digest");created=1700000000;keyid="440105-001";'
                      'nonce="n0nce-0001";alg="ed25519"')
    inner = crypto.signature_params(1_700_000_000, "440105-001", "n0nce-0001")
    base = httpsig.signature_base(httpsig.Request("POST", "/v1/cases/batch", "x=1&y=2", "127.0.0.1:1", "http", {
        "content-digest": req.headers["Content-Digest"]}), inner)
    assert base.decode().splitlines() == [
        '"@method": POST', '"@path": /v1/cases/batch', '"@query": ?x=1&y=2',
        f'"content-digest": {req.headers["Content-Digest"]}', f'"@signature-params": {params}']
    sig = crypto.unb64(req.headers["Signature"].removeprefix("sig1=:").removesuffix(":"))
    assert crypto.verify(key.public_raw, sig, base)
    # a GET without a body is signed over the digest of no bytes
    get = signer(requests.Request("GET", "http://h/v1/health").prepare())
    assert get.headers["Content-Digest"] == crypto.content_digest(b"")


def test_every_request_gets_a_fresh_nonce():
    signer = crypto.RequestSigner(crypto.DeviceKey.generate(), "k")
    a = signer(requests.Request("GET", "http://h/a").prepare()).headers["Signature-Input"]
    b = signer(requests.Request("GET", "http://h/a").prepare()).headers["Signature-Input"]
    assert a != b


def test_seal_opens_only_with_the_private_key_and_the_same_aad():
    private, public = crypto.network_key_pair()
    env = crypto.seal(public, "张秀英 440114195603080021".encode(), b"code-1")
    assert "张秀英".encode() not in str(env).encode()
    assert crypto.open_sealed(private, env, b"code-1").decode() == "张秀英 440114195603080021"
    with pytest.raises(InvalidTag):
        crypto.open_sealed(private, env, b"code-2")  # bound to its case
    other, _ = crypto.network_key_pair()
    with pytest.raises(InvalidTag):
        crypto.open_sealed(other, env, b"code-1")
    assert crypto.seal(public, b"same", b"a") != crypto.seal(public, b"same", b"a")  # ephemeral each time


def test_sealed_files():
    private, public = crypto.network_key_pair()
    blob = crypto.seal_bytes(public, b"\x89PNG scan", b"code/slot")
    assert blob.startswith(crypto.SEALED_FILE_MAGIC) and b"PNG scan" not in blob
    assert crypto.open_sealed_bytes(private, blob, b"code/slot") == b"\x89PNG scan"


def test_a_sealer_prepares_key_pairs_ahead_and_uses_each_for_one_envelope_only():
    from servicenet.keys import SealKey

    private, public = crypto.network_key_pair()
    sealer = crypto.Sealer(public, ahead=3)
    sealer.prepare_ahead()
    deadline = time.monotonic() + 10
    while sealer.ready < 3 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert sealer.ready == 3
    envs = [sealer.seal(f"张秀英 {i}".encode(), f"code-{i}".encode()) for i in range(5)]  # 3 prepared, 2 inline
    assert sealer.ready == 0
    sealer.prepare_ahead()
    assert sealer.settle() and sealer.ready == 3  # refilled in the background, then idle
    envs += [sealer.seal(b"x", b"y")]
    assert len({e["epk"] for e in envs}) == 6
    envs.pop()
    assert len({e["epk"] for e in envs}) == len({e["nonce"] for e in envs}) == 5
    for i, env in enumerate(envs):  # the kiosk's and the network's open both read it: the same envelope
        assert crypto.open_sealed(private, env, f"code-{i}".encode()) == f"张秀英 {i}".encode()
        assert SealKey(private).open(env, f"code-{i}".encode()) == f"张秀英 {i}".encode()
    with pytest.raises(InvalidTag):
        crypto.open_sealed(private, envs[0], b"code-1")
    blob = sealer.seal_bytes(b"\x89PNG scan", b"code/slot")
    assert SealKey(private).open_bytes(blob, b"code/slot") == b"\x89PNG scan"
    with pytest.raises(ValueError):
        crypto.Sealer(public[:31])


def test_keyid_must_be_plain():
    with pytest.raises(ValueError):
        crypto.RequestSigner(crypto.DeviceKey.generate(), 'a"b')
