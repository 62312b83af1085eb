"""RFC 9421's own test material (Appendix B.1.4 key, B.2 test request, B.2.6 Ed25519 signature), verbatim."""
from __future__ import annotations

import base64

from domain import httpsig

# B.1.4 test-key-ed25519, the public half (JWK "x", base64url of the raw 32 bytes)
ED25519_PUBLIC = base64.urlsafe_b64decode("JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs=")
KEYID = "test-key-ed25519"
BODY = b'{"hello": "world"}'
B26_INPUT = ('sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length")'
             ';created=1618884473;keyid="test-key-ed25519"')
B26_SIGNATURE = ("sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:")
B26_BASE = "\n".join([
    '"date": Tue, 20 Apr 2021 02:07:55 GMT',
    '"@method": POST',
    '"@path": /foo',
    '"@authority": example.com',
    '"content-type": application/json',
    '"content-length": 18',
    '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length")'
    ';created=1618884473;keyid="test-key-ed25519"',
])
CREATED = 1618884473


def b26_request(**extra: str) -> httpsig.Request:
    """The B.2 test request (POST /foo?param=Value&Pet=dog to example.com) signed as in B.2.6."""
    headers = {"host": "example.com", "date": "Tue, 20 Apr 2021 02:07:55 GMT", "content-type": "application/json",
               "content-digest": "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVL"
                                 "vRwEmTHWXvJwew==:",
               "content-length": "18", "signature-input": B26_INPUT, "signature": B26_SIGNATURE, **extra}
    return httpsig.Request("POST", "/foo", "param=Value&Pet=dog", "example.com", "https", headers)
