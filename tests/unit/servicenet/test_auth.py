"""servicenet/auth.py by the book: the RFC's own B.2.6 vector through the verifier, policies and several
signatures, and an independent implementation (pyauth's http-message-signatures) in both directions."""
from __future__ import annotations

import datetime
import json
import secrets
import time
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from http_message_signatures import HTTPMessageSigner, HTTPMessageVerifier, algorithms
from http_message_signatures.resolvers import MappingKeyResolver

from domain import httpsig
from servicenet import auth, db, enroll
from sync.crypto import DeviceKey, RequestSigner, content_digest
from tests.helpers import rfc9421
from tests.helpers.enroll import SignedNet

B26_POLICY = auth.Policy("rfc9421-b26", ("date", "@method", "@path", "@authority", "content-type", "content-length"),
                         max_skew=None, nonce=False, digest=False)
KEYS = {rfc9421.KEYID: rfc9421.ED25519_PUBLIC}.get


def test_the_rfc_b26_vector_verifies() -> None:
    sig = auth.verify_message(B26_POLICY, rfc9421.b26_request(), rfc9421.BODY, KEYS, now=rfc9421.CREATED)
    assert sig.label == "sig-b26" and sig.params["keyid"] == rfc9421.KEYID
    # one changed covered field and it fails
    with pytest.raises(auth.Refused) as bad:
        auth.verify_message(B26_POLICY, rfc9421.b26_request(date="Tue, 20 Apr 2021 02:07:56 GMT"), rfc9421.BODY,
                            KEYS, now=rfc9421.CREATED)
    assert bad.value.error == "bad_signature"


def test_a_conforming_message_outside_the_policy_names_the_policy() -> None:
    with pytest.raises(auth.Refused) as refused:
        auth.verify_message(auth.KIOSK_POLICY, rfc9421.b26_request(content_digest=content_digest(rfc9421.BODY)),
                            rfc9421.BODY, KEYS, now=rfc9421.CREATED)
    assert (refused.value.status, refused.value.error, refused.value.policy) == (401, "policy", "hall-kiosk-v1")
    assert "@query" in refused.value.detail and "nonce" in refused.value.detail


def test_the_policy_picks_its_signature_among_several() -> None:
    device = Ed25519PrivateKey.generate()
    raw = device.public_key().public_bytes_raw()
    req = httpsig.Request("POST", "/v1/events/batch", "", "sn.example", "http",
                          {"content-digest": content_digest(b"{}")})
    inner = httpsig.covered(auth.REQUIRED, {"created": 1000, "keyid": "440105-001", "nonce": "n" * 12})
    ours = httpsig.signature_fields("sig1", inner, device.sign(httpsig.signature_base(req, inner)))
    proxy = httpsig.covered(["@authority"], {"created": 1000, "keyid": "edge-proxy"})
    theirs = httpsig.signature_fields("proxy", proxy, b"\x00" * 64)  # another party's signature, not ours to check
    headers = {**req.headers, "signature-input": f"{theirs['Signature-Input']}, {ours['Signature-Input']}",
               "signature": f"{theirs['Signature']}, {ours['Signature']}"}
    both = httpsig.Request(req.method, req.path, req.query, req.authority, req.scheme, headers)
    keys = {"440105-001": raw}.get
    assert auth.verify_message(auth.KIOSK_POLICY, both, b"{}", keys, now=1000).label == "sig1"
    named = auth.Policy("by-label", auth.REQUIRED, label="proxy")
    with pytest.raises(auth.Refused) as refused:
        auth.verify_message(named, both, b"{}", keys, now=1000)
    assert refused.value.error == "policy" and refused.value.policy == "by-label"


def _send(net: SignedNet, req: requests.PreparedRequest) -> requests.Response:
    with requests.Session() as s:
        return s.send(req, timeout=10)


def _prepared(net: SignedNet, body: bytes = b'{"events": []}') -> requests.PreparedRequest:
    return requests.Request("POST", f"{net.url}/v1/events/batch?via=test", data=body,
                            headers={"Content-Type": "application/json"}).prepare()


def test_pyauth_signing_is_accepted_by_servicenet(servicenet: SignedNet, tmp_path: Path) -> None:
    pem = servicenet.creds.save_key(tmp_path / "device.pem").read_bytes()
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=MappingKeyResolver(
        public_keys={}, private_keys={servicenet.creds.device_id: pem}))
    req = _prepared(servicenet)
    req.headers["Content-Digest"] = content_digest(req.body)
    signer.sign(req, key_id=servicenet.creds.device_id, created=datetime.datetime.now(datetime.UTC),
                nonce=secrets.token_urlsafe(12), label="pyhms", use_existing_digest=True,
                covered_component_ids=("@method", "@authority", "@path", "@query", "content-digest"))
    assert req.headers["Signature-Input"].startswith('pyhms=("@method" "@authority" "@path" "@query" ')
    r = _send(servicenet, req)
    assert r.status_code == 200, r.text
    assert r.json() == {"results": []}
    # the same library signing outside the kiosk policy (no nonce): a 401 that names the policy
    bare = _prepared(servicenet)
    bare.headers["Content-Digest"] = content_digest(bare.body)
    signer.sign(bare, key_id=servicenet.creds.device_id, use_existing_digest=True,
                covered_component_ids=("@method", "@path", "@query", "content-digest"))
    r = _send(servicenet, bare)
    assert r.status_code == 401 and r.headers["Servicenet-Refused"] == "policy"
    assert r.json()["policy"] == "hall-kiosk-v1" and "nonce" in r.json()["detail"]


def test_our_signing_is_verified_by_pyauth(servicenet: SignedNet) -> None:
    req = _prepared(servicenet)
    servicenet.creds.auth(req)
    public = Ed25519PublicKey.from_public_bytes(servicenet.creds.key.public_raw)
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=MappingKeyResolver(
        public_keys={servicenet.creds.device_id: public}, private_keys={}))
    results = verifier.verify(req, require_components=auth.REQUIRED, body=req.body)
    assert [r.label for r in results] == ["sig1"] and results[0].parameters["keyid"] == servicenet.creds.device_id
    assert _send(servicenet, req).status_code == 200  # and servicenet takes the very same message


def test_any_legal_spelling_of_signature_input_is_accepted(servicenet: SignedNet) -> None:
    req = _prepared(servicenet)
    RequestSigner(servicenet.creds.key, servicenet.creds.device_id)(req)
    label, params = req.headers["Signature-Input"].split("=", 1)
    inner, rest = params.split(")", 1)
    req.headers["Signature-Input"] = f"{label}={inner.replace(' ', '  ')}); " + rest.lstrip(";").replace(";", ";  ")
    assert "; created=" in req.headers["Signature-Input"]
    r = _send(servicenet, req)
    assert r.status_code == 200, r.text


def test_a_foreign_key_in_a_second_signature_does_not_matter(servicenet: SignedNet) -> None:
    req = _prepared(servicenet)
    servicenet.creds.auth(req)
    other = DeviceKey.generate()
    extra = RequestSigner(other, "edge-proxy", clock=time.time)
    fields = extra.headers_for("POST", req.url or "", req.body or b"")
    req.headers["Signature-Input"] = fields["Signature-Input"].replace("sig1=", "edge=", 1) + ", " + \
        req.headers["Signature-Input"]
    req.headers["Signature"] = fields["Signature"].replace("sig1=", "edge=", 1) + ", " + req.headers["Signature"]
    r = _send(servicenet, req)
    assert r.status_code == 200, r.text
    assert json.loads(r.text) == {"results": []}


def test_a_device_revoked_after_its_key_was_kept_is_refused_at_its_next_request(servicenet: SignedNet) -> None:
    """The node keeps an active device's key after its first request; the nonce's insert asks the database
    whether the device is still active, so a revocation holds from the next request on."""
    first = _prepared(servicenet)
    servicenet.creds.auth(first)
    assert _send(servicenet, first).status_code == 200  # its key is now kept by the node
    again = _send(servicenet, first)
    assert again.status_code == 401 and again.headers["Servicenet-Refused"] == "replayed"
    engine = db.make_engine(servicenet.db_url)
    try:
        assert enroll.revoke(engine, servicenet.creds.device_id)
    finally:
        engine.dispose()
    later = _prepared(servicenet)
    servicenet.creds.auth(later)
    for req in (later, first):  # a new request, and the replay of an old one
        r = _send(servicenet, req)
        assert r.status_code == 403 and r.headers["Servicenet-Refused"] == "revoked", r.text
        assert r.json()["error"] == "revoked"


def test_a_device_whose_key_changed_is_checked_against_its_new_key(servicenet: SignedNet) -> None:
    """A node keeps a device's key once read; when the device's row gets another key (a hall node's copy of the
    network's devices, an operator's re-key), the new key's signatures are taken at once and the old key's refused."""
    import base64

    import sqlalchemy as sa

    first = _prepared(servicenet)
    servicenet.creds.auth(first)
    assert _send(servicenet, first).status_code == 200  # its key is now kept by the node
    new = DeviceKey.generate()
    engine = db.make_engine(servicenet.db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.update(db.devices).where(db.devices.c.device_id == servicenet.creds.device_id)
                         .values(public_key=base64.b64encode(new.public_raw).decode("ascii")))
    finally:
        engine.dispose()
    by_new = _prepared(servicenet)
    RequestSigner(new, servicenet.creds.device_id)(by_new)
    r = _send(servicenet, by_new)
    assert r.status_code == 200, r.text
    by_old = _prepared(servicenet)
    servicenet.creds.auth(by_old)
    r = _send(servicenet, by_old)
    assert r.status_code == 401 and r.headers["Servicenet-Refused"] == "bad_signature", r.text
