"""domain/httpsig.py: Structured-Field parsing of signatures, component values and the RFC 9421 signature base."""
from __future__ import annotations

import hashlib

import pytest

from domain import httpsig
from tests.helpers import rfc9421


def test_the_rfc_b26_signature_base_is_rebuilt_byte_for_byte() -> None:
    req = rfc9421.b26_request()
    sigs = httpsig.parse(req.headers["signature-input"], req.headers["signature"])
    assert list(sigs) == ["sig-b26"]
    sig = sigs["sig-b26"]
    assert sig.components == ("date", "@method", "@path", "@authority", "content-type", "content-length")
    assert sig.params == {"created": rfc9421.CREATED, "keyid": rfc9421.KEYID}
    assert httpsig.signature_base(req, sig.covered).decode() == rfc9421.B26_BASE
    # the B.2 message's own Content-Digest is the sha-512 of its body
    assert httpsig.digest_entries(req.headers["content-digest"])["sha-512"] == hashlib.sha512(rfc9421.BODY).digest()


def test_signature_params_are_reserialised_not_copied() -> None:
    spaced = 'sig1=( "@method"   "@path" ); created=1;  keyid="k",other=("@query");nonce="abcdefgh"'
    sigs = httpsig.parse(spaced, "sig1=:AAAA:, other=:AQID:")
    assert sigs["sig1"].params_text == '("@method" "@path");created=1;keyid="k"'
    assert sigs["other"].value == b"\x01\x02\x03"
    base = httpsig.signature_base(httpsig.Request("GET", "/a"), sigs["sig1"].covered).decode()
    assert base.splitlines()[-1] == '"@signature-params": ("@method" "@path");created=1;keyid="k"'


@pytest.mark.parametrize("inputs, signature", [
    ('sig1=("@method"', "sig1=:AAAA:"),  # not a dictionary
    ('sig1=("@method")', "sig2=:AAAA:"),  # labels differ
    ('sig1="@method"', "sig1=:AAAA:"),  # not an inner list
    ('sig1=("@method" "@method")', "sig1=:AAAA:"),  # listed twice
    ('sig1=("@method")', 'sig1="text"'),  # not a byte sequence
    ('sig1=(1 2)', "sig1=:AAAA:"),  # component names are strings
])
def test_malformed_fields_are_refused(inputs: str, signature: str) -> None:
    with pytest.raises(httpsig.Malformed):
        httpsig.parse(inputs, signature)


def test_component_values() -> None:
    req = httpsig.Request("GET", "", "", "Example.COM:8080", "HTTPS", httpsig.combine(
        [("X-A", " one "), ("x-a", "two"), ("Host", "Example.COM:8080")]))
    value = {name: httpsig.component_value(httpsig.covered([name], {})[0], req)
             for name in ("@method", "@path", "@query", "@authority", "@scheme", "@target-uri", "@request-target",
                          "x-a")}
    assert value == {"@method": "GET", "@path": "/", "@query": "?", "@authority": "example.com:8080",
                     "@scheme": "https", "@target-uri": "https://example.com:8080/", "@request-target": "/",
                     "x-a": "one, two"}
    with pytest.raises(httpsig.Malformed):
        httpsig.component_value(httpsig.covered(["x-missing"], {})[0], req)
    with pytest.raises(httpsig.Unsupported):
        httpsig.component_value(httpsig.covered(["@status"], {})[0], req)
    with_param = httpsig.parse('s=("x-a";sf)', "s=:AAAA:")["s"].covered[0]
    with pytest.raises(httpsig.Unsupported):
        httpsig.component_value(with_param, req)


def test_signature_fields_round_trip() -> None:
    inner = httpsig.covered(["@method", "content-digest"], {"created": 5, "keyid": "440105-001"})
    fields = httpsig.signature_fields("sig1", inner, b"\x00\xff")
    assert fields == {"Signature-Input": 'sig1=("@method" "content-digest");created=5;keyid="440105-001"',
                      "Signature": "sig1=:AP8=:"}
    again = httpsig.parse(fields["Signature-Input"], fields["Signature"])["sig1"]
    assert again.value == b"\x00\xff" and again.params_text == str(inner)
